"""Screenshots of each screen into ``assets/``: ``python -m tests.browser.screenshots``.

Runs a real simulator and dashboards on loopback, like the browser tests.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Page, expect, sync_playwright

from tests.browser.support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    DashboardProcess,
    camera_card,
    camera_state,
    expect_error,
    fleet_macs,
    force_device_failure,
    force_next_error,
    reset_faults,
    start_session,
    use_one_camera,
)
from tests.support.processes import SimProcess

ASSETS = Path(__file__).resolve().parents[2] / "assets"


def shoot(page: Page, name: str, *, height: int | None = None) -> None:
    """The viewport (a fixed header breaks full-page captures), taller when ``height`` is given."""
    if height is not None:
        page.set_viewport_size({"width": page.viewport_size["width"] if page.viewport_size else 1280, "height": height})
    page.add_style_tag(content=".q-notifications { display: none !important; }")
    page.wait_for_timeout(600)  # let Quasar's transitions settle
    page.screenshot(path=str(ASSETS / name))
    print(f"saved assets/{name}")


IMPORT_SAMPLE = """mac;description;container_id
AA:BB:CC:DD:EE:42;Spare camera, shelf C;container-42
AA:BB:CC:DD:EE:44;Aisle 4, left door;container-44
aabb.ccdd.ee45;Aisle 4, right door;container-44
AA-BB-CC-DD-EE-44;Aisle 4 again;
FF:FF:FF:FF:FF:FF;Broadcast;
AA:BB:CC:DD:EE:4G;Typo;
"""


def shoot_import_preview(page: Page) -> None:
    """The CSV import card with a preview of every kind of row (``assets/allowlist-import.png``)."""
    page.get_by_label("CSV to import").fill(IMPORT_SAMPLE)
    page.get_by_role("button", name="Preview import").click()
    card = page.get_by_label("Import from CSV", exact=True)
    expect(card.get_by_role("status", name="Import summary")).to_contain_text("6 rows")
    page.add_style_tag(content=".q-notifications { display: none !important; }")
    page.set_viewport_size({"width": 1280, "height": 1400})
    card.scroll_into_view_if_needed()
    page.wait_for_timeout(600)
    card.screenshot(path=str(ASSETS / "allowlist-import.png"))
    print("saved assets/allowlist-import.png")
    page.set_viewport_size({"width": 1280, "height": 1000})
    page.reload()  # the page as it was for the next screenshots
    expect(page.get_by_text(re.compile(r"\d+ total ·"))).to_be_visible()


def main() -> None:
    ASSETS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        root = Path(tmp)
        sim = SimProcess(root / "sim").start()
        dash = DashboardProcess(sim.url, root / "dash", api_key=sim.api_key).start()
        keyless = DashboardProcess(sim.url, root / "keyless").start()
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            use_one_camera(sim)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.set_default_timeout(20_000)

            # Provisioning with a live batch: verified, failed, waiting.
            macs = fleet_macs(sim)
            force_device_failure(sim, macs[2], "DEVICE_REJECTED", times=5)
            page.goto(dash.url)
            start_session(page, ssid="Warehouse-5G")
            for mac in macs:
                expect(camera_state(page, mac)).to_have_text("Discovered")
            for mac in macs[:3]:
                camera_card(page, mac).get_by_role("button", name=f"Provision {mac}").click()
            expect(camera_state(page, macs[2])).to_have_text("Failed")
            expect(camera_state(page, macs[0])).to_have_text("Verified")
            expect(camera_state(page, macs[1])).to_have_text("Verified")
            shoot(page, "provisioning-live.png", height=1250)

            tablet = browser.new_page(viewport={"width": 768, "height": 1024})
            tablet.goto(dash.url)
            expect(camera_state(tablet, macs[0])).to_have_text("Verified")
            shoot(tablet, "provisioning-tablet-portrait.png")
            tablet.get_by_role("button", name="Toggle dark mode").click()
            shoot(tablet, "provisioning-tablet-dark.png")
            tablet.close()

            # Recovery banner after the Pi lost power.
            sim.kill()
            sim.start()
            page.reload()
            expect(page.get_by_role("region", name="Interrupted sessions")).to_contain_text("Warehouse-5G")
            expect(page.get_by_label("Provisioning feed status")).to_contain_text("Live", timeout=20_000)
            shoot(page, "recovery-banner.png", height=900)

            # Allowlist.
            page.goto(dash.url + "/allowlist")
            expect(page.get_by_text(re.compile(r"\d+ total ·"))).to_be_visible()
            page.get_by_label("MAC address").fill("AA:BB:CC:DD:EE:42")
            page.get_by_label("Description").fill("Spare camera, shelf B")
            page.get_by_label("Container ID").fill("container-42")
            page.get_by_role("button", name="Add device").click()
            expect(page.get_by_role("row").filter(has_text="AA:BB:CC:DD:EE:42")).to_be_visible()
            shoot(page, "allowlist.png", height=1000)
            shoot_import_preview(page)

            # An error with its details open.
            force_next_error(sim, "POST", "/api/v1/provisioning/allowlist", "RATE_LIMITED")
            page.get_by_label("MAC address").fill("AA:BB:CC:DD:EE:43")
            page.get_by_role("button", name="Add device").click()
            panel = expect_error(page, "RATE_LIMITED")
            panel.get_by_text("Details", exact=True).click()
            shoot(page, "error-details.png")
            reset_faults(sim)

            # Monitoring and the Pi's other sections.
            sections: list[tuple[str, str, str]] = [
                ("/monitoring", "monitoring.png", "monitor-transport"),
                ("/system", "system.png", "sys-hostname"),
                ("/wifi", "wifi.png", "wifi-networks"),
                ("/cameras", "cameras.png", "cameras-table"),
                ("/door", "door.png", "door-state"),
                ("/config", "config.png", "config-section-mqtt"),
                ("/logs", "logs.png", "log-pause"),
            ]
            for path, name, ready in sections:
                page.goto(dash.url + path)
                expect(page.get_by_test_id(ready).first).to_be_visible()
                page.wait_for_timeout(2500)  # charts and log lines fill in
                shoot(page, name, height=1000)

            # The kiosk, mid-batch, at full-HD.
            page.goto(dash.url)
            start_session(page, ssid="Warehouse-5G")
            for mac in macs:
                expect(camera_state(page, mac)).to_have_text("Discovered")
            force_device_failure(sim, macs[4], "DEVICE_UNREACHABLE", times=5)
            page.get_by_role("button", name=re.compile("Provision all")).click()
            kiosk = browser.new_page(viewport={"width": 1920, "height": 1080})
            kiosk.goto(dash.url + "/kiosk")
            expect(kiosk.get_by_test_id("kiosk-progress-label")).to_contain_text(re.compile(r"[1-9] of 5 verified"))
            shoot(kiosk, "kiosk.png")
            kiosk.close()

            # The API-key dialog on a dashboard without a configured key.
            other = browser.new_page(viewport={"width": 1280, "height": 900})
            other.goto(keyless.url)
            expect(other.get_by_role("button", name="Start session")).to_be_disabled()
            other.get_by_role("button", name="API key settings").click()
            other.get_by_label("API key", exact=True).fill("wrong-key")
            other.get_by_role("button", name="Save key").click()
            expect_error(other, "UNAUTHORIZED")
            shoot(other, "api-key-dialog.png")
        finally:
            browser.close()
            keyless.stop()
            dash.stop()
            sim.stop()


def fifty() -> None:
    """A 50-camera batch: the list view on a tablet, the kiosk, and the kiosk once the Pi is gone."""
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        root = Path(tmp)
        sim = SimProcess(root / "sim", devices=50, failure_rate=0.15, speed=20.0)
        dash = DashboardProcess(sim.url, root / "dash", api_key=sim.api_key)
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            sim.start()
            dash.start()
            tablet = browser.new_page(viewport={"width": 768, "height": 1024})
            tablet.set_default_timeout(60_000)
            tablet.goto(dash.url)
            start_session(tablet, ssid="Warehouse-5G")
            macs = fleet_macs(sim)
            for mac in macs:
                expect(camera_state(tablet, mac)).to_have_text("Discovered")
            tablet.get_by_role("button", name=re.compile("Provision all")).click()
            expect(tablet.get_by_text(re.compile(r"^Batch complete"))).to_be_visible()
            tablet.get_by_role("button", name="List", exact=True).click()
            tablet.get_by_role("table", name="Cameras").scroll_into_view_if_needed()
            shoot(tablet, "provisioning-list.png")
            kiosk = browser.new_page(viewport={"width": 1920, "height": 1080})
            kiosk.goto(dash.url + "/kiosk")
            expect(kiosk.get_by_test_id("kiosk-pager")).to_be_visible()
            shoot(kiosk, "kiosk-50.png")
            sim.kill()
            expect(kiosk.get_by_test_id("kiosk-overall")).to_contain_text("Pi unreachable since", timeout=30_000)
            shoot(kiosk, "kiosk-unreachable.png")
        finally:
            browser.close()
            dash.stop()
            sim.stop()


if __name__ == "__main__":
    if sys.argv[1:] != ["fifty"]:
        main()
    fifty()

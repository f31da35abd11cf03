"""Issue 12, history and reports, in Chromium against real processes: the history survives a
SIGKILL and a restart; a finished batch's CSV and JSON equal the Pi's final snapshot row for row;
a camera the technician skipped reads as skipped on the page, in the exports and the report; the
printable report renders; neither the API key nor the Wi-Fi password is stored anywhere.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import signal
import sqlite3
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.access_support import PASSWORDS, add_account, sign_in
from tests.browser.support import (
    DashboardProcess,
    camera_card,
    camera_state,
    fleet_macs,
    force_device_failure,
    session_card,
    start_session,
    stop_session,
)
from tests.support.processes import SimProcess

pytestmark = pytest.mark.browser

PASSWORD = "correct-horse-42"
"""The Wi-Fi password every session here is started with (``start_session``'s default)."""
SITE = "Hamburg depot, hall 2"
PI_FIELDS = ("state", "ip", "rssi", "firmware_version", "retry_count", "in_allowlist")
PI_TIMES = ("discovered_at", "provisioned_at", "verified_at")
ASSETS = Path(__file__).resolve().parents[2] / "assets"


def _kill(dash: DashboardProcess) -> None:
    """SIGKILL the dashboard's process group: nothing is flushed on the way out."""
    assert dash.proc is not None
    os.killpg(dash.proc.pid, signal.SIGKILL)
    dash.proc.wait(15)


def _db_rows(workdir: Path) -> dict[str, dict[str, str]]:
    """Session ID → {MAC: state}, read straight from the SQLite file."""
    with sqlite3.connect(workdir / ".pidash" / "pidash.db") as conn:
        rows = conn.execute("SELECT session_id, mac, state FROM history_cameras").fetchall()
    out: dict[str, dict[str, str]] = {}
    for sid, mac, state in rows:
        out.setdefault(sid, {})[mac] = state
    return out


def _pi_session(sim: SimProcess, session_id: str) -> dict[str, Any]:
    response = httpx.get(
        f"{sim.url}/api/v1/provisioning/batch/{session_id}",
        params={"include_devices": "true"},
        headers=sim.headers(),
        timeout=10,
    )
    response.raise_for_status()
    data: dict[str, Any] = response.json()["data"]
    return data


def _stop(sim: SimProcess, session_id: str) -> None:
    """Stop a session through the Pi's API and wait until it is closed (a start before that is refused)."""
    httpx.post(f"{sim.url}/api/v1/provisioning/batch/{session_id}/stop", headers=sim.headers(), timeout=10)
    deadline = time.monotonic() + 30
    while _pi_session(sim, session_id)["session"]["state"] != "closed":
        assert time.monotonic() < deadline, "the session did not close"
        time.sleep(0.2)


def _time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None


def _open_batch(page: Page, ssid: str) -> None:
    page.get_by_label("Batch list").get_by_role("row").filter(has_text=ssid).first.click()
    expect(page.get_by_test_id("history-batch-summary")).to_be_visible()


def test_history_survives_a_sigkill_mid_batch_and_a_restart(
    page: Page,
    sim_factory: Callable[..., SimProcess],
    dashboard_factory: Callable[..., DashboardProcess],
    tmp_path: Path,
) -> None:
    sim = sim_factory()
    workdir = tmp_path / "dash"
    dash = dashboard_factory(sim.url, api_key=sim.api_key, workdir=workdir)
    macs = fleet_macs(sim)
    force_device_failure(sim, macs[1], "DEVICE_UNREACHABLE", times=5)
    page.goto(dash.url)
    start_session(page, ssid="History-A")
    for mac in macs:
        expect(camera_state(page, mac)).to_have_text("Discovered", timeout=30_000)
    for mac in macs[:2]:
        camera_card(page, mac).get_by_role("button", name=f"Provision {mac}").click()
    expect(camera_state(page, macs[0])).to_have_text("Verified", timeout=30_000)
    expect(camera_state(page, macs[1])).to_have_text("Failed", timeout=30_000)
    shown = {mac: camera_state(page, mac).inner_text().strip().lower() for mac in macs}

    _kill(dash)  # mid-batch: the session is still running on the Pi
    session_a = next(iter(_db_rows(workdir)))
    assert _db_rows(workdir) == {session_a: shown}  # every row shown before the kill is in the file

    # The batch ends while the dashboard is down and another starts: the new process follows that
    # one, so what it shows of the first comes from the file alone.
    _stop(sim, session_a)
    started = httpx.post(
        f"{sim.url}/api/v1/provisioning/batch/start",
        headers=sim.headers(),
        json={"target_ssid": "History-B", "target_password": PASSWORD, "config": {"discovery_timeout_seconds": 600}},
        timeout=10,
    )
    started.raise_for_status()
    again = dashboard_factory(sim.url, api_key=sim.api_key, workdir=workdir)
    page.goto(again.url + "/history")
    batch_rows = page.get_by_label("Batch list").get_by_role("row")
    expect(batch_rows.filter(has_text="History-B")).to_have_count(1, timeout=20_000)
    expect(batch_rows.nth(1)).to_contain_text("History-B")  # newest first (row 0 is the header)
    expect(batch_rows.nth(2)).to_contain_text("History-A")
    _open_batch(page, "History-A")
    cameras = page.get_by_label("Batch cameras").get_by_role("row")
    expect(cameras).to_have_count(len(macs) + 1)
    for mac, state in shown.items():
        expect(cameras.filter(has_text=mac)).to_contain_text(state)
    expect(cameras.filter(has_text=macs[1])).to_contain_text("provisioning")  # the failed step
    # the correlation IDs of the actions taken on each camera, from the audit trail
    with sqlite3.connect(workdir / ".pidash" / "pidash.db") as conn:
        audited = conn.execute(
            "SELECT target, correlation_id FROM audit WHERE action = 'device.provision' AND correlation_id != ''"
        ).fetchall()
    assert {target for target, _ in audited} == set(macs[:2])
    for target, cid in audited:
        expect(cameras.filter(has_text=target)).to_contain_text(cid)

    # Search by MAC across batches: the failed camera's batch, outcome and step.
    search = page.get_by_label("Camera search")
    expect(search).to_contain_text("Type a MAC, or part of it, to search.")  # no warning before a search
    expect(search).not_to_contain_text("No camera found.")
    page.get_by_label("MAC (or part of it)").fill(macs[1].lower().replace(":", "-"))
    found = page.get_by_label("MAC search results").get_by_role("row").filter(has_text=macs[1])
    expect(found.filter(has_text="History-A")).to_contain_text("failed")
    _stop(sim, started.json()["data"]["session"]["id"])


def test_exports_equal_the_pis_snapshot_and_the_report_prints_without_secrets(
    page: Page,
    context: BrowserContext,
    sim_factory: Callable[..., SimProcess],
    dashboard_factory: Callable[..., DashboardProcess],
    tmp_path: Path,
) -> None:
    sim = sim_factory()
    workdir = tmp_path / "dash"
    dash = dashboard_factory(sim.url, api_key=sim.api_key, workdir=workdir, extra_env={"PIDASH_SITE_NAME": SITE})
    macs = fleet_macs(sim)
    force_device_failure(sim, macs[-1], "DEVICE_UNREACHABLE", times=5)
    page.goto(dash.url)
    start_session(page, ssid="Report-WiFi", password=PASSWORD)
    for mac in macs:
        expect(camera_state(page, mac)).to_have_text("Discovered", timeout=20_000)
    # The technician leaves one camera out (the Pi never hears of it), and skips and includes another.
    skipped, included = macs[0], macs[1]
    for mac, button, then in (
        (skipped, "Skip", "Include"),
        (included, "Skip", "Include"),
        (included, "Include", "Skip"),
    ):
        camera_card(page, mac).get_by_role("button", name=f"{button} {mac}").click()
        expect(camera_card(page, mac).get_by_role("button", name=f"{then} {mac}")).to_be_visible()
    page.get_by_role("button", name="Provision all").click()
    for mac in macs[1:-1]:
        expect(camera_state(page, mac)).to_have_text("Verified", timeout=30_000)
    expect(camera_state(page, macs[-1])).to_have_text("Failed", timeout=30_000)
    expect(camera_state(page, skipped)).to_have_text("Discovered")
    stop_session(page)
    expect(session_card(page).get_by_role("status")).to_have_text("Closed", timeout=15_000)

    page.goto(dash.url + "/history")
    _open_batch(page, "Report-WiFi")
    counts = "5 cameras: 3 verified, 1 failed, 1 skipped"
    expect(page.get_by_test_id("history-batch-summary")).to_contain_text(counts)
    shown = page.get_by_label("Batch cameras").get_by_role("row")
    expect(shown.filter(has_text=skipped)).to_contain_text("discovered · skipped")
    expect(shown.filter(has_text="skipped")).to_have_count(1)  # the camera included again is not
    listed = page.get_by_label("Batch list").get_by_role("row").filter(has_text="Report-WiFi").get_by_role("cell")
    expect(listed.nth(6)).to_have_text("1")  # the Skipped column
    if os.environ.get("PIDASH_SHOOT_ASSETS"):  # the README's screenshot of the page
        page.set_viewport_size({"width": 1280, "height": 1000})
        page.screenshot(path=str(ASSETS / "history.png"))
    with page.expect_download() as csv_download:
        page.get_by_role("button", name="Export CSV").click()
    with page.expect_download() as json_download:
        page.get_by_role("button", name="Export JSON").click()
    csv_path = tmp_path / csv_download.value.suggested_filename
    json_path = tmp_path / json_download.value.suggested_filename
    csv_download.value.save_as(csv_path)
    json_download.value.save_as(json_path)
    assert csv_path.suffix == ".csv" and json_path.suffix == ".json"

    exported = json.loads(json_path.read_text())
    session_id = exported["batch"]["session_id"]
    assert exported["batch"]["state"] == "closed" and exported["batch"]["correlation_ids"]
    pi = _pi_session(sim, session_id)
    pi_devices = {d["mac"]: d for d in pi["devices"]}
    csv_rows = list(csv.DictReader(io.StringIO(csv_path.read_text())))
    assert [r["mac"] for r in csv_rows] == [c["mac"] for c in exported["cameras"]] == sorted(pi_devices)
    for row, cam in zip(csv_rows, exported["cameras"], strict=True):
        device = pi_devices[cam["mac"]]
        for name in PI_FIELDS:
            assert cam[name] == device.get(name), (cam["mac"], name)
            want = device.get(name)
            assert row[name] == (str(want).lower() if isinstance(want, bool) else str(want)), (cam["mac"], name)
        for name in PI_TIMES:
            assert _time(cam[name]) == _time(device.get(name)), (cam["mac"], name)
            assert _time(row[name]) == _time(device.get(name)), (cam["mac"], name)
        assert cam["error_code"] == (device.get("error_code") or "") == row["error_code"]
        assert cam["error_message"] == (device.get("error_message") or "") == row["error_message"]
        assert cam["container_id"] == (device.get("container_id") or "") == row["container_id"]
        assert cam["target_ssid"] == row["target_ssid"] == "Report-WiFi"
        # the dashboard's own decision, which the Pi's snapshot does not have
        assert (cam["skipped"], row["skipped"]) == ((True, "true") if cam["mac"] == skipped else (False, "false"))
    assert exported["batch"]["skipped"] == 1 and exported["batch"]["failed"] == 1
    failed = exported["cameras"][[c["mac"] for c in exported["cameras"]].index(macs[-1])]
    assert failed["state"] == "failed" and failed["failed_step"] and failed["reason"]

    # The printable report, in a new tab.
    with context.expect_page() as opened:
        page.get_by_role("button", name="Printable report").click()
    report = opened.value
    facts = report.get_by_label("Batch facts")
    expect(report.get_by_text("Provisioning report")).to_be_visible()
    expect(report.get_by_text(SITE)).to_be_visible()
    expect(facts).to_contain_text("Report-WiFi")
    expect(facts).to_contain_text(counts)
    expect(facts).to_contain_text(exported["batch"]["correlation_ids"][0])
    table = report.get_by_label("Cameras of the batch").get_by_role("row")
    expect(table).to_have_count(len(macs) + 1)
    for mac in macs:
        expect(table.filter(has_text=mac)).to_have_count(1)
        # Attempts as the live card counts them: the first one plus the Pi's retries
        attempts = table.filter(has_text=mac).get_by_role("cell").nth(4)
        expect(attempts).to_have_text(str(pi_devices[mac]["retry_count"] + (mac != skipped)))
    expect(table.filter(has_text=skipped).get_by_role("cell").nth(1)).to_have_text("discovered · skipped")
    report.emulate_media(media="print")
    expect(report.get_by_role("button", name="Print")).to_be_hidden()  # the print stylesheet applies
    report.set_viewport_size({"width": 1280, "height": 760})
    report.screenshot(path=str(tmp_path / "history-report.png"), full_page=True)
    if os.environ.get("PIDASH_SHOOT_ASSETS"):  # the README's screenshot: PIDASH_SHOOT_ASSETS=1 pytest …
        shutil.copy(tmp_path / "history-report.png", ASSETS / "history-report.png")
    report_html = report.content()

    # Neither the API key nor the Wi-Fi password is anywhere: the database (and its WAL), the
    # dashboard's other files, the exports, the report.
    stored = [p for p in workdir.rglob("*") if p.is_file()]
    assert any(p.name == "pidash.db" for p in stored)
    blobs = [(str(p), p.read_bytes()) for p in stored]
    blobs += [("csv", csv_path.read_bytes()), ("json", json_path.read_bytes()), ("report", report_html.encode())]
    assert sim.api_key is not None
    for where, blob in blobs:
        for secret in (sim.api_key, PASSWORD):
            assert secret.encode() not in blob, f"{secret[:3]}… found in {where}"
    with sqlite3.connect(workdir / ".pidash" / "pidash.db") as conn:
        assert conn.execute("SELECT count(*) FROM history_cameras WHERE session_id = ?", (session_id,)).fetchone() == (
            len(macs),
        )


def test_a_viewer_reads_the_history_and_a_visitor_without_a_role_is_sent_to_sign_in(
    page: Page,
    sim_factory: Callable[..., SimProcess],
    dashboard_factory: Callable[..., DashboardProcess],
    tmp_path: Path,
) -> None:
    sim = sim_factory()
    workdir = tmp_path / "dash"
    add_account(workdir, "vic", "viewer", PASSWORDS["vic"])
    dash = dashboard_factory(sim.url, api_key=sim.api_key, workdir=workdir, extra_env={"PIDASH_ANONYMOUS": "none"})
    started = httpx.post(
        f"{sim.url}/api/v1/provisioning/batch/start",
        headers=sim.headers(),
        json={"target_ssid": "Viewer-WiFi", "target_password": PASSWORD, "config": {"discovery_timeout_seconds": 600}},
        timeout=10,
    )
    started.raise_for_status()
    session_id = started.json()["data"]["session"]["id"]

    for path in ("/history", f"/history/report/{session_id}"):
        page.goto(dash.url + path)
        expect(page).to_have_url(re.compile(r"/login\?next="))
        expect(page.get_by_text("Viewer-WiFi")).to_have_count(0)

    sign_in(page, dash.url, "vic", next_path="/history")
    expect(page.get_by_label("Batch list").get_by_role("row").filter(has_text="Viewer-WiFi")).to_have_count(1)
    _open_batch(page, "Viewer-WiFi")
    # the batch running now follows what the recorder writes, without a Refresh
    cameras = page.get_by_label("Batch cameras").get_by_role("row")
    expect(cameras).to_have_count(len(fleet_macs(sim)) + 1, timeout=30_000)
    httpx.post(
        f"{sim.url}/api/v1/provisioning/batch/{session_id}/provision-all", headers=sim.headers(), timeout=10
    ).raise_for_status()
    expect(cameras.filter(has_text="verified")).to_have_count(len(fleet_macs(sim)), timeout=30_000)
    with page.expect_download() as download:
        page.get_by_role("button", name="Export CSV").click()
    assert download.value.suggested_filename.endswith(".csv")
    page.goto(f"{dash.url}/history/report/{session_id}")
    expect(page.get_by_label("Batch facts")).to_contain_text("Viewer-WiFi")
    _stop(sim, session_id)

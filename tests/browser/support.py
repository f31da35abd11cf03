"""Helpers for browser tests: a real ``pidash run`` process, Chromium flags, sim control.

Reusable by any page's browser tests (monitoring, kiosk…): start a :class:`DashboardProcess`
against a ``SimProcess`` and drive it with Playwright (see ``conftest.py`` for fixtures).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import Browser, Locator, Page, ViewportSize, expect

from tests.support.processes import (
    START_TIMEOUT_SECONDS,
    SimProcess,
    child_env,
    free_port,
    start_process,
    stop_process,
    wait_http,
)

CHROMIUM = os.environ.get("CHROMIUM") or "/usr/bin/chromium"
"""Debian's Chromium; ``CHROMIUM=/path`` overrides (``make test`` installs it with ``scripts/ensure-tool``)."""
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT: ViewportSize = {"width": 1280, "height": 900}


def chromium_missing_reason() -> str | None:
    """Why the browser tests cannot run here (the one line to fix it), or None when they can."""
    if os.access(CHROMIUM, os.X_OK):
        return None
    return f"Chromium not found at {CHROMIUM}: run `sudo apt-get install -y chromium` (make test does it as root)"


ACTION_TIMEOUT_MS = 30_000
"""Clicks, fills, navigations: generous, the suite must hold with the load far above the 2 cores."""
EXPECT_TIMEOUT_MS = 15_000
"""``expect(...)`` without its own timeout (Playwright's default is 5 s); set in ``conftest.py``."""
LONG_TIMEOUTS = {"Discovery timeout": "60", "Provisioning timeout": "3600", "Verification timeout": "3600"}
"""Session timeouts (simulated seconds) that keep a session alive for minutes at speed 20."""


class DashboardProcess:
    """``python -m pidash run`` on a free loopback port, in its own working directory."""

    def __init__(
        self,
        orchestrator_url: str,
        workdir: Path,
        *,
        api_key: str | None = None,
        extra_args: Sequence[str] = (),
        extra_env: dict[str, str] | None = None,
    ) -> None:
        self.orchestrator_url = orchestrator_url
        self.workdir = workdir
        self.api_key = api_key
        self.port = free_port()
        self.extra_args = list(extra_args)
        self.extra_env = dict(extra_env or {})
        self.log_path = workdir / "dashboard.log"
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        tls = "--ssl-certfile" in self.extra_args or "PIDASH_SSL_CERTFILE" in self.extra_env
        return f"{'https' if tls else 'http'}://127.0.0.1:{self.port}"

    def start(self, timeout: float = START_TIMEOUT_SECONDS) -> DashboardProcess:
        """Start and wait until it answers; a start that fails stops the process before raising."""
        self.workdir.mkdir(parents=True, exist_ok=True)
        env = child_env(self.extra_env)
        if self.api_key is not None:
            env["PIDASH_API_KEY"] = self.api_key
        args = [
            sys.executable,
            "-m",
            "pidash",
            "run",
            "--orchestrator-url",
            self.orchestrator_url,
            "--port",
            str(self.port),
            *self.extra_args,
        ]
        self.proc = start_process(args, log_path=self.log_path, env=env, cwd=self.workdir)
        try:
            wait_http(f"{self.url}/", timeout=timeout, proc=self.proc)
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        stop_process(self.proc)

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


# --- the simulator's /_sim control API and a few direct calls -----------------------------------


def sim_call(sim: SimProcess, method: str, path: str, json: Any = None) -> Any:
    response = httpx.request(method, sim.url + path, json=json, headers=sim.headers(), timeout=10)
    response.raise_for_status()
    return response.json() if response.content else None


def fleet_macs(sim: SimProcess) -> list[str]:
    return [c["mac"] for c in sim_call(sim, "GET", "/_sim/fleet")["cameras"]]


def force_device_failure(sim: SimProcess, mac: str, code: str = "DEVICE_UNREACHABLE", times: int = 1) -> None:
    sim_call(sim, "POST", f"/_sim/devices/{mac}/fail", {"code": code, "times": times})


def force_next_error(sim: SimProcess, method: str, path_prefix: str, code: str, count: int = 1) -> None:
    sim_call(
        sim,
        "PUT",
        "/_sim/faults",
        {"next_errors": [{"method": method, "path_prefix": path_prefix, "code": code, "count": count}]},
    )


def reset_faults(sim: SimProcess) -> None:
    sim_call(sim, "POST", "/_sim/reset-faults")


# --- driving the pages -------------------------------------------------------------------------


NICEGUI_ELEMENTS = "(root) => [...root.querySelectorAll('[id]')].filter((e) => /^c\\d+$/.test(e.id)).length"
"""For ``locator.evaluate``: the NiceGUI elements drawn inside it (each is a Python object per open page)."""


def camera_card(page: Page, mac: str) -> Locator:
    return page.get_by_label(f"Camera {mac}", exact=True)


def camera_state(page: Page, mac: str) -> Locator:
    return camera_card(page, mac).get_by_role("status")


def session_card(page: Page) -> Locator:
    return page.get_by_label("Live session", exact=True)


def start_session(page: Page, ssid: str = "Factory-WiFi", password: str = "correct-horse-42") -> None:
    """Fill the start form (with long timeouts, so the session outlives the test) and start."""
    page.get_by_label("Wi-Fi network (SSID)").fill(ssid)
    page.get_by_label("Wi-Fi password").fill(password)
    page.get_by_text("Advanced: timeouts").click()
    for label, value in LONG_TIMEOUTS.items():
        page.get_by_label(label).fill(value)
    page.get_by_role("button", name="Start session").click()
    expect(session_card(page).get_by_role("status")).to_have_text(re.compile("Discovering|Active"), timeout=15_000)


def wait_discovered(page: Page, macs: list[str], timeout: float = 20_000) -> None:
    """Every camera of ``macs`` is on the page as Discovered."""
    for mac in macs:
        expect(camera_state(page, mac)).to_have_text("Discovered", timeout=timeout)


def open_session(page: Page, url: str, macs: list[str], ssid: str) -> None:
    """``page`` on ``url``, a session started with ``ssid`` and ``macs`` discovered."""
    page.goto(url)
    start_session(page, ssid=ssid)
    wait_discovered(page, macs)


@contextmanager
def session_on_screen(
    browser: Browser, url: str, macs: list[str], *, viewport: ViewportSize, ssid: str
) -> Iterator[Page]:
    """A browser of its own with ``viewport`` (a phone, a tablet) on ``url``, a session started and
    ``macs`` discovered; its context (``page.context``) is closed afterwards."""
    context = browser.new_context(viewport=viewport)
    try:
        page = context.new_page()
        page.set_default_timeout(15_000)
        open_session(page, url, macs, ssid)
        yield page
    finally:
        context.close()


def answer_confirm(page: Page, button: str) -> None:
    """Press ``button`` in the open confirmation dialog and wait until the dialog has gone.

    The dialog fades out over a few frames; until it has, its buttons are still on the page and
    a page button with the same name (``Open door``, ``Stop session``) would match twice.
    """
    dialog = page.get_by_role("alertdialog")
    dialog.get_by_role("button", name=button).click()
    expect(dialog).to_have_count(0)


def stop_session(page: Page) -> None:
    page.get_by_role("button", name="Stop session").click()
    answer_confirm(page, "Stop session")
    expect(session_card(page).get_by_role("status")).to_have_text(re.compile("Closing|Closed"), timeout=15_000)


def expect_error(page: Page, code: str, *, timeout: float = 15_000) -> Locator:
    """The error display showing ``code``; returns it for further checks."""
    panel = page.get_by_role("alert").filter(has_text=code)
    expect(panel.first).to_be_visible(timeout=timeout)
    return panel.first


def open_details(panel: Locator) -> str:
    """Open the error's details; return the correlation ID shown there."""
    panel.get_by_text("Details", exact=True).click()
    cid = panel.get_by_text(re.compile(r"^[0-9a-f-]{36}$"))
    expect(cid).to_be_visible()
    return cid.inner_text().strip()


def use_one_camera(sim: SimProcess, timeout: float = 30.0) -> str:
    """Provision one camera through the REST API (a short session), so its allowlist entry is used."""
    with httpx.Client(base_url=sim.url + "/api/v1", headers=sim.headers(), timeout=10) as http:
        body = {
            "target_ssid": "Setup-WiFi",
            "target_password": "setup-pass-123",
            "config": {"provisioning_timeout_seconds": 3600, "verification_timeout_seconds": 3600},
        }
        session_id = http.post("/provisioning/batch/start", json=body).json()["data"]["session"]["id"]
        deadline = time.monotonic() + timeout
        mac: str | None = None
        while time.monotonic() < deadline:
            devices = http.get(f"/provisioning/batch/{session_id}/devices").json()["data"]["devices"] or []
            if mac is None and devices:
                mac = devices[0]["mac"]
                http.post(f"/provisioning/batch/{session_id}/devices/{mac}/provision")
            if mac is not None and any(d["mac"] == mac and d["state"] == "verified" for d in devices):
                http.post(f"/provisioning/batch/{session_id}/stop")
                return mac
            time.sleep(0.2)
    raise TimeoutError("no camera was verified in time")

"""Running at a site: ``/healthz``, ``PIDASH_LOG_FORMAT=json``, HTTPS, ``--version``, the systemd units."""

from __future__ import annotations

import configparser
import json
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from websockets.sync.client import connect

from pidash import version
from pidash.ui.theme import STATIC_URL
from tests.browser.support import DashboardProcess
from tests.support.processes import SimProcess, child_env
from tests.support.tls import self_signed

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
UNIT_PREFIX = "/opt/pidash/.venv"
"""Where the units expect pidash installed (README, "Running at a site")."""


@pytest.fixture
def dashboards(tmp_path: Path) -> Iterator[Callable[..., DashboardProcess]]:
    """Start dashboards (``pidash run`` processes); every one is stopped after the test, started or not."""
    started: list[DashboardProcess] = []

    def make(orchestrator_url: str, **kwargs: Any) -> DashboardProcess:
        dash = DashboardProcess(orchestrator_url, tmp_path / f"dash{len(started)}", **kwargs)
        started.append(dash)
        return dash.start()

    try:
        yield make
    finally:
        for dash in started:
            dash.stop()


def _poll_json(url: str, done: Callable[[dict[str, Any]], bool], timeout: float = 90.0) -> dict[str, Any]:
    """GET ``url`` until ``done(body)``; the last body in the assertion message otherwise."""
    deadline = time.monotonic() + timeout
    body: dict[str, Any] = {}
    while time.monotonic() < deadline:
        try:
            body = httpx.get(url, timeout=5.0, verify=False).json()
            if done(body):
                return body
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"{url} never satisfied the condition; last answer: {body}")


def test_healthz_reports_live_feeds_and_data_age_without_secrets(
    sim: SimProcess, dashboards: Callable[..., DashboardProcess]
) -> None:
    dash = dashboards(sim.url, api_key=sim.api_key)
    healthz = f"{dash.url}/healthz"
    body = _poll_json(
        healthz,
        lambda b: b["status"] == "ok" and b["newest_data_age_seconds"] is not None and b["heap"]["frozen_objects"],
    )
    assert body["version"] == version()
    assert body["heap"]["frozen_objects"] > 10_000  # what the start-up made, out of the collector's way
    assert body["feeds"]["provisioning"] == {"state": "connected", "live": True}
    assert body["feeds"]["monitor"]["state"] == "websocket"
    assert body["feeds"]["logs"]["live"] is True
    assert 0 <= body["newest_data_age_seconds"] < 60
    response = httpx.get(healthz, timeout=5.0)
    assert response.headers["content-type"].startswith("application/json")
    assert sim.api_key is not None and sim.api_key not in response.text
    assert "key" not in response.text.lower() and sim.url not in response.text

    sim.kill()  # the Pi goes away: the dashboard is still up and says its feeds are not live
    down = _poll_json(healthz, lambda b: b["status"] == "degraded")
    assert not down["feeds"]["provisioning"]["live"]


def test_the_pages_sockets_are_not_compressed(sim: SimProcess, dashboards: Callable[..., DashboardProcess]) -> None:
    """permessage-deflate would hold ~300 KiB of zlib state per open page and compress every change
    once per browser (issue 8, memory per page): the dashboard declines it when a browser offers it."""
    dash = dashboards(sim.url, api_key=sim.api_key)
    url = dash.url.replace("http://", "ws://") + "/_nicegui_ws/socket.io/?EIO=4&transport=websocket"
    with connect(url, compression="deflate", open_timeout=10) as socket:  # as Chromium offers it
        assert socket.response is not None and socket.response.status_code == 101
        assert "Sec-WebSocket-Extensions" not in socket.response.headers
        assert socket.recv(timeout=10)  # engine.io's "open": a working socket, not a refused one


def test_a_page_that_does_not_exist_says_so_in_the_readers_language(
    sim: SimProcess, dashboards: Callable[..., DashboardProcess]
) -> None:
    dash = dashboards(sim.url, api_key=sim.api_key)
    english = httpx.get(f"{dash.url}/no-such-page", timeout=30)
    assert english.status_code == 404 and english.headers["content-type"].startswith("text/html")
    assert "This page does not exist." in english.text and 'href="/"' in english.text
    assert "HTTPException" not in english.text
    german = httpx.get(f"{dash.url}/nope", headers={"Accept-Language": "de-DE,de;q=0.9"}, timeout=30)
    assert german.status_code == 404 and "Diese Seite gibt es nicht." in german.text
    hostile = httpx.get(f"{dash.url}/%3Cscript%3Ealert(1)%3C%2Fscript%3E", timeout=30)
    assert hostile.status_code == 404 and "<script>" not in hostile.text  # nothing of the URL is echoed
    asset = httpx.get(f"{dash.url}{STATIC_URL}/none.css", timeout=30)
    assert asset.status_code == 404 and "This page does not exist." not in asset.text  # not a page


def test_log_format_json_gives_one_object_per_line(
    sim: SimProcess, dashboards: Callable[..., DashboardProcess]
) -> None:
    dash = dashboards(sim.url, api_key=sim.api_key, extra_env={"PIDASH_LOG_FORMAT": "json"})
    assert httpx.get(f"{dash.url}/", timeout=30).status_code == 200
    _poll_json(f"{dash.url}/healthz", lambda b: b["status"] == "ok")
    dash.stop()
    lines = [line for line in dash.log_text().splitlines() if line.strip()]
    records = [json.loads(line) for line in lines]  # any line that is not JSON fails here
    assert all({"time", "level", "logger", "message"} <= set(r) for r in records)
    assert any(r["logger"] == "pidash" and "serving on http://127.0.0.1" in r["message"] for r in records)
    assert any(r["logger"].startswith("uvicorn") for r in records), "uvicorn's own lines must be JSON too"
    assert sim.api_key is not None and sim.api_key not in dash.log_text()


def test_run_serves_https_with_the_given_certificate(
    tmp_path: Path, sim: SimProcess, dashboards: Callable[..., DashboardProcess]
) -> None:
    cert, key = self_signed(tmp_path)
    dash = dashboards(sim.url, extra_args=["--ssl-certfile", str(cert), "--ssl-keyfile", str(key)])
    assert dash.url.startswith("https://")
    response = httpx.get(f"{dash.url}/healthz", verify=str(cert), timeout=10)  # checked against our certificate
    assert response.status_code == 200 and response.json()["version"] == version()
    with pytest.raises(httpx.HTTPError):
        httpx.get(f"http://127.0.0.1:{dash.port}/healthz", timeout=10)  # no plain HTTP beside it
    assert f"serving on https://127.0.0.1:{dash.port}" in dash.log_text()


def test_run_refuses_half_a_tls_configuration(tmp_path: Path) -> None:
    cert, _ = self_signed(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "pidash", "run", "--ssl-certfile", str(cert)],
        env=child_env(), capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode != 0
    assert "give both --ssl-certfile and --ssl-keyfile" in result.stderr


def test_version_is_the_installed_distribution() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pidash", "--version"], env=child_env(), capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0
    assert result.stdout.strip() == f"pidash {version()}"
    assert version() != "", "pyproject.toml's version"


def _unit(name: str) -> configparser.RawConfigParser:
    parser = configparser.RawConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(DEPLOY / name)
    return parser


def test_dashboard_unit_is_confined_and_restarts() -> None:
    service = _unit("pidash.service")["Service"]
    assert service["ExecStart"] == f"{UNIT_PREFIX}/bin/pidash run"
    assert service["User"] == "pidash" and service["Restart"] == "on-failure"
    assert service["ProtectSystem"] == "strict"
    assert service["StateDirectory"] == "pidash" and service["WorkingDirectory"] == "/var/lib/pidash"
    assert "ReadWritePaths" not in service, "the data directory is the one writable path"
    assert service["EnvironmentFile"] == "/etc/pidash/pidash.env"
    sysusers = (DEPLOY / "pidash.sysusers.conf").read_text()
    assert "\nu pidash " in sysusers


def test_kiosk_unit_shows_kiosk_and_comes_back() -> None:
    service = _unit("pidash-kiosk.service")["Service"]
    assert service["ExecStart"].startswith("/usr/bin/chromium --kiosk ")
    assert "PIDASH_KIOSK_URL=http://127.0.0.1:8080/kiosk" in service["Environment"]
    assert service["Restart"] == "always"


def test_systemd_analyze_verifies_the_units(tmp_path: Path) -> None:
    """``systemd-analyze verify deploy/*.service``, with the install prefix pointed at this venv
    (verify insists the executables exist); any warning about the units fails the test."""
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is missing: run `sudo apt-get install -y systemd` (make test does it as root)")
    venv = Path(sys.prefix)
    units = []
    for unit in sorted(DEPLOY.glob("*.service")):
        copy = tmp_path / unit.name
        copy.write_text(unit.read_text().replace(UNIT_PREFIX, str(venv)))
        units.append(str(copy))
    result = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", *units], capture_output=True, text=True, timeout=120
    )
    problems = [
        line for line in (result.stdout + result.stderr).splitlines() if str(tmp_path) in line or ".service" in line
    ]
    assert result.returncode == 0 and not problems, result.stdout + result.stderr

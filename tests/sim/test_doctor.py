"""``pidash doctor`` against each simulator dialect, an old build, and a server that is not a Pi."""

from __future__ import annotations

import http.server
import json
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator

import pytest
from pydantic import SecretStr

from pidash.doctor import (
    MISSING,
    NOT_PI,
    REFUSED_KEY,
    WORKS,
    WORKS_LEGACY,
    provisioning_works,
    render_table,
    run_checks,
)
from tests.support.processes import SimProcess, child_env


def verdicts(checks: list) -> dict[str, str]:  # type: ignore[type-arg]
    return {c.capability: c.verdict for c in checks}


@pytest.mark.dialects
async def test_doctor_on_a_healthy_pi(sim: SimProcess) -> None:
    checks = await run_checks(sim.url, SecretStr(sim.api_key or ""), stream_seconds=1.0)
    got = verdicts(checks)
    assert all(v == WORKS for v in got.values()), got
    assert provisioning_works(checks)
    by = {c.capability: c for c in checks}
    if sim.dialect == "field":
        assert by["health"].route == "/health" and by["logs"].route == "/api/v1/dashboard/logs"
        assert by["system info"].dialect == "field" and by["cameras"].dialect == "field"
        assert "Gin framing" in by["stream"].detail and "no ids" in by["stream"].detail
        assert "protected read" in by["auth"].detail
    else:
        assert by["health"].route == "/api/v1/health" and by["system info"].dialect == "handoff"
        assert "standard framing" in by["stream"].detail and "/auth/status" in by["auth"].detail
    table = render_table(checks)
    assert "Provisioning can work." in table and sim.api_key not in table  # type: ignore[operator]


@pytest.mark.dialects
async def test_doctor_without_the_key_says_refused_and_provisioning_cannot_work(sim: SimProcess) -> None:
    checks = await run_checks(sim.url, None, stream_seconds=1.0)
    got = verdicts(checks)
    assert got["allowlist"] == REFUSED_KEY and got["stream"] == REFUSED_KEY and got["auth"] == REFUSED_KEY
    assert got["system info"] == WORKS
    assert not provisioning_works(checks)


async def test_doctor_on_an_old_build_uses_the_legacy_routes(sim_factory: Callable[..., SimProcess]) -> None:
    old = sim_factory(dialect="field", extra_args=["--old-build", "html"])
    checks = await run_checks(old.url, SecretStr(old.api_key or ""), stream_seconds=1.0)
    got = verdicts(checks)
    for name in ("system info", "wifi", "door", "config", "cameras", "logs"):
        assert got[name] == WORKS_LEGACY, (name, got)
    by = {c.capability: c for c in checks}
    assert by["system info"].route == "/api/system/info" and by["logs"].detail == "JSON polling only"
    assert provisioning_works(checks)


@pytest.fixture
def html_server() -> Iterator[str]:
    """Not a Pi: an HTTP server answering an HTML page to everything."""

    class Page(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = b"<!doctype html><html><body>Router admin</body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


async def test_doctor_on_a_plain_html_server(html_server: str) -> None:
    checks = await run_checks(html_server, None, stream_seconds=1.0)
    assert set(verdicts(checks).values()) == {NOT_PI}
    assert not provisioning_works(checks)


def test_doctor_cli_exit_status_and_json(sim: SimProcess, html_server: str) -> None:
    assert sim.api_key
    env = child_env({"PIDASH_API_KEY": sim.api_key})
    ok = subprocess.run(
        [sys.executable, "-m", "pidash", "doctor", "--orchestrator-url", sim.url, "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert ok.returncode == 0, ok.stderr
    report = json.loads(ok.stdout)
    assert report["provisioning_works"] is True and sim.api_key not in ok.stdout + ok.stderr
    assert {c["capability"] for c in report["checks"]} >= {"auth", "stream", "allowlist", "logs", "monitor socket"}
    bad = subprocess.run(
        [sys.executable, "-m", "pidash", "doctor", "--orchestrator-url", html_server],
        env=child_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert bad.returncode == 1 and NOT_PI in bad.stdout and MISSING not in bad.stdout

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
from tests.sim.helpers import client, start_session
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
    stream = by["stream"]
    if sim.dialect == "field":
        assert by["health"].route == "/health" and by["logs"].route == "/api/v1/dashboard/logs"
        assert by["system info"].dialect == "field" and by["cameras"].dialect == "field"
        assert "protected read" in by["auth"].detail
        # an idle stream: the Gin framing of its one connection event is the field's fingerprint
        assert stream.dialect == "field", stream.detail
        assert stream.detail.startswith("Gin framing"), stream.detail
        assert "no ids seen (only a connection event within 1 s)" in stream.detail
        assert "first event (connection.established) names no session" in stream.detail
    else:
        assert by["health"].route == "/api/v1/health" and by["system info"].dialect == "handoff"
        assert "/auth/status" in by["auth"].detail
        # an idle handoff stream sends only connection-local frames (no ids by design): the
        # doctor cannot tell, and must not call it the field's stream for lack of ids
        assert stream.dialect == "", stream.detail
        assert stream.detail.startswith("standard framing; dialect undetermined (only "), stream.detail
        assert "within 1 s" in stream.detail and "no ids" not in stream.detail
        assert "first event (connection.established) has session_id null" in stream.detail
        assert "names a session" not in stream.detail
    table = render_table(checks)
    assert "Provisioning can work." in table and sim.api_key not in table  # type: ignore[operator]


@pytest.mark.dialects
async def test_doctor_reads_the_stream_until_an_event_shows_its_ids(sim: SimProcess) -> None:
    """With a session running, events follow the connection event: the handoff's carry ids, the
    field's none; the doctor stops at the first one (well inside its bound)."""
    async with client(sim) as http:
        await start_session(http, discovery_timeout_seconds=300)  # cameras turn up over 0.75-7.5 s
    checks = await run_checks(sim.url, SecretStr(sim.api_key or ""), stream_seconds=20.0)
    stream = {c.capability: c for c in checks}["stream"]
    assert stream.verdict == WORKS and "within 20 s" not in stream.detail, stream.detail
    if sim.dialect == "field":
        assert stream.dialect == "field", stream.detail
        assert stream.detail.startswith("Gin framing (no space after the colon); no ids (device."), stream.detail
        # the field's connection event names no session; its events do
        assert "first event (connection.established) names no session; device." in stream.detail
        assert stream.detail.endswith(" names one"), stream.detail
    else:
        assert stream.dialect == "handoff", stream.detail
        assert stream.detail.startswith("standard framing; ids (first on "), stream.detail
        assert "no ids" not in stream.detail
        assert "first event (connection.established) names a session" in stream.detail
    assert provisioning_works(checks)


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

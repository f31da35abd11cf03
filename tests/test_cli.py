"""The command line: `pidash demo` end to end, `pidash sim` refusing to run open by accident, flags."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from pidash.cli import build_parser, main, settings_from
from pidash.demo import DEMO_PROVISIONING_TIMEOUT_SECONDS
from tests.support.processes import child_env, free_port, start_process, stop_process, wait_http


def _children(pid: int) -> list[int]:
    """Children of every thread of ``pid`` (the demo restarts its simulator from a watcher thread)."""
    children: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(FileNotFoundError, ProcessLookupError):  # a thread that just ended
            children += [int(p) for p in (task / "children").read_text().split()]
    return children


def _key_of(pid: int) -> dict[str, str]:
    """The demo simulator's key, read from its environment (where the demo passes it)."""
    env = dict(v.split(b"=", 1) for v in Path(f"/proc/{pid}/environ").read_bytes().split(b"\0") if b"=" in v)
    return {"X-API-Key": env[b"PIDASH_SIM_API_KEY"].decode()}


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split()[2]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


class Demo:
    """A ``pidash demo`` process on free ports; its simulator runs in a session of its own."""

    def __init__(self, tmp_path: Path, *extra: str) -> None:
        self.port, self.sim_port = free_port(), free_port()
        self.log_path = tmp_path / "demo.log"
        self.seen_sims: set[int] = set()
        self.proc = start_process(
            [sys.executable, "-m", "pidash", "demo", "--port", str(self.port), "--sim-port", str(self.sim_port),
             "--data-dir", str(tmp_path / "sim"), "--speed", "20", *extra],
            log_path=self.log_path, env=child_env(), cwd=tmp_path,
        )  # fmt: skip

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def sims(self) -> list[int]:
        pids = [pid for pid in _children(self.proc.pid) if _alive(pid)]
        self.seen_sims.update(pids)
        return pids

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        """Stop the demo (which stops its simulator), then any simulator it left behind."""
        stop_process(self.proc)
        for pid in self.seen_sims:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


@pytest.fixture
def demo_factory(tmp_path: Path) -> Iterator[Any]:
    started: list[Demo] = []

    def make(*extra: str) -> Demo:
        demo = Demo(tmp_path, *extra)
        started.append(demo)
        return demo

    try:
        yield make
    finally:
        for demo in started:
            demo.stop()


def _wait_for(what: str, check: Any, timeout: float = 90.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(httpx.HTTPError, KeyError, ValueError):
            if result := check():
                return result
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


def _healthy(demo: Demo) -> bool:
    body = httpx.get(f"{demo.url}/healthz", timeout=5).json()
    feeds = body["feeds"]  # the provisioning stream is a protected route: connected means the key fits
    return bool(body["status"] == "ok" and feeds["provisioning"]["state"] == "connected")


def test_demo_restarts_its_simulator_with_the_same_data_and_key(demo_factory: Any) -> None:
    demo = demo_factory()
    _wait_for("the demo's feeds to be live", lambda: _healthy(demo))
    first = demo.sims()
    assert len(first) == 1
    unauthorized = httpx.get(f"http://127.0.0.1:{demo.sim_port}/api/v1/provisioning/allowlist", timeout=5).status_code
    assert unauthorized == 401  # the simulator wants a key: live feeds after a restart prove the same key

    os.kill(first[0], signal.SIGKILL)  # a power loss
    second = _wait_for("a new simulator", lambda: [p for p in demo.sims() if p not in first])
    _wait_for("the feeds live again on the restarted simulator", lambda: _healthy(demo))
    assert demo.proc.poll() is None, "the demo itself kept running"
    log = demo.log_text()
    assert f"the simulator (pid {first[0]}) exited with -9; restarting it" in log
    assert f"the simulator is back (pid {second[0]})" in log

    demo.proc.send_signal(signal.SIGUSR1)  # the documented way to show recovery
    _wait_for("a third simulator", lambda: [p for p in demo.sims() if p not in first + second])
    _wait_for("the feeds live again", lambda: _healthy(demo))
    assert "killing the simulator" in demo.log_text() and "(signal SIGUSR1)" in demo.log_text()


def test_demo_restart_sim_in_kills_it_once_after_the_delay(demo_factory: Any) -> None:
    demo = demo_factory("--restart-sim-in", "1")
    _wait_for("a restarted simulator", lambda: "the simulator is back" in demo.log_text())
    _wait_for("the feeds live again", lambda: _healthy(demo))
    assert "(--restart-sim-in 1)" in demo.log_text()


def test_demo_runs_sim_and_dashboard_and_keeps_the_key_off_command_lines(tmp_path: Path) -> None:
    port, sim_port = free_port(), free_port()
    log = (tmp_path / "demo.log").open("wb")
    demo = subprocess.Popen(
        [sys.executable, "-m", "pidash", "demo", "--port", str(port), "--sim-port", str(sim_port),
         "--data-dir", str(tmp_path / "sim"), "--speed", "20"],
        cwd=tmp_path, env=child_env(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    sims: list[int] = []
    try:
        wait_http(f"http://127.0.0.1:{port}/", proc=demo)
        status = httpx.get(f"http://127.0.0.1:{sim_port}/api/v1/auth/status").json()
        assert status["data"]["required"] is True  # the demo's simulator wants a key ...
        page = httpx.get(f"http://127.0.0.1:{port}/")
        assert page.status_code == 200 and "PiDash" in page.text  # ... and the dashboard has it
        sims = _children(demo.pid)
        assert sims, "the simulator child is missing"
        config = httpx.get(f"http://127.0.0.1:{sim_port}/api/v1/config", headers=_key_of(sims[0]), timeout=5).json()
        timeouts = {i["key"]: i["value"] for section in config["data"]["sections"] for i in section["items"]}
        assert timeouts["provisioning.provisioning_timeout_seconds"] == DEMO_PROVISIONING_TIMEOUT_SECONDS
        for pid in [demo.pid, *sims]:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            assert "key" not in cmdline.lower(), cmdline
        demo.send_signal(signal.SIGTERM)
        demo.wait(20)
        for pid in sims:
            assert not _alive(pid), "the simulator outlived the demo"
    finally:
        stop_process(demo)
        for pid in sims:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        log.close()
    out = (tmp_path / "demo.log").read_text()
    assert f"open http://127.0.0.1:{port}/" in out


def test_sim_refuses_to_start_without_a_key_or_dev_mode() -> None:
    with pytest.raises(SystemExit, match="give --api-key"):
        main(["sim", "--port", "0"])


def test_top_level_help_says_where_the_dashboard_options_are() -> None:
    text = build_parser().format_help()
    assert "pidash run --help" in text and "--port" in text


def test_run_is_the_default_command_and_flags_override_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PIDASH_ORCHESTRATOR_URL", "http://pi.example:8081")
    monkeypatch.setenv("PIDASH_PORT", "9000")
    args = build_parser().parse_args(["run", "--port", "9100", "--no-websocket-monitoring"])
    settings = settings_from(args)
    assert settings.orchestrator_url == "http://pi.example:8081"
    assert settings.port == 9100
    assert settings.websocket_monitoring is False
    assert settings.batch_provisioning is True


def test_the_command_line_loads_no_database_or_password_code_until_a_command_needs_it() -> None:
    """``pidash sim`` shares this parser: sqlalchemy and argon2 (~0.2 s of CPU) are not its business."""
    check = (
        "import sys; from pidash.cli import build_parser; build_parser().parse_args(['sim', '--dev-mode']); "
        "print(sorted(m for m in ('sqlalchemy', 'argon2', 'pidash.auth.accounts') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"

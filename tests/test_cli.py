"""The command line: `pidash demo` end to end, `pidash sim` refusing to run open by accident, flags."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from pidash.cli import build_parser, main, settings_from
from pidash.demo import DEMO_PROVISIONING_TIMEOUT_SECONDS
from tests.support.demo import alive, children_of, healthy, wait_for
from tests.support.processes import child_env, free_port, stop_process, wait_http


def _key_of(pid: int) -> dict[str, str]:
    """The demo simulator's key, read from its environment (where the demo passes it)."""
    env = dict(v.split(b"=", 1) for v in Path(f"/proc/{pid}/environ").read_bytes().split(b"\0") if b"=" in v)
    return {"X-API-Key": env[b"PIDASH_SIM_API_KEY"].decode()}


def test_demo_restarts_its_simulator_with_the_same_data_and_key(demo_factory: Any) -> None:
    demo = demo_factory()
    wait_for("the demo's feeds to be live", lambda: healthy(demo))
    first = demo.sims()
    assert len(first) == 1
    unauthorized = httpx.get(f"http://127.0.0.1:{demo.sim_port}/api/v1/provisioning/allowlist", timeout=5).status_code
    assert unauthorized == 401  # the simulator wants a key: live feeds after a restart prove the same key

    os.kill(first[0], signal.SIGKILL)  # a power loss
    second = wait_for("a new simulator", lambda: [p for p in demo.sims() if p not in first])
    wait_for("the feeds live again on the restarted simulator", lambda: healthy(demo))
    assert demo.proc.poll() is None, "the demo itself kept running"
    log = demo.log_text()
    assert f"the simulator (pid {first[0]}) exited with -9; restarting it" in log
    assert f"the simulator is back (pid {second[0]})" in log

    demo.proc.send_signal(signal.SIGUSR1)  # the documented way to show recovery
    wait_for("a third simulator", lambda: [p for p in demo.sims() if p not in first + second])
    wait_for("the feeds live again", lambda: healthy(demo))
    assert "killing the simulator" in demo.log_text() and "(signal SIGUSR1)" in demo.log_text()


def test_demo_restart_sim_in_kills_it_once_after_the_delay(demo_factory: Any) -> None:
    demo = demo_factory("--restart-sim-in", "1")
    wait_for("a restarted simulator", lambda: "the simulator is back" in demo.log_text())
    wait_for("the feeds live again", lambda: healthy(demo))
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
        sims = children_of(demo.pid)
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
            assert not alive(pid), "the simulator outlived the demo"
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

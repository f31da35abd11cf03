"""The command line: `pidash demo` end to end, `pidash sim` refusing to run open by accident, flags."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from pidash.cli import build_parser, main, settings_from
from tests.support.processes import child_env, free_port, wait_http


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split()[2]
    except FileNotFoundError:
        return False
    return state != "Z"


def test_demo_runs_sim_and_dashboard_and_keeps_the_key_off_command_lines(tmp_path: Path) -> None:
    port, sim_port = free_port(), free_port()
    log = (tmp_path / "demo.log").open("wb")
    demo = subprocess.Popen(
        [sys.executable, "-m", "pidash", "demo", "--port", str(port), "--sim-port", str(sim_port),
         "--data-dir", str(tmp_path / "sim"), "--speed", "20"],
        cwd=tmp_path, env=child_env(), stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        wait_http(f"http://127.0.0.1:{port}/", timeout=40, proc=demo)
        status = httpx.get(f"http://127.0.0.1:{sim_port}/api/v1/auth/status").json()
        assert status["data"]["required"] is True  # the demo's simulator wants a key ...
        page = httpx.get(f"http://127.0.0.1:{port}/")
        assert page.status_code == 200 and "PiDash" in page.text  # ... and the dashboard has it
        sims = _children(demo.pid)
        assert sims, "the simulator child is missing"
        for pid in [demo.pid, *sims]:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            assert "key" not in cmdline.lower(), cmdline
        demo.send_signal(signal.SIGTERM)
        demo.wait(20)
        for pid in sims:
            assert not _alive(pid), "the simulator outlived the demo"
    finally:
        if demo.poll() is None:
            demo.kill()
        log.close()
    out = (tmp_path / "demo.log").read_text()
    assert f"open http://127.0.0.1:{port}/" in out


def test_sim_refuses_to_start_without_a_key_or_dev_mode() -> None:
    with pytest.raises(SystemExit, match="give --api-key"):
        main(["sim", "--port", "0"])


def test_run_is_the_default_command_and_flags_override_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PIDASH_ORCHESTRATOR_URL", "http://pi.example:8081")
    monkeypatch.setenv("PIDASH_PORT", "9000")
    args = build_parser().parse_args(["run", "--port", "9100", "--no-websocket-monitoring"])
    settings = settings_from(args)
    assert settings.orchestrator_url == "http://pi.example:8081"
    assert settings.port == 9100
    assert settings.websocket_monitoring is False
    assert settings.batch_provisioning is True

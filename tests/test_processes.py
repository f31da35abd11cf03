"""The suite's own processes: stopped whatever happens, their children with them."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

from tests.browser.support import DashboardProcess
from tests.support.processes import SimProcess, child_env, start_process, stop_process


def _group_gone(pgid: int, timeout: float = 15.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.1)
    return False


def test_a_sim_whose_start_times_out_is_stopped(tmp_path: Path) -> None:
    sim = SimProcess(tmp_path / "sim")
    with pytest.raises(TimeoutError):
        sim.start(timeout=0.01)  # far too short for a Python start: the wait gives up while it runs
    assert sim.proc is not None
    assert sim.proc.poll() is not None, "the process of a failed start is still running"
    assert _group_gone(sim.proc.pid)


def test_a_dashboard_whose_start_times_out_is_stopped(tmp_path: Path) -> None:
    dash = DashboardProcess("http://127.0.0.1:9", tmp_path / "dash")
    with pytest.raises(TimeoutError):
        dash.start(timeout=0.01)
    assert dash.proc is not None and dash.proc.poll() is not None
    assert _group_gone(dash.proc.pid)


def test_stopping_a_process_stops_what_it_started(tmp_path: Path) -> None:
    pid_file = tmp_path / "child.pid"
    script = (
        "import subprocess, time; p = subprocess.Popen(['sleep', '300']); "
        f"open({str(pid_file)!r}, 'w').write(str(p.pid)); time.sleep(300)"
    )
    proc = start_process([sys.executable, "-c", script], log_path=tmp_path / "log", env=child_env())
    deadline = time.monotonic() + 60
    while not pid_file.exists() or not pid_file.read_text():
        assert time.monotonic() < deadline, "the child never started"
        time.sleep(0.1)
    child = int(pid_file.read_text())
    stop_process(proc)
    assert proc.poll() is not None
    assert _group_gone(proc.pid), f"grandchild {child} outlived its parent"

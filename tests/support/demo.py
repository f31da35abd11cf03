"""A ``pidash demo`` process for tests (tests/test_cli.py, tests/test_demo_lifecycle.py)."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from tests.support.processes import child_env, free_port, start_process, stop_process


def children_of(pid: int) -> list[int]:
    """Children of every thread of ``pid`` (the demo restarts its simulator from a watcher thread)."""
    children: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(FileNotFoundError, ProcessLookupError):  # a thread that just ended
            children += [int(p) for p in (task / "children").read_text().split()]
    return children


def alive(pid: int) -> bool:
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
        pids = [pid for pid in children_of(self.proc.pid) if alive(pid)]
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


def wait_for(what: str, check: Any, timeout: float = 90.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(httpx.HTTPError, KeyError, ValueError):
            if result := check():
                return result
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


def healthy(demo: Demo) -> bool:
    body = httpx.get(f"{demo.url}/healthz", timeout=5).json()
    feeds = body["feeds"]  # the provisioning stream is a protected route: connected means the key fits
    return bool(body["status"] == "ok" and feeds["provisioning"]["state"] == "connected")

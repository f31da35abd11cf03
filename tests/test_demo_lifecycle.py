"""``pidash demo``'s life cycle: its simulator dies with it, taken ports stop it with a plain message,
a stranger on the simulator's port gets no crash loop, and the demo admin's password stays out of logs.

Real processes on free loopback ports (the helpers of tests/test_cli.py and tests/support).
"""

from __future__ import annotations

import contextlib
import os
import pty
import re
import select
import signal
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from pidash.auth.accounts import Accounts
from pidash.db import Database
from tests.support.demo import alive, healthy, wait_for
from tests.support.processes import child_env, free_port, stop_process, wait_http

SIM_GONE_WITHIN_SECONDS = 20.0


def _answers(port: int) -> bool:
    try:
        httpx.get(f"http://127.0.0.1:{port}/api/v1/auth/status", timeout=2.0)
    except httpx.HTTPError:
        return False
    return True


def test_a_sigkilled_demo_takes_its_simulator_with_it(demo_factory: Any) -> None:
    demo = demo_factory()
    wait_http(f"http://127.0.0.1:{demo.sim_port}/api/v1/auth/status", proc=demo.proc)
    sims = wait_for("the simulator child", demo.sims)

    os.kill(demo.proc.pid, signal.SIGKILL)  # the demo alone, as `kill -9 <pid>` would: not its group
    demo.proc.wait(15)
    deadline = time.monotonic() + SIM_GONE_WITHIN_SECONDS
    while _answers(demo.sim_port) or any(alive(pid) for pid in sims):
        assert time.monotonic() < deadline, f"the simulator {sims} outlived its SIGKILLed demo"
        time.sleep(0.2)


@pytest.mark.parametrize("taken", ["sim", "dashboard"])
def test_a_demo_whose_port_is_taken_says_so_and_exits(tmp_path: Path, taken: str) -> None:
    port, sim_port = free_port(), free_port()
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as stranger:
        stranger.bind(("127.0.0.1", sim_port if taken == "sim" else port))
        stranger.listen()
        done = subprocess.run(
            [sys.executable, "-m", "pidash", "demo", "--port", str(port), "--sim-port", str(sim_port),
             "--data-dir", str(tmp_path / "sim")],
            cwd=tmp_path, env=child_env(), capture_output=True, text=True, timeout=120, start_new_session=True,
        )  # fmt: skip
    assert done.returncode != 0
    if taken == "sim":
        expected = (
            f"pidash demo: port {sim_port} is in use (another pidash demo or sim still running?); "
            "stop it or choose --sim-port"
        )
    else:
        expected = (
            f"pidash demo: port {port} is in use (another pidash demo or dashboard still running?); "
            "stop it or choose --port"
        )
    assert expected in done.stderr, done.stderr
    assert "simulator on" not in done.stderr and "serving on" not in done.stderr


class _Stranger(BaseHTTPRequestHandler):
    """Some other HTTP server on the port: it answers everything (503), as an orphaned simulator
    of an earlier demo answered the demo's old readiness probe, which took it for its own child."""

    def do_GET(self) -> None:
        self.send_response(503)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


def test_a_stranger_on_the_sim_port_gets_backed_off_restarts_not_a_crash_loop(demo_factory: Any) -> None:
    demo = demo_factory()
    wait_for("the demo's feeds to be live", lambda: healthy(demo))
    first = demo.sims()
    os.kill(first[0], signal.SIGKILL)
    deadline = time.monotonic() + 10
    while True:  # take the port the moment the simulator lets go of it (the demo waits 1 s first)
        try:
            stranger = ThreadingHTTPServer(("127.0.0.1", demo.sim_port), _Stranger)
            break
        except OSError:
            assert time.monotonic() < deadline, "the killed simulator kept its port"
            time.sleep(0.01)
    serving = threading.Thread(target=stranger.serve_forever, daemon=True)
    serving.start()
    try:
        time.sleep(8)  # with the back-off: attempts after 1, 3 and 7 s
        log = demo.log_text()
        attempts = log.count("could not restart the simulator")
        assert "the simulator is back" not in log, "a stranger was taken for the simulator"
        assert 1 <= attempts <= 4, f"{attempts} restarts in 8 s:\n{log}"
        assert f"port {demo.sim_port} is in use" in log
    finally:
        stranger.shutdown()
        stranger.server_close()
    wait_for("the simulator back once the port is free", lambda: "the simulator is back" in demo.log_text(), 60)
    wait_for("the feeds live again", lambda: healthy(demo))
    assert demo.proc.poll() is None


def _run_on_a_terminal(tmp_path: Path) -> str:
    """A demo whose stdout is a terminal (a pty) and whose log (stderr) is a file: what it showed."""
    port, sim_port = free_port(), free_port()
    master, slave = pty.openpty()
    with (tmp_path / "tty-demo.log").open("ab") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "pidash", "demo", "--port", str(port), "--sim-port", str(sim_port),
             "--data-dir", str(tmp_path / "sim"), "--speed", "20"],
            cwd=tmp_path, env=child_env(), stdout=slave, stderr=log, start_new_session=True,
        )  # fmt: skip
    os.close(slave)
    shown = b""
    try:
        deadline = time.monotonic() + 90
        while b"sign in as demo-admin with the password" not in shown or not shown.endswith(b"\n"):
            assert time.monotonic() < deadline, f"nothing shown on the terminal: {shown!r}"
            assert proc.poll() is None, f"the demo exited with {proc.returncode}"
            if select.select([master], [], [], 0.5)[0]:
                with contextlib.suppress(OSError):
                    shown += os.read(master, 4096)
        wait_http(f"http://127.0.0.1:{port}/healthz", proc=proc)
    finally:
        stop_process(proc)
        os.close(master)
    return shown.decode(errors="replace")


def test_the_demo_admin_password_is_shown_only_on_a_terminal_and_never_logged(
    tmp_path: Path, demo_factory: Any
) -> None:
    shown = _run_on_a_terminal(tmp_path)
    match = re.search(r"sign in as demo-admin with the password (\S+)", shown)
    assert match, shown
    password = match.group(1)
    assert "one-time" not in shown and "passwd demo-admin" in shown
    account = Accounts(Database(tmp_path / ".pidash")).authenticate("demo-admin", password)
    assert account is not None and account.role == "admin"
    assert password not in (tmp_path / "tty-demo.log").read_text(errors="replace")

    later = demo_factory()  # the account exists now; output to a file, as with `make demo > demo.log`
    wait_for("the sign-in hint", lambda: "sign in as demo-admin (" in later.log_text())
    log = later.log_text()
    assert password not in log and "with the password" not in log
    assert "passwd demo-admin" in log


def test_a_fresh_demo_logging_to_a_file_says_how_to_set_the_password(demo_factory: Any) -> None:
    demo = demo_factory()
    wait_for("the sign-in hint", lambda: "created the operator demo-admin" in demo.log_text())
    wait_http(f"{demo.url}/healthz", proc=demo.proc)
    log = demo.log_text()
    assert "with the password" not in log and "one-time" not in log
    assert re.search(r"set one with `\S*pidash user passwd demo-admin`", log), log

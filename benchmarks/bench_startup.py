"""Start-up: from launching ``pidash demo`` (or ``pidash sim`` then ``pidash run``) to the first
``200`` on ``/``; the median of ``--runs``, each on a fresh data folder and free loopback ports."""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from contextlib import ExitStack
from pathlib import Path

import httpx

from benchmarks.harness import median, parse
from tests.browser.support import DashboardProcess
from tests.support.processes import SimProcess, child_env, free_port

FIRST_200_TIMEOUT_SECONDS = 90.0


def _flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--runs", type=int, default=5, help="starts of each kind (default 5)")


def _until_200(url: str, proc: subprocess.Popen[bytes] | None = None) -> None:
    """Probes every 50 ms with one client: a fresh ``httpx.get`` costs ~90 ms of CPU (its TLS
    context), which made this loop take most of a core from the processes it times."""
    deadline = time.monotonic() + FIRST_200_TIMEOUT_SECONDS
    with httpx.Client(timeout=2.0) as client:
        while time.monotonic() < deadline:
            if proc is not None and proc.poll() is not None:
                raise RuntimeError(f"the process exited with {proc.returncode} before {url} answered 200")
            try:
                if client.get(url).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.05)
    raise TimeoutError(f"{url} did not answer 200 within {FIRST_200_TIMEOUT_SECONDS:.0f} s")


def _stop_group(proc: subprocess.Popen[bytes]) -> None:
    """Stop the demo and its simulator child (the process group this benchmark started)."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
    with contextlib.suppress(ProcessLookupError):  # a simulator left behind by a demo that was killed
        os.killpg(proc.pid, signal.SIGKILL)


def demo_once(workdir: Path) -> float:
    port, sim_port = free_port(), free_port()
    args = [sys.executable, "-m", "pidash", "demo", "--port", str(port), "--sim-port", str(sim_port),
            "--data-dir", str(workdir / "sim")]  # fmt: skip
    with (workdir / "demo.log").open("ab") as log:
        started = time.perf_counter()
        proc = subprocess.Popen(
            args, cwd=workdir, env=child_env(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        _until_200(f"http://127.0.0.1:{port}/", proc)
        return time.perf_counter() - started
    finally:
        _stop_group(proc)


def sim_and_run_once(workdir: Path) -> float:
    with ExitStack() as stack:
        started = time.perf_counter()
        sim = SimProcess(workdir / "sim", devices=8)
        stack.callback(sim.stop)
        sim.start()
        dash = DashboardProcess(sim.url, workdir / "dash", api_key=sim.api_key)
        stack.callback(dash.stop)
        dash.start()
        _until_200(dash.url + "/", dash.proc)
        return time.perf_counter() - started


def main(argv: Sequence[str] | None = None) -> None:
    args = parse(__doc__, argv, _flags)
    for name, once in (("pidash demo", demo_once), ("pidash sim + pidash run", sim_and_run_once)):
        times = []
        for i in range(args.runs):
            with tempfile.TemporaryDirectory(prefix="pidash-bench-") as tmp:
                times.append(once(Path(tmp)))
            print(f"  {name} #{i + 1}: {times[-1]:.2f} s", flush=True)
        print(f"{name} to the first 200 on /: median {median(times):.2f} s of {len(times)} "
              f"(min {min(times):.2f}, max {max(times):.2f})", flush=True)  # fmt: skip

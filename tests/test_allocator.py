"""The dashboard's commands run on glibc's malloc (``PYTHONMALLOC=malloc``), set by an exec at start."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from pidash.allocator import wants_system_malloc
from tests.browser.support import DashboardProcess
from tests.support.processes import SimProcess


@pytest.mark.parametrize(
    ("args", "wanted"),
    [
        (["run"], True),
        (["run", "--port", "8080"], True),
        ([], True),  # pidash alone is pidash run
        (["--port", "8080"], True),
        (["demo", "--devices", "5"], True),
        (["sim", "--dev-mode"], False),
        (["user", "add", "ana"], False),
        (["doctor"], False),
        (["--version"], False),
        (["run", "--help"], False),
    ],
)
def test_the_commands_that_serve_pages_switch_allocator(args: list[str], wanted: bool) -> None:
    assert wants_system_malloc(args, {}, platform="linux") is wanted


def test_an_operators_allocator_and_other_systems_are_left_alone() -> None:
    assert not wants_system_malloc(["run"], {"PYTHONMALLOC": "pymalloc"}, platform="linux")
    assert not wants_system_malloc(["run"], {"PYTHONMALLOC": "malloc"}, platform="linux")  # after the exec
    assert not wants_system_malloc(["run"], {}, platform="darwin")


def _environ(pid: int) -> dict[str, str]:
    """The environment the process's current program was started with (after any exec)."""
    raw = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    return dict(item.decode().split("=", 1) for item in raw if b"=" in item)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc and glibc")
def test_pidash_run_serves_on_the_system_allocator_and_sim_does_not(sim: SimProcess, tmp_path: Path) -> None:
    dash = DashboardProcess(sim.url, tmp_path / "dash", api_key=sim.api_key)
    operators = DashboardProcess(
        sim.url, tmp_path / "pymalloc", api_key=sim.api_key, extra_env={"PYTHONMALLOC": "pymalloc"}
    )
    try:
        dash.start()
        assert dash.proc is not None
        # the pid the test started is the server: the exec replaced the program, not the process
        assert _environ(dash.proc.pid).get("PYTHONMALLOC") == "malloc"
        operators.start()
        assert operators.proc is not None
        assert _environ(operators.proc.pid).get("PYTHONMALLOC") == "pymalloc"
    finally:
        dash.stop()
        operators.stop()
    assert sim.proc is not None
    assert "PYTHONMALLOC" not in _environ(sim.proc.pid)

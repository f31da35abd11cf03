"""The dashboard runs on the C library's ``malloc`` instead of Python's own small-object allocator.

Python's allocator (pymalloc) takes memory from the system in 1 MiB arenas and gives an arena back
only once every object in it is gone. The ~8,000 objects of each open page fill new arenas, and the
few objects made meanwhile that outlive the page (a log line, a store update, a cache entry) are
spread over all of them: 20 pages open at once left 24 arenas (24 MiB) resident for good, none
empty although 99 % of their blocks were free (issue 8; figures in README, "Figures"). With
``PYTHONMALLOC=malloc`` every object comes from glibc, whose ``malloc_trim`` (run once closed pages
are gone, :mod:`pidash.heap_trim`) hands back every free 4 KiB page, not only whole arenas.

``PYTHONMALLOC`` is read only when the interpreter starts, so the commands that serve the
dashboard (``pidash run``, ``pidash demo``) execute themselves again with it, first thing, before
anything heavy is imported: same process id, same arguments, tens of milliseconds. A
``PYTHONMALLOC`` already in the environment is the operator's choice and is kept
(``PYTHONMALLOC=pymalloc`` for Python's default).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence

ALLOCATOR_ENV = "PYTHONMALLOC"
SYSTEM_MALLOC = "malloc"
DASHBOARD_COMMANDS = frozenset({"run", "demo"})
"""The commands that serve pages; ``pidash`` without a command is ``pidash run``."""
NOT_SERVING_FLAGS = frozenset({"-h", "--help", "--version"})


def wants_system_malloc(args: Sequence[str], environ: Mapping[str, str], platform: str = sys.platform) -> bool:
    """Whether ``pidash <args>`` should run again with ``PYTHONMALLOC=malloc``: a command that serves
    the dashboard, on Linux (glibc's trim is what gives the memory back), no ``PYTHONMALLOC`` set."""
    if ALLOCATOR_ENV in environ or not platform.startswith("linux"):
        return False
    if any(arg in NOT_SERVING_FLAGS for arg in args):
        return False
    command = args[0] if args and not args[0].startswith("-") else "run"
    return command in DASHBOARD_COMMANDS


def exec_with_system_malloc() -> None:
    """Replace this process by the same command with ``PYTHONMALLOC=malloc`` when
    :func:`wants_system_malloc`; otherwise (or if the exec fails) return and go on as started."""
    if not wants_system_malloc(sys.argv[1:], os.environ) or not sys.executable:
        return
    argv = [sys.executable, *sys.orig_argv[1:]]  # the interpreter's own options (-X, -m) included
    try:
        os.execve(sys.executable, argv, {**os.environ, ALLOCATOR_ENV: SYSTEM_MALLOC})
    except OSError as exc:  # not expected; pymalloc only costs memory
        print(f"pidash: could not switch to the system allocator ({exc}); going on", file=sys.stderr)

"""Modules that the dashboard's dependencies import eagerly but the dashboard never uses, kept out.

python-socketio imports its client when imported, and python-engineio's client imports aiohttp:
~250 ms of CPU on every start (aiohttp also builds two TLS contexts at import), about a tenth of
``pidash demo``'s time to its first page. NiceGUI uses that client only for NiceGUI On Air, which
pidash does not use, and engineio is written for aiohttp being absent
(``try: import aiohttp / except ImportError: aiohttp = None``).
"""

from __future__ import annotations

import sys

KEPT_OUT = ("aiohttp",)


def keep_out() -> None:
    """Make ``import aiohttp`` fail fast in this process; call it before NiceGUI is imported.

    A module already imported (a test run that loaded it) stays as it is.
    """
    for name in KEPT_OUT:
        sys.modules.setdefault(name, None)  # type: ignore[arg-type]  # None: "not importable", by the import system

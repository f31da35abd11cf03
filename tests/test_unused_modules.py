"""``pidash.unused_modules``: the dashboard imports without aiohttp (in a fresh interpreter, since
this test process may have loaded it already)."""

from __future__ import annotations

import subprocess
import sys

CHECK = """
import sys
from pidash.unused_modules import keep_out
keep_out()
import pidash.app
import engineio.async_client
assert engineio.async_client.aiohttp is None, "engineio's client found aiohttp"
assert sys.modules["aiohttp"] is None, "aiohttp was imported"
print("ok")
"""


def test_the_dashboard_imports_without_aiohttp() -> None:
    done = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"

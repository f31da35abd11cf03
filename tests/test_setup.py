"""A fresh machine: ``scripts/ensure-tool`` and the browser tests' skip when Chromium is missing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.support.processes import child_env

ROOT = Path(__file__).resolve().parent.parent
ENSURE_TOOL = ROOT / "scripts" / "ensure-tool"


def test_browser_tests_are_skipped_with_the_instruction_when_chromium_is_missing(tmp_path: Path) -> None:
    missing = tmp_path / "no-chromium"
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "tests/browser/test_theme.py", "-q"],
        cwd=ROOT, env=child_env({"CHROMIUM": str(missing)}), capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    out = result.stdout + result.stderr
    assert result.returncode == 0, out
    assert "3 skipped" in out and "passed" not in out and "error" not in out.lower(), out
    reason = f"Chromium not found at {missing}: run `sudo apt-get install -y chromium`"
    skipped = [line for line in out.splitlines() if line.startswith("SKIPPED [")]
    assert skipped and all(reason in line for line in skipped), out  # -rs (pyproject) prints every reason


def test_ensure_tool_is_silent_when_the_tool_is_there() -> None:
    result = subprocess.run([str(ENSURE_TOOL), "sh", "dash"], capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


@pytest.mark.skipif(os.getuid() != 0 or shutil.which("runuser") is None, reason="needs root to become nobody")
def test_ensure_tool_as_a_user_without_sudo_prints_the_line_to_run_and_does_not_fail() -> None:
    runuser = shutil.which("runuser") or "runuser"
    with tempfile.TemporaryDirectory() as folder:  # pytest's tmp_path is private to root
        script = Path(folder) / "ensure-tool"
        shutil.copy(ENSURE_TOOL, script)
        Path(folder).chmod(0o755)
        script.chmod(0o755)
        missing = Path(folder) / "no-chromium"
        result = subprocess.run(
            [runuser, "-u", "nobody", "--", str(script), str(missing), "chromium", "fonts-dejavu-core"],
            capture_output=True, text=True, timeout=60, env={"PATH": "/usr/bin:/bin"},
        )  # fmt: skip
    assert result.returncode == 0
    assert result.stderr.strip() == (
        f"ensure-tool: {missing} is missing; run: sudo apt-get install -y chromium fonts-dejavu-core"
        "  (its tests are skipped until then)"
    )

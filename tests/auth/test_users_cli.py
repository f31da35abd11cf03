"""``pidash user``: the real CLI in a subprocess, password on stdin (never an argument)."""

from __future__ import annotations

import stat
import subprocess
import sys
from pathlib import Path

from pidash.auth.audit import AuditLog
from pidash.auth.secret import storage_secret
from pidash.db import Database
from tests.support.processes import child_env


def user(tmp_path: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pidash", "user", *args],
        cwd=tmp_path,
        env=child_env(),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_add_list_passwd_role_remove(tmp_path: Path) -> None:
    added = user(tmp_path, "add", "ann", "--role", "admin", stdin="first-password-1\n")
    assert added.returncode == 0, added.stderr
    assert "first-password-1" not in added.stdout + added.stderr
    assert user(tmp_path, "add", "tom", "--role", "technician", stdin="tom-password-12\n").returncode == 0
    listed = user(tmp_path, "list")
    assert "ann\tadmin" in listed.stdout and "tom\ttechnician" in listed.stdout
    assert user(tmp_path, "passwd", "tom", stdin="another-password-2\n").returncode == 0
    assert user(tmp_path, "role", "tom", "viewer").returncode == 0
    assert "tom\tviewer" in user(tmp_path, "list").stdout
    assert user(tmp_path, "remove", "tom").returncode == 0
    assert "tom" not in user(tmp_path, "list").stdout
    assert stat.S_IMODE((tmp_path / ".pidash" / "pidash.db").stat().st_mode) == 0o600


def test_errors_are_sentences_with_a_non_zero_status(tmp_path: Path) -> None:
    short = user(tmp_path, "add", "ann", "--role", "admin", stdin="short\n")
    assert short.returncode == 1 and "at least 10 characters" in short.stderr
    assert "short" not in short.stderr.replace("at least", "")
    unknown = user(tmp_path, "remove", "nobody")
    assert unknown.returncode == 1 and "No account named nobody" in unknown.stderr
    wrong_role = user(tmp_path, "add", "ann", "--role", "root", stdin="long-enough-pass\n")
    assert wrong_role.returncode == 2  # argparse: invalid choice
    empty = user(tmp_path, "list")
    assert "pidash user add NAME --role admin" in empty.stdout


def test_data_dir_from_the_environment(tmp_path: Path) -> None:
    env = child_env({"PIDASH_DATA_DIR": str(tmp_path / "site-data")})
    done = subprocess.run(
        [sys.executable, "-m", "pidash", "user", "add", "ann", "--role", "admin"],
        cwd=tmp_path,
        env=env,
        input="long-enough-pass\n",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "site-data" / "pidash.db").exists()


def test_storage_secret_is_made_once_with_mode_0600(tmp_path: Path) -> None:
    first = storage_secret(tmp_path / "d")
    path = tmp_path / "d" / "storage_secret"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    path.chmod(0o644)
    assert storage_secret(tmp_path / "d") == first
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_audit_csv_neutralises_formulas(tmp_path: Path) -> None:
    audit = AuditLog(Database(tmp_path))
    audit.record(actor="=cmd|' /C calc'!A0", role="none", action="sign-in", outcome="failed: Wrong name or password.")
    text = audit.csv()
    assert "'=cmd" in text and "\n=cmd" not in text

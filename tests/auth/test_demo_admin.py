"""``pidash demo``'s first start: a demo admin whose printed one-time password signs in."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pidash.auth.accounts import Accounts
from pidash.auth.demo_admin import DEMO_ADMIN, ensure_demo_admin
from pidash.db import Database


def test_demo_admin_is_made_once_and_its_printed_password_works(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ensure_demo_admin(tmp_path)
    out = capsys.readouterr().out
    match = re.search(rf"sign in as {DEMO_ADMIN} with the one-time password (\S+)", out)
    assert match
    accounts = Accounts(Database(tmp_path))
    account = accounts.authenticate(DEMO_ADMIN, match.group(1))
    assert account is not None and account.role == "admin"
    ensure_demo_admin(tmp_path)  # a second start: nothing new, nothing printed
    assert capsys.readouterr().out == ""
    assert [a.name for a in accounts.list()] == [DEMO_ADMIN]

"""``pidash demo``'s first start: a demo admin whose password signs in."""

from __future__ import annotations

from pathlib import Path

import pytest

from pidash.auth.accounts import Accounts
from pidash.auth.demo_admin import DEMO_ADMIN, demo_admin_exists, ensure_demo_admin
from pidash.db import Database


def test_demo_admin_is_made_once_and_its_password_works(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    password = ensure_demo_admin(tmp_path)
    assert password is not None and demo_admin_exists(tmp_path)
    assert capsys.readouterr().out == ""  # the demo decides where it is shown (a terminal only)
    accounts = Accounts(Database(tmp_path))
    account = accounts.authenticate(DEMO_ADMIN, password)
    assert account is not None and account.role == "admin"
    assert ensure_demo_admin(tmp_path) is None  # a second start: nothing new
    assert [a.name for a in accounts.list()] == [DEMO_ADMIN]

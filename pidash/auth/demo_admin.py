"""``pidash demo``'s first start: a demo admin with a random password."""

from __future__ import annotations

import secrets
from pathlib import Path

from pidash.auth.accounts import Accounts
from pidash.auth.roles import Role
from pidash.db import Database

DEMO_ADMIN = "demo-admin"


def ensure_demo_admin(data_dir: Path) -> str | None:
    """With no account in ``data_dir``, create the admin ``demo-admin`` and return its random
    password; ``None`` when accounts exist already. Only its argon2 hash is stored: the password
    cannot be read back (``pidash user passwd demo-admin`` sets a new one). The caller shows it on a
    terminal only, never in a log (``pidash.demo``)."""
    accounts = Accounts(Database(data_dir))
    if accounts.any():
        return None
    password = secrets.token_urlsafe(12)
    accounts.add(DEMO_ADMIN, Role.ADMIN, password)
    return password


def demo_admin_exists(data_dir: Path) -> bool:
    return Accounts(Database(data_dir)).get(DEMO_ADMIN) is not None

"""``pidash demo``'s first start: a demo admin with a random password, printed once."""

from __future__ import annotations

import secrets
from pathlib import Path

from pidash.auth.accounts import Accounts
from pidash.auth.roles import Role
from pidash.db import Database

DEMO_ADMIN = "demo-admin"


def ensure_demo_admin(data_dir: Path) -> None:
    """With no account in ``data_dir``, create ``demo-admin`` and print its password (stdout, once).

    Only its argon2 hash is stored: the password cannot be shown again (``pidash user passwd
    demo-admin`` sets a new one).
    """
    accounts = Accounts(Database(data_dir))
    if accounts.any():
        return
    password = secrets.token_urlsafe(12)
    accounts.add(DEMO_ADMIN, Role.ADMIN, password)
    print(f"pidash demo: sign in as {DEMO_ADMIN} with the one-time password {password}", flush=True)
    print("pidash demo: (shown once; change it with: pidash user passwd demo-admin)", flush=True)

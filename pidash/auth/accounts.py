"""Operator accounts in the database: add, list, change password or role, remove, authenticate.

Errors are :class:`AccountError` with a sentence for the operator. Names: 1 to 64 characters of
letters, digits, ``.``, ``_``, ``-``, ``@``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pidash.auth.passwords import DUMMY_HASH, hash_password, password_error, verify_password
from pidash.auth.roles import Role
from pidash.db import Database
from pidash.db.accounts import Account
from pidash.i18n import Msg, msg

NAME_RE = re.compile(r"[A-Za-z0-9._@-]{1,64}")


class AccountError(ValueError):
    """Bad input or an unknown account; the message is meant for the operator (``str``: English,
    for the command line and the audit; :attr:`message` for a page to translate)."""

    def __init__(self, message: Msg | str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


@dataclass(frozen=True)
class AccountInfo:
    """An account as shown (never the hash)."""

    name: str
    role: Role
    session_epoch: int
    created_at: datetime


def _info(account: Account) -> AccountInfo:
    return AccountInfo(account.name, Role(account.role), account.session_epoch, account.created_at)


def check_name(name: str) -> str:
    name = name.strip()
    if not NAME_RE.fullmatch(name):
        raise AccountError(msg("A name has 1 to 64 letters, digits or . _ - @ (no spaces)."))
    return name


class Accounts:
    def __init__(self, db: Database) -> None:
        self.db = db

    def any(self) -> bool:
        with self.db.session() as s:
            return bool(s.scalar(select(func.count()).select_from(Account)))

    def list(self) -> list[AccountInfo]:
        with self.db.session() as s:
            return [_info(a) for a in s.scalars(select(Account).order_by(Account.name))]

    def get(self, name: str) -> AccountInfo | None:
        with self.db.session() as s:
            account = s.scalar(select(Account).where(Account.name == name))
            return _info(account) if account else None

    def add(self, name: str, role: Role, password: str) -> AccountInfo:
        name = check_name(name)
        if (problem := password_error(password)) is not None:
            raise AccountError(problem)
        hashed = hash_password(password)
        with self.db.session() as s:
            if s.scalar(select(Account).where(Account.name == name)) is not None:
                raise AccountError(msg("An account named {name} exists already.", name=name))
            account = Account(
                name=name, role=role.value, password_hash=hashed, session_epoch=0, created_at=datetime.now(UTC)
            )
            s.add(account)
            s.flush()
            return _info(account)

    def set_password(self, name: str, password: str) -> None:
        """New password; every sign-in of the account ends."""
        if (problem := password_error(password)) is not None:
            raise AccountError(problem)
        hashed = hash_password(password)
        with self.db.session() as s:
            account = self._find(s, name)
            account.password_hash = hashed
            account.session_epoch += 1

    def set_role(self, name: str, role: Role) -> None:
        """New role; every sign-in of the account ends (it signs in again with the new role)."""
        with self.db.session() as s:
            account = self._find(s, name)
            if account.role == Role.ADMIN and role != Role.ADMIN:
                self._keep_an_admin(s, name)
            account.role = role.value
            account.session_epoch += 1

    def remove(self, name: str) -> None:
        with self.db.session() as s:
            account = self._find(s, name)
            if account.role == Role.ADMIN:
                self._keep_an_admin(s, name)
            s.delete(account)

    def authenticate(self, name: str, password: str) -> AccountInfo | None:
        """The account when ``password`` is right; None otherwise (same work either way)."""
        with self.db.session() as s:
            account = s.scalar(select(Account).where(Account.name == name.strip()))
            stored = account.password_hash if account else DUMMY_HASH
            info = _info(account) if account else None
        if not verify_password(stored, password) or info is None:
            return None
        return info

    @staticmethod
    def _find(s: Session, name: str) -> Account:
        account = s.scalar(select(Account).where(Account.name == name.strip()))
        if account is None:
            raise AccountError(msg("No account named {name}.", name=name.strip()))
        return account

    @staticmethod
    def _keep_an_admin(s: Session, leaving: str) -> None:
        others = s.scalar(
            select(func.count()).select_from(Account).where(Account.role == Role.ADMIN, Account.name != leaving)
        )
        if not others:
            raise AccountError(msg("This is the last admin: add another admin first."))

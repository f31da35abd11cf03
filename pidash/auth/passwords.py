"""Password hashing with argon2id (argon2-cffi's defaults, RFC 9106 low-memory profile)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from pidash.i18n import Msg, msg

MIN_LENGTH = 10
MAX_LENGTH = 256
_hasher = PasswordHasher()

DUMMY_HASH = _hasher.hash("pidash-no-such-account")
"""Verified against when the account does not exist, so that both cases take the same time."""


def password_error(password: str) -> Msg | None:
    """The sentence saying why ``password`` cannot be used, or None."""
    if len(password) < MIN_LENGTH:
        return msg("A password needs at least {count} characters.", count=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return msg("A password has at most {count} characters.", count=MAX_LENGTH)
    return None


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True when ``password`` matches; False on a mismatch or an unreadable hash."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False

"""Password hashing with argon2id (argon2-cffi's defaults, RFC 9106 low-memory profile)."""

from __future__ import annotations

from base64 import b64encode

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from pidash.i18n import Msg, msg

MIN_LENGTH = 10
MAX_LENGTH = 256
_hasher = PasswordHasher()


def _unpadded(raw: bytes) -> str:
    return b64encode(raw).decode("ascii").rstrip("=")


DUMMY_HASH = (
    f"$argon2id$v=19$m={_hasher.memory_cost},t={_hasher.time_cost},p={_hasher.parallelism}"
    f"${_unpadded(b'pidash-no-such-a')}${_unpadded(bytes(_hasher.hash_len))}"
)
"""Verified against when the account does not exist, so that both cases take the same time: the
hasher's own parameters (they set the work), a fixed salt and a digest no password gives. Written
out rather than hashed at import, which cost every start ~150 ms of CPU."""


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

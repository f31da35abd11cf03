"""Accounts, roles and the access policy on a real SQLite database in a temporary data directory."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest
from argon2 import PasswordHasher, extract_parameters
from argon2.exceptions import VerifyMismatchError

from pidash.auth.access import ACCOUNT_KEY, SEEN_KEY, Access
from pidash.auth.accounts import AccountError, Accounts
from pidash.auth.passwords import DUMMY_HASH, hash_password
from pidash.auth.roles import ROLE_CAPABILITIES, Capability, Role, least_role, parse_role
from pidash.db import Database
from pidash.settings import DashboardSettings

PW = "a-good-password-1"


def test_roles_are_those_of_the_issue() -> None:
    assert ROLE_CAPABILITIES[Role.VIEWER] == frozenset()
    assert ROLE_CAPABILITIES[Role.TECHNICIAN] == {Capability.PROVISION, Capability.ALLOW_DISCOVERED}
    assert ROLE_CAPABILITIES[Role.ADMIN] == set(Capability)
    assert least_role(Capability.DOOR) is Role.ADMIN
    assert least_role(Capability.PROVISION) is Role.TECHNICIAN
    with pytest.raises(ValueError, match="viewer, technician, admin"):
        parse_role("root")


def test_add_authenticate_and_the_hash_is_argon2(tmp_path: Path) -> None:
    accounts = Accounts(Database(tmp_path))
    accounts.add("ann", Role.ADMIN, PW)
    assert accounts.authenticate("ann", PW) is not None
    assert accounts.authenticate("ann", PW + "x") is None
    assert accounts.authenticate("nobody", PW) is None
    raw = (tmp_path / "pidash.db").read_bytes() + b"".join(p.read_bytes() for p in tmp_path.glob("pidash.db-*"))
    assert PW.encode() not in raw
    assert b"$argon2id$" in raw


def test_bad_input_is_refused_with_a_sentence(tmp_path: Path) -> None:
    accounts = Accounts(Database(tmp_path))
    with pytest.raises(AccountError, match="at least 10"):
        accounts.add("ann", Role.ADMIN, "short")
    with pytest.raises(AccountError, match="no spaces"):
        accounts.add("ann smith", Role.ADMIN, PW)
    accounts.add("ann", Role.ADMIN, PW)
    with pytest.raises(AccountError, match="exists already"):
        accounts.add("ann", Role.VIEWER, PW)
    with pytest.raises(AccountError, match="last admin"):
        accounts.remove("ann")
    with pytest.raises(AccountError, match="last admin"):
        accounts.set_role("ann", Role.VIEWER)
    with pytest.raises(AccountError, match="No account named bob"):
        accounts.set_password("bob", PW)


def test_the_dummy_hash_costs_what_a_real_one_costs_and_matches_nothing() -> None:
    """An unknown account name is verified against it: same parameters (same work), a well-formed
    hash (a malformed one would be refused at once), and no password matches it."""
    assert extract_parameters(DUMMY_HASH) == extract_parameters(hash_password(PW))
    for password in (PW, "", "pidash-no-such-account"):
        with pytest.raises(VerifyMismatchError):
            PasswordHasher().verify(DUMMY_HASH, password)


def test_password_or_role_change_ends_sign_ins(tmp_path: Path) -> None:
    access = Access(DashboardSettings(data_dir=tmp_path, anonymous="none"), Database(tmp_path))
    access.accounts.add("ann", Role.ADMIN, PW)
    access.accounts.add("tom", Role.TECHNICIAN, PW)
    storage: dict[str, object] = {}
    assert asyncio.run(access.sign_in(storage, "tom", PW, "127.0.0.1")) is None
    assert access.current(storage).role is Role.TECHNICIAN
    access.accounts.set_role("tom", Role.VIEWER)
    assert access.current(storage).name is None
    assert ACCOUNT_KEY not in storage


def test_idle_sign_in_expires(tmp_path: Path) -> None:
    access = Access(
        DashboardSettings(data_dir=tmp_path, anonymous="viewer", session_idle_seconds=60), Database(tmp_path)
    )
    access.accounts.add("ann", Role.ADMIN, PW)
    storage: dict[str, object] = {}
    assert asyncio.run(access.sign_in(storage, "ann", PW, "127.0.0.1")) is None
    assert access.current(storage).name == "ann"
    storage[SEEN_KEY] = time.time() - 61
    assert access.current(storage) == access.current({})  # anonymous again: viewer
    assert access.current(storage).role is Role.VIEWER


@pytest.mark.parametrize(
    ("host", "anonymous", "accounts", "expected"),
    [
        ("127.0.0.1", None, False, Role.ADMIN),  # local mode
        ("127.0.0.1", None, True, Role.VIEWER),
        ("0.0.0.0", None, False, None),
        ("0.0.0.0", None, True, None),
        ("0.0.0.0", "viewer", True, Role.VIEWER),
        ("127.0.0.1", "none", False, None),  # a LAN-style configuration on loopback
    ],
)
def test_anonymous_role(
    tmp_path: Path, host: str, anonymous: str | None, accounts: bool, expected: Role | None
) -> None:
    access = Access(DashboardSettings(data_dir=tmp_path, host=host, anonymous=anonymous), Database(tmp_path))
    if accounts:
        access.accounts.add("ann", Role.ADMIN, PW)
    assert access.anonymous_role() is expected
    assert (access.no_account_notice() is not None) == (not accounts and expected is not Role.ADMIN)


def test_trusted_networks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PIDASH_TRUSTED_NETWORKS", "192.168.1.20/32, 10.0.0.0/8")
    access = Access(DashboardSettings(data_dir=tmp_path), Database(tmp_path))
    assert access.trusted("192.168.1.20") and access.trusted("10.1.2.3")
    assert not access.trusted("192.168.1.21") and not access.trusted("not-an-ip")
    monkeypatch.setenv("PIDASH_TRUSTED_NETWORKS", "192.168.1.300/32")
    with pytest.raises(ValueError, match="PIDASH_TRUSTED_NETWORKS"):
        DashboardSettings()

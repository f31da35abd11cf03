"""The access policy of one dashboard process: who the visitor of a tab is, and what they get.

A visitor is an :class:`Operator`: signed in (an account and its role), or anonymous with the
role ``PIDASH_ANONYMOUS`` gives. The sign-in lives in NiceGUI's ``app.storage.user`` (server side,
keyed by the signed, HttpOnly session cookie): the account name, when it was last active, and the
account's session epoch (a password or role change ends older sign-ins). Nothing secret is kept there.

*Local mode*: a dashboard listening on loopback only, with no account yet and ``PIDASH_ANONYMOUS``
unset, is used by the person at the machine: its visitors act as admins (as before accounts
existed). The first account ends local mode.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import time
from collections.abc import MutableMapping
from dataclasses import dataclass
from typing import Any

from pidash.auth.accounts import Accounts
from pidash.auth.audit import AuditLog
from pidash.auth.roles import Role
from pidash.auth.throttle import LoginThrottle
from pidash.db import Database
from pidash.i18n import Msg, msg
from pidash.settings import DashboardSettings

logger = logging.getLogger("pidash.auth")

ACCOUNT_KEY, SEEN_KEY, EPOCH_KEY = "pidash_account", "pidash_seen", "pidash_epoch"
ANONYMOUS = "anonymous"
NO_ACCOUNT = msg(
    "No operator account exists yet, so protected actions are refused. On the dashboard's machine run: {command}",
    command="pidash user add NAME --role admin",
)
WRONG = msg("Wrong name or password.")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class Operator:
    """Who acts in a tab: ``name`` None when not signed in; ``role`` None when nothing is granted."""

    name: str | None
    role: Role | None

    @property
    def label(self) -> str:
        return self.name or ANONYMOUS


class Access:
    def __init__(self, settings: DashboardSettings, db: Database) -> None:
        self.settings = settings
        self.db = db
        self.accounts = Accounts(db)
        self.audit = AuditLog(db)
        self.throttle = LoginThrottle(settings.login_failures_per_minute)
        self.loopback = is_loopback(settings.host)

    # --- the policy ---------------------------------------------------------------------------

    def local_mode(self) -> bool:
        return self.settings.anonymous is None and self.loopback and not self.accounts.any()

    def anonymous_role(self) -> Role | None:
        if self.local_mode():
            return Role.ADMIN
        chosen = self.settings.anonymous or ("viewer" if self.loopback else "none")
        return Role.VIEWER if chosen == "viewer" else None

    def no_account_notice(self) -> Msg | None:
        """The sentence saying how to create the first account, while none exists (outside local mode)."""
        return NO_ACCOUNT if not self.local_mode() and not self.accounts.any() else None

    def trusted(self, address: str) -> bool:
        """``address`` is in ``PIDASH_TRUSTED_NETWORKS`` (grants ``/kiosk`` only)."""
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in net for net in self.settings.trusted_networks)

    def log_startup(self) -> None:
        if (notice := self.no_account_notice()) is not None:
            logger.warning("pidash: %s", notice)
        elif self.local_mode():
            logger.info("pidash: local mode (loopback, no account yet): visitors act as admin")

    # --- the visitor ----------------------------------------------------------------------------

    def current(self, storage: MutableMapping[str, Any], *, touch: bool = False) -> Operator:
        """The operator of this browser now; ``touch`` counts this as activity (page load, action)."""
        name = storage.get(ACCOUNT_KEY)
        if isinstance(name, str) and name:
            seen = storage.get(SEEN_KEY)
            fresh = isinstance(seen, int | float) and time.time() - seen < self.settings.session_idle_seconds
            account = self.accounts.get(name) if fresh else None
            if account is not None and storage.get(EPOCH_KEY) == account.session_epoch:
                if touch:
                    storage[SEEN_KEY] = time.time()
                return Operator(account.name, account.role)
            for key in (ACCOUNT_KEY, SEEN_KEY, EPOCH_KEY):
                storage.pop(key, None)
        return Operator(None, self.anonymous_role())

    async def sign_in(self, storage: MutableMapping[str, Any], name: str, password: str, address: str) -> Msg | None:
        """Sign this browser in; None on success, else the sentence to show. Every attempt is audited
        (in English: ``str`` of the sentence)."""
        name = name.strip()[:64]
        wait = self.throttle.wait_seconds(name, address)
        if wait > 0:
            self.audit.record(
                actor=name, role="none", action="sign-in", outcome="refused: throttled, not checked", address=address
            )
            return msg(
                "Too many failed sign-ins for this account or from this address. Try again in {seconds} s.",
                seconds=int(wait) + 1,
            )
        account = await asyncio.to_thread(self.accounts.authenticate, name, password)
        if account is None:
            self.throttle.failed(name, address)
            self.audit.record(actor=name, role="none", action="sign-in", outcome=f"failed: {WRONG}", address=address)
            return WRONG
        storage[ACCOUNT_KEY] = account.name
        storage[EPOCH_KEY] = account.session_epoch
        storage[SEEN_KEY] = time.time()
        self.audit.record(actor=account.name, role=account.role, action="sign-in", outcome="ok", address=address)
        return None

    def sign_out(self, storage: MutableMapping[str, Any], address: str) -> None:
        operator = self.current(storage)
        for key in (ACCOUNT_KEY, SEEN_KEY, EPOCH_KEY):
            storage.pop(key, None)
        if operator.name is not None:
            self.audit.record(
                actor=operator.name, role=str(operator.role), action="sign-out", outcome="ok", address=address
            )

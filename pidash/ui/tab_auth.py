"""Who acts in one browser tab, with which Pi key, and what the tab may do (one gate per capability).

The operator comes from the sign-in (``pidash.auth.access``); the tab's gates say, per
:class:`~pidash.auth.roles.Capability`, whether its buttons are enabled and why not
(``tab.gates.door.enabled`` / ``.reason``). They only drive the page: every protected action
is checked again when it runs, in :func:`pidash.ui.actions.run_action`.

Keys: an entered key lives only in ``app.storage.tab`` (server memory, keyed by the tab's id): it
survives a reload of the tab and never reaches disk, a cookie, browser storage or the page. The
shared feeds stop borrowing it when the tab is closed; the server forgets it after
``tab_key_max_age_seconds`` without the tab being seen, or at once on "Forget key". It is
shown only as "•••••••• (set)". A tab's own key grants what the key grants on the Pi; the
configured key (``PIDASH_API_KEY``) is lent to an action only when the operator's role allows
it (see :meth:`TabAuth.client`).
"""

from __future__ import annotations

import logging
from collections.abc import MutableMapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, TypeVar

from nicegui import Client, Event, app, binding, ui
from pydantic import SecretStr
from starlette.requests import Request

from pidash.auth.access import Operator
from pidash.auth.roles import (
    PI_CAPABILITIES,
    ROLE_CAPABILITIES,
    ROLE_NAMES,
    Capability,
    refusal_by_role,
)
from pidash.i18n import Msg, current, msg
from pidash.orchestrator import OrchestratorClient, OrchestratorError, Reply
from pidash.orchestrator.decoding import Parser
from pidash.store import ShownError
from pidash.ui.services import Services

T = TypeVar("T")
TAB_KEY = "pidash_api_key"
MASK = "••••••••"
NO_KEY_REASON = msg("The Pi requires an API key for this. Set one with the key button at the top right.")
CHECKING_REASON = msg("Checking with the Pi whether an API key is needed…")
MASKED_FOR_ROLE = msg("Secret values stay masked for your role.")
GATE_REFRESH_SECONDS = 30.0
"""How often an open tab re-reads its sign-in (expiry, role change, account removed)."""
MAX_TOUCH_SECONDS = 600.0
"""How often at most an open tab's key is rewritten (see :func:`follow_open_tabs`)."""

logger = logging.getLogger("pidash.ui")


@binding.bindable_dataclass
class Gate:
    """Bindable: may this tab run one kind of protected action, and if not, why."""

    enabled: bool = False
    reason: str = ""
    """In the tab's language (its page's): set by :meth:`TabAuth.refresh` with the translator captured
    when the page was built, so a later refresh (timer, store event) keeps the page's language."""


@binding.bindable_dataclass
class KeyStatus:
    """Bindable: the Pi key of this tab, as the key dialog shows it."""

    key_label: str = ""
    key_set_here: bool = False
    needs_key: bool = True


@binding.bindable_dataclass
class OperatorStatus:
    """Bindable: who is signed in, for the header."""

    label: str = ""
    signed_in: bool = False


class Gates:
    """One :class:`Gate` per capability: ``gates.provision``, ``gates.door``… or ``gates[capability]``."""

    def __init__(self) -> None:
        self.provision = Gate()
        self.allow_discovered = Gate()
        self.allowlist = Gate()
        self.config = Gate()
        self.door = Gate()
        self.users = Gate()
        self.reveal = Gate()
        """Not an action: may this tab reveal the Pi's secret config values (those who may change them)."""

    def __getitem__(self, capability: Capability) -> Gate:
        gate: Gate = getattr(self, capability.value)
        return gate


@dataclass
class Acting:
    """The protected action running now (a context variable, so one per task)."""

    tab: TabAuth
    lend_configured_key: bool
    correlation_ids: list[str] = field(default_factory=list)


ACTING: ContextVar[Acting | None] = ContextVar("pidash_acting", default=None)
_TABS: dict[str, TabAuth] = {}


class TabAuth:
    def __init__(self, services: Services, request: Request) -> None:
        self.services = services
        self.t = current()
        """The translator of the page this tab was built for: gates and labels are set later too."""
        self.access = services.access
        self.address = request.client.host if request.client else ""
        self.storage: MutableMapping[str, Any] = app.storage.user
        self.gates = Gates()
        self.key_status = KeyStatus()
        self.who = OperatorStatus()
        self.tab_id: str | None = None
        """Set once a browser connected; only connected tabs are refreshed and touched."""
        self._page: Client | None = None
        self._key: SecretStr | None = None
        self.operator: Operator = self.access.current(self.storage, touch=True)
        self.changed: Event[[]] = Event()
        """The gates were recomputed (key saved or forgotten, auth status learnt, sign-in changed)."""
        client = ui.context.client
        _TABS[client.id] = self
        client.on_delete(lambda: _TABS.pop(client.id, None))
        self.refresh()

    @staticmethod
    def of(client: Client) -> TabAuth | None:
        """The tab of a page (None for a page without one, e.g. the kiosk: nothing is allowed there)."""
        return _TABS.get(client.id)

    async def connect(self) -> bool:
        """Read the tab's key (only possible once the browser is connected) and follow auth changes.

        False when no browser connected (a health checker or ``curl`` fetched the page): then
        there is no tab to read, and the page is served quietly."""
        client = ui.context.client
        await client.connected()
        if not client.has_socket_connection:
            return False
        self.tab_id = client.tab_id
        stored = app.storage.tab.get(TAB_KEY)
        self._key = SecretStr(stored) if isinstance(stored, str) and stored else None
        if self._key is not None and self.tab_id:
            self.services.sync.offer_key(self.tab_id, self._key)  # the tab was reloaded: keep lending
        client.on_delete(lambda: self._release(client))
        self._page = client  # from now on refreshed and touched by follow_open_tabs' timers
        self._touch()
        self.services.store.auth_changed.subscribe(self.refresh)
        self.refresh()
        return True

    def _touch(self) -> None:
        """NiceGUI purges tab storage by the time of its last *write*: rewriting the key while the
        tab is open means only tabs unseen for ``tab_key_max_age_seconds`` lose it."""
        try:
            storage = app.storage.tab
        except (AssertionError, RuntimeError):  # the tab's storage is gone or not yet there
            return
        if TAB_KEY in storage:
            storage[TAB_KEY] = storage[TAB_KEY]

    def _release(self, page: Client) -> None:
        """The page is gone for good: its tab stops lending its key to the shared feeds, unless a
        newer page of the same tab (a reload) still holds it. Closed tabs leave no key behind."""
        tab_id = self.tab_id
        if tab_id is None:
            return
        others = [c for c in Client.instances.values() if c is not page and getattr(c, "tab_id", None) == tab_id]
        if not others:
            self.services.sync.withdraw_key(tab_id)

    # --- permission ------------------------------------------------------------------------------

    def refusal(self, capability: Capability, operator: Operator | None = None) -> Msg | None:
        """Why this tab may not do ``capability`` now (a sentence), or None when it may."""
        operator = operator or self.operator
        if capability in PI_CAPABILITIES and self._key is not None:
            return None  # the tab's own key: what the key grants on the Pi
        role = operator.role
        if role is None or capability not in ROLE_CAPABILITIES[role]:
            notice = self.access.no_account_notice()
            if notice is not None:
                return notice
            return refusal_by_role(capability, None if operator.name is None else role)
        if capability not in PI_CAPABILITIES:
            return None
        auth = self.services.store.auth
        if auth.open or self.services.keys_configured is not None:
            return None
        return CHECKING_REASON if not auth.known else NO_KEY_REASON

    def reveal_refusal(self, operator: Operator | None = None) -> Msg | None:
        """Why this tab may not reveal secret values, or None: the config capability by role or own key,
        whether or not a Pi key is at hand (the values were read by the shared feeds)."""
        operator = operator or self.operator
        if self._key is not None or (
            operator.role is not None and Capability.CONFIG in ROLE_CAPABILITIES[operator.role]
        ):
            return None
        return MASKED_FOR_ROLE

    def authorize(self, capability: Capability) -> tuple[Operator, Msg | None, bool]:
        """At the moment an action runs: (operator, refusal or None, lend the configured key?).

        The refusal is a :class:`~pidash.i18n.Msg`: ``str`` of it (English) for the audit trail,
        ``t.text`` of it for the page.

        Re-reads the sign-in (expiry, removed account, changed role) and counts as activity.
        """
        self.operator = self.access.current(self.storage, touch=True)
        refusal = self.refusal(capability, self.operator)
        role = self.operator.role
        lend = refusal is None and role is not None and capability in ROLE_CAPABILITIES[role]
        return self.operator, refusal, lend

    def role_label(self, capability: Capability) -> str:
        """For the audit: the role acted with, or ``pi-key`` when only the tab's own key allowed it."""
        role = self.operator.role
        if role is not None and capability in ROLE_CAPABILITIES[role]:
            return role.value
        return "pi-key" if self._key is not None and capability in PI_CAPABILITIES else (role or "none")

    # --- keys ---------------------------------------------------------------------------------

    @property
    def key(self) -> SecretStr | None:
        """The key this tab's own actions would use: its own, else the configured one."""
        return self._key or self.services.keys_configured

    def client(self) -> OrchestratorClient:
        """The client for the action running now: the tab's own key, or the configured key only
        inside a :func:`run_action` whose check allowed it by role; otherwise no key at all."""
        acting = ACTING.get()
        key = self._key
        if key is None and acting is not None and acting.tab is self and acting.lend_configured_key:
            key = self.services.keys_configured
        base = self.services.sync.client
        return _RecordingClient(base.base_url, key, timeout=base.timeout, _shared=base._shared)

    async def save_key(self, raw: str) -> ShownError | None:
        """Keep ``raw`` for this tab if the Pi accepts it; the error otherwise."""
        key = SecretStr(raw.strip())
        error = await self.services.sync.verify_key(key)
        if error is not None:
            return error
        app.storage.tab[TAB_KEY] = key.get_secret_value()
        self._key = key
        if self.tab_id:
            self.services.sync.offer_key(self.tab_id, key)
        self.refresh()
        return None

    def forget_key(self) -> None:
        app.storage.tab.pop(TAB_KEY, None)
        self._key = None
        if self.tab_id:
            self.services.sync.withdraw_key(self.tab_id)
        self.refresh()

    def refresh(self) -> None:
        """Recompute the key status, who is signed in and the gates, in this tab's page's language
        (runs from timers and store events too: the translator captured at build, never ``_()``)."""
        t = self.t
        self.operator = self.access.current(self.storage)
        auth = self.services.store.auth
        k = self.key_status
        k.key_set_here = self._key is not None
        if self._key is not None:
            k.key_label = t.gettext("{mask} (set)").format(mask=MASK)
        elif self.services.keys_configured is not None:
            k.key_label = t.gettext("{mask} (configured)").format(mask=MASK)
        else:
            k.key_label = t.gettext("Not set")
        k.needs_key = not auth.open
        if auth.open:
            k.key_label = t.gettext("Not needed (dev mode)")
        op = self.operator
        self.who.signed_in = op.name is not None
        if op.name is not None:
            role = t.text(ROLE_NAMES[op.role]) if op.role is not None else ""
            self.who.label = t.gettext("{name} ({role})").format(name=op.name, role=role)
        elif self.access.local_mode():
            self.who.label = t.gettext("Local mode (admin)")
        elif op.role is not None:
            self.who.label = t.gettext("Not signed in ({role})").format(role=t.text(ROLE_NAMES[op.role]))
        else:
            self.who.label = t.gettext("Not signed in (no access)")
        for capability in Capability:
            gate, refusal = self.gates[capability], self.refusal(capability, op)
            gate.enabled, gate.reason = refusal is None, t.text(refusal)
        refusal = self.reveal_refusal(op)
        self.gates.reveal.enabled, self.gates.reveal.reason = refusal is None, t.text(refusal)
        self.changed.emit()


def follow_open_tabs(tab_key_max_age_seconds: float) -> None:
    """Start the two timers of all open tabs (call once, at start-up): every
    :data:`GATE_REFRESH_SECONDS` each tab re-reads its sign-in, and every quarter of the key's
    maximum age (at most :data:`MAX_TOUCH_SECONDS`) its key is rewritten.

    Two timers for all tabs rather than two ``ui.timer`` per page: a page's ``ui.timer`` ends only
    once it has slept out its interval, so a closed page stayed in memory (its ``TabAuth``, its
    HTTP request, part of its elements) for up to 10 minutes after NiceGUI had deleted it."""
    app.timer(GATE_REFRESH_SECONDS, _refresh_open_tabs, immediate=False)
    app.timer(min(MAX_TOUCH_SECONDS, tab_key_max_age_seconds / 4), _touch_open_tabs, immediate=False)


def _connected_tabs() -> list[tuple[TabAuth, Client]]:
    return [(tab, tab._page) for tab in list(_TABS.values()) if tab._page is not None]


def _refresh_open_tabs() -> None:
    for tab, _ in _connected_tabs():
        try:
            tab.refresh()
        except Exception:  # one tab's failure must not stop the others' refresh
            logger.exception("could not refresh a tab's gates")


def _touch_open_tabs() -> None:
    for tab, page in _connected_tabs():
        with page:  # app.storage.tab is the storage of the page in context
            tab._touch()


class _RecordingClient(OrchestratorClient):
    """Notes the correlation ID of every call made inside a protected action, for the audit trail."""

    async def request(self, method: str, path: str, parse: Parser[T], **kwargs: Any) -> Reply[T]:
        acting = ACTING.get()
        try:
            reply = await super().request(method, path, parse, **kwargs)
        except OrchestratorError as err:
            if acting is not None and err.correlation_id:
                acting.correlation_ids.append(err.correlation_id)
            raise
        if acting is not None and reply.correlation_id:
            acting.correlation_ids.append(reply.correlation_id)
        return reply

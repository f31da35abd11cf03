"""The API key of one browser tab, and whether that tab may act.

An entered key lives only in ``app.storage.tab`` (server memory, keyed by the tab's id): it
survives a reload of the tab and never reaches disk, a cookie, browser storage or the page. The
shared feeds stop borrowing it when the tab is closed; the server forgets it after
``tab_key_max_age_seconds`` without the tab being seen, or at once on "Forget key". It is
shown only as "•••••••• (set)".
"""

from __future__ import annotations

from nicegui import Client, Event, app, binding, ui
from pydantic import SecretStr

from pidash.orchestrator import OrchestratorClient
from pidash.store import ShownError
from pidash.ui.services import Services

TAB_KEY = "pidash_api_key"
MASK = "••••••••"
NO_KEY_REASON = "The Pi requires an API key for this. Set one with the key button at the top right."
CHECKING_REASON = "Checking with the Pi whether an API key is needed…"


@binding.bindable_dataclass
class Gate:
    """Bindable: may this tab run protected actions, and if not, why."""

    enabled: bool = False
    reason: str = CHECKING_REASON
    key_label: str = "Not set"
    key_set_here: bool = False
    needs_key: bool = True


class TabAuth:
    def __init__(self, services: Services) -> None:
        self.services = services
        self.gate = Gate()
        self.tab_id: str | None = None
        self._key: SecretStr | None = None
        self.changed: Event[[]] = Event()
        """The gate was recomputed (key saved or forgotten, auth status learnt)."""

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
        # NiceGUI purges tab storage by the time of its last *write*: rewrite the key while the
        # tab is open, so that only tabs unseen for ``tab_key_max_age_seconds`` lose it.
        max_age = self.services.settings.tab_key_max_age_seconds
        self._touch()
        ui.timer(min(600.0, max_age / 4), self._touch)
        self.services.store.auth_changed.subscribe(self.refresh)
        self.refresh()
        return True

    def _touch(self) -> None:
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

    @property
    def key(self) -> SecretStr | None:
        """The key this tab acts with: its own, else the configured one."""
        return self._key or self.services.keys_configured

    def client(self) -> OrchestratorClient:
        return self.services.sync.client.with_key(self.key)

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
        auth = self.services.store.auth
        g = self.gate
        g.key_set_here = self._key is not None
        if self._key is not None:
            g.key_label = f"{MASK} (set)"
        elif self.services.keys_configured is not None:
            g.key_label = f"{MASK} (configured)"
        else:
            g.key_label = "Not set"
        g.needs_key = not auth.open
        if auth.open:
            g.enabled, g.reason = True, ""
            g.key_label = "Not needed (dev mode)"
        elif self.key is not None:
            g.enabled, g.reason = True, ""
        elif not auth.known:
            g.enabled, g.reason = False, CHECKING_REASON
        else:
            g.enabled, g.reason = False, NO_KEY_REASON
        self.changed.emit()

"""What every page of a dashboard process shares: settings, the store, its sync and live side, access."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import SecretStr

from pidash.auth.access import Access
from pidash.settings import DashboardSettings
from pidash.store import DashboardStore, StoreSync
from pidash.store.live_sync import LiveSync


@dataclass(frozen=True)
class Services:
    settings: DashboardSettings
    store: DashboardStore
    sync: StoreSync
    live: LiveSync
    access: Access
    """Accounts, sign-in, the audit trail and the anonymous/kiosk policy."""

    @property
    def keys_configured(self) -> SecretStr | None:
        """The key from configuration (``PIDASH_API_KEY``), if any."""
        return self.sync.keys.configured

"""What every page of a dashboard process shares: settings, the store, its sync and live side."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import SecretStr

from pidash.settings import DashboardSettings
from pidash.store import DashboardStore, StoreSync
from pidash.store.live_sync import LiveSync


@dataclass(frozen=True)
class Services:
    settings: DashboardSettings
    store: DashboardStore
    sync: StoreSync
    live: LiveSync

    @property
    def keys_configured(self) -> SecretStr | None:
        """The key from configuration (``PIDASH_API_KEY``), if any."""
        return self.sync.keys.configured

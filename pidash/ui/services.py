"""What every page of a dashboard process shares: settings, the store and its sync."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import SecretStr

from pidash.settings import DashboardSettings
from pidash.store import DashboardStore, StoreSync


@dataclass(frozen=True)
class Services:
    settings: DashboardSettings
    store: DashboardStore
    sync: StoreSync

    @property
    def keys_configured(self) -> SecretStr | None:
        """The key from configuration (``PIDASH_API_KEY``), if any."""
        return self.sync.keys.configured

"""``GET /healthz``: is this dashboard process up, and are its live feeds getting data from the Pi?

For a kiosk watchdog and a site monitor. The answer is always 200 while the process serves (a Pi
that is down is the feeds' state, not the dashboard's health); ``status`` says ``ok`` when every
feed is live and ``degraded`` otherwise. It never holds a secret: no key, no key state, no URL
(an orchestrator URL may carry credentials).
"""

from __future__ import annotations

import gc
import time
from typing import Any

from nicegui import Client, app, background_tasks, binding

from pidash import version
from pidash.store import PROVISIONING_FEED
from pidash.ui.services import Services
from pidash.ui.tab_storage import tab_storages

LIVE_FEED_STATES = frozenset({"connected", "websocket", "polling"})
"""Feed states in which data from the Pi is arriving (polling is the monitor's fallback, still live)."""


def health(services: Services, now: float | None = None) -> dict[str, Any]:
    """``{"status": "ok"|"degraded", "version", "feeds": {name: {"state", "live"}},
    "newest_data_age_seconds": float | None, "pages": {"open": int, "store_subscriptions": int,
    "bindings": int, "tasks": int, "tab_storages": int}, "heap": {"frozen_objects": int}}``;
    the age is that of the last monitoring data (the feed that
    the Pi refreshes continuously), None before any came. ``pages`` shows that closed pages free
    what they held: ``open`` counts browser pages the server still keeps (a closed one is let go
    after the reconnect timeout), ``store_subscriptions`` what pages subscribed to in the store,
    ``bindings`` NiceGUI's binding links (a page's elements bound to the store and to its tab) and
    ``tasks`` NiceGUI's background tasks (among them a page's timers), ``tab_storages`` the tabs'
    storages (a closed tab's goes with it unless it holds a key, ``pidash.ui.tab_storage``).
    ``heap.frozen_objects``: what the start-up froze out of the cycle collector (``pidash.heap_trim``)."""
    now = time.time() if now is None else now
    feeds = {
        name: {"state": feed.state, "live": feed.state in LIVE_FEED_STATES}
        for name, feed in services.store.feeds.items()
        if name != PROVISIONING_FEED or services.settings.batch_provisioning  # not run when switched off
    }
    updated_at = services.live.tracker.updated_at
    age = None if updated_at is None else round(max(0.0, now - updated_at), 1)
    return {
        "status": "ok" if all(f["live"] for f in feeds.values()) else "degraded",
        "version": version(),
        "feeds": feeds,
        "newest_data_age_seconds": age,
        "pages": {
            "open": len(Client.instances),
            "store_subscriptions": services.store.subscriptions(),
            "bindings": sum(map(len, binding.bindings.values())) + len(binding.active_links),
            "tasks": len(background_tasks.running_tasks),
            "tab_storages": tab_storages(),
        },
        "heap": {"frozen_objects": gc.get_freeze_count()},
    }


def register_healthz(services: Services) -> None:
    """Add ``GET /healthz`` to NiceGUI's FastAPI app."""

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, Any]:
        return health(services)

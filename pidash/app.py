"""The dashboard process: one store, one sync, the pages; ``pidash run`` calls :func:`run_dashboard`."""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import Any

from nicegui import app, ui

from pidash.settings import DashboardSettings
from pidash.store import DashboardStore, StoreSync
from pidash.store.live_sync import LiveSync
from pidash.ui.layout import frame
from pidash.ui.nav import NavEntry, enabled_entries
from pidash.ui.pages.context import PageContext
from pidash.ui.pages.kiosk import register_kiosk
from pidash.ui.services import Services
from pidash.ui.tab_auth import TabAuth

FLUSH_INTERVAL_SECONDS = 0.33
"""The one global timer that writes changed device rows and the summary (~3 Hz)."""

logger = logging.getLogger("pidash")


def create_app(settings: DashboardSettings) -> Services:
    """Register pages, startup and shutdown on NiceGUI's ``app``; nothing runs at import time."""
    store = DashboardStore()
    sync = StoreSync(settings, store)
    live = LiveSync(settings, store, sync)  # monitoring view, section polls, log feed
    services = Services(settings=settings, store=store, sync=sync, live=live)
    app.storage.max_tab_storage_age = float(settings.tab_key_max_age_seconds)

    entries = enabled_entries(settings)
    for entry in entries:
        ui.page(entry.path, title=f"PiDash · {entry.label}")(_page(services, entry, entries))
    if not any(entry.path == "/" for entry in entries):
        ui.page("/", title="PiDash")(_home(entries))
    register_kiosk(services)  # /kiosk; with settings.kiosk, / redirects there

    async def startup() -> None:
        await sync.start()
        app.timer(FLUSH_INTERVAL_SECONDS, store.flush)
        await live.start()

    app.on_startup(startup)
    app.on_shutdown(sync.stop)
    app.on_shutdown(live.stop)
    return services


def _page(services: Services, entry: NavEntry, entries: list[NavEntry]) -> Callable[[], Coroutine[Any, Any, None]]:
    async def page() -> None:
        tab = TabAuth(services)
        with frame(services, tab, entry.label, entries, entry.path) as dark:
            entry.build(PageContext(services=services, tab=tab))
        if await tab.connect():
            dark.set_value(bool(app.storage.tab.get("dark", False)))

    return page


def _home(entries: list[NavEntry]) -> Callable[[], None]:
    def home() -> None:
        if entries:
            ui.navigate.to(entries[0].path)
        else:
            ui.label("No screens are enabled in this dashboard's configuration.")

    return home


def run_dashboard(
    settings: DashboardSettings, *, on_shutdown: Callable[[], Coroutine[Any, Any, None]] | None = None
) -> None:
    """Serve the dashboard until stopped; ``on_shutdown`` runs after the feeds have stopped."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per request; the client logs what matters
    create_app(settings)
    if on_shutdown is not None:
        app.on_shutdown(on_shutdown)
    logger.info("pidash: serving on http://%s:%s against %s", settings.host, settings.port, settings.orchestrator_url)
    ui.run(
        host=settings.host,
        port=settings.port,
        title="PiDash",
        favicon="📷",
        reload=False,
        show=False,
        dark=False,
        reconnect_timeout=settings.reconnect_timeout_seconds,
        timeout_graceful_shutdown=2,
        show_welcome_message=False,
    )

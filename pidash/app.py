"""The dashboard process: one store, one sync, the pages; ``pidash run`` calls :func:`run_dashboard`."""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any, cast

from nicegui import __version__ as nicegui_version
from nicegui import app, ui
from starlette.requests import Request
from starlette.responses import RedirectResponse
from starlette.types import ASGIApp
from starlette_compress import CompressMiddleware

from pidash.auth.access import Access
from pidash.auth.secret import storage_secret
from pidash.db import Database
from pidash.healthz import register_healthz
from pidash.heap_trim import HeapTrimmer, freeze_startup_heap
from pidash.history.recorder import HistoryRecorder
from pidash.i18n import _
from pidash.i18n.page import install_quasar_language, localize_page
from pidash.log_format import configure_logging
from pidash.not_found import register_not_found
from pidash.settings import DashboardSettings
from pidash.static_cache import PrecompressedStatic
from pidash.store import DashboardStore, StoreSync
from pidash.store.live_sync import LiveSync
from pidash.ui.layout import frame
from pidash.ui.nav import NavEntry, enabled_entries
from pidash.ui.pages.context import PageContext
from pidash.ui.pages.kiosk import register_kiosk
from pidash.ui.pages.login import login_redirect, register_login
from pidash.ui.pages.report import register_report
from pidash.ui.services import Services
from pidash.ui.tab_auth import TabAuth, follow_open_tabs
from pidash.ui.tab_storage import drop_empty_closed_tabs
from pidash.ui.theme import STATIC_URL

STATIC_DIR = Path(__file__).resolve().parent / "ui" / "static"

SUMMARY_TICK_SECONDS = 1.0
"""The global clock: the session summary's time left; rows flush on change, not on a timer."""

logger = logging.getLogger("pidash")


def create_app(settings: DashboardSettings) -> Services:
    """Register pages, startup and shutdown on NiceGUI's ``app``; nothing runs at import time."""
    store = DashboardStore()
    sync = StoreSync(settings, store)
    live = LiveSync(settings, store, sync)  # monitoring view, section polls, log feed
    access = Access(settings, Database(settings.data_dir))
    services = Services(settings=settings, store=store, sync=sync, live=live, access=access)
    history = HistoryRecorder(access.db, store)  # every followed batch into SQLite, as events arrive
    app.storage.max_tab_storage_age = float(settings.tab_key_max_age_seconds)
    drop_empty_closed_tabs()  # a closed tab without a key leaves nothing behind
    app.add_static_files(STATIC_URL, STATIC_DIR)
    install_quasar_language()  # each page sets Quasar's language pack to its own

    entries = enabled_entries(settings)
    for entry in entries:
        ui.page(entry.path, title=f"PiDash · {entry.label}")(_page(services, entry, entries))
    if not any(entry.path == "/" for entry in entries):
        ui.page("/", title="PiDash")(_home(settings, entries))
    register_kiosk(services)  # /kiosk; with settings.kiosk, / redirects there
    register_healthz(services)  # /healthz: feed states for a watchdog, no secrets
    register_login(services)
    register_report(services)  # /history/report/{session_id}: a batch's printable report
    register_not_found(settings.language)  # a page in the reader's language, with the way back
    access.log_startup()

    async def startup() -> None:
        await sync.start()
        app.timer(SUMMARY_TICK_SECONDS, store.tick)
        app.timer(SUMMARY_TICK_SECONDS, history.check_session)  # session changes that move no camera row
        follow_open_tabs(settings.tab_key_max_age_seconds)  # sign-in and key of every open tab
        await live.start()
        frozen = freeze_startup_heap()  # full collections walk only what pages and feeds make later
        logger.debug("%d objects made at start-up frozen out of the cycle collector", frozen)

    app.on_startup(startup)
    trimmer = HeapTrimmer()  # closed pages' memory back to the OS, once the deletions are quiet
    app.on_delete(trimmer.schedule)
    app.on_shutdown(trimmer.stop)
    app.on_shutdown(sync.stop)
    app.on_shutdown(live.stop)
    app.on_shutdown(history.close)
    return services


def _page(
    services: Services, entry: NavEntry, entries: list[NavEntry]
) -> Callable[[Request], Coroutine[Any, Any, RedirectResponse | None]]:
    async def page(request: Request) -> RedirectResponse | None:
        t = localize_page(services.settings.language)
        ui.page_title(f"PiDash · {t.text(entry.label)}")
        tab = TabAuth(services, request)
        if tab.operator.role is None:
            return login_redirect(entry.path)
        with frame(services, tab, t.text(entry.label), entries, entry.path):
            entry.build(PageContext(services=services, tab=tab))
        await tab.connect()  # False for a page fetched without a browser: nothing more to do
        return None

    return page


def _home(settings: DashboardSettings, entries: list[NavEntry]) -> Callable[[], None]:
    def home() -> None:
        localize_page(settings.language)
        if entries:
            ui.navigate.to(entries[0].path)
        else:
            ui.label(_("No screens are enabled in this dashboard's configuration."))

    return home


FIRST_LOAD_ASSETS = (
    "quasar.umd.prod.js",
    "vue.esm-browser.prod.js",
    "quasar.unimportant.prod.css",
    "quasar.important.prod.css",
    "socket.io.min.js",
    "dompurify.mjs",
    "nicegui.js",
    "nicegui.css",
    "fonts.css",
)
"""NiceGUI's files that every page loads (its index.html template)."""


def _compress(asgi: ASGIApp) -> ASGIApp:
    """zstd, brotli or gzip, whichever the browser takes, at levels that cost ~40 ms for a cold load's
    assets; static assets are compressed once more at the strongest level and then served from
    memory (``pidash.static_cache``)."""
    fast = CompressMiddleware(asgi, zstd_level=9, brotli_quality=6, gzip_level=9)
    nicegui_static = f"/_nicegui/{nicegui_version}/static/"
    first_load = [nicegui_static + name for name in FIRST_LOAD_ASSETS] + [f"{STATIC_URL}/utilities.css"]
    return PrecompressedStatic(fast, prefixes=("/_nicegui/", f"{STATIC_URL}/"), warm=first_load)


def run_dashboard(
    settings: DashboardSettings, *, on_shutdown: Callable[[], Coroutine[Any, Any, None]] | None = None
) -> None:
    """Serve the dashboard until stopped; ``on_shutdown`` runs after the feeds have stopped."""
    configure_logging(settings.log_format)
    create_app(settings)
    if on_shutdown is not None:
        app.on_shutdown(on_shutdown)
    tls: dict[str, Any] = {}
    if settings.ssl_certfile is not None and settings.ssl_keyfile is not None:
        tls = {"ssl_certfile": str(settings.ssl_certfile), "ssl_keyfile": str(settings.ssl_keyfile)}
    url = f"{'https' if tls else 'http'}://{settings.host}:{settings.port}"
    logger.info("pidash: serving on %s against %s", url, settings.orchestrator_url)
    ui.run(
        host=settings.host,
        port=settings.port,
        title="PiDash",
        favicon="📷",
        reload=False,
        show=False,
        dark=False,  # the pages of the frame follow the OS until the user chooses (pidash.ui.layout)
        reconnect_timeout=settings.reconnect_timeout_seconds,
        timeout_graceful_shutdown=2,
        show_welcome_message=False,
        tailwind=False,  # pidash/ui/static/utilities.css instead of the in-browser compiler
        gzip_middleware_factory=cast(Any, _compress),
        log_config=None,  # uvicorn's records go through our one handler (PIDASH_LOG_FORMAT)
        uvicorn_logging_level="info",  # start, stop and errors of the server
        access_log=False,  # a line per request is noise on a kiosk that polls
        server_header=False,  # no "server: uvicorn" on every answer (~20 bytes x 20 on a cold load)
        # No permessage-deflate on the pages' sockets: it holds ~300 KiB of zlib state per open page
        # (20 pages: 6 MiB at the peak, kept by the allocator after they close) and compresses every
        # change once per browser; on a site's LAN a 50-camera delta (~20 KB) costs nothing to send.
        ws_per_message_deflate=False,
        **tls,  # uvicorn's TLS (pidash run --ssl-certfile/--ssl-keyfile)
        storage_secret=storage_secret(settings.data_dir),  # signs the HttpOnly, SameSite=Lax session cookie
    )

"""The kiosk, page ``/kiosk``: a read-only, large-type screen for a display next to the Pi.

No controls and nothing that needs a key. It is a pure view of the store, so it stays current by
itself: the feeds reconnect to a restarted Pi, and NiceGUI reloads the page when a restarted
dashboard comes back. ``pidash --kiosk`` makes ``/`` redirect here.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from nicegui import app, ui
from starlette.requests import Request
from starlette.responses import RedirectResponse

from pidash.i18n import _, current, pgettext
from pidash.i18n.page import localize_page
from pidash.store import MONITOR_FEED, PROVISIONING_FEED
from pidash.store.sections import SYSTEM
from pidash.store.thresholds import CPU, DISK, MEMORY, TEMPERATURE
from pidash.ui.attributes import attrs
from pidash.ui.components.batch_progress import BatchProgress
from pidash.ui.components.device_board import DeviceBoard
from pidash.ui.components.feed_indicator import FeedChip
from pidash.ui.components.level_style import (
    LEVEL_CSS,
    LevelLabel,
    StaleColumn,
    bind_freshness,
    bind_variant,
)
from pidash.ui.components.live_text import LiveText
from pidash.ui.components.metric_tile import metric_tile
from pidash.ui.pages.login import login_redirect
from pidash.ui.services import Services
from pidash.ui.theme import SESSION_STATE_COLOR, apply_theme

KIOSK_PATH = "/kiosk"
KIOSK_CSS = """
body.pd-kiosk-body { background: #0d1117; color: #f0f6fc; }
.pd-kiosk { width: 100%; max-width: 1900px; margin: 0 auto; padding: 24px; font-size: 22px;
  --pd-kiosk-tile-h: 120px; --pd-kiosk-pager-h: 56px; }
.pd-kiosk .q-card { background: #161b22; color: #f0f6fc; border: 1px solid #30363d; }
.pd-kiosk-body .pd-kiosk .text-grey-8,
.pd-kiosk-muted { color: #c9d1d9 !important; }
.pd-kiosk .q-linear-progress__track { opacity: 0.3; }
.pd-kiosk-feeds { margin-left: auto; }
.pd-kiosk-host { overflow-wrap: anywhere; }
.pd-kiosk-health { display: flex; gap: 24px; }
.pd-kiosk-metric { flex: 1 1 auto; min-width: 200px; }
.pd-kiosk-tile { display: flex; flex-direction: column; gap: 6px; height: var(--pd-kiosk-tile-h); overflow: hidden;
  padding: 10px 14px !important; }
.pd-kiosk-tile .row .text-h5 { line-height: 28px; }
.pd-kiosk-tile .q-badge { align-self: flex-start; max-width: 100%; white-space: normal; overflow-wrap: anywhere;
  line-height: 1.1; padding: 3px 10px !important; }
.pd-kiosk-reason { font-size: 16px; line-height: 20px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
/* A screen 1,000 px tall or more gives a failure's reason two lines (a kiosk has no hover to show
   the rest); the tiles grow to hold them. */
@media (min-height: 1000px) {
  .pd-kiosk { --pd-kiosk-tile-h: 140px; }
  .pd-kiosk-reason { display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 2;
    white-space: normal; overflow-wrap: anywhere; }
}
.pd-kiosk-devices { display: grid; gap: 12px; grid-template-columns: repeat(auto-fill, minmax(240px, 1fr)); }
.pd-kiosk-dense .pd-kiosk { padding-top: 12px; gap: 12px !important; }
.pd-kiosk-dense .pd-kiosk .text-h1 { font-size: 3.2rem; line-height: 1.1; }
.pd-kiosk-dense .pd-kiosk .text-h3 { font-size: 2.2rem; }
.pd-kiosk-pager { font-size: 24px; text-align: center; padding-top: 12px; color: #c9d1d9; }
.pd-kiosk-chip { background: rgba(255,255,255,0.12); font-size: 20px; }
.pd-kiosk-chip .text-caption { font-size: 20px !important; }
@media (max-width: 1000px) {
  .pd-kiosk { padding: 16px; }
  .pd-kiosk-health { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 16px; }
  .pd-kiosk-metric { min-width: 0; }
  .pd-kiosk .pd-kiosk-metric .text-h1 { font-size: clamp(2.5rem, 8.5vw, 4.5rem); white-space: nowrap; }
  .pd-kiosk-dense .pd-kiosk .pd-kiosk-metric .text-h1 { font-size: clamp(2.2rem, 8.5vw, 3.2rem); }
  .pd-kiosk-metric .text-h5 { font-size: 1.25rem; overflow-wrap: anywhere; min-width: 0; }
}
/* A short, narrow or upright screen (the Pi's 7-inch display, 800x480 or upright 480x800; a
   1024x600 panel; 1366x768; a tablet upright): smaller type, the four health tiles in one row (two on a
   narrow screen), so that the verdict, the session's progress and a row of cameras are on screen
   with nobody to scroll. */
@media (max-height: 800px), (max-width: 640px), (orientation: portrait) and (max-height: 1300px) {
  .pd-kiosk { padding: 8px 12px; font-size: 16px; gap: 8px !important;
    --pd-kiosk-tile-h: 84px; --pd-kiosk-pager-h: 32px; }
  .pd-kiosk > * { gap: 8px !important; }
  .pd-kiosk .text-h1, .pd-kiosk-dense .pd-kiosk .text-h1,
  .pd-kiosk .pd-kiosk-metric .text-h1, .pd-kiosk-dense .pd-kiosk .pd-kiosk-metric .text-h1 {
    font-size: 1.75rem; line-height: 1.1; }
  .pd-kiosk .text-h3, .pd-kiosk-dense .pd-kiosk .text-h3 { font-size: 1.5rem; line-height: 1.2; }
  .pd-kiosk .text-h4 { font-size: 1.25rem; line-height: 1.3; }
  .pd-kiosk .text-h5, .pd-kiosk .pd-kiosk-metric .text-h5 { font-size: 1rem; line-height: 1.3; }
  .pd-kiosk .text-h6 { font-size: 0.875rem; line-height: 1.3; }
  .pd-kiosk .q-icon { font-size: 1.5rem !important; }
  .pd-kiosk-chip, .pd-kiosk-chip .text-caption { font-size: 14px !important; }
  .pd-kiosk-health { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 8px; }
  .pd-kiosk-metric { min-width: 0; padding: 8px !important; gap: 4px !important; }
  .pd-kiosk-metric > * { gap: 4px !important; }
  .pd-kiosk .q-card.q-pa-lg { padding: 10px 12px !important; }
  .pd-kiosk .q-card .gap-4 { gap: 6px 12px !important; }
  .pd-kiosk .q-card .gap-8 { gap: 4px 16px !important; }
  .pd-kiosk-devices { gap: 8px; }
  .pd-kiosk-tile { padding: 5px 10px !important; gap: 2px; }
  .pd-kiosk-tile .row .text-h5 { line-height: 22px; }
  .pd-kiosk-tile .q-badge { padding: 2px 8px !important; }
  .pd-kiosk-reason { font-size: 14px; line-height: 18px; display: block; white-space: nowrap; }
  .pd-kiosk .pd-progress { height: 14px !important; }
  .pd-kiosk .pd-device-board { gap: 4px; }
  .pd-kiosk .pd-kiosk-note.q-py-sm { padding-top: 2px !important; padding-bottom: 2px !important; }
  .pd-kiosk-pager { font-size: 16px; line-height: 24px; padding-top: 0; }
  .pd-kiosk-body .nicegui-content { padding: 0; }
}
/* The Pi's 7-inch display on its side (480 px tall): the gauges go, the value and its word share a
   line, and the session's outcome takes the size of the counts: with the Pi unreachable and a
   session ended, a row of cameras still fits (test_kiosk.py). */
@media (max-height: 520px) {
  .pd-kiosk-metric .q-linear-progress { display: none; }
  .pd-kiosk .pd-kiosk-metric { display: grid; grid-template-columns: auto 1fr; align-items: baseline;
    column-gap: 8px; }
  .pd-kiosk-metric > :first-child { grid-column: 1 / -1; }
  .pd-kiosk-metric > :last-child { justify-self: end; text-align: right; }
  .pd-kiosk .pd-kiosk-note { font-size: 1rem; line-height: 1.3; }
  .pd-kiosk, .pd-kiosk > * { gap: 6px !important; }
  .pd-kiosk .q-card .gap-4 { gap: 4px 12px !important; }
}
/* Below 900 px the feeds' chips take their short names (as every page's do below 600 px), so that
   the header keeps to one line whatever the feeds say ("Reconnecting", "Offline"). In NiceGUI's
   `overrides` layer: an `!important` there outranks Quasar's own (`xs`, `gt-xs`), one unlayered does not. */
@layer overrides {
  @media (max-width: 900px) {
    .pd-kiosk-chip .gt-xs { display: none !important; }
    .pd-kiosk-chip .xs { display: block !important; }
  }
}
@media (max-width: 640px) { .pd-kiosk-health { grid-template-columns: repeat(2, minmax(0, 1fr)); } }
"""


def register_kiosk(services: Services) -> None:
    """``/kiosk``; with ``settings.kiosk`` also ``/`` (registered last, so it replaces the home page).

    Shown to a visitor with a role, or without sign-in from ``PIDASH_TRUSTED_NETWORKS``; else the
    sign-in page.
    """
    access = services.access

    def kiosk(request: Request) -> RedirectResponse | None:
        address = request.client.host if request.client else ""
        if access.current(app.storage.user, touch=True).role is None and not access.trusted(address):
            return login_redirect(KIOSK_PATH)
        localize_page(services.settings.language)
        ui.page_title(_("PiDash · Kiosk"))
        build(services)
        return None

    ui.page(KIOSK_PATH, title="PiDash · Kiosk")(kiosk)
    if services.settings.kiosk:

        def root() -> RedirectResponse:
            return RedirectResponse(KIOSK_PATH)

        ui.page("/", title="PiDash")(root)


def build(services: Services) -> None:
    live = services.live
    view = live.tracker.view
    t = current()
    apply_theme()
    ui.add_css(LEVEL_CSS)
    ui.add_css(KIOSK_CSS)
    ui.query("body").classes("pd-kiosk-body")
    with attrs(ui.column(), aria_label=_("Kiosk")).classes("pd-kiosk gap-6").props('role="main"'):
        _header(services)
        with ui.row().classes("w-full items-center gap-4 wrap"):
            verdict = LevelLabel()
            verdict.classes("text-h3 text-weight-bold").props('data-testid="kiosk-overall"')
            verdict.bind_text_from(view, "headline", t.text)
            bind_variant(verdict, view, "headline_level")
            ui.space()
            LiveText().bind_text_from(view, "age_text", t.text).classes("text-h6 pd-kiosk-muted").props(
                'data-testid="kiosk-age"'
            )
            ui.label(_("STALE")).bind_visibility_from(view, "stale").classes(
                "text-h5 text-weight-bold q-px-md bg-amber-7 text-black rounded-borders"
            ).props('data-testid="kiosk-stale"')
        fresh = StaleColumn()
        fresh.classes("w-full")
        bind_freshness(fresh, view)
        with fresh, ui.element().classes("w-full pd-kiosk-health"):
            for metric in (CPU, MEMORY, DISK, TEMPERATURE):
                metric_tile(view, metric, live.tracker.thresholds[metric], large=True)
        if services.settings.batch_provisioning:
            _session(services)


def _header(services: Services) -> None:
    store, sections = services.store, services.live.sections
    # Two groups that wrap as wholes: on a narrow (portrait) screen the feeds and the clock take a
    # line of their own, on the right, instead of running off the screen.
    with ui.row().classes("w-full items-center gap-4 wrap"):
        with ui.row().classes("items-center gap-4 no-wrap"):
            ui.icon("camera_outdoor", size="xl", color="blue-4")
            with ui.column().classes("gap-0"):
                ui.label("PiDash").classes("text-h4 text-weight-bold leading-none")
                host = ui.label("").classes("text-h6 pd-kiosk-muted pd-kiosk-host").props('data-testid="kiosk-host"')
        with ui.row().classes("items-center justify-end gap-4 wrap pd-kiosk-feeds"):
            if services.settings.batch_provisioning:
                FeedChip(
                    store.feeds[PROVISIONING_FEED], _("Provisioning"), pgettext("feed name, narrow screen", "Prov.")
                ).classes("pd-kiosk-chip")
            FeedChip(store.feeds[MONITOR_FEED], _("Monitoring"), pgettext("feed name, narrow screen", "Mon.")).classes(
                "pd-kiosk-chip"
            )
            clock = ui.label().classes("text-h4 pd-mono").props('data-testid="kiosk-clock"')

    def update_host() -> None:
        data = sections[SYSTEM].data
        parts = [p for p in (data.hostname, data.ip_address) if p] if data is not None else []
        host.set_text(" · ".join(parts) or "Raspberry Pi")  # a field Pi names neither (FIELD-NOTES)

    def tick() -> None:
        clock.set_text(datetime.now().strftime("%H:%M"))

    sections[SYSTEM].changed.subscribe(update_host)
    update_host()
    tick()
    ui.timer(5.0, tick)


def _filled(template: str) -> Callable[[int], str]:
    """``"{count} found"`` (already translated) → ``3`` → ``"3 found"``, for a binding."""
    return lambda n: template.format(count=n)


def _session(services: Services) -> None:
    store = services.store
    summary = store.summary
    t = current()
    with attrs(ui.card(), aria_label=_("Provisioning session")).classes("w-full q-pa-lg gap-4").props("flat"):
        ui.label(_("No provisioning session is running.")).classes("text-h4 pd-kiosk-muted").bind_visibility_from(
            summary, "present", lambda p: not p
        ).props('data-testid="kiosk-no-session"')
        with ui.column().classes("w-full gap-4").bind_visibility_from(summary, "present"):
            with ui.row().classes("w-full items-center gap-4"):
                ui.badge().bind_text_from(summary, "state_label", t.text).classes(
                    "text-h4 text-weight-bold q-px-md rounded-borders text-white"
                ).bind_background_color_from(summary, "state", lambda s: SESSION_STATE_COLOR.get(s, "grey-8")).props(
                    'multi-line data-testid="kiosk-session-state"'
                )
                LiveText().bind_text_from(
                    summary, "target_ssid", lambda s: t.gettext("Wi-Fi {ssid}").format(ssid=s)
                ).classes("text-h4")
                ui.space()
                LiveText().bind_text_from(
                    summary,
                    "time_remaining",
                    lambda left: t.gettext("{time} left").format(time=t.text(left)) if left else "",
                ).classes("text-h4 pd-mono").props('data-testid="kiosk-time-left"')
            LiveText().bind_text_from(summary, "as_of", t.text).bind_visibility_from(summary, "as_of").classes(
                "text-h5 text-weight-bold q-px-md q-py-sm rounded-borders bg-amber-3 text-black pd-kiosk-note"
            ).props('data-testid="kiosk-as-of" aria-live="polite"')
            LiveText().bind_text_from(summary, "outcome", t.text).bind_visibility_from(summary, "outcome").classes(
                "text-h4 text-weight-bold pd-kiosk-note"
            ).props('data-testid="kiosk-outcome" aria-live="polite"')
            BatchProgress(summary, height="28px").props('data-testid="kiosk-progress"')
            with ui.row().classes("w-full items-baseline gap-8"):
                LiveText().bind_text_from(summary, "progress_label", t.text).classes("text-h3 text-weight-bold").props(
                    'data-testid="kiosk-progress-label"'
                )
                for field, label in (
                    ("discovered", _("{count} found")),
                    ("provisioned", _("{count} provisioned")),
                    ("failed", _("{count} failed")),
                ):
                    LiveText().bind_text_from(summary, field, _filled(label)).classes("text-h5").props(
                        f'data-testid="kiosk-count-{field}"'
                    )
        DeviceBoard(store, variant="kiosk").classes("w-full")

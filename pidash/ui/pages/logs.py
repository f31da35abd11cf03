"""Page ``/logs``: the Pi's live log (one log feed per process, into a bounded buffer).

Filter by lowest level and by text; pause keeps the view still while the buffer keeps filling,
resume shows what came meanwhile (and says how many lines fell out of the buffer).
"""

from __future__ import annotations

from nicegui import ui

from pidash.i18n import _, current, msg, pgettext
from pidash.store.live_sync import LOG_FEED
from pidash.store.logs import LogLine
from pidash.ui.attributes import attrs
from pidash.ui.components.feed_indicator import FeedChip
from pidash.ui.pages.context import PageContext

LEVEL_OPTIONS = {
    "debug": msg("All levels"),
    "info": msg("Info and above"),
    "warning": msg("Warning and above"),
    "error": msg("Error and above"),
}
"""The lowest level shown, for each of ``pidash.store.logs.LEVELS``."""
LOG_CSS = """
.pd-log { height: 60vh; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 13px;
          background: #0d1117; color: #e6edf3; border-radius: 6px; padding: 8px 12px; }
.pd-log .pd-log-debug { color: #8b949e; }
.pd-log .pd-log-warning { color: #f2cc60; }
.pd-log .pd-log-error { color: #ff7b72; font-weight: 600; }
.pd-log .pd-log-line { white-space: pre-wrap; overflow-wrap: anywhere; }  /* wrap, never scroll sideways */
"""


def build(ctx: PageContext) -> None:
    store = ctx.services.store
    live = ctx.services.live
    buffer = live.logs
    ui.add_css(LOG_CSS)
    shown_seq = [buffer.last_seq]
    paused = [False]
    t = current()  # the buffer's subscribers run outside the page's context

    with ui.row().classes("w-full items-center gap-3 wrap"):
        FeedChip(store.feeds[LOG_FEED], _("Logs"), pgettext("feed name, narrow screen", "Logs")).classes(
            "bg-blue-grey-1 text-blue-grey-10"
        )
        options = {level: t.text(label) for level, label in LEVEL_OPTIONS.items()}
        level = attrs(
            ui.select(options, value="debug", label=_("Level")).props("outlined dense").classes("w-52"),
            aria_label=_("Lowest level shown"),
            data_testid="log-level",
        )
        query = attrs(
            ui.input(_("Search"), placeholder=_("text or component")).props("outlined dense clearable").classes("w-64"),
            aria_label=_("Search the log"),
            data_testid="log-search",
        )
        ui.space()
        pending = ui.label().classes("text-body2 text-amber-10").props('data-testid="log-pending"')
        pause = attrs(
            ui.button(_("Pause"), icon="pause").props("outline color=primary"),
            aria_label=_("Pause the log"),
            data_testid="log-pause",
        )
    unavailable = (
        ui.label(_("The log stream is not available on this Pi."))
        .classes("text-h6 text-grey-7")
        .props('data-testid="section-unavailable"')
    )
    log = ui.log(max_lines=buffer.lines.maxlen).classes("w-full pd-log").props('aria-live="off" role="log"')
    log.props('data-testid="log-view"')
    count = ui.label().classes("text-caption text-grey-7").props('data-testid="log-count"')

    def push(lines: list[LogLine]) -> None:
        lvl, q = str(level.value or "debug"), str(query.value or "").strip()
        for line in lines:
            if line.matches(lvl, q):
                log.push(line.text(), classes=f"pd-log-line pd-log-{line.level}")

    def show_count() -> None:
        count.set_text(
            t.ngettext(
                "{count} line in the buffer (newest {kept} kept)",
                "{count} lines in the buffer (newest {kept} kept)",
                len(buffer.lines),
            ).format(count=len(buffer.lines), kept=buffer.lines.maxlen)
        )

    def redraw() -> None:
        log.clear()
        push(list(buffer.lines))
        shown_seq[0] = buffer.last_seq
        pending.set_text("")

    def on_added() -> None:
        show_count()
        if paused[0]:
            waiting = buffer.last_seq - shown_seq[0]
            pending.set_text(
                t.ngettext("Paused · {count} new line", "Paused · {count} new lines", waiting).format(count=waiting)
            )
            return
        lines, _dropped = buffer.after(shown_seq[0])
        push(lines)
        shown_seq[0] = buffer.last_seq

    def toggle_pause() -> None:
        paused[0] = not paused[0]
        if paused[0]:
            pause.set_text(t.gettext("Resume"))
            attrs(pause.props("icon=play_arrow"), aria_label=t.gettext("Resume the log"))
            pending.set_text(t.gettext("Paused"))
            return
        pause.set_text(t.gettext("Pause"))
        attrs(pause.props("icon=pause"), aria_label=t.gettext("Pause the log"))
        lines, dropped = buffer.after(shown_seq[0])
        if dropped:
            note = t.ngettext(
                "… {count} line fell out of the buffer while paused",
                "… {count} lines fell out of the buffer while paused",
                dropped,
            ).format(count=dropped)
            log.push(note, classes="pd-log-line pd-log-warning")
        push(lines)
        shown_seq[0] = buffer.last_seq
        pending.set_text("")

    def availability() -> None:
        unavailable.set_visibility(buffer.unavailable)

    pause.on_click(toggle_pause)
    level.on_value_change(lambda _e: redraw())
    query.on_value_change(lambda _e: redraw())
    buffer.added.subscribe(on_added)
    buffer.availability_changed.subscribe(availability)
    availability()
    redraw()
    show_count()

"""Where the Pi's health comes from and how fresh it is: the feed indicator, transport, age, staleness."""

from __future__ import annotations

from nicegui import ui

from pidash.i18n import _, current, pgettext
from pidash.store import FeedStatus
from pidash.store.monitor_view import MonitorView
from pidash.ui.components.feed_indicator import FeedChip
from pidash.ui.components.live_text import LiveText


def monitor_status(status: FeedStatus, view: MonitorView) -> ui.row:
    t = current()
    with ui.row().classes("items-center gap-3 wrap") as row:
        FeedChip(status, _("Monitoring"), pgettext("feed name, narrow screen", "Mon.")).classes(
            "bg-blue-grey-1 text-blue-grey-10"
        )
        LiveText().bind_text_from(
            view,
            "transport",
            lambda transport: t.gettext("Connection: {transport}").format(transport=t.text(transport)),
        ).classes("text-subtitle1 text-weight-medium").props('data-testid="monitor-transport"')
        LiveText().bind_text_from(view, "age_text", t.text).classes("text-body2 text-grey-8").props(
            'data-testid="monitor-age"'
        ).props('aria-live="off"')
        with (
            ui.row()
            .classes("items-center gap-1 rounded-borders q-px-sm bg-amber-2 text-amber-10")
            .props('role="status"')
            .bind_visibility_from(view, "stale")
            .props('data-testid="monitor-stale"')
        ):
            ui.icon("history_toggle_off")
            ui.label(_("Stale: not current")).classes("text-body2 text-weight-bold")
    return row

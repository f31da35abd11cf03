"""The one live-feed indicator: a chip bound to a store ``FeedStatus``, with an ARIA live region."""

from __future__ import annotations

from nicegui import ui

from pidash.store import FeedStatus
from pidash.ui.theme import FEED_STYLE


def feed_indicator(status: FeedStatus, short_name: str) -> ui.element:
    with ui.row().classes("items-center gap-1 no-wrap rounded-full px-3 py-1 pd-chip") as chip:
        chip.props(f'role="status" aria-live="polite" aria-label="{short_name} feed status"')
        ui.icon("sensors", size="sm").bind_name_from(status, "state", lambda s: FEED_STYLE.get(s, ("grey", "help"))[1])
        ui.label(f"{short_name}:").classes("text-caption gt-xs")
        ui.label().classes("text-caption text-weight-bold pd-online-only").bind_text_from(status, "label").mark(
            f"feed-{short_name.lower()}"
        )
        # What the server last said is not what this tablet knows when it lost the dashboard (theme.OFFLINE_JS).
        ui.label("This tablet is offline").classes("text-caption text-weight-bold pd-offline-only")
        with ui.tooltip():
            ui.label().bind_text_from(status, "detail")
    return chip

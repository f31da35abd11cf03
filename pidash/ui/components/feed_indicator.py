"""The one live-feed indicator: a chip bound to a store ``FeedStatus``, with an ARIA live region."""

from __future__ import annotations

from nicegui import ui

from pidash.i18n import current
from pidash.store import FeedStatus
from pidash.ui.attributes import attrs
from pidash.ui.theme import FEED_STYLE


def feed_indicator(status: FeedStatus, short_name: str) -> ui.element:
    """``short_name`` in the page's language ("Provisioning"); the chip's mark (``feed-provisioning``)
    comes from the feed's own English name, so it is the same in every language."""
    t = current()  # the label and tooltip change later, from the store (outside the page's context)
    with ui.row().classes("items-center gap-1 no-wrap rounded-full px-3 py-1 pd-chip") as chip:
        chip.props('role="status" aria-live="polite"')
        attrs(chip, aria_label=t.gettext("{name} feed status").format(name=short_name))
        ui.icon("sensors", size="sm").bind_name_from(status, "state", lambda s: FEED_STYLE.get(s, ("grey", "help"))[1])
        ui.label(t.gettext("{name}:").format(name=short_name)).classes("text-caption gt-xs")
        ui.label().classes("text-caption text-weight-bold pd-online-only").bind_text_from(status, "label", t.text).mark(
            f"feed-{status.name.split()[0].lower()}"
        )
        # What the server last said is not what this tablet knows when it lost the dashboard (theme.OFFLINE_JS).
        ui.label(t.gettext("This tablet is offline")).classes("text-caption text-weight-bold pd-offline-only")
        with ui.tooltip():
            ui.label().bind_text_from(status, "detail", t.text)
    return chip

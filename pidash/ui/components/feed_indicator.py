"""The one live-feed indicator: a chip following a store ``FeedStatus``, with an ARIA live region.

One element per chip (:class:`~pidash.ui.components.state_view.StateView`; it was a row, an icon,
three labels and a tooltip: six NiceGUI elements and three bindings in every open page), drawn by
``feed_chip.js``.
"""

from __future__ import annotations

from pidash.i18n import current
from pidash.store import FeedStatus
from pidash.ui.attributes import attrs
from pidash.ui.components.state_view import StateView
from pidash.ui.theme import FEED_STYLE

CHIP_CLASSES = "row items-center gap-1 no-wrap rounded-full px-3 py-1 pd-chip"


class FeedChip(StateView, component="feed_chip.js", dependencies=["pushed.js"]):
    """``state``: ``[icon, label, detail]`` (the detail is a sentence for the tooltip); the label is
    shown while the browser has the dashboard, "Unknown" when it lost it (``theme.OFFLINE_JS``: what
    the server last said is not what this tablet knows then; the page's banner says why, and a short
    word keeps the header on one line)."""

    def __init__(self, status: FeedStatus, short_name: str, narrow_name: str) -> None:
        """``short_name`` in the page's language ("Provisioning"), ``narrow_name`` what shows of it below
        600 px ("Prov."; the accessible name keeps the whole one); the label's test id
        (``feed-provisioning``) comes from the feed's own English name, the same in every language."""
        super().__init__()
        self._t = t = current()  # the label and tooltip change later, from the store (outside the page's context)
        self._status = status
        self.classes(CHIP_CLASSES).props('role="status" aria-live="polite"')
        attrs(self, aria_label=t.gettext("{name} feed status").format(name=short_name))
        self._props.update(
            name=t.gettext("{name}:").format(name=short_name),
            narrow=narrow_name,
            offline=t.pgettext("feed state while this tablet has lost the dashboard", "Unknown"),
            testid=f"feed-{status.name.split()[0].lower()}",
        )
        self.follow(status, ("state", "label", "detail"))

    def state_now(self) -> list[str]:
        status = self._status
        icon = FEED_STYLE.get(status.state, ("grey", "help"))[1]
        return [icon, self._t.text(status.label), self._t.text(status.detail)]

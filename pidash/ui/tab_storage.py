"""A closed tab's storage goes with its last page when it holds nothing.

NiceGUI keeps each tab's in-memory storage (``app.storage.tab``) until it is
``app.storage.max_tab_storage_age`` old, here the API key's maximum age (12 h by default), whether
the tab is still open or not: that is what lets a tab's key survive a reload. A tab that held no key
has nothing to come back to, yet every tab ever opened kept a few KB for 12 h (an observable dict
and its bookkeeping): memory that grew with every tab, and one more kind of small leftover among
the pages' objects (issue 8; alone it did not move the RSS figure). Its storage is now dropped
when NiceGUI closes the tab (its last page deleted, no reload of it pending); a reload later
starts with a new, empty one, as it would have found. A tab holding a key keeps it as documented
(``pidash.ui.tab_auth``).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from nicegui import app
from nicegui.persistence import PersistentDict

logger = logging.getLogger("pidash.ui")


def tab_storages() -> int:
    """How many tabs' storages the server holds (``/healthz``)."""
    return len(app.storage._tabs)


def drop_empty_closed_tabs() -> None:
    """Make NiceGUI's ``close_tab`` (called once no page of the tab is left, reloads included) also
    drop the tab's storage when it is in memory and empty. Call once, at start-up."""
    storage = app.storage
    close_tab: Callable[[str | None], Awaitable[None]] | None = getattr(storage, "close_tab", None)
    if close_tab is None:  # a NiceGUI without it: storages are kept for their maximum age
        logger.info("tab storage: this NiceGUI does not close tabs; empty ones are kept until they expire")
        return

    async def close_and_drop(tab_id: str | None) -> None:
        tab = storage._tabs.get(tab_id) if tab_id else None
        if tab_id and tab is not None and not tab and not isinstance(tab, PersistentDict):
            del storage._tabs[tab_id]
        await close_tab(tab_id)

    storage.close_tab = close_and_drop  # type: ignore[method-assign]

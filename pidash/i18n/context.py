"""Which language applies here: the page being built or whose event is handled (NiceGUI's slot
context), else the one set with :func:`use_translator`, else English (logs, the command line)."""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING

from pidash.i18n.catalog import DEFAULT_LANGUAGE, Translator, translator

if TYPE_CHECKING:
    from nicegui import Client

_by_client: weakref.WeakKeyDictionary[Client, Translator] = weakref.WeakKeyDictionary()
_outside_pages: ContextVar[Translator | None] = ContextVar("pidash_translator", default=None)


def set_client_translator(client: Client, chosen: Translator) -> None:
    _by_client[client] = chosen


def current() -> Translator:
    """The translator of the page in context (see the module's docstring)."""
    from nicegui.slot import Slot  # here, not at the top: the contract and the simulator need no NiceGUI

    stack = Slot.get_stack()
    if stack:
        found = _by_client.get(stack[-1].parent.client)
        if found is not None:
            return found
    return _outside_pages.get() or translator(DEFAULT_LANGUAGE)


@contextmanager
def use_translator(chosen: Translator) -> Iterator[None]:
    """Use ``chosen`` outside any page (a report rendered for a request, a test)."""
    token = _outside_pages.set(chosen)
    try:
        yield
    finally:
        _outside_pages.reset(token)


def _(message: str) -> str:
    """``message`` in the current page's language."""
    return current().gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of ``singular``/``plural`` for ``count`` in the current page's language."""
    return current().ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    """``message`` in ``context`` (an English text other languages say differently) in the page's language."""
    return current().pgettext(context, message)

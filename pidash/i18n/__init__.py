"""Translations: every user-facing string goes through the gettext catalogs in ``pidash/locale``.

English is the source language (the message ids); ``de`` is shipped complete. Three ways to mark text,
one rule for each place (README "Languages"):

- ``_("...")`` / ``ngettext(...)``: text made while a page is built or in an event handler; the language
  is that page's (NiceGUI's slot context tells which browser it is).
- ``t = current()`` captured while the page is built, then ``t.gettext``/``t.text`` in callbacks that
  run later outside the page's context (binding transforms, timers, store subscribers).
- ``msg("...", **fields)`` / ``msg_n(...)`` / ``msg_p(context, ...)``: text made once for every browser (the store, the
  contract's error registry): a :class:`Msg` rendered in each page's language by ``t.text``.
"""

from __future__ import annotations

from pidash.i18n.catalog import DEFAULT_LANGUAGE, LANGUAGE_NAMES, LANGUAGES, Translator, translator
from pidash.i18n.context import _, current, ngettext, pgettext, use_translator
from pidash.i18n.message import Msg, msg, msg_n, msg_p

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "LANGUAGE_NAMES",
    "Msg",
    "Translator",
    "_",
    "current",
    "msg",
    "msg_n",
    "msg_p",
    "ngettext",
    "pgettext",
    "translator",
    "use_translator",
]

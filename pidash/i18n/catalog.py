"""The catalogs: ``pidash/locale/<lang>/LC_MESSAGES/messages.po``, compiled in memory by Babel."""

from __future__ import annotations

import gettext
import logging
from functools import cache
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from pidash.i18n.message import Msg

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "messages"
DEFAULT_LANGUAGE = "en"
LANGUAGES = ("en", "de")
"""English (the source language of the message ids) first, then the shipped translations."""
LANGUAGE_NAMES = {"en": "English", "de": "Deutsch"}
QUASAR_LANGUAGES = {"en": "en-US", "de": "de"}
"""Quasar's language pack for each language (its own strings: table pagination, date pickers…)."""

logger = logging.getLogger(__name__)


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


class Translator:
    """One language's catalog: ``gettext``/``ngettext`` like the standard library, plus :meth:`text`."""

    def __init__(self, language: str, translations: gettext.NullTranslations) -> None:
        self.language = language
        self.quasar_language = QUASAR_LANGUAGES.get(language, "en-US")
        self._translations = translations

    def gettext(self, message: str) -> str:
        return self._translations.gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return self._translations.ngettext(singular, plural, count)

    def pgettext(self, context: str, message: str) -> str:
        return self._translations.pgettext(context, message)

    def text(self, value: object) -> str:
        """What a page shows for ``value``: a :class:`Msg` translated and filled in; ``None`` as "";
        anything else (the Pi's own words, numbers) as it is."""
        if value is None:
            return ""
        if not isinstance(value, Msg):
            return str(value)
        if value.plural:
            template = self.ngettext(value.id, value.plural, value.count)
        elif value.context:
            template = self.pgettext(value.context, value.id)
        else:
            template = self.gettext(value.id)
        fields = {name: self.text(field) if isinstance(field, Msg) else field for name, field in value.fields}
        try:
            return template.format(**fields)
        except (KeyError, IndexError, ValueError):
            logger.warning("translation of %r in %s does not fit its fields; English shown", value.id, self.language)
            english = value.plural if value.plural and value.count != 1 else value.id
            return english.format(**fields)

    def __repr__(self) -> str:
        return f"Translator({self.language!r})"


@cache
def translator(language: str) -> Translator:
    """The translator of ``language`` (one of :data:`LANGUAGES`; anything else: English).

    The ``.po`` file is compiled by Babel once per process, fuzzy entries left out (shown in English).
    """
    if language not in LANGUAGES or language == DEFAULT_LANGUAGE:
        return Translator(DEFAULT_LANGUAGE, gettext.NullTranslations())
    with po_path(language).open("rb") as po:
        catalog = read_po(po, locale=language, domain=DOMAIN)
    compiled = BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return Translator(language, gettext.GNUTranslations(compiled))

"""Catalog upkeep with Babel: ``python -m pidash.i18n extract|update|check`` (``make messages``).

- ``extract``: the message ids marked in ``pidash/`` (``_``, ``gettext``, ``ngettext``, ``msg``,
  ``msg_n``) into ``pidash/locale/messages.pot`` (for translators' tools; not kept in git).
- ``update``: extract, then merge into each language's ``messages.po`` (new ids untranslated, ids no
  longer in the code dropped).
- ``translate de FILE.json``: fill translations from ``{"message id": "Übersetzung"}`` (plural
  forms as a list; a message with a context as ``"context\u0004message id"``).
- ``check``: every id in the code has a complete, non-fuzzy translation whose ``{fields}`` match
  (run by ``tests/i18n/test_catalog.py`` in ``make test``).
"""

from __future__ import annotations

import json
import string
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from pidash.i18n.catalog import DEFAULT_LANGUAGE, DOMAIN, LANGUAGES, LOCALE_DIR, po_path

PACKAGE_DIR = LOCALE_DIR.parent
TEMPLATE_PATH = LOCALE_DIR / f"{DOMAIN}.pot"
KEYWORDS: dict[str, Any] = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "msg": None,
    "msg_n": (1, 2),
    "pgettext": ((1, "c"), 2),
    "msg_p": ((1, "c"), 2),
}
"""The marking functions (``pidash.i18n``) whose first string argument(s) are message ids."""
METHOD_MAP = [("**.py", "python")]
STABLE_DATE = datetime(2026, 1, 1, tzinfo=UTC)
"""Header dates stay put, and sources are named without line numbers: a change to the code changes
the catalogs only where a message changed (small diffs, few merge conflicts)."""
WRITE_OPTIONS: dict[str, Any] = {"sort_by_file": True, "width": 100, "include_lineno": False, "ignore_obsolete": True}


def extract() -> Catalog:
    """The catalog template of the code as it is now (ids with their source locations)."""
    template = Catalog(project="pidash", domain=DOMAIN, fuzzy=False, creation_date=STABLE_DATE)
    for filename, lineno, message, comments, context in extract_from_dir(
        PACKAGE_DIR, method_map=METHOD_MAP, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",), strip_comment_tags=True
    ):
        template.add(message, None, [(f"pidash/{filename}", lineno)], auto_comments=comments, context=context)
    return template


def update(template: Catalog) -> None:
    """Merge the template into every shipped language's catalog."""
    for language in LANGUAGES:
        if language == DEFAULT_LANGUAGE:
            continue
        path = po_path(language)
        if path.exists():
            with path.open("rb") as po:
                catalog = read_po(po, locale=language, domain=DOMAIN)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            catalog = Catalog(locale=language, domain=DOMAIN, project="pidash", fuzzy=False)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.creation_date = catalog.revision_date = STABLE_DATE
        catalog.fuzzy = False
        with path.open("wb") as out:
            write_po(out, catalog, **WRITE_OPTIONS)


def _key(text: str) -> tuple[str, str | None]:
    """``"context\x04message"`` (gettext's own joining) names a message with a context."""
    context, sep, message = text.partition("\x04")
    return (message, context) if sep else (text, None)


def translate(language: str, translations: dict[str, str | list[str]]) -> int:
    """Fill ``language``'s catalog from ``{message id: translation}`` (a list for plural forms);
    returns how many entries were set. Ids the catalog lacks are an error (run ``update`` first)."""
    path = po_path(language)
    with path.open("rb") as po:
        catalog = read_po(po, locale=language, domain=DOMAIN)
    unknown = [key for key in translations if catalog.get(*_key(key)) is None]
    if unknown:
        raise KeyError(f"not in the {language} catalog (run update first): {unknown[:5]}")
    for key, value in translations.items():
        entry = catalog.get(*_key(key))
        assert entry is not None  # checked above
        entry.string = tuple(value) if isinstance(value, list) else value
        entry.flags.discard("fuzzy")
    with path.open("wb") as out:
        write_po(out, catalog, **WRITE_OPTIONS)
    return len(translations)


@dataclass(frozen=True)
class Problem:
    language: str
    message_id: str
    what: str

    def __str__(self) -> str:
        return f"{self.language}: {self.message_id!r}: {self.what}"


def _fields(text: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return {"<malformed braces>"}


def _texts(value: str | tuple[str, ...] | list[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def _check_message(language: str, wanted: Message, found: Message | None) -> list[Problem]:
    ids = _texts(wanted.id)
    key = ids[0]
    if found is None:
        return [Problem(language, key, "missing from the catalog (run `make messages`, then translate)")]
    if found.fuzzy:
        return [Problem(language, key, "fuzzy (review the translation, then remove the fuzzy flag)")]
    strings = _texts(found.string)
    if not all(strings):
        return [Problem(language, key, "not translated")]
    expected = set().union(*(_fields(i) for i in ids))
    return [
        Problem(language, key, f"fields {sorted(_fields(s))} do not match {sorted(expected)}")
        for s in strings
        if _fields(s) - expected or (len(ids) == 1 and _fields(s) != expected)
    ]


def check(template: Catalog | None = None) -> list[Problem]:
    """What keeps the catalogs from being complete for the code as it is (empty: all good)."""
    template = template or extract()
    problems: list[Problem] = []
    for language in LANGUAGES:
        if language == DEFAULT_LANGUAGE:
            continue
        with po_path(language).open("rb") as po:
            catalog = read_po(po, locale=language, domain=DOMAIN)
        for wanted in template:
            if wanted.id:
                problems += _check_message(language, wanted, catalog.get(wanted.id, wanted.context))
    return problems


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    if command == "extract":
        with TEMPLATE_PATH.open("wb") as out:
            write_po(out, extract(), **WRITE_OPTIONS)
        return 0
    if command == "update":
        update(extract())
        return 0
    if command == "translate" and len(argv) == 3:
        print(f"{translate(argv[1], json.loads(Path(argv[2]).read_text(encoding='utf-8')))} entries set")
        return 0
    if command == "check":
        problems = check()
        for problem in problems:
            print(problem)
        print(f"{len(problems)} problem(s)" if problems else "catalogs complete")
        return 1 if problems else 0
    print("usage: python -m pidash.i18n extract|update|check|translate LANG FILE.json", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

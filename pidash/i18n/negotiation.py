"""The page's language: the browser's choice (a cookie set from the header's language menu), else
its ``Accept-Language``, else the site's ``PIDASH_LANGUAGE``."""

from __future__ import annotations

from pidash.i18n.catalog import LANGUAGES

LANGUAGE_COOKIE = "pidash_lang"
"""``en`` or ``de`` once chosen in this browser (not a secret; read when a page is built)."""
MAX_ACCEPT_LANGUAGE_ITEMS = 32


def preferred_languages(accept_language: str) -> list[str]:
    """Primary language subtags of an ``Accept-Language`` header, most wanted first (RFC 9110 §12.5.4).

    ``"de-CH, de;q=0.9, en;q=0.8"`` → ``["de", "de", "en"]``; a range with ``q=0`` is left out;
    malformed parts are skipped, never an error.
    """
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(accept_language.split(",")[:MAX_ACCEPT_LANGUAGE_ITEMS]):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        primary = tag.strip().split("-")[0].lower()
        if primary and quality > 0:
            ranked.append((-quality, index, primary))
    return [primary for _, _, primary in sorted(ranked)]


def choose_language(chosen: str | None, accept_language: str | None, site_default: str) -> str:
    """One of :data:`~pidash.i18n.catalog.LANGUAGES`."""
    if chosen in LANGUAGES:
        return str(chosen)
    for primary in preferred_languages(accept_language or ""):
        if primary in LANGUAGES:
            return primary
        if primary == "*":
            break
    return site_default if site_default in LANGUAGES else LANGUAGES[0]

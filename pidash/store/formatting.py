"""How dates, times and numbers are written on every screen, in the page's language.

One way for every page: numbers through Babel (``format_decimal`` in the page's locale: German
``49,9 °C``, ``2,2 MB``), days through the catalog's month names (``03 Dec 2026``, German
``03. Dez 2026``), times of day as ``HH:MM:SS`` (the same in both languages). Dates take the
page's :class:`Translator` (by default the page being built; English outside pages), numbers its
language code (``t.language``). Machine-readable output (exports, logs, JSON) does not use these.
"""

from __future__ import annotations

from datetime import datetime

from babel.numbers import format_decimal

from pidash.i18n import Translator, current, msg_p

MONTHS = (
    msg_p("month", "Jan"),
    msg_p("month", "Feb"),
    msg_p("month", "Mar"),
    msg_p("month", "Apr"),
    msg_p("month", "May"),
    msg_p("month", "Jun"),
    msg_p("month", "Jul"),
    msg_p("month", "Aug"),
    msg_p("month", "Sep"),
    msg_p("month", "Oct"),
    msg_p("month", "Nov"),
    msg_p("month", "Dec"),
)
"""Short month names (not the C library's ``%b``: that follows the process's locale, not the page's)."""
NONE = "—"
"""What a page shows for a value the Pi did not send."""
SIZE_UNITS = ("B", "kB", "MB", "GB", "TB")


def clock_time(moment: datetime | float) -> str:
    """``HH:MM:SS`` of a datetime, or of a Unix time."""
    at = datetime.fromtimestamp(moment) if isinstance(moment, int | float) else moment.astimezone()
    return at.strftime("%H:%M:%S")


def instant(text: str) -> datetime | None:
    """The Pi's ISO 8601 time (``2026-12-31T00:00:00Z``) as a datetime; None if it is not one."""
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def _day_parts(at: datetime, t: Translator) -> dict[str, object]:
    return {"day": f"{at.day:02d}", "month": t.text(MONTHS[at.month - 1]), "year": at.year}


def day_time(moment: datetime, t: Translator | None = None) -> str:
    """``22 Nov 2026, 14:05`` (German: ``22. Nov 2026, 14:05``) in ``t``'s language, by default
    the language of the page being built (English outside pages: logs, files)."""
    t = t or current()
    at = moment.astimezone()
    return t.gettext("{day} {month} {year}, {time}").format(**_day_parts(at, t), time=at.strftime("%H:%M"))


def day(moment: datetime | str, t: Translator | None = None) -> str:
    """``31 Dec 2026`` (German: ``31. Dez 2026``): the day as stated (no time-zone conversion). A text
    is read as the Pi's ISO time, and shown as the Pi sent it when it is not one (``—`` when empty)."""
    at = instant(moment) if isinstance(moment, str) else moment
    if at is None:
        return str(moment) or NONE
    t = t or current()
    return t.gettext("{day} {month} {year}").format(**_day_parts(at, t))


def day_clock(moment: datetime, t: Translator | None = None) -> str:
    """``03 Dec 23:18:44`` (German: ``03. Dez 23:18:44``): a day of this year and its time."""
    t = t or current()
    at = moment.astimezone()
    return t.gettext("{day} {month} {time}").format(**_day_parts(at, t), time=at.strftime("%H:%M:%S"))


def number(value: float, language: str, places: int | None = None) -> str:
    """``value`` in ``language``'s digits: ``places`` decimals (None: as many as it has, up to
    three). German: ``1.234,5``."""
    pattern = "#,##0.###" if places is None else "#,##0" + ("." + "0" * places if places else "")
    return format_decimal(value, format=pattern, locale=language)


def quantity(value: float | None, unit: str, language: str, places: int | None = None) -> str:
    """``0.6 %``, ``12 ms`` (German: ``0,6 %``); ``—`` for None."""
    return NONE if value is None else f"{number(value, language, places)} {unit}"


def reading(value: float | None, unit: str, language: str) -> str:
    """A health figure: ``42 %`` (whole percent), ``51.3 °C`` (German ``51,3 °C``); ``—`` before the
    Pi sent a reading."""
    return quantity(value, unit, language, 0 if unit == "%" else 1)


def size(count: int | None, language: str) -> str:
    """Bytes in decimal units: ``999 B``, ``2.2 MB`` (German ``2,2 MB``); ``—`` for None."""
    if count is None:
        return NONE
    value = float(count)
    for unit in SIZE_UNITS[:-1]:
        if abs(value) < 1000:
            return quantity(value, unit, language, 0 if unit == "B" else 1)
        value /= 1000
    return quantity(value, SIZE_UNITS[-1], language, 1)


def numbers(text: str, language: str) -> str:
    """The Pi's figures in a text (load averages ``0.71 0.56 0.47``) in ``language``'s digits, each
    with the decimals the Pi sent (German ``0,71 0,56 0,47``); words kept as sent; ``—`` when empty."""
    return " ".join(_figure(word, language) for word in text.split()) or NONE


def _figure(word: str, language: str) -> str:
    """``word`` in ``language``'s digits if it is a plain decimal (``-0.5``, ``3``), else as it is."""
    if not word.lstrip("+-").replace(".", "", 1).isdigit():
        return word
    return number(float(word), language, len(word.partition(".")[2]))

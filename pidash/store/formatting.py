"""How times are written on every screen: in the dashboard's local time, in the page's language."""

from __future__ import annotations

from datetime import datetime

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


def clock_time(moment: datetime | float) -> str:
    """``HH:MM:SS`` of a datetime, or of a Unix time."""
    at = datetime.fromtimestamp(moment) if isinstance(moment, int | float) else moment.astimezone()
    return at.strftime("%H:%M:%S")


def day_time(moment: datetime, t: Translator | None = None) -> str:
    """``22 Nov 2026, 14:05`` (German: ``22. Nov. 2026, 14:05``) in ``t``'s language, by default
    the language of the page being built (English outside pages: logs, files)."""
    t = t or current()
    at = moment.astimezone()
    return t.gettext("{day} {month} {year}, {time}").format(
        day=f"{at.day:02d}", month=t.text(MONTHS[at.month - 1]), year=at.year, time=at.strftime("%H:%M")
    )

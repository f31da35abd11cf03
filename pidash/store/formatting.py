"""How times are written on every screen: in the dashboard's local time."""

from __future__ import annotations

from datetime import datetime


def clock_time(moment: datetime | float) -> str:
    """``HH:MM:SS`` of a datetime, or of a Unix time."""
    at = datetime.fromtimestamp(moment) if isinstance(moment, int | float) else moment.astimezone()
    return at.strftime("%H:%M:%S")


def day_time(moment: datetime) -> str:
    """``22 Nov 2026, 14:05``."""
    return moment.astimezone().strftime("%d %b %Y, %H:%M")

"""Units shared by both dialects: durations as people read them."""

from __future__ import annotations

NANOSECONDS_PER_SECOND = 1_000_000_000


def format_duration(seconds: float) -> str:
    """``3d 4h 12m`` from a day on, else ``4h 12m 5s``."""
    seconds = int(max(0.0, seconds))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{days}d {hours}h {minutes}m" if days else f"{hours}h {minutes}m {secs}s"

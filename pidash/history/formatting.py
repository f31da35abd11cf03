"""How the history shows a batch's duration and counts (page and printable report alike)."""

from __future__ import annotations

from pidash.history.queries import BatchRecord


def duration_text(seconds: float) -> str:
    """``42 s``, ``12 min 5 s``, ``1 h 03 min``."""
    s = int(seconds)
    if s < 60:
        return f"{s} s"
    if s < 3600:
        return f"{s // 60} min {s % 60} s"
    return f"{s // 3600} h {s % 3600 // 60:02d} min"


def counts_text(batch: BatchRecord) -> str:
    """``5 cameras: 4 verified, 1 failed``."""
    return f"{batch.cameras} cameras: {batch.verified} verified, {batch.failed} failed"

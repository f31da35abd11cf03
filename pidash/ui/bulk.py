"""One call to the Pi per item (import, bulk remove, add all scanned), past single failures.

Runs inside one :func:`pidash.ui.actions.run_action` (one check, one audit line with every
correlation ID). The Pi's bulk endpoints exist but their shapes are unknown (FIELD-NOTES,
"Allowlist extras"), so each item is its own documented call.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from pidash.orchestrator import OrchestratorError
from pidash.orchestrator.errors import AUTH_CODES, CLIENT_CODES

T = TypeVar("T")
STOP_CODES = AUTH_CODES | set(CLIENT_CODES)
"""Failures about the Pi or the key, not the item: every next item would fail alike, so stop."""


@dataclass
class BulkOutcome:
    total: int
    done: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    """(item, ``CODE: message``) for each item the Pi refused."""
    stopped: str | None = None
    """Why the run stopped before the end (``UNAUTHORIZED: …``), or None."""

    @property
    def summary(self) -> str:
        """``198 of 200 applied; 2 failed.`` / ``… stopped after 3: <why>; 197 not tried.``"""
        text = f"{self.done} of {self.total} done"
        if self.failures:
            text += f"; {len(self.failures)} failed"
        if self.stopped is not None:
            tried = self.done + len(self.failures)
            text += f"; stopped ({self.stopped}), {self.total - tried} not tried"
        return text + "."

    def audit(self) -> str:
        """The audit trail's outcome: ``ok`` when every item was done, else ``partial: <summary>``."""
        return "ok" if self.done == self.total else f"partial: {self.summary}"


async def for_each(
    items: Sequence[T],
    call: Callable[[T], Awaitable[object]],
    *,
    name: Callable[[T], str],
    progress: Callable[[int, int], None] = lambda done, total: None,
) -> BulkOutcome:
    """``await call(item)`` for each item in order; a refused item is noted and the run goes on,
    except after a failure in :data:`STOP_CODES`. ``progress(tried, total)`` after each item."""
    outcome = BulkOutcome(total=len(items))
    for i, item in enumerate(items, start=1):
        try:
            await call(item)
        except OrchestratorError as err:
            outcome.failures.append((name(item), f"{err.code}: {err.message}"))
            if err.code in STOP_CODES:
                outcome.stopped = f"{err.code}: {err.message}"
                progress(i, len(items))
                break
        else:
            outcome.done += 1
        progress(i, len(items))
    return outcome

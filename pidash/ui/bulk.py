"""One call to the Pi per item (import, bulk remove, add all scanned), past single failures.

Runs inside one :func:`pidash.ui.actions.run_action` (one check, one audit line with every
correlation ID). The Pi's bulk endpoints exist but their shapes are unknown (FIELD-NOTES,
"Allowlist extras"), so each item is its own documented call.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from pidash.i18n import Msg, Translator, msg
from pidash.orchestrator import OrchestratorError
from pidash.orchestrator.errors import AUTH_CODES, CLIENT_CODES

T = TypeVar("T")
STOP_CODES = AUTH_CODES | set(CLIENT_CODES)
"""Failures about the Pi or the key, not the item: every next item would fail alike, so stop."""


@dataclass
class BulkOutcome:
    total: int
    done: int = 0
    failures: list[tuple[str | Msg, str]] = field(default_factory=list)
    """(item, ``CODE: message``) for each item the Pi refused (the item's name may be a :class:`Msg`)."""
    stopped: str | None = None
    """Why the run stopped before the end (``UNAUTHORIZED: …``), or None."""

    @property
    def summary(self) -> Msg:
        """``198 of 200 done; 2 failed.`` / ``… stopped (<why>), 197 not tried.``: ``str`` of it for
        the audit trail, ``t.text`` of it for a page."""
        if self.stopped is not None:
            tried = self.done + len(self.failures)
            return msg(
                "{done} of {total} done; {failed} failed; stopped ({why}), {left} not tried.",
                done=self.done,
                total=self.total,
                failed=len(self.failures),
                why=self.stopped,
                left=self.total - tried,
            )
        if self.failures:
            return msg(
                "{done} of {total} done; {failed} failed.", done=self.done, total=self.total, failed=len(self.failures)
            )
        return msg("{done} of {total} done.", done=self.done, total=self.total)

    def audit(self) -> str:
        """The audit trail's outcome: ``ok`` when every item was done, else ``partial: <summary>``."""
        return "ok" if self.done == self.total else f"partial: {self.summary}"


def failures_text(outcome: BulkOutcome, t: Translator) -> str:
    """``AA:BB:…: CODE: message; …``: each refused item with the Pi's reason, in ``t``'s language."""
    return "; ".join(
        t.gettext("{item}: {reason}").format(item=t.text(item), reason=reason) for item, reason in outcome.failures
    )


async def for_each(
    items: Sequence[T],
    call: Callable[[T], Awaitable[object]],
    *,
    name: Callable[[T], str | Msg],
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

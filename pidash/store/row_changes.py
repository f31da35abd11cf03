"""Device rows as a versioned stream of changes: what every browser's device board follows.

The store numbers its row set (``version``); each flush that changes rows publishes one
:class:`RowDelta` from ``base`` to ``version``. A board that holds ``base`` applies it; one that
holds anything else (it missed a message, or was built from a newer snapshot) asks for the whole
set again. So a burst of 500 events costs one message per browser, and a lost message costs one
resync, never a wrong card.

Rows hold :class:`~pidash.i18n.Msg` values (a state, a reason): a delta is serialised once per
*language* that asks for it (:meth:`RowDelta.json_for`), not once per browser.
"""

from __future__ import annotations

import json
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from pidash.i18n import Msg, Translator


def _renderer(t: Translator) -> Any:
    """``json.dumps``'s ``default``: a :class:`Msg` in ``t``'s language (anything else is a bug)."""

    def render(value: object) -> str:
        if isinstance(value, Msg):
            return t.text(value)
        raise TypeError(f"a device row holds a {type(value).__name__}, not JSON")

    return render


@dataclass(frozen=True, slots=True)
class RowDelta:
    """Rows changed between two versions of the store's row set.

    ``reset``: the set was replaced (another session, a snapshot): ``upserts`` is then the whole set,
    in display order. Otherwise ``upserts`` are new or changed rows (new ones appended in order).
    """

    base: int
    version: int
    upserts: list[dict[str, Any]]
    reset: bool = False
    _json: dict[str, str] = field(default_factory=dict, init=False, repr=False, compare=False)
    """The delta serialised per language, shared by every browser of that language it is sent to."""

    def json_for(self, t: Translator) -> str:
        """The delta as the board's ``apply`` takes it, in ``t``'s language; made once per language."""
        made = self._json.get(t.language)
        if made is None:
            payload = {"base": self.base, "version": self.version, "rows": self.upserts, "reset": self.reset}
            made = self._json[t.language] = json.dumps(payload, separators=(",", ":"), default=_renderer(t))
        return made


class RecentDeltas:
    """The latest deltas, oldest first and consecutive, ``max_rows`` rows at most (the newest is kept
    whatever its size): what a browser that was still drawing needs to catch up."""

    def __init__(self, max_rows: int) -> None:
        self.max_rows = max_rows
        self._deltas: deque[RowDelta] = deque()
        self._rows = 0

    def keep(self, delta: RowDelta) -> None:
        self._deltas.append(delta)
        self._rows += len(delta.upserts)
        while self._rows > self.max_rows and len(self._deltas) > 1:
            self._rows -= len(self._deltas.popleft().upserts)

    def since(self, base: int, current: int) -> list[RowDelta] | None:
        """The deltas from version ``base`` to ``current``, in order (``[]``: ``base`` is current);
        None when ``base`` is older than those kept."""
        if base == current:
            return []
        if not self._deltas or self._deltas[0].base > base:
            return None
        return [delta for delta in self._deltas if delta.version > base]

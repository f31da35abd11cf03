"""Device rows as a versioned stream of changes: what every browser's device board follows.

The store numbers its row set (``version``); each flush that changes rows publishes one
:class:`RowDelta` from ``base`` to ``version``. A board that holds ``base`` applies it; one that
holds anything else (it missed a message, or was built from a newer snapshot) asks for the whole
set again. So a burst of 500 events costs one message per browser, and a lost message costs one
resync, never a wrong card.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any


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
    json: str = field(init=False, repr=False, compare=False)
    """The delta serialised once, shared by every browser it is sent to."""

    def __post_init__(self) -> None:
        payload = {"base": self.base, "version": self.version, "rows": self.upserts, "reset": self.reset}
        object.__setattr__(self, "json", json.dumps(payload, separators=(",", ":")))

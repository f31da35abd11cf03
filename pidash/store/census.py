"""The session summary's counts, kept camera by camera as the store's flush writes rows.

Counting every camera on each flush cost 3.8 ms a flush at 500 cameras, more than half of the
dashboard's CPU in a 500-camera batch (``DashboardStore._update_summary``, 3 Dec): a flush now
costs the cameras it changed, whatever the size of the batch.
"""

from __future__ import annotations

from dataclasses import dataclass

from pidash.store.summary import COUNT_KEYS, PROVISIONED_OR_LATER, camera_kind, still_to_finish


@dataclass(frozen=True, slots=True)
class _Entry:
    kind: str
    provisioned: bool


class Census:
    """Per camera its count, the cameras still to finish, and the failed ones a retry is open for.

    The store calls :meth:`put` for every camera a flush writes and :meth:`clear` when it rebuilds
    every row (another session, a snapshot): the counts then equal
    :func:`pidash.store.summary.counts_of` of the view the flush wrote from.
    """

    def __init__(self) -> None:
        self._entries: dict[str, _Entry] = {}
        self._counts = dict.fromkeys(COUNT_KEYS, 0)
        self.pending: set[str] = set()
        """Allowlisted cameras not skipped and neither verified nor failed: what the time left waits for."""
        self._retry_at: dict[str, float] = {}
        """Failed cameras a retry is open for: the epoch second the Pi accepts it (0: at once)."""

    def clear(self) -> None:
        self._entries.clear()
        self._counts = dict.fromkeys(COUNT_KEYS, 0)
        self.pending.clear()
        self._retry_at.clear()

    def put(self, mac: str, state: str, *, in_allowlist: bool, skipped: bool, can_retry: bool, retry_at: float) -> None:
        """``mac`` as the flush just wrote it (its count moves if its kind changed)."""
        entry = _Entry(camera_kind(state, in_allowlist=in_allowlist, skipped=skipped), state in PROVISIONED_OR_LATER)
        before = self._entries.get(mac)
        if before != entry:
            if before is not None:
                self._counts[before.kind] -= 1
                self._counts["provisioned"] -= before.provisioned
            self._counts[entry.kind] += 1
            self._counts["provisioned"] += entry.provisioned
            self._entries[mac] = entry
        if still_to_finish(state, in_allowlist=in_allowlist, skipped=skipped):
            self.pending.add(mac)
        else:
            self.pending.discard(mac)
        if can_retry:
            self._retry_at[mac] = retry_at
        else:
            self._retry_at.pop(mac, None)

    def counts(self) -> dict[str, int]:
        """A copy of the counts (``COUNT_KEYS``)."""
        return dict(self._counts)

    def retryable(self, now: float) -> int:
        """Failed cameras whose retry the Pi accepts at ``now`` (epoch seconds)."""
        return sum(1 for at in self._retry_at.values() if at <= now)

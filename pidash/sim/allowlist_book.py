"""The allowlist: the cameras that may be provisioned, and the container each one goes to."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime

from pidash.contract.errors import ErrorCode
from pidash.contract.provisioning import AllowlistEntry, AllowlistEntryRequest
from pidash.sim.clock import SimClock
from pidash.sim.errors import SimError
from pidash.sim.fleet import VirtualCamera
from pidash.sim.persistence import SimDatabase
from pidash.sim.records import AllowlistRecord

log = logging.getLogger("pidash.sim.provisioning")


class AllowlistBook:
    """Entries by MAC, saved to SQLite as they change; ``changed`` hears of every MAC added, updated or removed."""

    def __init__(
        self, db: SimDatabase, clock: SimClock, first_listed: Sequence[VirtualCamera], changed: Callable[[str], None]
    ) -> None:
        self._db = db
        self._clock = clock
        self._changed = changed
        self._seed(first_listed)
        self._entries: dict[str, AllowlistRecord] = {e.mac: e for e in db.allowlist()}

    def _seed(self, cameras: Sequence[VirtualCamera]) -> None:
        """On the simulator's first start only: ``cameras`` become ``Camera 01``… in ``container-01``…"""
        if self._db.meta("allowlist_seeded"):
            return
        now = self._clock.now()
        for n, cam in enumerate(cameras, start=1):
            self._db.save_allowlist_entry(
                AllowlistRecord(
                    mac=cam.mac, description=f"Camera {n:02d}", container_id=f"container-{n:02d}", added_at=now
                )
            )
        self._db.set_meta("allowlist_seeded", "1")

    def __contains__(self, mac: object) -> bool:
        return mac in self._entries

    def get(self, mac: str) -> AllowlistRecord | None:
        return self._entries.get(mac)

    def entries(self, available: bool | None) -> list[AllowlistEntry]:
        entries = sorted(self._entries.values(), key=lambda e: (e.added_at, e.mac))
        if available is not None:
            entries = [e for e in entries if (e.used_at is None) == available]
        return [e.view() for e in entries]

    def add(self, request: AllowlistEntryRequest) -> tuple[AllowlistEntry, bool]:
        existing = self._entries.get(request.mac)
        if existing is not None:
            existing.description = request.description
            existing.container_id = request.container_id
            entry = existing
        else:
            entry = AllowlistRecord(
                mac=request.mac,
                description=request.description,
                container_id=request.container_id,
                added_at=self._clock.now(),
            )
            self._entries[entry.mac] = entry
        self._db.save_allowlist_entry(entry)
        log.info("Allowlist: %s %s", "updated" if existing else "added", entry.mac)
        self._changed(entry.mac)
        return entry.view(), existing is None

    def remove(self, mac: str) -> None:
        if mac not in self._entries:
            raise SimError(ErrorCode.DEVICE_NOT_FOUND, f"{mac} is not in the allowlist")
        del self._entries[mac]
        self._db.delete_allowlist_entry(mac)
        log.info("Allowlist: removed %s", mac)
        self._changed(mac)

    def mark_used(self, mac: str, now: datetime) -> None:
        """A listed camera's first verification uses its entry up (``available=false`` from then on)."""
        entry = self._entries.get(mac)
        if entry is not None and entry.used_at is None:
            entry.used_at = now
            self._db.save_allowlist_entry(entry)

"""Writes the followed batch to the dashboard's database as the Pi's events arrive.

The recorder subscribes once per process to the store's ``rows_delta`` and ``session_replaced``
(and is polled once a second for session changes that move no row, e.g. a batch whose every camera
is verified closing). On the event loop it only copies what changed (the session, the changed
cameras' Pi data and their row's failed step, reason and refused action's correlation ID) into plain
values; the SQLite write runs on ONE worker thread, so writes keep their order and never block the
loop (a one-camera commit takes ~8 ms there, all 50 cameras ~45 ms: ``python -m benchmarks
history_write``; the loop's share is ~0.03 ms per camera).

So a dashboard killed mid-batch keeps every row it had shown: each delta is committed (WAL) within
milliseconds of being published to the browsers.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.sqlite import insert

from pidash.contract.provisioning import DEVICE_STEPS, Candidate, CandidateState, Session
from pidash.db import Database
from pidash.db.history import HistoryBatch, HistoryCamera
from pidash.store.row_changes import RowDelta
from pidash.store.rows import state_name
from pidash.store.store import DashboardStore
from pidash.store.summary import ENDED_STATES, PROVISIONED_OR_LATER

logger = logging.getLogger("pidash.history")


@dataclass(frozen=True, slots=True)
class BatchValues:
    """The batch row as copied on the event loop (times UTC; counts from the devices the Pi reported)."""

    session_id: str
    target_ssid: str
    state: str
    created_at: datetime
    ended_at: datetime | None
    cameras: int
    verified: int
    failed: int
    provisioned: int

    def key(self) -> tuple[Any, ...]:
        """What a session poll compares: a change here is written, anything else waits for a delta."""
        return (self.session_id, self.state, self.ended_at, self.cameras, self.verified, self.failed, self.provisioned)


@dataclass(frozen=True, slots=True)
class CameraValues:
    """A ``history_cameras`` row's columns, and the correlation ID of a refusal shown on the card (merged)."""

    values: dict[str, Any]
    action_cid: str = ""


def as_utc(moment: datetime | None) -> datetime | None:
    """In UTC: SQLite keeps a time's wall-clock digits only, and every stored time is read back as UTC."""
    if moment is None:
        return None
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


def batch_values(session: Session, devices: Iterable[Candidate], now: datetime) -> BatchValues:
    """The batch row of ``session`` with counts from its ``devices``."""
    states = [state_name(d.state) for d in devices]
    state = state_name(session.state)
    ended = (session.updated_at or now) if state in ENDED_STATES else None
    return BatchValues(
        session_id=session.id,
        target_ssid=session.target_ssid,
        state=state,
        created_at=as_utc(session.created_at) or now,
        ended_at=as_utc(ended),
        cameras=len(states),
        verified=states.count(CandidateState.VERIFIED.value),
        failed=states.count(CandidateState.FAILED.value),
        provisioned=sum(s in PROVISIONED_OR_LATER for s in states),
    )


def camera_values(session_id: str, device: Candidate, row: dict[str, Any], now: datetime) -> CameraValues:
    """A camera's history row: the Pi's data, plus the failed step and reason the board showed (``row``)."""
    failed = state_name(device.state) == CandidateState.FAILED.value
    step = row.get("step", 0)
    failed_step = DEVICE_STEPS[step].value if failed and isinstance(step, int) and 0 <= step < len(DEVICE_STEPS) else ""
    values = {
        "session_id": session_id,
        "mac": device.mac,
        "state": state_name(device.state),
        "failed_step": failed_step,
        "error_code": device.error_code or "",
        "error_message": device.error_message or "",
        "reason": str(row.get("reason", "")) if failed else "",
        "retry_count": device.retry_count,
        "ip": device.ip,
        "rssi": device.rssi,
        "firmware_version": device.firmware_version,
        "container_id": device.container_id or "",
        "in_allowlist": device.in_allowlist,
        "discovered_at": as_utc(device.discovered_at),
        "provisioned_at": as_utc(device.provisioned_at),
        "verified_at": as_utc(device.verified_at),
        "updated_at": now,
    }
    return CameraValues(values=values, action_cid=str(row.get("action_cid") or ""))


def write(db: Database, batch: BatchValues, cameras: list[CameraValues], now: datetime) -> None:
    """Upsert the batch and its changed cameras in one transaction (runs on the writer thread)."""
    batch_row = {
        "session_id": batch.session_id,
        "target_ssid": batch.target_ssid,
        "state": batch.state,
        "created_at": batch.created_at,
        "ended_at": batch.ended_at,
        "last_seen_at": now,
        "cameras": batch.cameras,
        "verified": batch.verified,
        "failed": batch.failed,
        "provisioned": batch.provisioned,
    }
    with db.session() as s:
        stmt = insert(HistoryBatch).values(batch_row)
        update = {k: stmt.excluded[k] for k in batch_row if k not in ("session_id", "created_at")}
        s.execute(stmt.on_conflict_do_update(index_elements=["session_id"], set_=update))
        if not cameras:
            return
        macs = [c.values["mac"] for c in cameras]
        known_cids = select(HistoryCamera.mac, HistoryCamera.action_cids).where(
            HistoryCamera.session_id == batch.session_id, HistoryCamera.mac.in_(macs)
        )
        cids = {mac: ids for mac, ids in s.execute(known_cids).tuples()}
        rows = []
        for camera in cameras:
            known = cids.get(camera.values["mac"], "").split()
            if camera.action_cid and camera.action_cid not in known:
                known.append(camera.action_cid)
            rows.append({**camera.values, "action_cids": " ".join(known)})
        cam = insert(HistoryCamera).values(rows)
        cam_update = {k: cam.excluded[k] for k in rows[0] if k not in ("session_id", "mac")}
        s.execute(cam.on_conflict_do_update(index_elements=["session_id", "mac"], set_=cam_update))


class HistoryRecorder:
    """Subscribes to ``store`` at construction; one per process (``pidash.app.create_app``)."""

    def __init__(self, db: Database, store: DashboardStore) -> None:
        self.db = db
        self.store = store
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pidash-history")
        self._last_batch: tuple[Any, ...] | None = None
        self._resync = False
        """A write failed (the database was locked, the disk full): the next write carries every camera."""
        store.rows_delta.subscribe(self._on_delta)
        store.session_replaced.subscribe(self.check_session)

    def _on_delta(self, delta: RowDelta) -> None:
        session = self.store.view.session
        if session is None:
            return
        now = datetime.now(UTC)
        devices = self.store.view.devices
        rows = self._all_rows() if self._resync else delta.upserts
        self._resync = False
        cameras = [camera_values(session.id, devices[row["mac"]], row, now) for row in rows if row["mac"] in devices]
        self._submit(batch_values(session, devices.values(), now), cameras, now)

    def _all_rows(self) -> list[dict[str, Any]]:
        return [row.payload() for row in self.store.rows.values()]

    def check_session(self) -> None:
        """Record a session change that moved no camera row (a start, an ending); cheap when nothing changed."""
        session = self.store.view.session
        if session is None:
            return
        now = datetime.now(UTC)
        devices = self.store.view.devices
        batch = batch_values(session, devices.values(), now)
        if self._resync:
            self._resync = False
            rows = self._all_rows()
            cameras = [camera_values(session.id, devices[r["mac"]], r, now) for r in rows if r["mac"] in devices]
            self._submit(batch, cameras, now)
        elif batch.key() != self._last_batch:
            self._submit(batch, [], now)

    def _submit(self, batch: BatchValues, cameras: list[CameraValues], now: datetime) -> None:
        self._last_batch = batch.key()
        future = self._writer.submit(write, self.db, batch, cameras, now)
        future.add_done_callback(self._done)

    def _done(self, future: Future[None]) -> None:
        """On the writer thread: a failed write is logged and made good by the next one (all cameras)."""
        if (error := future.exception()) is not None:
            self._resync = True
            logger.error("history: a write failed, the next one carries every camera: %r", error)

    def drain(self) -> None:
        """Wait until every submitted write is committed (tests, shutdown)."""
        self._writer.submit(lambda: None).result()

    def close(self) -> None:
        """Commit what is queued, then stop the writer thread (on shutdown)."""
        self._writer.shutdown(wait=True)

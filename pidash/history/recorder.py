"""Writes the followed batch to the dashboard's database as the Pi's events arrive.

The recorder subscribes once per process to the store's ``rows_delta`` (before any page, so it runs
first), ``session_replaced`` and ``session_changed`` (a session change that moves no row, e.g. an
ending, written before any page shows it), and is polled once a second for what no event carries
(e.g. a batch whose every camera is verified closing). Each delta is one short transaction on the
event loop, committed **before the browsers are sent the delta**: a dashboard killed mid-batch keeps
every row it had shown. It stays short: one upsert statement compiled once, executed for the changed
cameras; WAL with ``synchronous=NORMAL`` (no fsync per commit). Measured on this 2-core machine
under load (``python -m benchmarks history_write``): median ~0.2 ms for a one-camera delta, ~2 ms
for all 50 cameras after a snapshot."""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, case, create_engine, event, func, literal
from sqlalchemy.dialects.sqlite import Insert, insert
from sqlalchemy.exc import SQLAlchemyError

from pidash.contract.provisioning import DEVICE_STEPS, Candidate, CandidateState, Session
from pidash.db import Database
from pidash.db.engine import BUSY_TIMEOUT_SECONDS
from pidash.db.history import HistoryBatch, HistoryCamera
from pidash.store.row_changes import RowDelta
from pidash.store.rows import state_name
from pidash.store.store import DashboardStore
from pidash.store.summary import ENDED_STATES, PROVISIONED_OR_LATER, camera_kind

logger = logging.getLogger("pidash.history")


@dataclass(frozen=True, slots=True)
class BatchValues:
    """The batch row as copied on the event loop (times UTC; counts from the devices the Pi reported,
    with the skipped ones counted as the live summary counts them)."""

    session_id: str
    target_ssid: str
    state: str
    created_at: datetime
    ended_at: datetime | None
    cameras: int
    verified: int
    failed: int
    provisioned: int
    skipped: int = 0

    def key(self) -> tuple[Any, ...]:
        """What a session poll compares: a change here is written, anything else waits for a delta."""
        return (
            self.session_id, self.state, self.ended_at, self.cameras, self.verified, self.failed, self.provisioned,
            self.skipped,
        )  # fmt: skip


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


def batch_values(
    session: Session, devices: Iterable[Candidate], now: datetime, skipped: Collection[str] = frozenset()
) -> BatchValues:
    """The batch row of ``session`` with counts from its ``devices``; ``skipped``: the MACs a technician
    left out. A skipped camera that is discovered or failed counts as skipped, not failed
    (``camera_kind``, as the live summary's "Batch complete: …" counts it)."""
    pairs = [(d, state_name(d.state)) for d in devices]
    states = [s for _, s in pairs]
    kinds = [camera_kind(s, in_allowlist=d.in_allowlist, skipped=d.mac in skipped) for d, s in pairs]
    state = state_name(session.state)
    ended = (session.updated_at or now) if state in ENDED_STATES else None
    return BatchValues(
        session_id=session.id,
        target_ssid=session.target_ssid,
        state=state,
        created_at=as_utc(session.created_at) or now,
        ended_at=as_utc(ended),
        cameras=len(states),
        verified=kinds.count("verified"),
        failed=kinds.count("failed"),
        provisioned=sum(s in PROVISIONED_OR_LATER for s in states),
        skipped=kinds.count("skipped"),
    )


def camera_values(session_id: str, device: Candidate, row: dict[str, Any], now: datetime) -> CameraValues:
    """A camera's history row: the Pi's data, plus what the board showed (``row``): the failed step,
    the reason, and whether a technician skipped the camera (the Pi does not know that)."""
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
        "skipped": bool(row.get("skipped")),
        "discovered_at": as_utc(device.discovered_at),
        "provisioned_at": as_utc(device.provisioned_at),
        "verified_at": as_utc(device.verified_at),
        "updated_at": now,
    }
    return CameraValues(values=values, action_cid=str(row.get("action_cid") or ""))


BATCH_UPDATED = (
    "target_ssid", "state", "ended_at", "last_seen_at", "cameras", "verified", "failed", "provisioned", "skipped",
)  # fmt: skip
CAMERA_UPDATED = (
    "state", "failed_step", "error_code", "error_message", "reason", "retry_count", "ip", "rssi",
    "firmware_version", "container_id", "in_allowlist", "skipped", "discovered_at", "provisioned_at", "verified_at",
    "updated_at",
)  # fmt: skip


def _batch_upsert() -> Insert:
    stmt = insert(HistoryBatch)
    return stmt.on_conflict_do_update(
        index_elements=[HistoryBatch.session_id], set_={c: stmt.excluded[c] for c in BATCH_UPDATED}
    )


def _camera_upsert() -> Insert:
    """One statement for every camera row (executemany, compiled once); a refusal's correlation ID
    is appended to those kept, once."""
    stmt = insert(HistoryCamera)
    kept, new = HistoryCamera.action_cids, stmt.excluded.action_cids
    merged = case(
        (new == "", kept),
        (func.instr(literal(" ") + kept + " ", literal(" ") + new + " ") > 0, kept),
        else_=func.trim(kept + " " + new),
    )
    return stmt.on_conflict_do_update(
        index_elements=[HistoryCamera.session_id, HistoryCamera.mac],
        set_={**{c: stmt.excluded[c] for c in CAMERA_UPDATED}, "action_cids": merged},
    )


BATCH_UPSERT = _batch_upsert()
CAMERA_UPSERT = _camera_upsert()


def write(engine: Engine, batch: BatchValues, cameras: list[CameraValues], now: datetime) -> None:
    """Upsert the batch and its changed cameras in one transaction (~0.2 ms for one camera, ~2 ms for
    50 on this machine: ``python -m benchmarks history_write``)."""
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
        "skipped": batch.skipped,
    }
    with engine.begin() as conn:
        conn.execute(BATCH_UPSERT, batch_row)
        if cameras:
            conn.execute(CAMERA_UPSERT, [{**c.values, "action_cids": c.action_cid} for c in cameras])


def history_engine(db: Database) -> Engine:
    """The recorder's own connection to ``pidash.db``: WAL with ``synchronous=NORMAL``, so a commit is
    a write to the WAL file without an fsync. A killed process loses nothing committed (the OS
    holds it); a power cut may lose the last commits, never the file's consistency."""
    engine = create_engine(
        f"sqlite:///{db.path}", connect_args={"timeout": BUSY_TIMEOUT_SECONDS, "check_same_thread": False}
    )
    event.listen(engine, "connect", _pragmas)
    return engine


def _pragmas(dbapi_connection: Any, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


class HistoryRecorder:
    """Subscribes to ``store`` at construction; one per process (``pidash.app.create_app``).

    Subscribed before any page, it commits each delta before the browsers are sent it.
    """

    def __init__(self, db: Database, store: DashboardStore) -> None:
        self.store = store
        self.engine = history_engine(db)
        self._last_batch: tuple[Any, ...] | None = None
        self._resync = False
        """A write failed (the database was locked, the disk full): the next write carries every camera."""
        store.rows_delta.subscribe(self._on_delta)
        store.session_replaced.subscribe(self.check_session)
        store.session_changed.subscribe(self.check_session)  # an ending is in the file before any page shows it

    def _on_delta(self, delta: RowDelta) -> None:
        session = self.store.view.session
        if session is None:
            return
        now = datetime.now(UTC)
        devices = self.store.view.devices
        rows = self._all_rows() if self._resync else delta.upserts
        cameras = [camera_values(session.id, devices[row["mac"]], row, now) for row in rows if row["mac"] in devices]
        self._write(batch_values(session, devices.values(), now, self.store.skipped), cameras, now)

    def _all_rows(self) -> list[dict[str, Any]]:
        return [row.payload() for row in self.store.rows.values()]

    def check_session(self) -> None:
        """Record a session change that moved no camera row (a start, an ending), or make good a failed
        write; cheap when nothing changed (polled once a second)."""
        session = self.store.view.session
        if session is None:
            return
        now = datetime.now(UTC)
        devices = self.store.view.devices
        batch = batch_values(session, devices.values(), now, self.store.skipped)
        if self._resync:
            rows = self._all_rows()
            cameras = [camera_values(session.id, devices[r["mac"]], r, now) for r in rows if r["mac"] in devices]
            self._write(batch, cameras, now)
        elif batch.key() != self._last_batch:
            self._write(batch, [], now)

    def _write(self, batch: BatchValues, cameras: list[CameraValues], now: datetime) -> None:
        try:
            write(self.engine, batch, cameras, now)
        except SQLAlchemyError as error:
            self._resync = True
            logger.error("history: a write failed, the next one carries every camera: %r", error)
            return
        self._resync = False
        self._last_batch = batch.key()

    def close(self) -> None:
        """Release the recorder's connections (on shutdown)."""
        self.engine.dispose()

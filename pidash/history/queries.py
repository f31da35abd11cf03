"""Reading the batch history: batches newest first, one batch's cameras, a search by MAC.

Correlation IDs are joined from the audit trail (``pidash.db.audit``) at read time: an action on a
camera is an audit entry whose ``target`` is its MAC, within the batch's time window; actions on
the batch (``session.provision_all``, ``session.stop``…) target its session ID, and its start
targets the SSID just before ``created_at``. Refused actions' IDs seen on a camera's card are kept
with the camera too (``action_cids``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import or_, select

from pidash.contract.provisioning import attempts_made
from pidash.db import Database
from pidash.db.audit import AuditEntry
from pidash.db.history import HistoryBatch, HistoryCamera

WINDOW_BEFORE = timedelta(minutes=2)
"""Audit entries this long before the Pi's ``created_at`` belong to the batch (its start, clock skew)."""
WINDOW_AFTER = timedelta(minutes=1)
SEARCH_LIMIT = 500
MAC_FRAGMENT_MAX = 17


def utc(moment: datetime | None) -> datetime | None:
    """SQLite returns naive datetimes; every stored time is UTC."""
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@dataclass(frozen=True)
class BatchRecord:
    session_id: str
    target_ssid: str
    state: str
    created_at: datetime
    ended_at: datetime | None
    last_seen_at: datetime
    cameras: int
    verified: int
    failed: int
    provisioned: int
    skipped: int = 0
    """Cameras left out by a technician while discovered or failed (not counted as failed)."""
    correlation_ids: tuple[str, ...] = ()
    """Correlation IDs of the actions on the batch as a whole (start, provision all, stop, resume)."""

    @property
    def duration_seconds(self) -> float:
        """From the Pi's ``created_at`` to the ending, or to the last write while it runs."""
        end = self.ended_at or self.last_seen_at
        return max(0.0, (end - self.created_at).total_seconds())


@dataclass(frozen=True)
class CameraRecord:
    session_id: str
    mac: str
    state: str
    failed_step: str
    error_code: str
    error_message: str
    reason: str
    retry_count: int
    ip: str
    rssi: int
    firmware_version: str
    container_id: str
    in_allowlist: bool
    skipped: bool
    """A technician left the camera out of the batch (``state`` stays the Pi's)."""
    discovered_at: datetime | None
    provisioned_at: datetime | None
    verified_at: datetime | None
    updated_at: datetime
    correlation_ids: tuple[str, ...]

    @property
    def attempts(self) -> int:
        """Attempts as the live card counts them (its ``retry_count`` is the retries)."""
        return attempts_made(self.state, self.retry_count)


def _batch(b: HistoryBatch, cids: tuple[str, ...] = ()) -> BatchRecord:
    return BatchRecord(
        session_id=b.session_id,
        target_ssid=b.target_ssid,
        state=b.state,
        created_at=utc(b.created_at) or datetime.now(UTC),
        ended_at=utc(b.ended_at),
        last_seen_at=utc(b.last_seen_at) or datetime.now(UTC),
        cameras=b.cameras,
        verified=b.verified,
        failed=b.failed,
        provisioned=b.provisioned,
        skipped=b.skipped,
        correlation_ids=cids,
    )


def _camera(c: HistoryCamera, cids: list[str]) -> CameraRecord:
    ids = list(dict.fromkeys([*cids, *c.action_cids.split()]))
    return CameraRecord(
        session_id=c.session_id,
        mac=c.mac,
        state=c.state,
        failed_step=c.failed_step,
        error_code=c.error_code,
        error_message=c.error_message,
        reason=c.reason,
        retry_count=c.retry_count,
        ip=c.ip,
        rssi=c.rssi,
        firmware_version=c.firmware_version,
        container_id=c.container_id,
        in_allowlist=c.in_allowlist,
        skipped=c.skipped,
        discovered_at=utc(c.discovered_at),
        provisioned_at=utc(c.provisioned_at),
        verified_at=utc(c.verified_at),
        updated_at=utc(c.updated_at) or datetime.now(UTC),
        correlation_ids=tuple(ids),
    )


def normalize_fragment(text: str) -> str:
    """A MAC or part of one as typed (``aa-bb``, ``AABB``, ``aa:bb``) in the stored form (``AA:BB``-ish, upper case)."""
    return text.strip().upper().replace("-", ":")[:MAC_FRAGMENT_MAX]


class History:
    """Read side of the history tables; each call is one short read transaction."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def batches(self, limit: int = 200) -> list[BatchRecord]:
        """Newest first (by the Pi's ``created_at``)."""
        with self.db.session() as s:
            rows = s.scalars(select(HistoryBatch).order_by(HistoryBatch.created_at.desc()).limit(limit))
            return [_batch(b) for b in rows]

    def batch(self, session_id: str) -> BatchRecord | None:
        """One batch with the correlation IDs of the actions on it; None when unknown."""
        with self.db.session() as s:
            b = s.get(HistoryBatch, session_id)
            if b is None:
                return None
            record = _batch(b)
            start, end = self._window(record)
            entries = s.execute(
                select(AuditEntry.correlation_id).where(
                    AuditEntry.correlation_id != "",
                    AuditEntry.at >= start,
                    AuditEntry.at <= end,
                    or_(
                        AuditEntry.target == session_id,
                        (AuditEntry.action == "session.start") & (AuditEntry.target == record.target_ssid),
                    ),
                )
            ).scalars()
            return _batch(b, tuple(dict.fromkeys(_split(entries))))

    def cameras(self, session_id: str) -> list[CameraRecord]:
        """The cameras of one batch in MAC order, each with the correlation IDs of the actions on it."""
        with self.db.session() as s:
            b = s.get(HistoryBatch, session_id)
            if b is None:
                return []
            start, end = self._window(_batch(b))
            query = select(HistoryCamera).where(HistoryCamera.session_id == session_id).order_by(HistoryCamera.mac)
            cams = list(s.scalars(query))
            by_mac: dict[str, list[str]] = defaultdict(list)
            for target, cid in s.execute(
                select(AuditEntry.target, AuditEntry.correlation_id)
                .where(
                    AuditEntry.correlation_id != "",
                    AuditEntry.at >= start,
                    AuditEntry.at <= end,
                    AuditEntry.target.in_([c.mac for c in cams]),
                )
                .order_by(AuditEntry.id)
            ).tuples():
                by_mac[target].extend(_split([cid]))
            return [_camera(c, by_mac[c.mac]) for c in cams]

    def search_mac(self, fragment: str, limit: int = SEARCH_LIMIT) -> list[tuple[BatchRecord, CameraRecord]]:
        """Every batch a camera whose MAC contains ``fragment`` was in, newest batch first."""
        needle = normalize_fragment(fragment)
        if not needle:
            return []
        with self.db.session() as s:
            rows = s.execute(
                select(HistoryBatch, HistoryCamera)
                .join(HistoryCamera, HistoryCamera.session_id == HistoryBatch.session_id)
                .where(HistoryCamera.mac.contains(needle, autoescape=True))
                .order_by(HistoryBatch.created_at.desc(), HistoryCamera.mac)
                .limit(limit)
            ).tuples()
            return [(_batch(b), _camera(c, [])) for b, c in rows]

    @staticmethod
    def _window(batch: BatchRecord) -> tuple[datetime, datetime]:
        end = (batch.ended_at or datetime.now(UTC)) + WINDOW_AFTER
        # the audit table stores naive UTC (SQLite): compare naive to naive
        return (batch.created_at - WINDOW_BEFORE).replace(tzinfo=None), end.astimezone(UTC).replace(tzinfo=None)


def _split(values: Iterable[str]) -> list[str]:
    """Audit ``correlation_id`` cells hold one ID or several joined with commas."""
    out: list[str] = []
    for value in values:
        out.extend(part for part in value.split(",") if part)
    return out

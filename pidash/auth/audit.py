"""The audit trail: record a protected action or sign-in attempt, list recent ones, export CSV."""

from __future__ import annotations

import csv
import io
import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select

from pidash.db import Database
from pidash.db.audit import AuditEntry

logger = logging.getLogger("pidash.audit")
CSV_COLUMNS = ("at", "actor", "role", "action", "target", "outcome", "correlation_id", "address")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def defuse_formula(cell: str) -> str:
    """A CSV cell a spreadsheet would run as a formula, quoted with ``'`` (OWASP "CSV injection"); others unchanged."""
    return "'" + cell if cell.startswith(FORMULA_START) else cell


@dataclass(frozen=True)
class AuditRecord:
    at: datetime
    actor: str
    role: str
    action: str
    target: str
    outcome: str
    correlation_id: str
    address: str


def _record(e: AuditEntry) -> AuditRecord:
    at = e.at if e.at.tzinfo else e.at.replace(tzinfo=UTC)
    return AuditRecord(at, e.actor, e.role, e.action, e.target, e.outcome, e.correlation_id, e.address)


class AuditLog:
    def __init__(self, db: Database) -> None:
        self.db = db

    def record(
        self,
        *,
        actor: str,
        role: str,
        action: str,
        outcome: str,
        target: str = "",
        correlation_id: str | None = None,
        address: str = "",
    ) -> None:
        entry = AuditEntry(
            at=datetime.now(UTC),
            actor=actor[:64],
            role=role[:16],
            action=action[:64],
            target=target[:200],
            outcome=outcome[:200],
            correlation_id=(correlation_id or "")[:64],
            address=address[:64],
        )
        with self.db.session() as s:
            s.add(entry)
        logger.info(
            "audit: %s (%s) %s %s -> %s (correlation_id=%s)", actor, role, action, target, outcome, correlation_id
        )

    def recent(self, limit: int = 500) -> list[AuditRecord]:
        """Newest first."""
        with self.db.session() as s:
            rows = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit))
            return [_record(e) for e in rows]

    def csv(self, limit: int = 100_000) -> str:
        """The trail as CSV (newest first); cells that a spreadsheet would run as a formula are quoted with '."""
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(CSV_COLUMNS)
        for r in self.recent(limit):
            cells = [r.at.isoformat(timespec="seconds"), r.actor, r.role, r.action, r.target, r.outcome]
            cells += [r.correlation_id, r.address]
            writer.writerow([defuse_formula(c) for c in cells])
        return out.getvalue()

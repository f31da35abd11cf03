"""CSV and JSON exports of one batch: one row per camera, columns documented in README
("History and reports"). The Pi's own fields keep the Pi's names and values (``GET
/api/v1/provisioning/batch/{id}?include_devices=true``), so an export can be compared with the
Pi's snapshot row for row.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from pidash.auth.audit import defuse_formula
from pidash.contract.base import rfc3339
from pidash.history.queries import BatchRecord, CameraRecord

COLUMNS: tuple[str, ...] = (
    "session_id",
    "target_ssid",
    "mac",
    "state",
    "skipped",
    "failed_step",
    "error_code",
    "error_message",
    "reason",
    "retry_count",
    "ip",
    "rssi",
    "firmware_version",
    "container_id",
    "in_allowlist",
    "discovered_at",
    "provisioned_at",
    "verified_at",
    "correlation_ids",
)
"""The per-camera columns of both exports, in order."""


def camera_row(batch: BatchRecord, c: CameraRecord) -> dict[str, Any]:
    """One camera as JSON values: times RFC 3339 UTC or null, ``correlation_ids`` a list."""
    return {
        "session_id": batch.session_id,
        "target_ssid": batch.target_ssid,
        "mac": c.mac,
        "state": c.state,
        "skipped": c.skipped,
        "failed_step": c.failed_step,
        "error_code": c.error_code,
        "error_message": c.error_message,
        "reason": c.reason,
        "retry_count": c.retry_count,
        "ip": c.ip,
        "rssi": c.rssi,
        "firmware_version": c.firmware_version,
        "container_id": c.container_id,
        "in_allowlist": c.in_allowlist,
        "discovered_at": rfc3339(c.discovered_at) if c.discovered_at else None,
        "provisioned_at": rfc3339(c.provisioned_at) if c.provisioned_at else None,
        "verified_at": rfc3339(c.verified_at) if c.verified_at else None,
        "correlation_ids": list(c.correlation_ids),
    }


def batch_summary(batch: BatchRecord) -> dict[str, Any]:
    return {
        "session_id": batch.session_id,
        "target_ssid": batch.target_ssid,
        "state": batch.state,
        "created_at": rfc3339(batch.created_at),
        "ended_at": rfc3339(batch.ended_at) if batch.ended_at else None,
        "duration_seconds": round(batch.duration_seconds, 1),
        "cameras": batch.cameras,
        "verified": batch.verified,
        "failed": batch.failed,
        "provisioned": batch.provisioned,
        "skipped": batch.skipped,
        "correlation_ids": list(batch.correlation_ids),
    }


def to_json(batch: BatchRecord, cameras: list[CameraRecord]) -> str:
    """``{"batch": {...}, "cameras": [row, ...]}``."""
    payload = {"batch": batch_summary(batch), "cameras": [camera_row(batch, c) for c in cameras]}
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)  # a negative RSSI is a number, not a formula
    if isinstance(value, list):
        return defuse_formula(" ".join(value))
    return defuse_formula(str(value))


def to_csv(batch: BatchRecord, cameras: list[CameraRecord]) -> str:
    """A header of :data:`COLUMNS`, one row per camera; text cells a spreadsheet would run are quoted with ``'``."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for c in cameras:
        row = camera_row(batch, c)
        writer.writerow([_cell(row[name]) for name in COLUMNS])
    return out.getvalue()


def file_stem(batch: BatchRecord) -> str:
    """``pidash-batch-20261130-1405-<first 8 of the id>``: safe as a file name."""
    day = batch.created_at.strftime("%Y%m%d-%H%M")
    safe = "".join(ch for ch in batch.session_id if ch.isalnum())[:8]
    return f"pidash-batch-{day}-{safe}"

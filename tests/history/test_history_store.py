"""The history tables on plain data: upserts, correlation IDs from the audit trail, search, exports."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from pidash.auth.audit import AuditLog
from pidash.contract.base import rfc3339
from pidash.contract.provisioning import Candidate, Session
from pidash.db import Database
from pidash.history.export import COLUMNS, to_csv, to_json
from pidash.history.formatting import counts_text
from pidash.history.queries import History
from pidash.history.recorder import batch_values, camera_values, write
from pidash.i18n import translator
from pidash.ui.pages.history import batch_row, camera_row
from pidash.ui.pages.report import report_html

T0 = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=10)
"""The audit trail is written with the real clock: batches here ran ten minutes ago."""


def _session(state: str = "active", sid: str = "sess-1", at: datetime = T0, updated: datetime | None = None) -> Session:
    return Session.model_validate(
        {"id": sid, "state": state, "target_ssid": "Factory-WiFi", "created_at": at, "updated_at": updated or at}
    )


def _device(mac: str, state: str, **extra: object) -> Candidate:
    return Candidate.model_validate({"mac": mac, "state": state, "in_allowlist": True, **extra})


def test_rows_are_upserted_and_read_back_newest_batch_first(tmp_path: Path) -> None:
    db = Database(tmp_path)
    now = T0 + timedelta(minutes=1)
    a = _device("AA:BB:CC:00:00:01", "provisioning")
    write(db.engine, batch_values(_session(), [a], now), [camera_values("sess-1", a, {"step": 1}, now)], now)
    # the camera fails at verification; a refused retry's correlation ID was on its card
    a = _device(
        "AA:BB:CC:00:00:01", "failed", error_code="VERIFICATION_FAILED", error_message="no answer", retry_count=2,
        provisioned_at=T0 + timedelta(seconds=30), rssi=-61, container_id="=HYPERLINK(1)",
    )  # fmt: skip
    row = {"step": 3, "reason": "The camera did not answer.", "action_cid": "cid-refused"}
    ended = datetime.now(UTC) + timedelta(seconds=5)
    closed = batch_values(_session("closed", updated=ended), [a], now)
    write(db.engine, closed, [camera_values("sess-1", a, row, now)], now)
    later = _session(sid="sess-2", at=T0 + timedelta(hours=1))
    b = _device("AA:BB:CC:00:00:02", "verified")
    write(db.engine, batch_values(later, [b], now), [camera_values("sess-2", b, {"step": 4}, now)], now)
    AuditLog(db).record(
        actor="ann", role="technician", action="device.retry", outcome="ok", target=a.mac, correlation_id="cid-ok"
    )

    history = History(db)
    assert [x.session_id for x in history.batches()] == ["sess-2", "sess-1"]
    first = history.batch("sess-1")
    assert first is not None and first.state == "closed" and first.failed == 1 and first.ended_at == ended
    (cam,) = history.cameras("sess-1")
    assert (cam.state, cam.failed_step, cam.error_code) == ("failed", "verifying", "VERIFICATION_FAILED")
    assert cam.retry_count == 2
    assert set(cam.correlation_ids) == {"cid-refused", "cid-ok"}
    assert [(bb.session_id, c.mac) for bb, c in history.search_mac("cc-00-00")] == [
        ("sess-2", "AA:BB:CC:00:00:02"),
        ("sess-1", "AA:BB:CC:00:00:01"),
    ]
    assert history.search_mac("00:00:02")[0][1].state == "verified"

    cameras = history.cameras("sess-1")
    (csv_row,) = list(csv.DictReader(io.StringIO(to_csv(first, cameras))))
    assert list(csv_row) == list(COLUMNS)
    assert csv_row["container_id"] == "'=HYPERLINK(1)"  # defused, as the audit CSV does
    assert csv_row["rssi"] == "-61"  # a number, not a formula
    assert csv_row["provisioned_at"] == rfc3339(T0 + timedelta(seconds=30))
    data = json.loads(to_json(first, cameras))
    assert data["batch"]["target_ssid"] == "Factory-WiFi"
    assert data["cameras"][0]["container_id"] == "=HYPERLINK(1)" and data["cameras"][0]["verified_at"] is None


def test_times_with_an_offset_are_stored_as_utc(tmp_path: Path) -> None:
    db = Database(tmp_path)
    plus2 = timezone(timedelta(hours=2))
    at = T0.astimezone(plus2)
    d = _device("AA:BB:CC:00:00:03", "verified", verified_at=at)
    write(db.engine, batch_values(_session(at=at), [d], T0), [camera_values("sess-1", d, {"step": 4}, T0)], T0)
    (cam,) = History(db).cameras("sess-1")
    assert cam.verified_at == T0
    assert History(db).batches()[0].created_at == T0


def test_a_skipped_camera_reads_as_skipped_in_the_counts_the_table_the_exports_and_the_report(
    tmp_path: Path,
) -> None:
    db = Database(tmp_path)
    now = T0 + timedelta(minutes=1)
    left_out = _device("AA:BB:CC:00:00:04", "discovered")
    done = _device("AA:BB:CC:00:00:05", "verified")
    rows = {left_out.mac: {"step": 0, "skipped": True}, done.mac: {"step": 4}}
    batch = batch_values(_session("closed", updated=now), [left_out, done], now, skipped={left_out.mac})
    write(db.engine, batch, [camera_values("sess-1", d, rows[d.mac], now) for d in (left_out, done)], now)
    record = History(db).batch("sess-1")
    assert record is not None and (record.cameras, record.verified, record.failed, record.skipped) == (2, 1, 0, 1)
    cameras = History(db).cameras("sess-1")

    en, de = translator("en"), translator("de")
    assert en.text(counts_text(record)) == "2 cameras: 1 verified, 0 failed, 1 skipped"
    assert de.text(counts_text(record)) == "2 Kameras: 1 bestätigt, 0 fehlgeschlagen, 1 übersprungen"
    assert [camera_row(c, en)["state"] for c in cameras] == ["discovered · skipped", "verified"]
    assert camera_row(cameras[0], de)["state"] == "erkannt · übersprungen"
    assert batch_row(record, en)["skipped"] == 1

    by_mac = {r["mac"]: r for r in csv.DictReader(io.StringIO(to_csv(record, cameras)))}
    assert (by_mac[left_out.mac]["state"], by_mac[left_out.mac]["skipped"]) == ("discovered", "true")
    assert by_mac[done.mac]["skipped"] == "false"
    data = json.loads(to_json(record, cameras))
    assert data["batch"]["skipped"] == 1 and [c["skipped"] for c in data["cameras"]] == [True, False]

    html = report_html("Site", record, cameras, now, en)
    assert "2 cameras: 1 verified, 0 failed, 1 skipped" in html
    assert "<tr class='pd-report-skipped'><td>AA:BB:CC:00:00:04</td><td>discovered · skipped</td>" in html

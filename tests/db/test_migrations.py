"""Schema migrations: a version-1 database (as sites have it on disk) opens at the current version,
keeps its rows, and takes new ones."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from pidash.contract.provisioning import Candidate, Session
from pidash.db import SCHEMA_VERSION, Database
from pidash.history.export import to_csv
from pidash.history.queries import History
from pidash.history.recorder import batch_values, camera_values, write

SCHEMA_V1 = Path(__file__).with_name("schema_v1.sql")
T0 = datetime(2026, 11, 30, 14, 5, tzinfo=UTC)
MAC = "AA:BB:CC:00:00:01"


def _v1_database(data_dir: Path) -> Path:
    """``pidash.db`` at schema version 1 with one recorded batch of one failed camera."""
    data_dir.mkdir()
    path = data_dir / "pidash.db"
    with sqlite3.connect(path) as conn:
        conn.executescript(SCHEMA_V1.read_text())
        conn.execute(
            "INSERT INTO history_batches VALUES ('sess-old', 'Old-WiFi', 'closed', ?, ?, ?, 1, 0, 1, 0)",
            ("2026-11-30 14:05:00", "2026-11-30 14:20:00", "2026-11-30 14:20:00"),
        )
        conn.execute(
            "INSERT INTO history_cameras VALUES ('sess-old', ?, 'failed', 'provisioning', 'DEVICE_UNREACHABLE',"
            " 'no answer', 'The camera did not answer.', 2, '192.168.4.20', -61, '1.2.0', 'C-7', 1,"
            " '2026-11-30 14:06:00', NULL, NULL, 'cid-1', '2026-11-30 14:20:00')",
            (MAC,),
        )
    return path


def _columns(path: Path, table: str) -> list[tuple[str, str, int, str | None]]:
    with sqlite3.connect(path) as conn:
        return sorted((r[1], r[2], r[3], r[4]) for r in conn.execute(f"PRAGMA table_info({table})"))


def test_a_version_1_database_keeps_its_rows_and_reads_them_as_not_skipped(tmp_path: Path) -> None:
    path = _v1_database(tmp_path / "dash")
    db = Database(tmp_path / "dash")
    assert db.schema_version == SCHEMA_VERSION == 2
    history = History(db)
    (batch,) = history.batches()
    assert (batch.session_id, batch.cameras, batch.failed, batch.skipped) == ("sess-old", 1, 1, 0)
    (cam,) = history.cameras("sess-old")
    assert (cam.mac, cam.state, cam.reason, cam.retry_count, cam.skipped) == (
        MAC, "failed", "The camera did not answer.", 2, False,
    )  # fmt: skip
    assert cam.correlation_ids == ("cid-1",)
    assert "false" in to_csv(batch, [cam])

    # the migrated tables are the tables a new database gets
    fresh = Database(tmp_path / "fresh")
    for table in ("history_batches", "history_cameras"):
        assert _columns(path, table) == _columns(fresh.path, table)
    db.close()
    fresh.close()


def test_a_migrated_database_takes_new_rows_with_skipped_cameras(tmp_path: Path) -> None:
    _v1_database(tmp_path / "dash")
    db = Database(tmp_path / "dash")
    session = Session.model_validate(
        {"id": "sess-new", "state": "active", "target_ssid": "New-WiFi", "created_at": T0 + timedelta(days=1)}
    )
    device = Candidate.model_validate({"mac": MAC, "state": "discovered", "in_allowlist": True})
    now = T0 + timedelta(days=1, minutes=1)
    batch = batch_values(session, [device], now, skipped={MAC})
    write(db.engine, batch, [camera_values("sess-new", device, {"step": 0, "skipped": True}, now)], now)
    history = History(db)
    assert [b.session_id for b in history.batches()] == ["sess-new", "sess-old"]
    assert history.batches()[0].skipped == 1
    assert [(c.session_id, c.skipped) for _, c in history.search_mac(MAC)] == [("sess-new", True), ("sess-old", False)]
    db.close()


@pytest.mark.parametrize("damage", ["column already added", "history tables missing"])
def test_the_step_is_safe_to_run_again_and_without_the_history_tables(tmp_path: Path, damage: str) -> None:
    """sqlite3 runs DDL outside the transaction: a step cut short may have added the column already."""
    path = _v1_database(tmp_path / "dash")
    with sqlite3.connect(path) as conn:
        if damage == "column already added":
            conn.execute("ALTER TABLE history_cameras ADD COLUMN skipped BOOLEAN NOT NULL DEFAULT 0")
        else:
            conn.execute("DROP TABLE history_cameras")
            conn.execute("DROP TABLE history_batches")
    db = Database(tmp_path / "dash")
    assert db.schema_version == SCHEMA_VERSION
    assert {c[0] for c in _columns(path, "history_cameras")} >= {"skipped"}
    assert {c[0] for c in _columns(path, "history_batches")} >= {"skipped"}
    db.close()

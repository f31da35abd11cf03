"""SQLite persistence: every state change is committed at once, so SIGKILL loses nothing.

Rows hold the record as JSON beside the keys they are looked up by; WAL journal,
autocommit (each statement is its own transaction).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict
from pathlib import Path
from typing import Any

from pidash.sim.fleet import VirtualCamera
from pidash.sim.records import AllowlistRecord, DeviceRecord, SessionRecord

DB_NAME = "piorchestrator-sim.sqlite3"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS fleet (idx INTEGER PRIMARY KEY, mac TEXT UNIQUE NOT NULL, body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS allowlist (mac TEXT PRIMARY KEY, body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sessions (id TEXT PRIMARY KEY, created_at TEXT NOT NULL, body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS devices (
    session_id TEXT NOT NULL, mac TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (session_id, mac)
);
CREATE TABLE IF NOT EXISTS config_values (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


class SimDatabase:
    def __init__(self, data_dir: Path) -> None:
        data_dir.mkdir(parents=True, exist_ok=True)
        self.path = data_dir / DB_NAME
        self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        self._db.close()

    # --- meta and fleet -----------------------------------------------------------------

    def meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        self._db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def fleet(self) -> list[VirtualCamera]:
        rows = self._db.execute("SELECT body FROM fleet ORDER BY idx").fetchall()
        return [VirtualCamera(**json.loads(body)) for (body,) in rows]

    def save_fleet(self, cameras: list[VirtualCamera]) -> None:
        with self._db:
            self._db.execute("BEGIN")
            self._db.execute("DELETE FROM fleet")
            for idx, cam in enumerate(cameras):
                body = json.dumps(asdict(cam))
                self._db.execute("INSERT INTO fleet (idx, mac, body) VALUES (?, ?, ?)", (idx, cam.mac, body))

    # --- allowlist ----------------------------------------------------------------------

    def allowlist(self) -> list[AllowlistRecord]:
        rows = self._db.execute("SELECT body FROM allowlist").fetchall()
        return [AllowlistRecord.model_validate_json(body) for (body,) in rows]

    def save_allowlist_entry(self, entry: AllowlistRecord) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO allowlist (mac, body) VALUES (?, ?)", (entry.mac, entry.model_dump_json())
        )

    def delete_allowlist_entry(self, mac: str) -> None:
        self._db.execute("DELETE FROM allowlist WHERE mac = ?", (mac,))

    # --- sessions and devices -----------------------------------------------------------

    def sessions(self) -> list[SessionRecord]:
        rows = self._db.execute("SELECT body FROM sessions ORDER BY created_at").fetchall()
        return [SessionRecord.model_validate_json(body) for (body,) in rows]

    def save_session(self, session: SessionRecord) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO sessions (id, created_at, body) VALUES (?, ?, ?)",
            (session.id, session.created_at.isoformat(), session.model_dump_json()),
        )

    def devices(self) -> list[DeviceRecord]:
        rows = self._db.execute("SELECT body FROM devices ORDER BY rowid").fetchall()
        return [DeviceRecord.model_validate_json(body) for (body,) in rows]

    def save_device(self, device: DeviceRecord) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO devices (session_id, mac, body) VALUES (?, ?, ?)",
            (device.session_id, device.mac, device.model_dump_json()),
        )

    # --- config -------------------------------------------------------------------------

    def config_values(self) -> dict[str, Any]:
        rows = self._db.execute("SELECT key, value FROM config_values").fetchall()
        return {key: json.loads(value) for key, value in rows}

    def save_config_value(self, key: str, value: Any) -> None:
        self._db.execute("INSERT OR REPLACE INTO config_values (key, value) VALUES (?, ?)", (key, json.dumps(value)))

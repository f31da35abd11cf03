"""Sign-in throttling with a controlled clock; the database's schema-version check."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from pidash.auth.throttle import LoginThrottle
from pidash.db import SCHEMA_VERSION, Database, SchemaError


def test_five_failures_a_minute_then_refused_until_the_oldest_leaves() -> None:
    now = [1000.0]
    throttle = LoginThrottle(limit=5, window=60, clock=lambda: now[0])
    for _ in range(5):
        assert throttle.wait_seconds("ann", "10.0.0.1") == 0
        throttle.failed("ann", "10.0.0.1")
        now[0] += 1
    assert throttle.wait_seconds("ann", "10.0.0.1") == pytest.approx(55)
    assert throttle.wait_seconds("ANN ", "10.0.0.9") > 0  # per account, whatever the address
    assert throttle.wait_seconds("bob", "10.0.0.1") > 0  # per address, whatever the account
    assert throttle.wait_seconds("bob", "10.0.0.9") == 0
    now[0] += 55
    assert throttle.wait_seconds("ann", "10.0.0.1") == 0


def test_new_database_has_the_version_and_a_newer_one_is_refused(tmp_path: Path) -> None:
    assert Database(tmp_path).schema_version == SCHEMA_VERSION
    assert Database(tmp_path).schema_version == SCHEMA_VERSION  # reopening is fine
    with sqlite3.connect(tmp_path / "pidash.db") as db:
        db.execute("UPDATE schema_version SET version = ?", (SCHEMA_VERSION + 1,))
    with pytest.raises(SchemaError, match="newer than this dashboard"):
        Database(tmp_path)


def test_a_missing_table_is_created_on_start(tmp_path: Path) -> None:
    Database(tmp_path).close()
    with sqlite3.connect(tmp_path / "pidash.db") as db:
        db.execute("DROP TABLE audit")
    Database(tmp_path).close()
    with sqlite3.connect(tmp_path / "pidash.db") as db:
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"accounts", "audit", "schema_version"} <= tables

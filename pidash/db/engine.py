"""Opening the database: one engine per process, short sessions per operation."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from pidash.db.schema import ensure_schema

DB_FILE = "pidash.db"
BUSY_TIMEOUT_SECONDS = 5.0
"""How long a writer waits for another process (e.g. ``pidash user add`` beside ``pidash run``)."""


class Database:
    """``<data_dir>/pidash.db``. The data directory is created with mode 0700 when missing."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.path = data_dir / DB_FILE
        if not self.path.exists():
            os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))  # hashes live here: owner only
        self.engine: Engine = create_engine(
            f"sqlite:///{self.path}", connect_args={"timeout": BUSY_TIMEOUT_SECONDS, "check_same_thread": False}
        )
        event.listen(self.engine, "connect", _pragmas)
        self.schema_version = ensure_schema(self.engine)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session committed on success, rolled back on error."""
        with self._sessions.begin() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()


def _pragmas(dbapi_connection: object, _record: object) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()

"""Schema version check: one row in ``schema_version``; missing tables are created on every start.

``SCHEMA_VERSION`` is raised by one, with a step in ``MIGRATIONS``, whenever an existing table
changes. A database written by a newer dashboard is refused (never silently downgraded).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, Engine, Integer, inspect, text
from sqlalchemy.orm import Mapped, mapped_column

from pidash.db import models
from pidash.db.base import Base

SCHEMA_VERSION = 2


def _add_column(conn: Connection, table: str, column: str, ddl: str) -> None:
    """``ALTER TABLE table ADD COLUMN column ddl``, unless the table is missing (``create_all`` makes
    it whole afterwards) or already has the column. Python's sqlite3 runs DDL outside the
    transaction, so a step cut short before the version is written must be safe to run again."""
    inspector = inspect(conn)
    if not inspector.has_table(table) or column in {c["name"] for c in inspector.get_columns(table)}:
        return
    conn.execute(text(f"ALTER TABLE {table} ADD COLUMN {column} {ddl}"))


def _skipped_cameras(conn: Connection) -> None:
    """Version 2: whether a technician skipped each recorded camera, and the batch's skipped count.
    The rows of version 1 read as not skipped (it was not recorded)."""
    _add_column(conn, "history_cameras", "skipped", "BOOLEAN NOT NULL DEFAULT 0")
    _add_column(conn, "history_batches", "skipped", "INTEGER NOT NULL DEFAULT 0")


MIGRATIONS: dict[int, Callable[[Connection], None]] = {1: _skipped_cameras}
"""``MIGRATIONS[n]`` brings a version-``n`` database to version ``n + 1``."""


class SchemaError(RuntimeError):
    """The database cannot be used by this version of the dashboard."""


class SchemaVersion(Base):
    __tablename__ = "schema_version"

    version: Mapped[int] = mapped_column(Integer, primary_key=True)


def ensure_schema(engine: Engine) -> int:
    """Create missing tables, migrate an older schema; the version in use. Raises :class:`SchemaError`."""
    assert models.TABLE_MODULES  # every table module is imported
    with engine.begin() as conn:
        Base.metadata.create_all(conn, tables=[SchemaVersion.__table__])  # type: ignore[list-item]
        found = conn.execute(text("SELECT max(version) FROM schema_version")).scalar()
        if found is None:
            Base.metadata.create_all(conn)
            conn.execute(text("INSERT INTO schema_version (version) VALUES (:v)"), {"v": SCHEMA_VERSION})
            return SCHEMA_VERSION
        version = int(found)
        if version > SCHEMA_VERSION:
            raise SchemaError(
                f"the database is at schema version {version}, newer than this dashboard ({SCHEMA_VERSION}): "
                "upgrade pidash"
            )
        while version < SCHEMA_VERSION:
            step = MIGRATIONS.get(version)
            if step is None:
                raise SchemaError(f"no migration from schema version {version}")
            step(conn)
            version += 1
            conn.execute(text("UPDATE schema_version SET version = :v"), {"v": version})
        Base.metadata.create_all(conn)  # tables added since (new modules) are created here
        return version

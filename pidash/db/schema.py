"""Schema version check: one row in ``schema_version``; missing tables are created on every start.

``SCHEMA_VERSION`` is raised by one, with a step in ``MIGRATIONS``, whenever an existing table
changes. A database written by a newer dashboard is refused (never silently downgraded).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, Engine, Integer, text
from sqlalchemy.orm import Mapped, mapped_column

from pidash.db import models
from pidash.db.base import Base

SCHEMA_VERSION = 1

MIGRATIONS: dict[int, Callable[[Connection], None]] = {}
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

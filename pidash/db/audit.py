"""Table ``audit``: one row per protected action or sign-in attempt (never a password)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from pidash.db.base import Base


class AuditEntry(Base):
    __tablename__ = "audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    """When (UTC)."""
    actor: Mapped[str] = mapped_column(String(64))
    """The account name, ``anonymous``, or for a failed sign-in the name that was tried."""
    role: Mapped[str] = mapped_column(String(16))
    """The role acted with (``viewer``/``technician``/``admin``), ``pi-key`` (the tab's own Pi key) or ``none``."""
    action: Mapped[str] = mapped_column(String(64))
    """What, e.g. ``door.open``, ``session.start``, ``sign-in``."""
    target: Mapped[str] = mapped_column(String(200), default="")
    """What it was done to: a MAC, a session ID, a config key, an account name."""
    outcome: Mapped[str] = mapped_column(String(200))
    """``ok``, ``refused: <why>``, ``failed: <error code>``."""
    correlation_id: Mapped[str] = mapped_column(String(64), default="")
    """The ``X-Correlation-ID`` of the Pi call, when one was made."""
    address: Mapped[str] = mapped_column(String(64), default="")
    """The browser's IP address."""

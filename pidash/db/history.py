"""Tables ``history_batches`` and ``history_cameras``: every batch the dashboard followed (issue 12).

Written by :class:`pidash.history.recorder.HistoryRecorder` as the Pi's events arrive; read by the
History page and the exports (:mod:`pidash.history.queries`). Never a Wi-Fi password or an API key:
the Pi's session carries the SSID only.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from pidash.db.base import Base


class HistoryBatch(Base):
    """One provisioning session (batch) as last seen; times are UTC."""

    __tablename__ = "history_batches"

    session_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    target_ssid: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(32))
    """The Pi's session state (``discovering``, ``active``, ``paused``, ``closing``, ``closed``)."""
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    """The Pi's ``created_at``."""
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    """When the session was first seen closing or closed (the Pi's ``updated_at`` then)."""
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    """The dashboard's clock at the last write."""
    cameras: Mapped[int] = mapped_column(Integer, default=0)
    verified: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    provisioned: Mapped[int] = mapped_column(Integer, default=0)
    """Cameras provisioned or later (verifying, verified)."""
    skipped: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    """Cameras a technician left out of the batch while discovered or failed (the live summary's
    rule, ``pidash.store.summary.camera_kind``): counted here, not in ``failed``. Schema version 2."""


class HistoryCamera(Base):
    """One camera of one batch: the Pi's last data, the step that failed and the refused actions' IDs."""

    __tablename__ = "history_cameras"

    session_id: Mapped[str] = mapped_column(
        String(128), ForeignKey("history_batches.session_id", ondelete="CASCADE"), primary_key=True
    )
    mac: Mapped[str] = mapped_column(String(17), primary_key=True, index=True)
    state: Mapped[str] = mapped_column(String(32))
    failed_step: Mapped[str] = mapped_column(String(32), default="")
    """The step that failed (``discovered`` … ``verifying``), empty unless the camera failed."""
    error_code: Mapped[str] = mapped_column(String(64), default="")
    error_message: Mapped[str] = mapped_column(Text, default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    """The sentence the dashboard showed for the failure."""
    retry_count: Mapped[int] = mapped_column(Integer, default=0)
    ip: Mapped[str] = mapped_column(String(64), default="")
    rssi: Mapped[int] = mapped_column(Integer, default=0)
    firmware_version: Mapped[str] = mapped_column(String(64), default="")
    container_id: Mapped[str] = mapped_column(String(64), default="")
    in_allowlist: Mapped[bool] = mapped_column(Boolean, default=False)
    skipped: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("0"))
    """A technician left the camera out of this batch (the dashboard's decision: the Pi does not know
    it, and its ``state`` stays the Pi's). Schema version 2."""
    discovered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    provisioned_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    verified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    action_cids: Mapped[str] = mapped_column(Text, default="")
    """Correlation IDs of refused actions seen on the camera's card, space-separated (the audit trail has the rest)."""
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    """The dashboard's clock at the last write."""

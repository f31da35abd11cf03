"""Table ``accounts``: the dashboard's operators (name, role, argon2 hash of the password)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from pidash.db.base import Base


class Account(Base):
    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    role: Mapped[str] = mapped_column(String(16))
    """``viewer``, ``technician`` or ``admin`` (:class:`pidash.auth.roles.Role`)."""
    password_hash: Mapped[str] = mapped_column(String(255))
    """argon2id PHC string; never shown, logged or exported."""
    session_epoch: Mapped[int] = mapped_column(Integer, default=0)
    """Raised on a password change or a role change: every sign-in made before it ends."""
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    def __repr__(self) -> str:  # never the hash
        return f"Account(name={self.name!r}, role={self.role!r})"

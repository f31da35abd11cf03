"""Simulator configuration, filled from ``pidash sim`` flags."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, Field, SecretStr

from pidash.sim.dialect import Dialect, Listener, OldBuild


class SimConfig(BaseModel):
    host: str = "127.0.0.1"
    port: int = Field(default=8081, ge=0, le=65535)
    api_key: SecretStr | None = None
    dev_mode: bool = False
    """Bypass API-key auth, like ``PIORCHESTRATOR_DEV_MODE``."""
    devices: int = Field(default=8, ge=0, le=500)
    """Size of the virtual camera fleet."""
    unlisted: int = Field(default=1, ge=0)
    """How many fleet cameras are *not* seeded into the allowlist on first start."""
    failure_rate: float = Field(default=0.1, ge=0.0, le=1.0)
    """Chance that one provisioning attempt of a camera fails."""
    seed: int | None = None
    speed: float = Field(default=1.0, gt=0.0, le=1000.0)
    """Simulated time runs this many times faster than the wall clock."""
    data_dir: Path = Path(".pidash-sim")
    faults: bool = False
    """Enable fault injection and the ``/_sim`` control API."""
    log_level: str = "info"
    dialect: Dialect = Dialect.HANDOFF
    """``handoff``: the V1 contract as written; ``field``: what real Pis send (``FIELD-NOTES.md``)."""
    old_build: OldBuild = OldBuild.NONE
    """An old build: some V1 routes missing (JSON ``NOT_FOUND`` 404 or an HTML page), legacy routes answer."""
    listener: Listener = Listener.MAIN
    """``web-ui``: the 8082-style listener (V1 provisioning without auth, ~1 request/s per route group)."""

    @property
    def field(self) -> bool:
        return self.dialect is Dialect.FIELD

    @property
    def legacy_routes(self) -> bool:
        """The unversioned routes answer (field dialect and old builds)."""
        return self.field or self.old_build is not OldBuild.NONE

"""Dashboard configuration: ``PIDASH_*`` environment variables, overridden by CLI flags."""

from __future__ import annotations

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class DashboardSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PIDASH_", extra="ignore")

    orchestrator_url: str = "http://127.0.0.1:8081"
    """Base URL of PiOrchestrator (scheme, host, port; the client adds ``/api/v1``)."""
    api_key: SecretStr | None = None
    """Key for protected routes. Prefer the environment over a flag: flags show in ``ps``."""
    host: str = "127.0.0.1"
    port: int = Field(default=8080, ge=1, le=65535)
    batch_provisioning: bool = True
    """Feature switch: the provisioning and allowlist screens."""
    websocket_monitoring: bool = True
    """Feature switch: the ``/ws/monitor`` feed (off: polling only)."""
    kiosk: bool = False
    """Open on the kiosk screen."""
    thresholds: dict[str, tuple[float, float]] = Field(default_factory=dict)
    """Monitoring thresholds (warning, critical) overriding the Pi 4 defaults, e.g. ``{"cpu": [70, 90]}``."""
    missing_route_retry_seconds: float = Field(default=300.0, gt=0)
    """A Pi route that answered "missing" (404, an HTML page) is asked again this rarely."""
    request_timeout_seconds: float = Field(default=10.0, gt=0)
    reconnect_timeout_seconds: float = Field(default=30.0, gt=0)
    """How long a browser may be away (tablet Wi-Fi drop) before its page is rebuilt."""
    tab_key_max_age_seconds: int = Field(default=12 * 3600, gt=0)
    """How long a key entered in a tab is kept in server memory after the tab was last seen."""

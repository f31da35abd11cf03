"""Dashboard configuration: ``PIDASH_*`` environment variables, overridden by CLI flags."""

from __future__ import annotations

from ipaddress import IPv4Network, IPv6Network, ip_network
from pathlib import Path
from typing import Annotated, Any, Literal, Self

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from pidash.log_format import LogFormat


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
    log_format: LogFormat = "text"
    """``text`` (a line per record) or ``json`` (one JSON object per line, for log collectors)."""
    ssl_certfile: Path | None = None
    """PEM certificate: with ``ssl_keyfile`` the dashboard serves HTTPS (uvicorn's TLS)."""
    ssl_keyfile: Path | None = None
    """PEM private key of ``ssl_certfile``."""
    language: Literal["en", "de"] = "en"
    """The pages' language when the browser asks for none we have (``Accept-Language``) and none was chosen."""
    site_name: str = Field(default="", max_length=120)
    """The site's name on the printable batch report (``/history/report/…``), e.g. ``Hamburg depot, hall 2``."""

    @model_validator(mode="after")
    def _tls_pair(self) -> Self:
        """Both TLS files or neither, and both readable: a half-configured HTTPS is refused at start."""
        given = [p for p in (self.ssl_certfile, self.ssl_keyfile) if p is not None]
        if len(given) == 1:
            raise ValueError("give both --ssl-certfile and --ssl-keyfile (PIDASH_SSL_CERTFILE, PIDASH_SSL_KEYFILE)")
        for path in given:
            if not path.is_file():
                raise ValueError(f"TLS file not found: {path}")
        return self

    # --- who may do what (README "Who may do what") ---------------------------------------------
    data_dir: Path = Path(".pidash")
    """The dashboard's own data: ``pidash.db`` (accounts, audit trail) and the session-cookie secret."""
    anonymous: Literal["none", "viewer"] | None = None
    """What a visitor who has not signed in gets: ``none`` (the sign-in page only) or ``viewer``.
    Unset: ``viewer`` on a loopback-only dashboard, ``none`` otherwise."""
    trusted_networks: Annotated[list[IPv4Network | IPv6Network], NoDecode] = Field(default_factory=list)
    """CIDRs (comma-separated) from which ``/kiosk`` is shown without sign-in; nothing else is granted by address."""
    session_idle_seconds: int = Field(default=12 * 3600, gt=0)
    """A sign-in ends after this long without a page load or an action."""
    login_failures_per_minute: int = Field(default=5, ge=1, le=100)
    """Failed sign-ins allowed per minute per account and per address; further attempts are refused unchecked."""

    @field_validator("trusted_networks", mode="before")
    @classmethod
    def _split_networks(cls, value: Any) -> Any:
        if isinstance(value, str):
            try:
                return [ip_network(part.strip(), strict=False) for part in value.split(",") if part.strip()]
            except ValueError as exc:
                raise ValueError(f"PIDASH_TRUSTED_NETWORKS: {exc} (use CIDRs like 192.168.1.20/32)") from None
        return value

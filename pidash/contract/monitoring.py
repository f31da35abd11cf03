"""``/ws/monitor`` (handoff §7.1): ``MonitoringData`` and the socket's messages."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from pydantic import Field

from pidash.contract.base import ContractModel

MONITOR_INTERVAL_SECONDS = 5.0


class ThreatLevel(StrEnum):
    LOW = "LOW"
    MEDIUM = "MEDIUM"
    HIGH = "HIGH"


class SystemHealth(ContractModel):
    cpu_usage: float = 0.0
    memory_usage: float = 0.0
    disk_usage: float = 0.0
    temperature: float = 0.0
    uptime: str = ""
    load_average: str = ""


class SecurityMetrics(ContractModel):
    failed_ssh_attempts: int = 0
    last_security_check: str = ""
    certificate_expiry: str = ""
    mqtt_secure_connections: int = 0
    encryption_level: str = ""
    threat_level: Annotated[ThreatLevel | str, Field(union_mode="left_to_right")] = ThreatLevel.LOW


class ServiceStatus(ContractModel):
    mqtt_connected: bool = False
    mqtt_secure: bool = False
    api_responding: bool = False
    database_connected: bool = False
    last_health_check: str = ""
    service_uptime: str = ""


class NetworkMetrics(ContractModel):
    active_connections: int = 0
    bytes_received: int = 0
    bytes_sent: int = 0
    packet_loss: float = 0.0
    latency: float = 0.0


class CameraStatus(ContractModel):
    """Not spelled out by the handoff; what the simulator sends per camera."""

    name: str = ""
    status: str = "unknown"
    last_seen: str = ""
    rssi: int | None = None
    fps: float | None = None


class MonitoringData(ContractModel):
    timestamp: str = ""
    system_health: SystemHealth = Field(default_factory=SystemHealth)
    security_metrics: SecurityMetrics = Field(default_factory=SecurityMetrics)
    service_status: ServiceStatus = Field(default_factory=ServiceStatus)
    network_metrics: NetworkMetrics = Field(default_factory=NetworkMetrics)
    camera_status: dict[str, CameraStatus] = Field(default_factory=dict)
    alerts_count: int = 0
    connected_clients: int = 0


def deep_merge(base: dict[str, Any], update: dict[str, Any]) -> dict[str, Any]:
    """``update`` merged into a copy of ``base``, nested dicts merged key by key."""
    merged = dict(base)
    for key, value in update.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged

"""The Pi's other endpoints the dashboard shows: system, health, Wi-Fi, door, config, logs, cameras.

The handoff lists them as unchanged without shapes; these are the shapes the simulator serves.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from pidash.contract.base import ContractModel, NullableList, Timestamp

MAX_DOOR_OPEN_SECONDS = 300


class SystemInfo(ContractModel):
    hostname: str
    model: str = ""
    os_version: str = ""
    orchestrator_version: str = ""
    ip_address: str = ""
    cpu_usage: float = 0.0
    memory_usage: float = 0.0
    disk_usage: float = 0.0
    temperature: float = 0.0
    uptime: str = ""
    load_average: str = ""
    timestamp: Timestamp | None = None


class HealthCheck(ContractModel):
    status: str
    message: str | None = None


class HealthStatus(ContractModel):
    status: str
    """``healthy``, ``degraded`` or ``unhealthy``."""
    version: str = ""
    checks: dict[str, HealthCheck] = Field(default_factory=dict)


class WifiNetwork(ContractModel):
    ssid: str
    bssid: str = ""
    rssi: int = 0
    channel: int = 0
    security: str = ""


class WifiScanData(ContractModel):
    networks: NullableList[WifiNetwork] = Field(default_factory=list)


class WifiStatus(ContractModel):
    connected: bool
    ssid: str | None = None
    ip_address: str | None = None
    rssi: int | None = None
    mode: str = "client"


class DoorStatus(ContractModel):
    state: str
    """``open``, ``closed`` or ``unknown``."""
    locked: bool = True
    last_changed: Timestamp | None = None
    auto_close_at: Timestamp | None = None


class DoorOpenRequest(ContractModel):
    duration_seconds: int = Field(default=5, gt=0, le=MAX_DOOR_OPEN_SECONDS)


class ConfigItem(ContractModel):
    key: str
    value: Any = None
    type: str = "string"
    """``string``, ``int``, ``float``, ``bool``."""
    secret: bool = False
    editable: bool = True
    description: str = ""


class ConfigSection(ContractModel):
    name: str
    items: NullableList[ConfigItem] = Field(default_factory=list)


class ConfigData(ContractModel):
    sections: NullableList[ConfigSection] = Field(default_factory=list)


class ConfigUpdateRequest(ContractModel):
    value: Any


class LogEntry(ContractModel):
    timestamp: Timestamp
    level: str
    component: str = ""
    message: str = ""


class Camera(ContractModel):
    id: str
    name: str = ""
    mac: str | None = None
    ip: str | None = None
    status: str = "unknown"
    """``online``, ``offline`` or ``error``."""
    last_seen: Timestamp | None = None
    firmware_version: str | None = None
    rssi: int | None = None
    container_id: str | None = None


class CamerasData(ContractModel):
    cameras: NullableList[Camera] = Field(default_factory=list)

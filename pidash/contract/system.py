"""The Pi's other endpoints the dashboard shows: system, health, Wi-Fi, door, config, logs, cameras.

The handoff lists them as unchanged without shapes. Each model is the one internal shape of its
thing; a ``mode="before"`` validator reads the field variants of ``shared/FIELD-NOTES.md`` into it
(and names the variant, see :func:`pidash.contract.base.mark_variant`). A field a variant lacks is a
blank, not an error.
"""

from __future__ import annotations

from typing import Any

from pydantic import AliasChoices, Field, model_validator

from pidash.contract.base import ContractModel, NullableList, Timestamp, mark_variant
from pidash.contract.units import NANOSECONDS_PER_SECOND, format_duration

MAX_DOOR_OPEN_SECONDS = 300


def _as_dict(data: Any) -> dict[str, Any] | None:
    return dict(data) if isinstance(data, dict) else None


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    return None


class SystemInfo(ContractModel):
    """System info. Field variant (captured): nested ``cpu``/``memory``/``disk`` objects, Go units
    (``uptime`` in integer nanoseconds, ``temperature_celsius``), ``load_average`` as an object,
    ``overall_status``, and no hostname, model or OS (they read as blanks)."""

    hostname: str = ""
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
    overall_status: str = ""
    """Field dialect: ``healthy``, ``warning`` or ``critical``; blank when the Pi does not say."""
    cpu_cores: int | None = None
    memory_used_mb: float | None = None
    memory_total_mb: float | None = None
    disk_used_gb: float | None = None
    disk_total_gb: float | None = None
    timestamp: Timestamp | None = None

    @model_validator(mode="before")
    @classmethod
    def _field_variant(cls, data: Any) -> Any:
        raw = _as_dict(data)
        if raw is None or not any(isinstance(raw.get(k), dict) for k in ("cpu", "memory", "disk", "load_average")):
            if raw is not None and isinstance(raw.get("uptime"), int) and not isinstance(raw.get("uptime"), bool):
                raw["uptime"] = format_duration(raw["uptime"] / NANOSECONDS_PER_SECOND)
                return mark_variant(raw, "uptime in nanoseconds")
            return data
        cpu = _as_dict(raw.pop("cpu", None)) or {}
        memory = _as_dict(raw.pop("memory", None)) or {}
        disk = _as_dict(raw.pop("disk", None)) or {}
        out: dict[str, Any] = dict(raw)
        out["cpu_usage"] = _number(cpu.get("usage_percent")) or 0.0
        if isinstance(cpu.get("core_count"), int):
            out["cpu_cores"] = cpu["core_count"]
        out["memory_usage"] = _number(memory.get("used_percent")) or 0.0
        out["memory_used_mb"] = _number(memory.get("used_mb"))
        out["memory_total_mb"] = _number(memory.get("total_mb"))
        out["disk_usage"] = _number(disk.get("used_percent")) or 0.0
        out["disk_used_gb"] = _number(disk.get("used_gb"))
        out["disk_total_gb"] = _number(disk.get("total_gb"))
        if "temperature_celsius" in out:
            out["temperature"] = _number(out.pop("temperature_celsius")) or 0.0
        uptime = out.get("uptime")
        if isinstance(uptime, (int, float)) and not isinstance(uptime, bool):
            out["uptime"] = format_duration(uptime / NANOSECONDS_PER_SECOND)
        load = _as_dict(out.get("load_average"))
        if load is not None:
            values = [_number(load.get(k)) for k in ("load_1", "load_5", "load_15")]
            out["load_average"] = " ".join(f"{v:.2f}" for v in values if v is not None)
        return mark_variant(out, "field: nested system info with Go units")


class HealthCheck(ContractModel):
    status: str
    message: str | None = None


class HealthStatus(ContractModel):
    """``GET /api/v1/health`` (handoff) or ``GET /health`` at the root (Pi team: ``{status, version}``,
    unwrapped, ``healthy`` or ``ok``)."""

    status: str
    """``healthy`` (also ``ok``), ``degraded`` or ``unhealthy``."""
    version: str = ""
    checks: dict[str, HealthCheck] = Field(default_factory=dict)


class WifiNetwork(ContractModel):
    """A scanned network. Field variant (captured): ``signal`` (dBm) instead of ``rssi``, with
    ``frequency`` (MHz) and ``quality``."""

    ssid: str = ""
    bssid: str = ""
    rssi: int = Field(default=0, validation_alias=AliasChoices("rssi", "signal"))
    channel: int = 0
    security: str = ""
    frequency: int | None = None
    quality: int | None = None

    @model_validator(mode="before")
    @classmethod
    def _signal(cls, data: Any) -> Any:
        raw = _as_dict(data)
        if raw is not None and "signal" in raw and "rssi" not in raw:
            return mark_variant(raw, "field: signal")
        return data


class WifiScanData(ContractModel):
    networks: NullableList[WifiNetwork] = Field(default_factory=list)


CLIENT_STATUS_CONNECTED = "connected"


class WifiStatus(ContractModel):
    """The Pi's own Wi-Fi. Variants (peer only): ``client_status``/``client_ssid``/``client_ip``/
    ``client_signal`` with ``ap_*``, or ``connected``/``ssid``/``ip_address``/``signal_strength``/``mode``."""

    connected: bool = False
    ssid: str | None = None
    ip_address: str | None = None
    rssi: int | None = None
    mode: str = "client"
    client_status: str | None = None
    """Field: ``connected``, ``disconnected``, ``connecting`` or ``error``."""
    ap_status: str | None = None
    ap_ssid: str | None = None
    ap_ip: str | None = None
    connected_devices: int | None = None

    @model_validator(mode="before")
    @classmethod
    def _variants(cls, data: Any) -> Any:
        raw = _as_dict(data)
        if raw is None:
            return data
        if "client_status" in raw:
            out = dict(raw)
            out["connected"] = raw.get("client_status") == CLIENT_STATUS_CONNECTED
            out["ssid"] = raw.get("client_ssid") or None
            out["ip_address"] = raw.get("client_ip") or None
            out["rssi"] = raw.get("client_signal")
            for key in ("client_ssid", "client_ip", "client_signal"):
                out.pop(key, None)
            return mark_variant(out, "field: client_status")
        if "signal_strength" in raw and "rssi" not in raw:
            out = dict(raw)
            out["rssi"] = out.pop("signal_strength")
            return mark_variant(out, "field: signal_strength")
        return data


DOOR_LOCKED = "locked"
DOOR_UNLOCKED = "unlocked"


class DoorStatus(ContractModel):
    """The door. Field variant (peer only / Pi team): ``lock_state`` (``locked``, ``unlocked``,
    ``unknown``, ``error``), ``hardware_available``, ``last_command``, ``last_command_time``."""

    state: str = "unknown"
    """``open``, ``closed``, ``unknown`` (field: also ``error``)."""
    locked: bool | None = True
    """None when the Pi does not know (field ``lock_state`` ``unknown`` or ``error``)."""
    lock_state: str | None = None
    last_changed: Timestamp | None = None
    auto_close_at: Timestamp | None = None
    hardware_available: bool | None = None
    last_command: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _lock_state(cls, data: Any) -> Any:
        raw = _as_dict(data)
        if raw is None or "lock_state" not in raw or "locked" in raw:
            return data
        state = raw.get("lock_state")
        raw["locked"] = True if state == DOOR_LOCKED else False if state == DOOR_UNLOCKED else None
        if "last_command_time" in raw and "last_changed" not in raw:
            raw["last_changed"] = raw.pop("last_command_time")
        return mark_variant(raw, "field: lock_state")


class DoorOpenRequest(ContractModel):
    """The open command. The handoff-era body is ``duration_seconds``; a field Pi reads
    ``duration`` (peer only / Pi team). The client sends both, in seconds."""

    duration_seconds: int = Field(
        default=5, gt=0, le=MAX_DOOR_OPEN_SECONDS, validation_alias=AliasChoices("duration_seconds", "duration")
    )


CONFIG_TYPES = {"number": "float", "boolean": "bool", "select": "string", "secret": "string"}
"""Field config types (captured-ish) onto the internal ``string``, ``int``, ``float``, ``bool``."""
_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off", ""}


def _typed(kind: str, value: Any) -> tuple[str, Any]:
    """(internal type, value) for a field item whose value is always a string."""
    if not isinstance(value, str):
        return kind, value
    if kind == "bool":
        lowered = value.strip().lower()
        if lowered in _TRUE:
            return kind, True
        if lowered in _FALSE:
            return kind, False
        return "string", value
    if kind == "float":
        try:
            number = float(value)
        except ValueError:
            return "string", value
        if number.is_integer() and "." not in value and "e" not in value.lower():
            return "int", int(number)
        return "float", number
    return kind, value


class ConfigItem(ContractModel):
    """A setting. Field variant (captured-ish): ``value`` always a string, ``type`` one of ``string``,
    ``number``, ``boolean``, ``select`` or ``secret`` (how a secret is marked), ``validation``
    ``{options, min, max, pattern}``, ``default_value``, ``required``."""

    key: str
    value: Any = None
    type: str = "string"
    """``string``, ``int``, ``float``, ``bool``."""
    secret: bool = False
    editable: bool = True
    description: str = ""
    options: list[str] = Field(default_factory=list)
    minimum: float | None = None
    maximum: float | None = None
    pattern: str | None = None
    default_value: str | None = None
    required: bool = False
    wire_type: str = ""
    """The type the Pi named (field: ``number``, ``secret``...); the value is sent back as a string
    when the Pi sent strings."""

    def wire_value(self, value: Any) -> Any:
        """``value`` as this Pi takes it back: a string when it sent strings (field variant)."""
        if not self.wire_type:
            return value
        if isinstance(value, bool):
            return "true" if value else "false"
        return "" if value is None else str(value)

    @model_validator(mode="before")
    @classmethod
    def _field_variant(cls, data: Any) -> Any:
        raw = _as_dict(data)
        if raw is None:
            return data
        wire = raw.get("type")
        validation = _as_dict(raw.pop("validation", None))
        if wire not in CONFIG_TYPES and validation is None and not isinstance(raw.get("default_value"), str):
            return data
        out = dict(raw)
        if wire == "secret":
            out["secret"] = True
        if isinstance(wire, str) and wire in CONFIG_TYPES:
            kind, value = _typed(CONFIG_TYPES[wire], raw.get("value"))
            out["type"], out["value"], out["wire_type"] = kind, value, wire
        if validation is not None:
            options = validation.get("options")
            if isinstance(options, list):
                out["options"] = [str(o) for o in options]
            out["minimum"] = _number(validation.get("min"))
            out["maximum"] = _number(validation.get("max"))
            if isinstance(validation.get("pattern"), str):
                out["pattern"] = validation["pattern"]
        return mark_variant(out, "field: string-valued config")


class ConfigSection(ContractModel):
    name: str = Field(default="", validation_alias=AliasChoices("name", "title", "key", "section"))
    items: NullableList[ConfigItem] = Field(default_factory=list)


class ConfigData(ContractModel):
    sections: NullableList[ConfigSection] = Field(default_factory=list)


class ConfigUpdateRequest(ContractModel):
    value: Any


class LogEntry(ContractModel):
    """A log line. Field variant (Pi team): ``{timestamp, level, message, fields: {...}}`` with no
    ``component`` (read from ``fields.component`` when there) and no ids."""

    timestamp: Timestamp
    level: str
    component: str = ""
    message: str = ""
    fields: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _fields(cls, data: Any) -> Any:
        raw = _as_dict(data)
        if raw is None or "fields" not in raw:
            return data
        fields = _as_dict(raw.get("fields")) or {}
        raw["fields"] = fields
        if "component" not in raw and isinstance(fields.get("component"), str):
            raw["component"] = fields["component"]
        return mark_variant(raw, "field: log fields")


class CameraHealth(ContractModel):
    heap: int | None = None
    wifi_rssi: int | None = None
    uptime: int | None = None


class Camera(ContractModel):
    """A camera. Field variant (captured): ``device_id`` (``espcam-…``), ``ip_address``, ``health:
    {heap, wifi_rssi, uptime}`` or a flat ``rssi``; ``status`` ``online``, ``offline`` or ``error``."""

    id: str = Field(validation_alias=AliasChoices("id", "device_id"))
    name: str = ""
    mac: str | None = None
    ip: str | None = Field(default=None, validation_alias=AliasChoices("ip", "ip_address"))
    status: str = "unknown"
    """``online``, ``offline`` or ``error``."""
    last_seen: Timestamp | None = None
    firmware_version: str | None = None
    rssi: int | None = None
    container_id: str | None = None
    health: CameraHealth | None = None

    @model_validator(mode="before")
    @classmethod
    def _device_id(cls, data: Any) -> Any:
        raw = _as_dict(data)
        if raw is None or "id" in raw or "device_id" not in raw:
            return data
        health = _as_dict(raw.get("health"))
        if raw.get("rssi") is None and health is not None and isinstance(health.get("wifi_rssi"), int):
            raw["rssi"] = health["wifi_rssi"]
        return mark_variant(raw, "field: device_id")


class CamerasData(ContractModel):
    cameras: NullableList[Camera] = Field(default_factory=list)

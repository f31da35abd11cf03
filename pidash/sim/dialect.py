"""How the simulator speaks: the handoff's V1 (``--dialect handoff``) or what real Pis send
(``--dialect field``, ``shared/FIELD-NOTES.md``), an old build missing V1 routes (``--old-build``)
and the Pi's 8082-style web-UI listener (``--listener web-ui``).

One engine: the dialect lives here and in the route/stream layer only. Each function turns the
engine's internal models into the field shape a real Pi sends; each shape names its field note.
"""

from __future__ import annotations

import json
import time
from enum import StrEnum
from typing import Any

from starlette.responses import HTMLResponse, JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from pidash.contract.base import rfc3339, utcnow
from pidash.contract.errors import ErrorCode
from pidash.contract.events import EventType
from pidash.contract.provisioning import DEVICE_STEPS, Candidate, CandidateState
from pidash.contract.system import Camera, ConfigItem, ConfigSection, DoorStatus, LogEntry, SystemInfo, WifiNetwork
from pidash.contract.units import NANOSECONDS_PER_SECOND
from pidash.sim.errors import scope_correlation_id


class Dialect(StrEnum):
    HANDOFF = "handoff"
    FIELD = "field"


class OldBuild(StrEnum):
    NONE = "none"
    JSON_404 = "json-404"
    """Newer builds: a JSON 404 with code ``NOT_FOUND`` (captured)."""
    HTML = "html"
    """Older builds: an HTML page with 200 for an unknown ``/api/v1`` path (captured)."""


class Listener(StrEnum):
    MAIN = "main"
    """8081: every V1 route, API key enforced."""
    WEB_UI = "web-ui"
    """8082: V1 provisioning without auth, about one request per second per route group (Pi team)."""


NOT_FOUND_CODE = "NOT_FOUND"
"""Outside the registry; what newer builds answer for a route they do not have (captured)."""

MISSING_ON_OLD_BUILDS = (
    "/api/v1/system/info",
    "/api/v1/wifi/scan",
    "/api/v1/wifi/status",
    "/api/v1/door/status",
    "/api/v1/cameras",
    "/api/v1/config",
    "/api/v1/dashboard/logs",
    "/api/v1/system/logs/stream",
)
"""V1 routes that were missing for weeks while their legacy twins worked (field notes: Ports and routes)."""

OLD_BUILD_HTML = (
    "<!doctype html><html><head><title>PiOrchestrator</title></head><body><div id=root></div></body></html>"
)


def not_found(scope: Scope) -> JSONResponse:
    """The newer builds' JSON 404 for an unknown route."""
    body = {
        "success": False,
        "error": {"code": NOT_FOUND_CODE, "message": "Route not found", "retryable": False},
        "correlation_id": scope_correlation_id(scope),
        "timestamp": rfc3339(utcnow()),
    }
    return JSONResponse(body, status_code=404)


class OldBuildMiddleware:
    """Answers the V1 routes an old build lacked as missing (JSON ``NOT_FOUND`` or an HTML page)."""

    def __init__(self, app: ASGIApp, mode: OldBuild) -> None:
        self.app = app
        self.mode = mode

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].rstrip("/") in MISSING_ON_OLD_BUILDS:
            if self.mode is OldBuild.HTML:
                await HTMLResponse(OLD_BUILD_HTML)(scope, receive, send)
            else:
                await not_found(scope)(scope, receive, send)
            return
        await self.app(scope, receive, send)


RATE_LIMIT_INTERVAL_SECONDS = 1.0


def route_group(path: str) -> str:
    """``/api/v1/provisioning/batch/x/devices`` → ``/api/v1/provisioning/batch``."""
    parts = path.strip("/").split("/")
    return "/" + "/".join(parts[:4] if parts[:2] == ["api", "v1"] else parts[:3])


class RateLimitMiddleware:
    """The 8082 listener: about one request per second per route group, else 429 ``RATE_LIMITED``
    whose wait is only in the free-text ``details`` (captured / Pi team). Streams are not limited."""

    def __init__(self, app: ASGIApp, interval: float = RATE_LIMIT_INTERVAL_SECONDS) -> None:
        self.app = app
        self.interval = interval
        self._last: dict[str, float] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/api/") or scope["path"].endswith("/events"):
            await self.app(scope, receive, send)
            return
        group, now = route_group(scope["path"]), time.monotonic()
        last = self._last.get(group)
        if last is not None and now - last < self.interval:
            body = {
                "success": False,
                "error": {
                    "code": ErrorCode.RATE_LIMITED.value,
                    "message": "Too many requests",
                    "retryable": True,
                    "details": f"rate limit exceeded, retry after {self.interval:g} second",
                },
                "correlation_id": scope_correlation_id(scope),
                "timestamp": rfc3339(utcnow()),
            }
            await JSONResponse(body, status_code=429)(scope, receive, send)
            return
        self._last[group] = now
        await self.app(scope, receive, send)


# --- field shapes -------------------------------------------------------------------------


def system_info(info: SystemInfo, uptime_seconds: float) -> dict[str, Any]:
    """Nested, Go units, no hostname/model/OS, long float fractions (captured)."""
    load = [float(v) for v in info.load_average.split()] or [0.0, 0.0, 0.0]
    load += [0.0] * (3 - len(load))
    total_mb, total_gb = 3884.0, 58.3
    return {
        "cpu": {"usage_percent": info.cpu_usage + 0.123456789, "core_count": 4, "per_core": [info.cpu_usage] * 4},
        "memory": {
            "used_mb": round(total_mb * info.memory_usage / 100, 1),
            "total_mb": total_mb,
            "used_percent": info.memory_usage + 0.0987654321,
            "available_mb": round(total_mb * (100 - info.memory_usage) / 100, 1),
        },
        "disk": {
            "used_gb": round(total_gb * info.disk_usage / 100, 2),
            "total_gb": total_gb,
            "used_percent": info.disk_usage + 0.0123456789,
            "path": "/",
        },
        "temperature_celsius": info.temperature,
        "uptime": int(uptime_seconds * NANOSECONDS_PER_SECOND),
        "load_average": {"load_1": load[0], "load_5": load[1], "load_15": load[2]},
        "overall_status": "healthy",
    }


def health(version: str) -> dict[str, Any]:
    """``GET /health`` at the root, unwrapped (Pi team)."""
    return {"status": "healthy", "version": version}


def wifi_network(net: WifiNetwork) -> dict[str, Any]:
    """``signal`` (dBm), capitalised ``security``, ``frequency``, ``quality`` (captured)."""
    frequency = 2407 + 5 * net.channel if net.channel <= 14 else 5000 + 5 * net.channel
    security = "Open" if net.security.upper() == "OPEN" else net.security.upper()
    quality = max(0, min(100, 2 * (net.rssi + 100)))
    return {
        "ssid": net.ssid,
        "bssid": net.bssid,
        "signal": net.rssi,
        "security": security,
        "frequency": frequency,
        "channel": net.channel,
        "quality": quality,
    }


def wifi_status(ssid: str, ip: str, signal: int) -> dict[str, Any]:
    """The ``client_status`` form, inside ``{status: {...}}`` (peer only)."""
    return {
        "status": {
            "client_status": "connected",
            "client_ssid": ssid,
            "client_ip": ip,
            "client_signal": signal,
            "ap_status": "inactive",
            "ap_ssid": "",
            "ap_ip": "",
            "connected_devices": 0,
        }
    }


def door(status: DoorStatus, last_command: str) -> dict[str, Any]:
    """``state``, ``lock_state``, ``hardware_available``, ``last_command``, ``last_command_time``."""
    return {
        "state": status.state,
        "lock_state": "locked" if status.locked else "unlocked",
        "hardware_available": True,
        "last_command": last_command,
        "last_command_time": rfc3339(status.last_changed) if status.last_changed else None,
    }


FIELD_CONFIG_TYPES = {"int": "number", "float": "number", "bool": "boolean", "string": "string"}


def config_item(
    item: ConfigItem, value: Any, setting_choices: tuple[str, ...], minimum: Any, maximum: Any
) -> dict[str, Any]:
    """``value`` always a string; ``type: secret`` marks a secret, sent in clear (the worst case a
    dashboard must mask); ``validation``, ``default_value``, ``required`` (captured-ish)."""
    kind = "secret" if item.secret else "select" if setting_choices else FIELD_CONFIG_TYPES.get(item.type, "string")
    validation: dict[str, Any] = {}
    if setting_choices:
        validation["options"] = list(setting_choices)
    if minimum is not None:
        validation["min"] = minimum
    if maximum is not None:
        validation["max"] = maximum
    text = ("true" if value else "false") if isinstance(value, bool) else str(value)
    return {
        "key": item.key,
        "value": text,
        "type": kind,
        "description": item.description,
        "editable": item.editable,
        "required": not item.secret,
        "default_value": "",
        "validation": validation or None,
    }


def config_sections(sections: list[ConfigSection], items: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return {"sections": [{"name": s.name, "items": [items[i.key] for i in s.items]} for s in sections]}


def camera(cam: Camera) -> dict[str, Any]:
    """``device_id`` (``espcam-…``), ``ip_address``, ``health`` (captured)."""
    suffix = (cam.mac or cam.id).replace(":", "").lower()[-6:]
    return {
        "device_id": f"espcam-{suffix}",
        "name": cam.name,
        "ip_address": cam.ip or "",
        "status": cam.status,
        "last_seen": rfc3339(cam.last_seen) if cam.last_seen else None,
        "health": {"heap": 123456, "wifi_rssi": cam.rssi, "uptime": 3600},
        "container_id": cam.container_id,
    }


def log_entry(entry: LogEntry) -> dict[str, Any]:
    """``{timestamp, level, message, fields}``: no ``component`` (Pi team)."""
    level = "warn" if entry.level.lower().startswith("warn") else entry.level.lower()
    return {
        "timestamp": rfc3339(entry.timestamp),
        "level": level,
        "message": entry.message,
        "fields": {"component": entry.component} if entry.component else {},
    }


# --- field events --------------------------------------------------------------------------

_SESSION = {
    EventType.SESSION_STARTED,
    EventType.SESSION_STATE_CHANGED,
    EventType.SESSION_CLOSED,
    EventType.SESSION_TIMEOUT_WARNING,
}
_NETWORK = {EventType.NETWORK_STARTED, EventType.NETWORK_STOPPED, EventType.NETWORK_STATUS_CHANGED}
_PROGRESS = {state.value: round(100 * i / (len(DEVICE_STEPS) - 1)) for i, state in enumerate(DEVICE_STEPS)}


class FieldEvents:
    """Turns the engine's handoff events into the data model's flat vocabulary (peer only),
    per stream: it remembers each device's last state for ``previous_state``."""

    def __init__(self) -> None:
        self._states: dict[str, str] = {}

    def translate(self, event_type: str, envelope_json: str) -> tuple[str, str] | None:
        """(event name, data) or None for an event the field vocabulary does not have."""
        envelope = json.loads(envelope_json)
        payload = envelope.get("payload")
        kind: str
        out: Any
        if event_type == EventType.CONNECTION_ESTABLISHED:
            kind, out = event_type, {"message": "Connected to provisioning event stream"}
            envelope.pop("session_id", None)  # the connection event names no session (captured)
        elif event_type == EventType.CONNECTION_HEARTBEAT:
            return None
        elif event_type in _SESSION:
            kind, out = EventType.SESSION_STATUS, {"session": payload["session"]}
        elif event_type in _NETWORK:
            kind, out = EventType.NETWORK_STATUS_CHANGED, payload["status"]
        elif event_type == EventType.ERROR_OCCURRED:
            kind, out = (
                EventType.ERROR,
                {"code": payload["code"], "message": payload.get("message", ""), "retryable": False},
            )
        elif isinstance(payload, dict) and "device" in payload:
            device = Candidate.model_validate(payload["device"])
            previous = self._states.get(device.mac)
            state = str(device.state)
            self._states[device.mac] = state
            if previous is None and state == CandidateState.DISCOVERED:
                kind = EventType.DEVICE_DISCOVERED
                out = {
                    "mac": device.mac,
                    "ip": device.ip,
                    "rssi": device.rssi,
                    "firmware_version": device.firmware_version,
                    "in_allowlist": device.in_allowlist,
                }
            else:
                kind = EventType.DEVICE_STATE_CHANGED
                out = {
                    "mac": device.mac,
                    "previous_state": previous,
                    "new_state": state,
                    "progress": _PROGRESS.get(state),
                    "error": device.error_message,
                }
        else:
            return None
        envelope["type"] = str(kind)
        envelope["payload"] = out
        return str(kind), json.dumps(envelope, separators=(",", ":"))


def gin_frame(event: str, data: str) -> bytes:
    """Gin-style SSE: no space after the colon, no ``id:``, no ``retry:`` (captured)."""
    return f"event:{event}\ndata:{data}\n\n".encode()

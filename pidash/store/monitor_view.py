"""What the monitoring page and the kiosk bind to: the Pi's health as classified values.

Figures stay numbers (each page writes them in its language, ``pidash.store.formatting``); texts
every page shows alike (levels, sentences) are :class:`Msg`.

:class:`MonitorTracker` writes one :class:`MonitorView` per dashboard process from the store's
``MonitoringData`` (on every update) and from the clock (once a second, for the age and the
staleness). Data older than three update intervals is *stale*: shown greyed and labelled, never
as current.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import reduce

from nicegui import Event, binding

from pidash.contract.monitoring import MONITOR_INTERVAL_SECONDS, MonitoringData, ThreatLevel
from pidash.i18n import Msg, msg, msg_p
from pidash.orchestrator.connection import MonitorSource
from pidash.store.formatting import NONE, clock_time, instant
from pidash.store.monitor_history import MonitorHistory, Sample
from pidash.store.thresholds import CPU, DISK, MEMORY, TEMPERATURE, Level, Threshold, classify

STALE_AFTER_SECONDS = 3 * MONITOR_INTERVAL_SECONDS
TRANSPORT_TEXT = {
    MonitorSource.WEBSOCKET.value: msg("WebSocket"),
    MonitorSource.POLLING.value: msg("Polling (fallback)"),
    MonitorSource.DISCONNECTED.value: msg("Disconnected"),
}
THREAT_LEVEL_RANK = {ThreatLevel.LOW.value: Level.OK, ThreatLevel.MEDIUM.value: Level.WARNING}
THREAT_LEVEL_TEXT = {
    ThreatLevel.LOW.value: msg_p("threat level", "LOW"),
    ThreatLevel.MEDIUM.value: msg_p("threat level", "MEDIUM"),
    ThreatLevel.HIGH.value: msg_p("threat level", "HIGH"),
}
"""The Pi's threat levels in words; another value is shown as the Pi sent it."""
WAITING = msg("Waiting for the Pi")


def is_stale(age_seconds: float | None, limit: float = STALE_AFTER_SECONDS) -> bool:
    """No data yet, or data older than ``limit`` seconds."""
    return age_seconds is None or age_seconds > limit


def age_text(age_seconds: float | None) -> Msg:
    """How long ago the last reading came ("Updated 16 s ago"), in words for every page."""
    if age_seconds is None:
        return msg("No data from the Pi yet")
    seconds = int(max(0.0, age_seconds))
    if seconds < 2:
        return msg("Updated just now")
    if seconds < 120:
        return msg("Updated {seconds} s ago", seconds=seconds)
    if seconds < 7200:
        return msg("Updated {minutes} min ago", minutes=seconds // 60)
    return msg("Updated {hours} h ago", hours=seconds // 3600)


def threat_text(level: str) -> Msg | str:
    """The threat level in words (``LOW``…), or the Pi's own word for one we do not know."""
    return THREAT_LEVEL_TEXT.get(level.upper(), level)


def threat_level_class(level: str) -> Level:
    """LOW → ok, MEDIUM → warning, HIGH (or anything unknown) → critical."""
    return THREAT_LEVEL_RANK.get(level.upper(), Level.CRITICAL)


NO_READING = ""
"""A metric's level before the Pi sent any reading: no level word, no colour (not "Normal")."""


@binding.bindable_dataclass
class MonitorView:
    has_data: bool = False
    cpu: float | None = None
    """None until the Pi sent a reading (shown as "—", never as 0): the same for the other three."""
    memory: float | None = None
    disk: float | None = None
    temperature: float | None = None
    cpu_level: str = NO_READING
    memory_level: str = NO_READING
    disk_level: str = NO_READING
    temperature_level: str = NO_READING
    uptime: str = "—"
    load_average: str = "—"

    mqtt_connected: bool = False
    mqtt_secure: bool = False
    api_responding: bool = False
    database_connected: bool = False
    service_uptime: str = "—"

    threat_level: str = "—"
    threat_class: str = Level.OK.value
    failed_ssh_attempts: int = 0
    encryption_level: str = "—"
    certificate_expiry: str = "—"
    """As the Pi sent it (ISO 8601): each page writes the day in its language."""
    mqtt_secure_connections: int = 0

    active_connections: int = 0
    bytes_received: int | None = None
    """Bytes; None before the Pi sent any (shown as "—"): the same for the next three."""
    bytes_sent: int | None = None
    packet_loss: float | None = None
    """Percent."""
    latency: float | None = None
    """Milliseconds."""

    alerts_count: int = 0
    connected_clients: int = 0

    overall: str = Level.OK.value
    """The worst of the metric levels, the threat level and the services."""
    overall_text: Msg | str = WAITING
    transport: Msg | str = TRANSPORT_TEXT[MonitorSource.DISCONNECTED.value]
    age_text: Msg = age_text(None)
    stale: bool = True
    headline: Msg | str = WAITING
    """What a person two metres away must know first: reachability and freshness, then health."""
    headline_level: str = Level.WARNING.value
    details_note: Msg | str = ""
    """Set while polling: which figures are older than the health values, and from when."""


@dataclass(frozen=True, slots=True)
class CameraLine:
    id: str
    name: str
    status: str
    rssi: int | None
    """dBm."""
    fps: float | None
    last_seen: str
    """``HH:MM:SS``, or the Pi's text when it is no time."""


class MonitorTracker:
    """Keeps a :class:`MonitorView` and a :class:`MonitorHistory` true to the store's monitor data."""

    def __init__(self, thresholds: dict[str, Threshold]) -> None:
        self.thresholds = thresholds
        self.view = MonitorView()
        self.history = MonitorHistory()
        self.cameras: list[CameraLine] = []
        self.cameras_changed: Event[[]] = Event()
        self.updated_at: float | None = None
        self.details_at: float | None = None
        """When the non-health figures last came (only the WebSocket sends them)."""
        self.source = MonitorSource.DISCONNECTED.value

    def level(self, metric: str, value: float) -> Level:
        return classify(value, self.thresholds[metric])

    def on_data(self, data: MonitoringData, source: str, at: float | None = None) -> None:
        at = time.time() if at is None else at
        self.source = source
        self.updated_at = at
        if source == MonitorSource.WEBSOCKET.value or self.details_at is None:
            self.details_at = at
        h, v = data.system_health, self.view
        v.has_data = True
        v.cpu, v.memory, v.disk, v.temperature = h.cpu_usage, h.memory_usage, h.disk_usage, h.temperature
        v.cpu_level = self.level(CPU, h.cpu_usage).value
        v.memory_level = self.level(MEMORY, h.memory_usage).value
        v.disk_level = self.level(DISK, h.disk_usage).value
        v.temperature_level = self.level(TEMPERATURE, h.temperature).value
        v.uptime = h.uptime or "—"
        v.load_average = h.load_average or "—"
        s = data.service_status
        v.mqtt_connected, v.mqtt_secure = s.mqtt_connected, s.mqtt_secure
        v.api_responding, v.database_connected = s.api_responding, s.database_connected
        v.service_uptime = s.service_uptime or "—"
        sec = data.security_metrics
        v.threat_level = str(sec.threat_level)
        v.threat_class = threat_level_class(v.threat_level).value
        v.failed_ssh_attempts = sec.failed_ssh_attempts
        v.encryption_level = sec.encryption_level or "—"
        v.certificate_expiry = sec.certificate_expiry or NONE
        v.mqtt_secure_connections = sec.mqtt_secure_connections
        n = data.network_metrics
        v.active_connections = n.active_connections
        v.bytes_received, v.bytes_sent = n.bytes_received, n.bytes_sent
        v.packet_loss, v.latency = n.packet_loss, n.latency
        v.alerts_count, v.connected_clients = data.alerts_count, data.connected_clients
        v.overall, v.overall_text = overall(v)
        self.history.add(Sample(at, h.cpu_usage, h.memory_usage, h.temperature))
        cameras = [
            CameraLine(
                id=cam_id,
                name=cam.name or cam_id,
                status=cam.status,
                rssi=cam.rssi,
                fps=cam.fps,
                last_seen=_time(cam.last_seen),
            )
            for cam_id, cam in sorted(data.camera_status.items())
        ]
        if cameras != self.cameras:
            self.cameras = cameras
            self.cameras_changed.emit()
        self.tick(at)

    def on_source(self, source: str) -> None:
        self.source = source
        self.tick()

    def tick(self, now: float | None = None) -> None:
        """Once a second: the age, the staleness and the transport text."""
        now = time.time() if now is None else now
        v = self.view
        age = None if self.updated_at is None else now - self.updated_at
        v.age_text = age_text(age)
        v.stale = is_stale(age) or self.source == MonitorSource.DISCONNECTED.value
        v.headline_level, v.headline = headline(v, self.source, self.updated_at)
        v.transport = TRANSPORT_TEXT.get(self.source, self.source)
        if self.details_at is not None and self.source != MonitorSource.WEBSOCKET.value:
            when = clock_time(self.details_at)
            v.details_note = msg("Polling refreshes system health only; these figures are from {time}.", time=when)
        else:
            v.details_note = ""


def headline(v: MonitorView, source: str, updated_at: float | None) -> tuple[str, Msg | str]:
    """(level, sentence): unreachable or stale first — never "All systems normal" on old data."""
    if not v.stale:
        return v.overall, v.overall_text
    if updated_at is None:
        return Level.WARNING.value, WAITING
    since = clock_time(updated_at)
    if source == MonitorSource.DISCONNECTED.value:
        return Level.CRITICAL.value, msg("Pi unreachable since {time}", time=since)
    return Level.WARNING.value, msg("No fresh data from the Pi since {time}", time=since)


LEVEL_ORDER = (Level.OK.value, Level.WARNING.value, Level.CRITICAL.value)
METRIC_NAMES = {"cpu": msg("CPU"), "memory": msg("Memory"), "disk": msg("Disk"), "temperature": msg("Temperature")}
LEVEL_IN_SENTENCE = {
    Level.WARNING.value: msg_p("level in a sentence", "warning"),
    Level.CRITICAL.value: msg_p("level in a sentence", "critical"),
}
SERVICE_NAMES: tuple[Msg | str, ...] = ("MQTT", "API", msg("Database"))


def listed(items: Sequence[Msg | str], pair: Callable[[object, object], Msg]) -> Msg | str:
    """``items`` joined pairwise by ``pair`` (a nested :class:`Msg`: each piece is translated where shown)."""
    return reduce(pair, items)


def overall(v: MonitorView) -> tuple[str, Msg | str]:
    """(level, sentence) of the Pi as a whole: what a person two metres away must know first."""
    problems: list[tuple[str, Msg]] = []
    for metric, name in METRIC_NAMES.items():
        level = getattr(v, f"{metric}_level")
        if level not in (Level.OK.value, NO_READING):
            problems.append((level, msg("{metric} {level}", metric=name, level=LEVEL_IN_SENTENCE.get(level, level))))
    if v.threat_class != Level.OK.value:
        problems.append((v.threat_class, msg("Threat level {level}", level=threat_text(v.threat_level))))
    down = [
        name
        for name, up in zip(SERVICE_NAMES, (v.mqtt_connected, v.api_responding, v.database_connected), strict=True)
        if not up
    ]
    if down:
        problems.append(
            (
                Level.CRITICAL.value,
                msg("{services} down", services=listed(down, lambda a, b: msg("{first}, {rest}", first=a, rest=b))),
            )
        )
    if not problems:
        return Level.OK.value, msg("All systems normal")
    worst = max((level for level, _ in problems), key=LEVEL_ORDER.index)
    return worst, listed([text for _, text in problems], _semicolon)


def _semicolon(first: object, rest: object) -> Msg:
    return msg("{first}; {rest}", first=first, rest=rest)


def _time(value: str) -> str:
    at = instant(value)
    return clock_time(at) if at else value or NONE

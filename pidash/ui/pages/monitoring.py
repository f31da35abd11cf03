"""US4, page ``/monitoring``: the Pi's health live, its trend, services, security, network, cameras."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui import ui

from pidash.i18n import Translator, _, current, msg
from pidash.store import MONITOR_FEED
from pidash.store.formatting import NONE, day, number, numbers, quantity, size
from pidash.store.monitor_view import CameraLine, MonitorView, threat_text
from pidash.store.thresholds import CPU, DISK, MEMORY, TEMPERATURE
from pidash.ui.attributes import attrs
from pidash.ui.components.card_title import card_title
from pidash.ui.components.level_style import LEVEL_CSS, LevelLabel, StaleColumn, bind_freshness, bind_variant
from pidash.ui.components.live_text import LiveText
from pidash.ui.components.metric_tile import metric_tile
from pidash.ui.components.monitor_status import monitor_status
from pidash.ui.components.table_columns import columns
from pidash.ui.components.trend_chart import trend_chart
from pidash.ui.pages.context import PageContext

CAMERA_COLUMNS: list[dict[str, Any]] = [
    {"name": "name", "label": msg("Camera"), "field": "name", "align": "left", "sortable": True},
    {"name": "status", "label": msg("Status"), "field": "status", "align": "left", "sortable": True},
    {"name": "rssi", "label": msg("Signal"), "field": "rssi", "align": "left"},
    {"name": "fps", "label": msg("FPS"), "field": "fps", "align": "right"},
    {"name": "last_seen", "label": msg("Last seen"), "field": "last_seen", "align": "left"},
]


def build(ctx: PageContext) -> None:
    store = ctx.services.store
    live = ctx.services.live
    tracker, view = live.tracker, live.tracker.view
    ui.add_css(LEVEL_CSS)

    t = current()
    monitor_status(store.feeds[MONITOR_FEED], view)
    ui.label(_("Waiting for the first reading from the Pi…")).classes("text-body1 text-grey-7").bind_visibility_from(
        view, "has_data", lambda v: not v
    ).props('data-testid="monitor-waiting"')

    fresh = StaleColumn()
    fresh.classes("w-full gap-4")
    bind_freshness(fresh, view)
    with fresh:
        with ui.row().classes("w-full gap-4"):
            for metric in (CPU, MEMORY, DISK, TEMPERATURE):
                metric_tile(view, metric, tracker.thresholds[metric])
        with ui.row().classes("w-full gap-4"):
            whole = _whole(t)
            _fact("schedule", _("Uptime"), view, "uptime", "uptime", str)
            _fact("speed", _("Load average (1, 5, 15 min)"), view, "load_average", "load", _numbers(t))
            _fact("notifications_active", _("Alerts"), view, "alerts_count", "alerts", whole)
            _fact("devices", _("Dashboard clients"), view, "connected_clients", "clients", whole)
        with ui.element("div").classes("w-full grid gap-4 grid-cols-1 lg:grid-cols-3"):
            for metric, title, unit in (
                (CPU, _("CPU"), "%"),
                (MEMORY, _("Memory"), "%"),
                (TEMPERATURE, _("Temperature"), "°C"),
            ):
                with ui.card().classes("w-full q-pa-sm").props("flat bordered"):
                    trend_chart(tracker.history, metric, title, unit, tracker.thresholds[metric])

    LiveText().bind_text_from(view, "details_note", t.text).bind_visibility_from(view, "details_note").classes(
        "text-body2 text-amber-10"
    ).props('data-testid="monitor-details-note"')
    with ui.element("div").classes("w-full grid gap-4 grid-cols-1 md:grid-cols-3"):
        _security(view, t)
        _services(view)
        _network(view, t)
    _cameras(ctx, t)


Shown = Callable[[Any], str]
"""A bound field's value as the page writes it (run by the binding, outside the page's context)."""


def _whole(t: Translator) -> Shown:
    return lambda count: number(count, t.language, 0)


def _numbers(t: Translator) -> Shown:
    return lambda text: numbers(text, t.language)


def _fact(icon: str, label: str, view: MonitorView, field: str, mark: str, shown: Shown) -> None:
    with ui.card().classes("grow q-pa-sm min-w-[180px]").props("flat bordered"), ui.row().classes("items-center gap-3"):
        ui.icon(icon, size="md", color="primary")
        with ui.column().classes("gap-0"):
            ui.label(label).classes("text-caption text-grey-7")
            LiveText().bind_text_from(view, field, shown).classes("text-h6 pd-mono").props(f'data-testid="fact-{mark}"')


def _row(label: str, view: MonitorView, field: str, mark: str, shown: Shown = str) -> None:
    with ui.row().classes("w-full justify-between items-center"):
        ui.label(label).classes("text-body2 text-grey-8")
        LiveText().bind_text_from(view, field, shown).classes("text-body1 text-weight-medium").props(
            f'data-testid="{mark}"'
        )


def _card(label: str) -> ui.card:
    return attrs(ui.card().classes("w-full").props("flat bordered"), aria_label=label)


def _security(view: MonitorView, t: Translator) -> None:
    with _card(_("Security")):
        card_title("shield", _("Security"))
        with ui.row().classes("w-full items-baseline justify-between"):
            ui.label(_("Threat level")).classes("text-body1")
            threat = LevelLabel()
            threat.classes("text-h4 text-weight-bold").props('data-testid="threat-level"')
            threat.bind_text_from(view, "threat_level", lambda level: t.text(threat_text(level)))
            bind_variant(threat, view, "threat_class")
        _row(_("Failed SSH attempts"), view, "failed_ssh_attempts", "failed-ssh", _whole(t))
        _row(_("Encryption"), view, "encryption_level", "encryption")
        _row(_("Certificate expires"), view, "certificate_expiry", "cert-expiry", lambda text: day(text, t))
        _row(_("Secure MQTT connections"), view, "mqtt_secure_connections", "mqtt-secure-connections", _whole(t))


def _service(label: str, view: MonitorView, field: str, mark: str) -> None:
    up, down = _("Up"), _("Down")
    with ui.row().classes("w-full items-center gap-2 no-wrap"):
        ui.icon("check_circle", size="sm").bind_name_from(
            view, field, lambda ok: "check_circle" if ok else "cancel"
        ).bind_text_color_from(view, field, lambda ok: "positive" if ok else "negative")
        ui.label(label).classes("text-body1 grow")
        status = LevelLabel()
        status.classes("text-body1 text-weight-bold").props(f'data-testid="service-{mark}"')
        status.bind_text_from(view, field, lambda ok: up if ok else down)
        bind_variant(status, view, field, lambda ok: "ok" if ok else "critical")


def _services(view: MonitorView) -> None:
    with _card(_("Services")):
        card_title("dns", _("Services"))
        _service(_("MQTT broker"), view, "mqtt_connected", "mqtt")
        _service(_("MQTT over TLS"), view, "mqtt_secure", "mqtt-tls")
        _service(_("API"), view, "api_responding", "api")
        _service(_("Database"), view, "database_connected", "database")
        _row(_("Service uptime"), view, "service_uptime", "service-uptime")


def _network(view: MonitorView, t: Translator) -> None:
    lang = t.language
    with _card(_("Network")):
        card_title("lan", _("Network"))
        _row(_("Active connections"), view, "active_connections", "net-connections", _whole(t))
        _row(_("Received"), view, "bytes_received", "net-received", lambda count: size(count, lang))
        _row(_("Sent"), view, "bytes_sent", "net-sent", lambda count: size(count, lang))
        _row(_("Packet loss"), view, "packet_loss", "net-loss", lambda pct: quantity(pct, "%", lang, 1))
        _row(_("Latency"), view, "latency", "net-latency", lambda ms: quantity(ms, "ms", lang, 0))


def _camera_row(c: CameraLine, language: str) -> dict[str, str]:
    """One row of the cameras table, its figures in ``language``'s digits."""
    return {
        "id": c.id,
        "name": c.name,
        "status": c.status,
        "rssi": quantity(c.rssi, "dBm", language, 0),
        "fps": NONE if c.fps is None else number(c.fps, language, 1),
        "last_seen": c.last_seen,
    }


def _cameras(ctx: PageContext, t: Translator) -> None:
    tracker = ctx.services.live.tracker
    with _card(_("Cameras")):
        card_title("videocam", _("Cameras"))
        empty = (
            ui.label(_("The Pi reports no cameras."))
            .classes("text-body2 text-grey-7")
            .props('data-testid="monitor-no-cameras"')
        )
        table = (
            ui.table(columns=columns(CAMERA_COLUMNS, t), rows=[], row_key="id").classes("w-full").props("flat dense")
        )
        table.props('data-testid="monitor-cameras"')

        def update() -> None:
            table.rows = [_camera_row(c, t.language) for c in tracker.cameras]
            table.update()
            empty.set_visibility(not tracker.cameras)

        tracker.cameras_changed.subscribe(update)
        update()

"""Page ``/system``: the Pi's system information (polled every 5 s), health (every 30 s), and what
this Pi offers: the capability table (the route serving each section, as learnt from its answers)."""

from __future__ import annotations

from typing import Any

from nicegui import ui

from pidash.contract.system import HealthStatus, SystemInfo
from pidash.store.sections import HEALTH, SYSTEM
from pidash.ui.attributes import attrs
from pidash.ui.components.card_title import card_title
from pidash.ui.components.section_view import section_view
from pidash.ui.pages.context import PageContext

CAPABILITY_REFRESH_SECONDS = 5.0
VERDICT_COLOR = {"works": "positive", "works via legacy route": "warning", "missing on this Pi": "grey-7"}
HEALTH_STYLE = {
    "healthy": ("positive", "favorite"),
    "ok": ("positive", "favorite"),
    "degraded": ("warning", "warning"),
    "unhealthy": ("negative", "error"),
}
CHECK_OK = frozenset({"ok", "healthy", "pass", "up"})


def build(ctx: PageContext) -> None:
    live = ctx.services.live
    sections, poller = live.sections, live.poller
    with ui.element("div").classes("w-full grid gap-4 grid-cols-1 lg:grid-cols-2"):
        with ui.card().classes("w-full").props('flat bordered aria-label="System information"'):
            card_title("developer_board", "System information")
            section_view(
                sections[SYSTEM],
                _system,
                what="System information",
                empty_text="The Pi sent no system information.",
                retry=lambda: poller.refresh(SYSTEM),
            )
        with ui.card().classes("w-full").props('flat bordered aria-label="Health"'):
            card_title("monitor_heart", "Health")
            section_view(
                sections[HEALTH],
                _health,
                what="Health",
                empty_text="The Pi reported no health checks.",
                retry=lambda: poller.refresh(HEALTH),
            )
    with ui.card().classes("w-full").props('flat bordered aria-label="What this Pi offers"'):
        card_title("fact_check", "What this Pi offers")
        ui.label(
            "Learnt from the Pi's answers: the route serving each section (V1 first, then the legacy route). "
            "A missing route is asked again every few minutes."
        ).classes("text-body2 text-grey-7")
        capabilities = ctx.services.sync.client.capabilities
        table = ui.refreshable(lambda: _capability_table(capabilities.table(), capabilities.auth_source))
        table()
        ui.timer(CAPABILITY_REFRESH_SECONDS, table.refresh)


def _capability_table(rows: list[dict[str, object]], auth_source: str) -> None:
    with ui.element("div").classes("w-full grid grid-cols-[max-content_1fr_max-content_max-content] gap-x-6 gap-y-1"):
        for head in ("Section", "Route", "Latency", "Verdict"):
            ui.label(head).classes("text-caption text-weight-bold text-grey-8")
        for row in rows:
            verdict = str(row["verdict"])
            if row["section"] == "auth" and auth_source and verdict != "works":
                verdict = f"learnt from a {auth_source}"
            latency = row["latency_ms"]
            with attrs(ui.element("div").classes("contents"), data_testid=f"capability-{row['section']}"):
                ui.label(str(row["section"]).replace("_", " ")).classes("text-body2")
                ui.label(str(row["route"]) or "—").classes("text-body2 pd-mono")
                ui.label(f"{latency:.0f} ms" if isinstance(latency, float) else "—").classes("text-body2 pd-mono")
                ui.label(verdict).classes(f"text-body2 text-{VERDICT_COLOR.get(verdict, 'grey-8')}").props(
                    'data-testid="capability-verdict"'
                )


def _pairs(rows: list[tuple[str, str, str]]) -> None:
    with ui.element("div").classes("w-full grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1"):
        for label, value, mark in rows:
            ui.label(label).classes("text-body2 text-grey-7")
            ui.label(value).classes("text-body1 pd-mono").props(f'data-testid="{mark}"')


def _system(data: Any) -> None:
    info: SystemInfo = data
    _pairs(
        [
            ("Host name", info.hostname or "—", "sys-hostname"),  # field: none (captured)
            ("Model", info.model or "—", "sys-model"),
            ("Operating system", info.os_version or "—", "sys-os"),
            ("PiOrchestrator", info.orchestrator_version or "—", "sys-version"),
            ("IP address", info.ip_address or "—", "sys-ip"),
            ("CPU", f"{info.cpu_usage:.0f} %", "sys-cpu"),
            ("Memory", f"{info.memory_usage:.0f} %", "sys-memory"),
            ("Disk", f"{info.disk_usage:.0f} %", "sys-disk"),
            ("Temperature", f"{info.temperature:.1f} °C", "sys-temperature"),
            ("Uptime", info.uptime or "—", "sys-uptime"),
            ("Load average", info.load_average or "—", "sys-load"),
            ("Status", info.overall_status or "—", "sys-status"),
        ]
    )


def _health(data: Any) -> None:
    health: HealthStatus = data
    color, icon = HEALTH_STYLE.get(health.status.lower(), ("grey", "help"))
    with ui.row().classes("items-center gap-3"):
        ui.icon(icon, color=color, size="lg")
        ui.label(health.status.capitalize()).classes(f"text-h5 text-weight-bold text-{color}").props(
            'data-testid="health-status"'
        )
        if health.version:
            ui.label(f"version {health.version}").classes("text-body2 text-grey-7")
    if not health.checks:
        ui.label("The Pi reported no individual checks.").classes("text-body2 text-grey-7")
    for name, check in sorted(health.checks.items()):
        ok = check.status.lower() in CHECK_OK
        with attrs(ui.row().classes("w-full items-center gap-2 no-wrap"), data_testid=f"health-check-{name}"):
            ui.icon("check_circle" if ok else "cancel", color="positive" if ok else "negative")
            ui.label(name.replace("_", " ").capitalize()).classes("text-body1 grow")
            ui.label(check.status).classes("text-body1 text-weight-medium")
            if check.message:
                ui.label(check.message).classes("text-body2 text-grey-7")

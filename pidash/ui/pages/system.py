"""Page ``/system``: the Pi's system information (polled every 5 s), health (every 30 s), and what
this Pi offers: the capability table (the route serving each section, as learnt from its answers)."""

from __future__ import annotations

from typing import Any

from nicegui import ui

from pidash.contract.system import HealthStatus, SystemInfo
from pidash.i18n import Msg, Translator, _, current, msg, msg_p
from pidash.store.formatting import numbers, quantity, reading
from pidash.store.sections import HEALTH, SYSTEM
from pidash.ui.attributes import attrs
from pidash.ui.components.card_title import card_title
from pidash.ui.components.section_view import section_view
from pidash.ui.pages.context import PageContext

CAPABILITY_REFRESH_SECONDS = 5.0
VERDICT_COLOR = {"works": "positive", "works via legacy route": "warning", "missing on this Pi": "grey-7"}
VERDICT_TEXT = {
    "works": msg("works"),
    "works via legacy route": msg("works via legacy route"),
    "missing on this Pi": msg("missing on this Pi"),
    "not asked yet": msg("not asked yet"),
    "failing": msg("failing"),
}
"""The capability table's verdicts (``Capabilities.table``) in words."""
AUTH_SOURCE_TEXT: dict[str, Msg | str] = {"protected read": msg("a protected read")}
HEALTH_STYLE = {
    "healthy": ("positive", "favorite", msg_p("health", "Healthy")),
    "ok": ("positive", "favorite", msg_p("health", "Ok")),
    "degraded": ("warning", "warning", msg_p("health", "Degraded")),
    "unhealthy": ("negative", "error", msg_p("health", "Unhealthy")),
}
CHECK_OK = frozenset({"ok", "healthy", "pass", "up"})


def build(ctx: PageContext) -> None:
    live = ctx.services.live
    sections, poller = live.sections, live.poller
    with ui.element("div").classes("w-full grid gap-4 grid-cols-1 lg:grid-cols-2"):
        with attrs(ui.card().classes("w-full").props("flat bordered"), aria_label=_("System information")):
            card_title("developer_board", _("System information"))
            section_view(
                sections[SYSTEM],
                _system,
                what=_("System information"),
                empty_text=_("The Pi sent no system information."),
                retry=lambda: poller.refresh(SYSTEM),
            )
        with attrs(ui.card().classes("w-full").props("flat bordered"), aria_label=_("Health")):
            card_title("monitor_heart", _("Health"))
            section_view(
                sections[HEALTH],
                _health,
                what=_("Health"),
                empty_text=_("The Pi reported no health checks."),
                retry=lambda: poller.refresh(HEALTH),
            )
    with attrs(ui.card().classes("w-full").props("flat bordered"), aria_label=_("What this Pi offers")):
        card_title("fact_check", _("What this Pi offers"))
        ui.label(
            _(
                "Learnt from the Pi's answers: the route serving each section (V1 first, then the legacy route). "
                "A missing route is asked again every few minutes."
            )
        ).classes("text-body2 text-grey-7")
        capabilities = ctx.services.sync.client.capabilities
        t = current()
        table = ui.refreshable(lambda: _capability_table(t, capabilities.table(), capabilities.auth_source))
        table()
        ui.timer(CAPABILITY_REFRESH_SECONDS, table.refresh)


def _capability_table(t: Translator, rows: list[dict[str, object]], auth_source: str) -> None:
    """Redrawn by a timer: text through ``t``, the page's translator captured at build."""
    with ui.element("div").classes("w-full grid grid-cols-[max-content_1fr_max-content_max-content] gap-x-6 gap-y-1"):
        for head in (t.gettext("Section"), t.gettext("Route"), t.gettext("Latency"), t.gettext("Verdict")):
            ui.label(head).classes("text-caption text-weight-bold text-grey-8")
        for row in rows:
            verdict = str(row["verdict"])
            shown = t.text(VERDICT_TEXT.get(verdict, verdict))
            if row["section"] == "auth" and auth_source and verdict != "works":
                source = t.text(AUTH_SOURCE_TEXT.get(auth_source, auth_source))
                shown = t.gettext("learnt from {source}").format(source=source)
            latency = row["latency_ms"]
            ms = quantity(latency if isinstance(latency, float) else None, "ms", t.language, 0)
            with attrs(ui.element("div").classes("contents"), data_testid=f"capability-{row['section']}"):
                ui.label(str(row["section"]).replace("_", " ")).classes("text-body2")
                ui.label(str(row["route"]) or "—").classes("text-body2 pd-mono")
                ui.label(ms).classes("text-body2 pd-mono")
                ui.label(shown).classes(f"text-body2 text-{VERDICT_COLOR.get(verdict, 'grey-8')}").props(
                    'data-testid="capability-verdict"'
                )


def _pairs(rows: list[tuple[str, str, str]]) -> None:
    with ui.element("div").classes("w-full grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1"):
        for label, value, mark in rows:
            ui.label(label).classes("text-body2 text-grey-7")
            ui.label(value).classes("text-body1 pd-mono").props(f'data-testid="{mark}"')


def _system(data: Any) -> None:
    info: SystemInfo = data
    lang = current().language
    _pairs(
        [
            (_("Host name"), info.hostname or "—", "sys-hostname"),  # field: none (captured)
            (_("Model"), info.model or "—", "sys-model"),
            (_("Operating system"), info.os_version or "—", "sys-os"),
            ("PiOrchestrator", info.orchestrator_version or "—", "sys-version"),
            (_("IP address"), info.ip_address or "—", "sys-ip"),
            (_("CPU"), reading(info.cpu_usage, "%", lang), "sys-cpu"),
            (_("Memory"), reading(info.memory_usage, "%", lang), "sys-memory"),
            (_("Disk"), reading(info.disk_usage, "%", lang), "sys-disk"),
            (_("Temperature"), reading(info.temperature, "°C", lang), "sys-temperature"),
            (_("Uptime"), info.uptime or "—", "sys-uptime"),
            (_("Load average"), numbers(info.load_average or "", lang), "sys-load"),
            (_("Status"), info.overall_status or "—", "sys-status"),
        ]
    )


def _health(data: Any) -> None:
    health: HealthStatus = data
    color, icon, word = HEALTH_STYLE.get(health.status.lower(), ("grey", "help", health.status.capitalize()))
    with ui.row().classes("items-center gap-3"):
        ui.icon(icon, color=color, size="lg")
        ui.label(current().text(word)).classes(f"text-h5 text-weight-bold text-{color}").props(
            'data-testid="health-status"'
        )
        if health.version:
            ui.label(_("version {version}").format(version=health.version)).classes("text-body2 text-grey-7")
    if not health.checks:
        ui.label(_("The Pi reported no individual checks.")).classes("text-body2 text-grey-7")
    for name, check in sorted(health.checks.items()):
        ok = check.status.lower() in CHECK_OK
        with attrs(ui.row().classes("w-full items-center gap-2 no-wrap"), data_testid=f"health-check-{name}"):
            ui.icon("check_circle" if ok else "cancel", color="positive" if ok else "negative")
            ui.label(name.replace("_", " ").capitalize()).classes("text-body1 grow")
            ui.label(check.status).classes("text-body1 text-weight-medium")
            if check.message:
                ui.label(check.message).classes("text-body2 text-grey-7")

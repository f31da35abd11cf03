"""Page ``/audit`` (admins): the audit trail, newest first, and its CSV export."""

from __future__ import annotations

from typing import Any

from nicegui import ui

from pidash.auth.audit import AuditRecord
from pidash.auth.roles import Capability
from pidash.i18n import _, current
from pidash.store import ShownError
from pidash.store.formatting import day_time
from pidash.ui.actions import REFUSED_CODE, run_action
from pidash.ui.attributes import attrs
from pidash.ui.components.card_title import card_title
from pidash.ui.components.error_panel import ErrorPanel
from pidash.ui.components.gate_notice import gate_notice
from pidash.ui.pages.context import PageContext

SHOWN = 500


def _columns() -> list[dict[str, Any]]:
    """Headed in the page's language; the entries stay as recorded (English, like the CSV)."""
    return [
        {"name": n, "label": label, "field": n, "align": "left"}
        for n, label in (
            ("at", _("When")),
            ("actor", _("Who")),
            ("role", _("Role")),
            ("action", _("What")),
            ("target", _("Target")),
            ("outcome", _("Outcome")),
            ("correlation_id", _("Correlation ID")),
            ("address", _("Address")),
        )
    ]


def _row(i: int, r: AuditRecord) -> dict[str, Any]:
    return {
        "id": i,
        "at": day_time(r.at),
        "actor": r.actor,
        "role": r.role,
        "action": r.action,
        "target": r.target,
        "outcome": r.outcome,
        "correlation_id": r.correlation_id,
        "address": r.address,
    }


def build(ctx: PageContext) -> None:
    tab, audit = ctx.tab, ctx.services.access.audit
    gate = tab.gates.users
    gate_notice(gate)
    if not gate.enabled:
        return
    t = current()
    errors = ErrorPanel()
    with attrs(ui.card().classes("w-full").props("flat bordered"), aria_label=_("Audit trail")):
        with ui.row().classes("w-full items-center"):
            card_title("fact_check", _("Audit trail (latest {count})").format(count=SHOWN))
            ui.space()

            async def export() -> None:
                async def do() -> None:
                    ui.download.content(audit.csv(), "pidash-audit.csv", "text/csv")

                await run_action(errors, do, need=Capability.USERS, what="audit.export")

            ui.button(_("Refresh"), icon="refresh", on_click=lambda: show()).props("flat")
            attrs(
                ui.button(_("Export CSV"), icon="download", on_click=export).props("unelevated color=primary"),
                aria_label=_("Export CSV"),
            ).bind_enabled_from(gate, "enabled")
        table = attrs(
            ui.table(columns=_columns(), rows=[], row_key="id", pagination={"rowsPerPage": 50})
            .classes("w-full")
            .props("flat wrap-cells dense"),
            aria_label=_("Audit entries"),
        )

    def show() -> None:
        refusal = tab.authorize(Capability.USERS)[1]  # a page left open after sign-out reads nothing more
        if refusal is not None:
            errors.show(ShownError(code=REFUSED_CODE, message=t.text(refusal)))
            return
        table.rows = [_row(i, r) for i, r in enumerate(audit.recent(SHOWN))]
        table.update()

    show()

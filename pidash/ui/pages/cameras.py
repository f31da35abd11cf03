"""Page ``/cameras``: the cameras the Pi knows, with their status (polled every 10 s)."""

from __future__ import annotations

from typing import Any

from nicegui import ui

from pidash.contract.system import Camera
from pidash.i18n import _, current, msg, ngettext
from pidash.store.formatting import day_clock
from pidash.store.rows import signal_text
from pidash.store.sections import CAMERAS
from pidash.ui.attributes import attrs
from pidash.ui.components.card_title import card_title
from pidash.ui.components.section_view import section_view
from pidash.ui.components.table_columns import columns
from pidash.ui.pages.context import PageContext

COLUMNS: list[dict[str, Any]] = [
    {"name": "name", "label": msg("Camera"), "field": "name", "align": "left", "sortable": True},
    {"name": "status", "label": msg("Status"), "field": "status", "align": "left", "sortable": True},
    {"name": "ip", "label": msg("IP address"), "field": "ip", "align": "left"},
    {"name": "mac", "label": "MAC", "field": "mac", "align": "left"},
    {"name": "signal", "label": msg("Signal"), "field": "signal", "align": "left"},
    {"name": "firmware", "label": msg("Firmware"), "field": "firmware", "align": "left"},
    {"name": "last_seen", "label": msg("Last seen"), "field": "last_seen", "align": "left", "sortable": True},
]


def build(ctx: PageContext) -> None:
    live = ctx.services.live
    with attrs(ui.card().classes("w-full").props("flat bordered"), aria_label=_("Cameras")):
        card_title("videocam", _("Cameras"))
        section_view(
            live.sections[CAMERAS],
            _table,
            what=_("Cameras"),
            empty_text=_("No cameras are registered on this Pi yet."),
            retry=lambda: live.poller.refresh(CAMERAS),
        )


def _table(data: Any) -> None:
    cameras: list[Camera] = data
    counts = {s: sum(c.status == s for c in cameras) for s in ("online", "offline", "error")}
    summary = ngettext(
        "{count} camera: {online} online, {offline} offline, {error} error",
        "{count} cameras: {online} online, {offline} offline, {error} error",
        len(cameras),
    ).format(count=len(cameras), online=counts["online"], offline=counts["offline"], error=counts["error"])
    ui.label(summary).classes("text-body1").props('data-testid="cameras-summary"')
    rows = [
        {
            "id": c.id,
            "name": c.name or c.id,
            "status": c.status,
            "ip": c.ip or "—",
            "mac": c.mac or "—",
            "signal": current().text(signal_text(c.rssi)) if c.rssi is not None else "—",
            "firmware": c.firmware_version or "—",
            "last_seen": day_clock(c.last_seen) if c.last_seen else "—",
        }
        for c in cameras
    ]
    table = (
        ui.table(columns=columns(COLUMNS, current()), rows=rows, row_key="id")
        .classes("w-full")
        .props("flat")
        .props('data-testid="cameras-table"')
    )
    table.add_slot(
        "body-cell-status",
        """
        <q-td :props="props">
          <q-badge :color="{online: 'positive', offline: 'grey-7', error: 'negative'}[props.value] || 'grey'"
                   :label="props.value" class="text-body2 q-px-sm" />
        </q-td>
        """,
    )

"""US2, page ``/allowlist``: the approved cameras, add and remove."""

from __future__ import annotations

import asyncio
from typing import Any

from nicegui import events, ui

from pidash.auth.roles import Capability
from pidash.contract.provisioning import AllowlistEntry, AllowlistEntryRequest
from pidash.contract.validation import normalize_mac
from pidash.store.formatting import day_time
from pidash.store.sync import ALLOWLIST_TOPIC
from pidash.ui.actions import run_action
from pidash.ui.components.card_title import card_title
from pidash.ui.components.confirm import confirm
from pidash.ui.components.error_panel import ErrorPanel, store_error_panel
from pidash.ui.components.gate_notice import gate_notice
from pidash.ui.pages.context import PageContext
from pidash.ui.validation import check, max_length

FILTERS = {"all": "All", "available": "Available", "used": "Used"}
COLUMNS: list[dict[str, Any]] = [
    {"name": "mac", "label": "MAC address", "field": "mac", "align": "left", "sortable": True, "classes": "pd-mono"},
    {"name": "description", "label": "Description", "field": "description", "align": "left"},
    {"name": "container", "label": "Container", "field": "container", "align": "left"},
    {"name": "added", "label": "Added", "field": "added", "align": "left", "sortable": True},
    {"name": "status", "label": "Status", "field": "status", "align": "left"},
    {"name": "actions", "label": "", "field": "mac", "align": "right"},
]
# A Vue template: values are interpolated as text ({{ }}), never as HTML.
STATUS_SLOT = r"""
<q-td :props="props">
  <q-badge :color="props.row.used ? 'grey-7' : 'positive'" class="q-px-sm q-py-xs text-body2">
    {{ props.row.used ? 'Used' : 'Available' }}
  </q-badge>
  <span v-if="props.row.used_at" class="q-ml-sm text-caption text-grey-7">{{ props.row.used_at }}</span>
</q-td>
"""
ACTIONS_SLOT = r"""
<q-td :props="props">
  <q-btn flat round color="negative" icon="delete" :disable="props.row.locked"
         :aria-label="'Remove ' + props.row.mac" style="min-width:44px;min-height:44px"
         @click="() => $parent.$emit('remove', props.row.mac)" />
</q-td>
"""


def _when(entry_time: Any) -> str:
    return day_time(entry_time) if entry_time else ""


def _row(entry: AllowlistEntry, locked: bool) -> dict[str, Any]:
    return {
        "mac": entry.mac,
        "description": entry.description or "",
        "container": entry.container_id or "",
        "added": _when(entry.added_at),
        "used": entry.used,
        "used_at": f"on {_when(entry.used_at)}" if entry.used_at else "",
        "locked": locked,
    }


async def _normalize_as_typed(event: events.ValueChangeEventArguments[Any]) -> None:
    """Show the canonical form as soon as what was typed is a valid MAC address.

    Async on purpose: it runs after NiceGUI finished taking the browser's value, so the
    canonical value is sent back (a change made inside the handler would not be).
    """
    await asyncio.sleep(0)
    sender = event.sender
    try:
        canonical = normalize_mac(event.value or "")
    except ValueError:
        return
    if canonical != event.value and sender.value == event.value:  # type: ignore[attr-defined]
        sender.set_value(canonical)  # type: ignore[attr-defined]


def build(ctx: PageContext) -> None:
    services, tab = ctx.services, ctx.tab
    store, sync, gate = services.store, services.sync, tab.gates.allowlist
    sync.refresh_allowlist()

    gate_notice(gate)

    # --- add --------------------------------------------------------------------------------
    with ui.card().classes("w-full").props('flat bordered aria-label="Add a camera to the allowlist"'):
        card_title("add_moderator", "Add device")
        with ui.row().classes("w-full gap-4 items-start"):
            mac = (
                ui.input("MAC address", placeholder="AA:BB:CC:DD:EE:FF", validation=check(normalize_mac))
                .classes("w-64")
                .props('outlined aria-label="MAC address" autocomplete=off')
                .without_auto_validation()
                .on_value_change(_normalize_as_typed)
                .mark("mac")
            )
            description = (
                ui.input("Description (optional)", validation=max_length(200, "A description"))
                .classes("grow min-w-[200px]")
                .props('outlined aria-label="Description"')
                .mark("description")
            )
            container = (
                ui.input("Container ID (optional)", validation=max_length(64, "A container ID"))
                .classes("w-56")
                .props('outlined aria-label="Container ID"')
                .mark("container")
            )

            async def add() -> None:
                if not all([field.validate() for field in (mac, description, container)]):
                    return
                request = AllowlistEntryRequest(
                    mac=mac.value,
                    description=(description.value or "").strip() or None,
                    container_id=(container.value or "").strip() or None,
                )

                async def do() -> None:
                    reply = await tab.client().add_allowlist_entry(request)
                    store.upsert_allowlist(reply.data)
                    for field in (mac, description, container):
                        field.set_value("")
                    ui.notify(f"{reply.data.mac} added to the allowlist.", type="positive")

                await run_action(add_errors, do, need=Capability.ALLOWLIST, what="allowlist.add", target=request.mac)

            ui.button("Add device", icon="add", on_click=add).props(
                'unelevated color=primary size=lg aria-label="Add device"'
            ).bind_enabled_from(gate, "enabled")
        add_errors = ErrorPanel()

    # --- table ------------------------------------------------------------------------------
    store_error_panel(store, ALLOWLIST_TOPIC, lambda: sync.retry(ALLOWLIST_TOPIC))
    table_errors = ErrorPanel()
    with ui.card().classes("w-full").props("flat bordered"):
        with ui.row().classes("w-full items-center gap-4"):
            ui.label("Approved cameras").classes("text-h6")
            totals = ui.label().classes("text-body2 text-grey-8").props('aria-live="polite"').mark("totals")
            ui.space()
            view = (
                ui.toggle(FILTERS, value="all")
                .props('unelevated toggle-color=primary aria-label="Filter"')
                .mark("filter")
            )
        table = (
            ui.table(columns=COLUMNS, rows=[], row_key="mac", pagination={"rowsPerPage": 0})
            .classes("w-full")
            .props('flat wrap-cells no-data-label="No cameras in this view." aria-label="Allowlist"')
            .mark("allowlist-table")
        )
        table.add_slot("body-cell-status", STATUS_SLOT)
        table.add_slot("body-cell-actions", ACTIONS_SLOT)

    def render() -> None:
        entries = store.allowlist
        used = sum(1 for e in entries if e.used)
        totals.set_text(f"{len(entries)} total · {len(entries) - used} available · {used} used")
        wanted = view.value
        shown = [e for e in entries if wanted == "all" or (wanted == "used") == e.used]
        table.rows = [_row(e, locked=not gate.enabled) for e in shown]
        table.update()

    async def remove(event: events.GenericEventArguments) -> None:
        target = str(event.args)
        if not await confirm(
            "Remove from the allowlist?",
            f"{target} will no longer be provisioned by batch sessions.",
            ok_label="Remove",
        ):
            return

        async def do() -> None:
            await tab.client().remove_allowlist_entry(target)
            store.remove_allowlist(target)
            ui.notify(f"{target} removed from the allowlist.", type="positive")

        await run_action(table_errors, do, need=Capability.ALLOWLIST, what="allowlist.remove", target=target)

    table.on("remove", remove)
    view.on_value_change(render)
    store.allowlist_changed.subscribe(render)
    tab.changed.subscribe(render)
    render()

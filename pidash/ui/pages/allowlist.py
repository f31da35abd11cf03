"""US2, page ``/allowlist``: the approved cameras; add, scan a label, import, search, edit, remove, export.

A view: CSV parsing and comparison live in :mod:`pidash.allowlist_io`, label decoding in
:mod:`pidash.labels`; every change goes through :func:`~pidash.ui.actions.run_action`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from nicegui import events, ui

from pidash.allowlist_io import CONTAINER_MAX, DESCRIPTION_MAX, export_csv, matches, replacement
from pidash.auth.roles import Capability
from pidash.contract.provisioning import AllowlistEntry, AllowlistEntryRequest
from pidash.contract.validation import normalize_mac, validate_camera_mac
from pidash.i18n import Msg, Translator, _, current, msg, ngettext
from pidash.store.formatting import day_time
from pidash.store.sync import ALLOWLIST_TOPIC
from pidash.ui.actions import run_action
from pidash.ui.attributes import attrs
from pidash.ui.bulk import BulkOutcome, failures_text, for_each
from pidash.ui.components.allowlist_import import import_card
from pidash.ui.components.card_title import card_title
from pidash.ui.components.confirm import confirm
from pidash.ui.components.error_panel import ErrorPanel, store_error_panel
from pidash.ui.components.gate_notice import gate_notice
from pidash.ui.components.label_scan import scan_card
from pidash.ui.forms import submit_on_enter
from pidash.ui.pages.context import PageContext
from pidash.ui.validation import check, checked_on_submit, max_length

RowAction = Callable[[events.GenericEventArguments], Awaitable[None]]
"""Edit or Remove: the event's ``args`` is the row's MAC."""
FILTERS: dict[str, Msg] = {"all": msg("All"), "available": msg("Available"), "used": msg("Used")}


def _columns() -> list[dict[str, Any]]:
    """The table's columns, headed in the page's language."""
    return [
        {
            "name": "mac",
            "label": _("MAC address"),
            "field": "mac",
            "align": "left",
            "sortable": True,
            "classes": "pd-mono",
        },
        {"name": "description", "label": _("Description"), "field": "description", "align": "left"},
        {"name": "container", "label": _("Container"), "field": "container", "align": "left"},
        {"name": "added", "label": _("Added"), "field": "added", "align": "left", "sortable": True},
        {"name": "status", "label": _("Status"), "field": "status", "align": "left"},
        {"name": "actions", "label": "", "field": "mac", "align": "right"},
    ]


# A Vue template: values are interpolated as text ({{ }}), never as HTML; its words come with each
# row, in the page's language (``_row``).
STATUS_SLOT = r"""
<q-td :props="props">
  <q-badge :color="props.row.used ? 'grey-7' : 'positive'" class="q-px-sm q-py-xs text-body2">
    {{ props.row.status_label }}
  </q-badge>
  <span v-if="props.row.used_at" class="q-ml-sm text-caption text-grey-7">{{ props.row.used_at }}</span>
</q-td>
"""


def _add_controls(table: ui.table, *, edit: RowAction, remove: RowAction) -> None:
    """The table's controls: each row's selection checkbox (named: Quasar's own have no accessible
    name), the select-all box, and each row's Edit and Remove buttons.

    Elements in the slots, not template strings: NiceGUI makes a template slot a new Vue component
    at every update of its table, so each update (another operator's change, a refresh from the Pi)
    replaced every checkbox and button of the list. A tap landing while the list redrew was lost and
    a keyboard user's focus fell back to the page; elements keep their nodes (a browser test in
    ``tests/browser/test_allowlist.py``). ``props`` in the expressions is the row's slot scope.
    """
    toggled = "(value) => { props.selected = value }"
    with table.add_slot("body-selection"), ui.table.cell().props("auto-width"):
        ui.element("q-checkbox").props(':model-value="props.selected" :aria-label="props.row.select_label"').on(
            "update:model-value", js_handler=toggled
        )
    with table.add_slot("header-selection"):
        attrs(ui.element("q-checkbox").props(':model-value="props.selected"'), aria_label=_("Select all shown")).on(
            "update:model-value", js_handler=toggled
        )
    with table.add_slot("body-cell-actions"), ui.table.cell("actions"):
        for icon, color, label, handler in (
            ("edit", "primary", "props.row.edit_label", edit),
            ("delete", "negative", "props.row.remove_label", remove),
        ):
            ui.button(icon=icon).props(
                f'flat round color={color} :disable="props.row.locked" :aria-label="{label}"'
            ).style("min-width:44px;min-height:44px").on("click", handler, js_handler="() => emit(props.row.mac)")


def _when(entry_time: Any) -> str:
    return day_time(entry_time) if entry_time else ""


def _row(entry: AllowlistEntry, locked: bool, t: Translator) -> dict[str, Any]:
    return {
        "mac": entry.mac,
        "description": entry.description or "",
        "container": entry.container_id or "",
        "added": _when(entry.added_at),
        "used": entry.used,
        "status_label": t.gettext("Used") if entry.used else t.gettext("Available"),
        "used_at": t.gettext("on {when}").format(when=_when(entry.used_at)) if entry.used_at else "",
        "select_label": t.gettext("Select {mac}").format(mac=entry.mac),
        "edit_label": t.gettext("Edit {mac}").format(mac=entry.mac),
        "remove_label": t.gettext("Remove {mac}").format(mac=entry.mac),
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
    t = current()
    sync.refresh_allowlist()

    gate_notice(gate)

    # --- add --------------------------------------------------------------------------------
    with attrs(ui.card().classes("w-full").props("flat bordered"), aria_label=_("Add a camera to the allowlist")):
        card_title("add_moderator", _("Add device"))
        with ui.row().classes("w-full gap-4 items-start"):
            mac = attrs(
                checked_on_submit(
                    ui.input(_("MAC address"), placeholder="AA:BB:CC:DD:EE:FF", validation=check(validate_camera_mac))
                )
                .classes("w-64")
                .props("outlined autocomplete=off")
                .on_value_change(_normalize_as_typed)
                .mark("mac"),
                aria_label=_("MAC address"),
            )
            description = attrs(
                ui.input(_("Description (optional)"), validation=max_length(DESCRIPTION_MAX, _("A description")))
                .classes("grow min-w-[200px]")
                .props("outlined")
                .mark("description"),
                aria_label=_("Description"),
            )
            container = attrs(
                ui.input(_("Container ID (optional)"), validation=max_length(CONTAINER_MAX, _("A container ID")))
                .classes("w-56")
                .props("outlined")
                .mark("container"),
                aria_label=_("Container ID"),
            )

            def clear() -> None:
                for field in (mac, description, container):
                    field.set_value("")

            async def add() -> None:
                if not all([field.validate() for field in (mac, description, container)]):
                    return
                request = AllowlistEntryRequest(
                    mac=mac.value,
                    description=(description.value or "").strip() or None,
                    container_id=(container.value or "").strip() or None,
                )
                listed = next((e for e in store.allowlist if e.mac == request.mac), None)
                if listed is not None:
                    question = replacement(listed, request)
                    if question is None:  # listed just like this: nothing to send
                        clear()
                        ui.notify(_("{mac} is already on the allowlist just like this.").format(mac=request.mac))
                        return
                    if not await confirm(
                        _("{mac} is already on the allowlist").format(mac=request.mac),
                        t.text(question),
                        ok_label=_("Replace"),
                        ok_color="primary",
                    ):
                        return

                async def do() -> None:
                    reply = await tab.client().add_allowlist_entry(request)
                    store.edit_allowlist(added=[reply.data])
                    clear()
                    if listed is not None:
                        ui.notify(_("{mac} updated.").format(mac=reply.data.mac), type="positive")
                    else:
                        ui.notify(_("{mac} added to the allowlist.").format(mac=reply.data.mac), type="positive")

                await run_action(add_errors, do, need=Capability.ALLOWLIST, what="allowlist.add", target=request.mac)

            add_button = attrs(
                ui.button(_("Add device"), icon="add", on_click=add).props("unelevated color=primary size=lg"),
                aria_label=_("Add device"),
            ).bind_enabled_from(gate, "enabled")
            submit_on_enter(add_button, add, mac, description, container)
        add_errors = ErrorPanel()

    scan_card(tab, store)

    # --- table ------------------------------------------------------------------------------
    store_error_panel(store, ALLOWLIST_TOPIC, lambda: sync.retry(ALLOWLIST_TOPIC))
    table_errors = ErrorPanel()
    with ui.card().classes("w-full").props("flat bordered"):
        with ui.row().classes("w-full items-center gap-4"):
            ui.label(_("Approved cameras")).classes("text-h6")
            totals = ui.label().classes("text-body2 text-grey-8").props('aria-live="polite"').mark("totals")
            ui.space()
            view = attrs(
                ui.toggle({key: t.text(label) for key, label in FILTERS.items()}, value="all")
                .props("unelevated toggle-color=primary")
                .mark("filter"),
                aria_label=_("Filter"),
            )
        with ui.row().classes("w-full items-center gap-4"):
            search = attrs(
                ui.input(_("Search"), placeholder=_("MAC fragment, description or container"))
                .classes("grow min-w-[240px]")
                .props("outlined clearable debounce=250")
                .mark("search"),
                aria_label=_("Search the allowlist"),
            )
            remove_selected = attrs(
                ui.button(_("Bulk remove"), icon="delete_sweep", on_click=lambda: remove_many())
                .props("outline color=negative")
                .mark("remove-selected"),
                aria_label=_("Bulk remove"),
            )
            attrs(
                ui.button(_("Export CSV"), icon="download", on_click=lambda: export()).props("outline color=primary"),
                aria_label=_("Export CSV"),
            )
        table = attrs(
            ui.table(columns=_columns(), rows=[], row_key="mac", selection="multiple", pagination={"rowsPerPage": 0})
            .classes("w-full")
            .props("flat wrap-cells")
            .mark("allowlist-table"),
            aria_label=_("Allowlist"),
            no_data_label=_("No cameras in this view."),
        )
        table.add_slot("body-cell-status", STATUS_SLOT)

    def selected_macs() -> list[str]:
        return [str(row["mac"]) for row in table.selected]

    def sync_remove_button() -> None:
        count = len(table.selected)
        remove_selected.set_text(
            t.gettext("Bulk remove ({count} selected)").format(count=count) if count else t.gettext("Bulk remove")
        )
        remove_selected.set_enabled(gate.enabled and count > 0)

    def render() -> None:
        entries = store.allowlist
        used = sum(1 for e in entries if e.used)
        totals.set_text(
            t.gettext("{total} total · {available} available · {used} used").format(
                total=len(entries), available=len(entries) - used, used=used
            )
        )
        wanted, query = view.value, search.value or ""
        shown = [e for e in entries if (wanted == "all" or (wanted == "used") == e.used) and matches(e, query)]
        rows = [_row(e, not gate.enabled, t) for e in shown]
        keep = {e.mac for e in shown}
        selected = [row for row in table.selected if row["mac"] in keep]
        if rows != table.rows or len(selected) != len(table.selected):  # the gates' refresh changes nothing
            table.rows = rows
            table.selected[:] = selected
            table.update()
        sync_remove_button()

    def export() -> None:
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M")
        ui.download.content(export_csv(store.allowlist), f"allowlist-{stamp}.csv", "text/csv")

    async def remove(event: events.GenericEventArguments) -> None:
        target = str(event.args)
        if not await confirm(
            _("Remove from the allowlist?"),
            _("{macs} will no longer be provisioned by batch sessions.").format(macs=target),
            ok_label=_("Remove"),
        ):
            return

        async def do() -> None:
            await tab.client().remove_allowlist_entry(target)
            store.edit_allowlist(removed=[target])
            ui.notify(_("{mac} removed from the allowlist.").format(mac=target), type="positive")

        await run_action(table_errors, do, need=Capability.ALLOWLIST, what="allowlist.remove", target=target)

    async def remove_many() -> None:
        macs = selected_macs()
        if not macs:
            return
        n = len(macs)
        first = ", ".join(macs[:5])
        shown = _("{macs} and {more} more").format(macs=first, more=n - 5) if n > 5 else first
        if not await confirm(
            ngettext(
                "Remove {count} camera from the allowlist?", "Remove {count} cameras from the allowlist?", n
            ).format(count=n),
            _("{macs} will no longer be provisioned by batch sessions.").format(macs=shown),
            ok_label=ngettext("Remove {count} camera", "Remove {count} cameras", n).format(count=n),
        ):
            return

        async def do() -> BulkOutcome:
            client = tab.client()
            removed: list[str] = []

            async def one(mac: str) -> None:
                await client.remove_allowlist_entry(mac)
                removed.append(mac)

            try:
                return await for_each(macs, one, name=str)
            finally:
                store.edit_allowlist(removed=removed)

        outcome = await run_action(
            table_errors,
            do,
            need=Capability.ALLOWLIST,
            what="allowlist.bulk_remove",
            target=",".join(macs),
            outcome=BulkOutcome.audit,
        )
        if outcome is None:
            return
        if outcome.failures:
            removed = _("Removed: {summary} {failures}").format(
                summary=t.text(outcome.summary), failures=failures_text(outcome, t)
            )
            ui.notify(removed, type="warning", multi_line=True, timeout=0, close_button=_("OK"))
        else:
            ui.notify(
                ngettext(
                    "{count} camera removed from the allowlist.", "{count} cameras removed from the allowlist.", n
                ).format(count=n),
                type="positive",
            )

    async def edit(event: events.GenericEventArguments) -> None:
        target = str(event.args)
        entry = next((e for e in store.allowlist if e.mac == target), None)
        if entry is None:
            return
        with (
            ui.dialog() as dialog,
            attrs(
                ui.card().classes("min-w-[320px] max-w-[520px]").props('role="dialog"'),
                aria_label=_("Edit {mac}").format(mac=target),
            ),
        ):
            ui.label(_("Edit {mac}").format(mac=target)).classes("text-h6")
            new_description = attrs(
                ui.input(
                    _("Description"),
                    value=entry.description or "",
                    validation=max_length(DESCRIPTION_MAX, _("A description")),
                )
                .classes("w-full")
                .props("outlined autofocus"),
                aria_label=_("New description"),
            )
            new_container = attrs(
                ui.input(
                    _("Container ID"),
                    value=entry.container_id or "",
                    validation=max_length(CONTAINER_MAX, _("A container ID")),
                )
                .classes("w-full")
                .props("outlined"),
                aria_label=_("New container ID"),
            )
            edit_errors = ErrorPanel()

            async def save() -> None:
                if not all([field.validate() for field in (new_description, new_container)]):
                    return
                request = AllowlistEntryRequest(
                    mac=target,
                    description=(new_description.value or "").strip() or None,
                    container_id=(new_container.value or "").strip() or None,
                )

                async def do() -> bool:
                    reply = await tab.client().add_allowlist_entry(request)
                    store.edit_allowlist(added=[reply.data])
                    return True

                if await run_action(edit_errors, do, need=Capability.ALLOWLIST, what="allowlist.edit", target=target):
                    ui.notify(_("{mac} updated.").format(mac=target), type="positive")
                    dialog.submit(True)

            with ui.row().classes("w-full justify-end gap-2"):
                ui.button(_("Cancel"), on_click=lambda: dialog.submit(False)).props("flat")
                save_button = attrs(
                    ui.button(_("Save"), on_click=save).props("unelevated color=primary"), aria_label=_("Save")
                ).bind_enabled_from(gate, "enabled")
            submit_on_enter(save_button, save, new_description, new_container)
        await dialog
        dialog.delete()

    _add_controls(table, edit=edit, remove=remove)
    table.on_select(lambda _: sync_remove_button())
    view.on_value_change(render)
    search.on_value_change(render)
    store.allowlist_changed.subscribe(render)
    tab.changed.subscribe(render)
    render()

    import_card(tab, store, sync)

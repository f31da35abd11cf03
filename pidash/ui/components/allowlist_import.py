"""The allowlist page's "Import from CSV" card: upload or paste, preview, apply with progress.

The parsing and the comparison are :mod:`pidash.allowlist_io`; this is the view.
"""

from __future__ import annotations

from typing import Any

from nicegui import events, ui

from pidash.allowlist_io import MAX_IMPORT_BYTES, ImportRefused, ImportRow, RowStatus, counts, decode_upload, preview
from pidash.auth.roles import Capability
from pidash.contract.provisioning import AllowlistEntry, AllowlistEntryRequest
from pidash.store import DashboardStore, StoreSync
from pidash.ui.actions import run_action
from pidash.ui.bulk import BulkOutcome, for_each
from pidash.ui.components.card_title import card_title
from pidash.ui.components.error_panel import ErrorPanel
from pidash.ui.components.named_upload import NamedUpload
from pidash.ui.tab_auth import TabAuth

ORDER = [RowStatus.INVALID, RowStatus.DUPLICATE, RowStatus.CHANGED, RowStatus.NEW, RowStatus.UNCHANGED]
"""Preview order: what needs a look first."""
COLORS = {
    RowStatus.NEW: "positive",
    RowStatus.CHANGED: "primary",
    RowStatus.UNCHANGED: "grey-7",
    RowStatus.INVALID: "negative",
    RowStatus.DUPLICATE: "orange-10",
}
COLUMNS: list[dict[str, Any]] = [
    {"name": "line", "label": "Line", "field": "line", "align": "right", "sortable": True},
    {"name": "mac", "label": "MAC address", "field": "mac", "align": "left", "classes": "pd-mono"},
    {"name": "description", "label": "Description", "field": "description", "align": "left"},
    {"name": "container", "label": "Container", "field": "container", "align": "left"},
    {"name": "status", "label": "Status", "field": "status", "align": "left"},
    {"name": "reason", "label": "Details", "field": "reason", "align": "left"},
]
STATUS_SLOT = r"""
<q-td :props="props">
  <q-badge :color="props.row.color" class="q-px-sm q-py-xs text-body2">{{ props.row.status }}</q-badge>
</q-td>
"""


def _row(row: ImportRow) -> dict[str, Any]:
    return {
        "key": row.line,
        "line": row.line,
        "mac": row.mac,
        "description": row.description or "",
        "container": row.container_id or "",
        "status": row.status.value,
        "color": COLORS[row.status],
        "reason": row.reason,
    }


def tally_text(rows: list[ImportRow]) -> str:
    """``200 rows: 150 new · 20 changed · 10 unchanged · 12 invalid · 8 duplicate``."""
    tally = counts(rows)
    parts = " · ".join(f"{tally[s]} {s.value}" for s in RowStatus)
    return f"{len(rows)} rows: {parts}"


def import_card(tab: TabAuth, store: DashboardStore, sync: StoreSync) -> None:
    gate = tab.gates.allowlist
    state: dict[str, Any] = {"text": None, "rows": []}

    with ui.card().classes("w-full").props('flat bordered aria-label="Import from CSV"'):
        card_title("upload_file", "Import from CSV")
        ui.label(
            "Columns mac, description, container_id (a header line is optional), separated by commas "
            "or semicolons. Nothing changes on the Pi until you apply."
        ).classes("text-body2 text-grey-8")
        with ui.row().classes("w-full gap-4 items-start"):
            NamedUpload(
                label="CSV file",
                auto_upload=True,
                max_file_size=MAX_IMPORT_BYTES,
                on_upload=lambda e: _uploaded(e),
                on_rejected=lambda: _refused(f"The file is larger than {MAX_IMPORT_BYTES // 1024} kB; split it."),
            ).props('accept=".csv,text/csv,text/plain" flat bordered aria-label="CSV file to import"').classes(
                "w-64"
            ).mark("import-file").bind_enabled_from(gate, "enabled")
            with ui.column().classes("grow min-w-[240px] gap-2"):
                paste = (
                    ui.textarea("Or paste CSV here")
                    .classes("w-full")
                    .props('outlined autogrow input-style="max-height:12rem" aria-label="CSV to import"')
                    .mark("import-text")
                )
                ui.button("Preview", icon="preview", on_click=lambda: _show(paste.value or "")).props(
                    'outline color=primary aria-label="Preview import"'
                )
        message = (
            ui.label()
            .classes("text-body1")
            .props('role="status" aria-live="polite" aria-label="Import summary"')
            .mark("import-message")
        )
        with ui.column().classes("w-full gap-2") as result_box:
            table = (
                ui.table(columns=COLUMNS, rows=[], row_key="key", pagination={"rowsPerPage": 50})
                .classes("w-full")
                .props('flat dense wrap-cells aria-label="Import preview"')
                .mark("import-preview")
            )
            table.add_slot("body-cell-status", STATUS_SLOT)
            with ui.row().classes("w-full items-center gap-4"):
                apply_button = (
                    ui.button("Apply", icon="done_all", on_click=lambda: _apply())
                    .props('unelevated color=primary size=lg aria-label="Apply import"')
                    .bind_enabled_from(gate, "enabled")
                )
                progress = (
                    ui.linear_progress(value=0, show_value=False)
                    .classes("grow")
                    .props('aria-label="Import progress" size=12px')
                )
                progress.visible = False
            outcome_label = ui.label().classes("text-body1").props('aria-live="polite"').mark("import-outcome")
            failures = ui.column().classes("gap-1").props('aria-label="Import failures"')
        result_box.visible = False
        errors = ErrorPanel()

    def _refused(text: str) -> None:
        message.set_text(text)
        message.classes(replace="text-body1 text-negative")

    def _show(text: str) -> None:
        message.classes(replace="text-body1")
        try:
            rows = preview(text, store.allowlist)
        except ImportRefused as exc:
            _refused(str(exc))
            result_box.visible = False
            return
        state["text"], state["rows"] = text, rows
        if not rows:
            _refused("There is nothing to import: the text has no rows.")
            result_box.visible = False
            return
        message.set_text(tally_text(rows))
        table.rows = [_row(r) for r in sorted(rows, key=lambda r: (ORDER.index(r.status), r.line))]
        table.update()
        to_apply = sum(1 for r in rows if r.to_apply)
        apply_button.set_text(f"Apply {to_apply} change{'' if to_apply == 1 else 's'}")
        apply_button.visible = to_apply > 0
        result_box.visible = True

    async def _uploaded(event: events.UploadEventArguments) -> None:
        file = event.file
        try:
            if file.size() > MAX_IMPORT_BYTES:
                raise ImportRefused(f"The file is larger than {MAX_IMPORT_BYTES // 1024} kB; split it.")
            text = decode_upload(await file.read())
        except ImportRefused as exc:
            _refused(str(exc))
            return
        finally:
            event.sender.reset()  # type: ignore[attr-defined]
        outcome_label.set_text("")
        failures.clear()
        _show(text)

    def _progress(tried: int, total: int) -> None:
        progress.set_value(tried / total)
        progress.props(f'aria-valuenow="{tried}" aria-valuemax="{total}"')
        outcome_label.set_text(f"Applying… {tried} of {total}")

    async def _apply() -> None:
        text = state["text"]
        if text is None:
            return
        rows = [r for r in preview(text, store.allowlist) if r.to_apply]  # against the allowlist of now
        if not rows:
            outcome_label.set_text("Nothing to apply: the allowlist already matches the file.")
            return
        failures.clear()

        async def do() -> BulkOutcome:
            client = tab.client()
            applied: list[AllowlistEntry] = []

            async def one(row: ImportRow) -> None:
                request = AllowlistEntryRequest(mac=row.mac, description=row.description, container_id=row.container_id)
                applied.append((await client.add_allowlist_entry(request)).data)

            try:
                return await for_each(rows, one, name=lambda r: f"Line {r.line} ({r.mac})", progress=_progress)
            finally:
                macs = {e.mac for e in applied}
                store.set_allowlist([e for e in store.allowlist if e.mac not in macs] + applied)

        apply_button.visible = False  # not twice at once
        progress.set_value(0)
        progress.visible = True
        try:
            outcome = await run_action(
                errors,
                do,
                need=Capability.ALLOWLIST,
                what="allowlist.import",
                target=f"{len(rows)} entries",
                outcome=BulkOutcome.audit,
            )
        finally:
            progress.visible = False
        sync.refresh_allowlist(force=True)
        if outcome is None:  # refused or failed as a whole: the error panel says why
            outcome_label.set_text("")
            apply_button.visible = True
            return
        _show(text)  # statuses as they are now: applied rows read "unchanged"
        outcome_label.set_text(f"Import finished: {outcome.summary}")
        with failures:
            for item, reason in outcome.failures:
                ui.label(f"{item}: {reason}").classes("text-body2 text-negative")
        ui.notify(f"Import finished: {outcome.summary}", type="warning" if outcome.failures else "positive")

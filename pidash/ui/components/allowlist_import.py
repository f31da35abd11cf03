"""The allowlist page's "Import from CSV" card: upload or paste, preview, apply with progress.

The parsing and the comparison are :mod:`pidash.allowlist_io`; this is the view.
"""

from __future__ import annotations

from typing import Any

from nicegui import events, ui

from pidash.allowlist_io import MAX_IMPORT_BYTES, ImportRefused, ImportRow, RowStatus, counts, decode_upload, preview
from pidash.auth.roles import Capability
from pidash.contract.provisioning import AllowlistEntry, AllowlistEntryRequest
from pidash.i18n import Msg, Translator, _, current, msg, msg_n, msg_p
from pidash.store import DashboardStore, StoreSync
from pidash.ui.actions import run_action
from pidash.ui.attributes import attrs
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
STATUS_LABELS: dict[RowStatus, Msg] = {
    RowStatus.NEW: msg_p("import row", "new"),
    RowStatus.CHANGED: msg_p("import row", "changed"),
    RowStatus.UNCHANGED: msg_p("import row", "unchanged"),
    RowStatus.INVALID: msg_p("import row", "invalid"),
    RowStatus.DUPLICATE: msg_p("import row", "duplicate"),
}


def _columns() -> list[dict[str, Any]]:
    """The preview's columns, headed in the page's language."""
    return [
        {"name": "line", "label": _("Line"), "field": "line", "align": "right", "sortable": True},
        {"name": "mac", "label": _("MAC address"), "field": "mac", "align": "left", "classes": "pd-mono"},
        {"name": "description", "label": _("Description"), "field": "description", "align": "left"},
        {"name": "container", "label": _("Container"), "field": "container", "align": "left"},
        {"name": "status", "label": _("Status"), "field": "status", "align": "left"},
        {"name": "reason", "label": _("Details"), "field": "reason", "align": "left"},
    ]


STATUS_SLOT = r"""
<q-td :props="props">
  <q-badge :color="props.row.color" class="q-px-sm q-py-xs text-body2">{{ props.row.status }}</q-badge>
</q-td>
"""


def _row(row: ImportRow, t: Translator) -> dict[str, Any]:
    return {
        "key": row.line,
        "line": row.line,
        "mac": row.mac,
        "description": row.description or "",
        "container": row.container_id or "",
        "status": t.text(STATUS_LABELS[row.status]),
        "color": COLORS[row.status],
        "reason": t.text(row.reason),
    }


def tally_text(rows: list[ImportRow]) -> Msg:
    """``200 rows: 150 new · 20 changed · 10 unchanged · 12 invalid · 8 duplicate``."""
    tally = counts(rows)
    return msg_n(
        "{count} row: {new} new · {changed} changed · {unchanged} unchanged · {invalid} invalid"
        " · {duplicate} duplicate",
        "{count} rows: {new} new · {changed} changed · {unchanged} unchanged · {invalid} invalid"
        " · {duplicate} duplicate",
        len(rows),
        **{status.value: tally[status] for status in RowStatus},
    )


def too_large() -> Msg:
    return msg("The file is larger than {limit} kB; split it.", limit=MAX_IMPORT_BYTES // 1024)


def import_card(tab: TabAuth, store: DashboardStore, sync: StoreSync) -> None:
    gate = tab.gates.allowlist
    t = current()
    state: dict[str, Any] = {"text": None, "rows": []}

    with attrs(ui.card().classes("w-full").props("flat bordered"), aria_label=_("Import from CSV")):
        card_title("upload_file", _("Import from CSV"))
        ui.label(
            _(
                "Columns mac, description, container_id (a header line is optional), separated by commas "
                "or semicolons. Nothing changes on the Pi until you apply."
            )
        ).classes("text-body2 text-grey-8")
        with ui.row().classes("w-full gap-4 items-start"):
            attrs(
                NamedUpload(
                    label=_("CSV file"),
                    auto_upload=True,
                    max_file_size=MAX_IMPORT_BYTES,
                    on_upload=lambda e: _uploaded(e),
                    on_rejected=lambda: _refused(too_large()),
                ).props('accept=".csv,text/csv,text/plain" flat bordered'),
                aria_label=_("CSV file to import"),
            ).classes("w-64").mark("import-file").bind_enabled_from(gate, "enabled")
            with ui.column().classes("grow min-w-[240px] gap-2"):
                paste = attrs(
                    ui.textarea(_("Or paste CSV here"))
                    .classes("w-full")
                    .props('outlined autogrow input-style="max-height:12rem"')
                    .mark("import-text"),
                    aria_label=_("CSV to import"),
                )
                attrs(
                    ui.button(_("Preview"), icon="preview", on_click=lambda: _show(paste.value or "")).props(
                        "outline color=primary"
                    ),
                    aria_label=_("Preview import"),
                )
        message = attrs(
            ui.label().classes("text-body1").props('role="status" aria-live="polite"').mark("import-message"),
            aria_label=_("Import summary"),
        )
        with ui.column().classes("w-full gap-2") as result_box:
            table = attrs(
                ui.table(columns=_columns(), rows=[], row_key="key", pagination={"rowsPerPage": 50})
                .classes("w-full")
                .props("flat dense wrap-cells")
                .mark("import-preview"),
                aria_label=_("Import preview"),
            )
            table.add_slot("body-cell-status", STATUS_SLOT)
            with ui.row().classes("w-full items-center gap-4"):
                apply_button = attrs(
                    ui.button(_("Apply"), icon="done_all", on_click=lambda: _apply()).props(
                        "unelevated color=primary size=lg"
                    ),
                    aria_label=_("Apply import"),
                ).bind_enabled_from(gate, "enabled")
                progress = attrs(
                    ui.linear_progress(value=0, show_value=False).classes("grow").props("size=12px"),
                    aria_label=_("Import progress"),
                )
                progress.visible = False
            outcome_label = ui.label().classes("text-body1").props('aria-live="polite"').mark("import-outcome")
            failures = attrs(ui.column().classes("gap-1"), aria_label=_("Import failures"))
        result_box.visible = False
        errors = ErrorPanel()

    def _forget() -> None:
        """Drop the previous file's preview and what Apply would send: nothing of it can be applied."""
        state["text"], state["rows"] = None, []
        result_box.visible = False
        table.rows = []
        table.update()
        apply_button.visible = False
        outcome_label.set_text("")
        failures.clear()

    def _refused(text: Msg) -> None:
        _forget()
        message.set_text(t.text(text))
        message.classes(replace="text-body1 text-negative")

    def _show(text: str) -> None:
        message.classes(replace="text-body1")
        try:
            rows = preview(text, store.allowlist)
        except ImportRefused as exc:
            _refused(exc.message)
            return
        if not rows:
            _refused(msg("There is nothing to import: the text has no rows."))
            return
        state["text"], state["rows"] = text, rows
        message.set_text(t.text(tally_text(rows)))
        table.rows = [_row(r, t) for r in sorted(rows, key=lambda r: (ORDER.index(r.status), r.line))]
        table.update()
        to_apply = sum(1 for r in rows if r.to_apply)
        apply_button.set_text(
            t.ngettext("Apply {count} change", "Apply {count} changes", to_apply).format(count=to_apply)
        )
        apply_button.visible = to_apply > 0
        result_box.visible = True

    async def _uploaded(event: events.UploadEventArguments) -> None:
        file = event.file
        try:
            if file.size() > MAX_IMPORT_BYTES:
                raise ImportRefused(too_large())
            text = decode_upload(await file.read())
        except ImportRefused as exc:
            _refused(exc.message)
            return
        finally:
            event.sender.reset()  # type: ignore[attr-defined]
        outcome_label.set_text("")
        failures.clear()
        _show(text)

    def _progress(tried: int, total: int) -> None:
        progress.set_value(tried / total)
        progress.props(f'aria-valuenow="{tried}" aria-valuemax="{total}"')
        outcome_label.set_text(t.gettext("Applying… {tried} of {total}").format(tried=tried, total=total))

    async def _apply() -> None:
        text = state["text"]
        if text is None:
            return
        rows = [r for r in preview(text, store.allowlist) if r.to_apply]  # against the allowlist of now
        if not rows:
            outcome_label.set_text(t.gettext("Nothing to apply: the allowlist already matches the file."))
            return
        failures.clear()

        async def do() -> BulkOutcome:
            client = tab.client()
            applied: list[AllowlistEntry] = []

            async def one(row: ImportRow) -> None:
                request = AllowlistEntryRequest(mac=row.mac, description=row.description, container_id=row.container_id)
                applied.append((await client.add_allowlist_entry(request)).data)

            try:
                return await for_each(
                    rows, one, name=lambda r: msg("Line {line} ({mac})", line=r.line, mac=r.mac), progress=_progress
                )
            finally:
                store.edit_allowlist(added=applied)

        apply_button.visible = False  # not twice at once
        progress.set_value(0)
        progress.visible = True
        try:
            outcome = await run_action(
                errors,
                do,
                need=Capability.ALLOWLIST,
                what="allowlist.import",
                target=f"{len(rows)} entries",  # the audit trail: English
                outcome=BulkOutcome.audit,
            )
        finally:
            progress.visible = False
        sync.refresh_allowlist(force=True)
        replaced = state["text"] is not text  # another file (or a refused one) came while this applied
        if outcome is None:  # refused or failed as a whole: the error panel says why
            if not replaced:
                outcome_label.set_text("")
                apply_button.visible = True
            return
        finished = t.gettext("Import finished: {summary}").format(summary=t.text(outcome.summary))
        if replaced:  # leave the new file's preview (or the refusal) on screen
            ui.notify(finished, type="warning" if outcome.failures else "positive")
            return
        _show(text)  # statuses as they are now: applied rows read "unchanged"
        outcome_label.set_text(finished)
        with failures:
            for item, reason in outcome.failures:
                ui.label(t.gettext("{item}: {reason}").format(item=t.text(item), reason=reason)).classes(
                    "text-body2 text-negative"
                )
        ui.notify(finished, type="warning" if outcome.failures else "positive")

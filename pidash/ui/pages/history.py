"""Page ``/history`` (viewer and above): past batches newest first, one batch's cameras, a search
by MAC across all batches, and each batch's CSV/JSON export and printable report.

Reads the history tables (``pidash.history``); the recorder keeps them current as events arrive,
so the batch running now is here too ("Current batch").
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from nicegui import ui

from pidash.history.export import file_stem, to_csv, to_json
from pidash.history.formatting import batch_state, camera_outcome, camera_state, counts_text, duration_text, reason_text
from pidash.history.queries import BatchRecord, CameraRecord, History
from pidash.i18n import Translator, _, current, msg
from pidash.store import ShownError
from pidash.store.formatting import day_time
from pidash.ui.actions import REFUSED_CODE
from pidash.ui.attributes import attrs
from pidash.ui.components.card_title import card_title
from pidash.ui.components.error_panel import ErrorPanel
from pidash.ui.pages.context import PageContext
from pidash.ui.tab_auth import TabAuth

REPORT_PATH = "/history/report"
SHOWN_BATCHES = 200
LIVE_REFRESH_SECONDS = 2.0
"""How often an open History page re-reads the batch running now (two short SQLite reads)."""
SIGNED_OUT = msg("Your sign-in has ended: sign in again to read the history.")
SEARCH_PROMPT = msg("Type a MAC, or part of it, to search.")
"""The camera search's empty table before a search ("No camera found." after one)."""


def _col(name: str, label: str, sortable: bool = False) -> dict[str, Any]:
    return {"name": name, "label": label, "field": name, "align": "left", "sortable": sortable}


def batch_columns() -> list[dict[str, Any]]:
    return [
        _col("date", _("Date")),
        _col("ssid", "SSID", True),
        _col("state", _("State")),
        _col("cameras", _("Cameras"), True),
        _col("verified", _("Verified"), True),
        _col("failed", _("Failed"), True),
        _col("skipped", _("Skipped"), True),
        _col("duration", _("Duration")),
    ]


def camera_columns() -> list[dict[str, Any]]:
    return [
        _col("mac", "MAC", True),
        _col("state", _("State"), True),
        _col("failed_step", _("Failed step")),
        _col("reason", _("Reason")),
        _col("attempts", _("Attempts"), True),
        _col("correlation_ids", _("Correlation IDs")),
    ]


def search_columns() -> list[dict[str, Any]]:
    return [
        _col("date", _("Batch date")),
        _col("ssid", "SSID"),
        _col("mac", "MAC", True),
        _col("state", _("Outcome"), True),
        _col("failed_step", _("Failed step")),
        _col("reason", _("Reason")),
        _col("attempts", _("Attempts")),
    ]


def batch_row(b: BatchRecord, t: Translator) -> dict[str, Any]:
    return {
        "id": b.session_id,
        "date": day_time(b.created_at),
        "ssid": b.target_ssid,
        "state": batch_state(b, t),
        "cameras": b.cameras,
        "verified": b.verified,
        "failed": b.failed,
        "skipped": b.skipped,
        "duration": duration_text(b.duration_seconds),
    }


def camera_row(c: CameraRecord, t: Translator) -> dict[str, Any]:
    return {
        "id": c.mac,
        "mac": c.mac,
        "state": camera_outcome(c, t),
        "failed_step": camera_state(c.failed_step, t) if c.failed_step else "—",
        "reason": reason_text(c, t) or "—",
        "attempts": c.attempts,
        "correlation_ids": " ".join(c.correlation_ids) or "—",
    }


def may_read(tab: TabAuth) -> bool:
    """Re-read the sign-in when data leaves the page: any role (viewer and above) may read the history."""
    tab.refresh()
    return tab.operator.role is not None


def build(ctx: PageContext) -> None:
    tab, store = ctx.tab, ctx.services.store
    history = History(ctx.services.access.db)
    t = current()  # the live refresh runs from a timer
    errors = ErrorPanel()
    shown: dict[str, BatchRecord | None] = {"batch": None}

    with attrs(ui.card().classes("w-full").props("flat bordered"), aria_label=_("Batches")):
        with ui.row().classes("w-full items-center"):
            card_title("history", _("Batches"))
            ui.space()
            ui.button(_("Current batch"), icon="settings_input_antenna", on_click=lambda: open_current()).props("flat")
            ui.button(_("Refresh"), icon="refresh", on_click=lambda: refresh()).props("flat")
        ui.label(_("Every batch this dashboard followed, newest first. Select one to see its cameras.")).classes(
            "text-caption"
        )
        batches = attrs(
            ui.table(columns=batch_columns(), rows=[], row_key="id", pagination={"rowsPerPage": 20})
            .classes("w-full")
            .props("flat dense wrap-cells"),
            aria_label=_("Batch list"),
            no_data_label=_("No batch recorded yet."),
        )
        batches.on("rowClick", lambda e: open_batch(str(e.args[1]["id"])))

    with attrs(ui.card().classes("w-full").props("flat bordered"), aria_label=_("Batch details")) as detail:
        with ui.row().classes("items-center gap-2"):
            ui.icon("fact_check", color="primary", size="md")
            title = ui.label(_("Batch")).classes("text-h6")
        with ui.row().classes("items-center gap-2"):
            attrs(
                ui.button(_("Export CSV"), icon="download", on_click=lambda: export("csv")).props(
                    "unelevated color=primary"
                ),
                aria_label=_("Export CSV"),
            )
            attrs(
                ui.button(_("Export JSON"), icon="code", on_click=lambda: export("json")).props(
                    "outline color=primary"
                ),
                aria_label=_("Export JSON"),
            )
            ui.button(_("Printable report"), icon="print", on_click=lambda: open_report()).props(
                "outline color=primary"
            )
        summary = ui.label("").classes("text-body1").props('data-testid="history-batch-summary"')
        cameras = attrs(
            ui.table(columns=camera_columns(), rows=[], row_key="id", pagination={"rowsPerPage": 50})
            .classes("w-full")
            .props("flat dense wrap-cells"),
            aria_label=_("Batch cameras"),
        )
    detail.set_visibility(False)

    with attrs(ui.card().classes("w-full").props("flat bordered"), aria_label=_("Camera search")):
        card_title("videocam", _("When was this camera provisioned?"))
        mac = (  # its label is its accessible name: what is seen is what a screen reader says
            ui.input(_("MAC (or part of it)"), placeholder="AA:BB:CC:DD:EE:FF")
            .props("clearable debounce=300 maxlength=17")
            .style("width: 20rem; max-width: 100%")
        )
        found = attrs(
            ui.table(columns=search_columns(), rows=[], row_key="id", pagination={"rowsPerPage": 20})
            .classes("w-full")
            .props("flat dense wrap-cells"),
            aria_label=_("MAC search results"),
            no_data_label=t.text(SEARCH_PROMPT),
        )
        found.on("rowClick", lambda e: open_batch(str(e.args[1]["batch"])))

    def refused() -> bool:
        if may_read(tab):
            return False
        errors.show(ShownError(code=REFUSED_CODE, message=t.text(SIGNED_OUT)))
        return True

    def refresh() -> None:
        if refused():
            return
        batches.rows = [batch_row(b, t) for b in history.batches(SHOWN_BATCHES)]
        batches.update()
        if shown["batch"] is not None:
            open_batch(shown["batch"].session_id)

    def open_batch(session_id: str) -> None:
        if refused():
            return
        batch = history.batch(session_id)
        shown["batch"] = batch
        detail.set_visibility(batch is not None)
        if batch is None:
            return
        title.text = t.gettext("Batch of {when} · {ssid}").format(
            when=day_time(batch.created_at), ssid=batch.target_ssid
        )
        took = duration_text(batch.duration_seconds)
        if batch.ended_at:
            summary.text = t.gettext("{counts} · {duration}, ended {when} · session {session}").format(
                counts=t.text(counts_text(batch)),
                duration=took,
                when=day_time(batch.ended_at),
                session=batch.session_id,
            )
        else:
            summary.text = t.gettext("{counts} · {duration}, still running · session {session}").format(
                counts=t.text(counts_text(batch)), duration=took, session=batch.session_id
            )
        cameras.rows = [camera_row(c, t) for c in history.cameras(session_id)]
        cameras.update()

    def open_report() -> None:
        batch = shown["batch"]
        if batch is not None:  # the session ID comes from the Pi: quoted, never formatted into props
            ui.navigate.to(f"{REPORT_PATH}/{quote(batch.session_id, safe='')}", new_tab=True)

    def open_current() -> None:
        session = store.view.session
        if session is None:
            errors.show(ShownError(code="NO_SESSION", message=t.gettext("No batch is being followed right now.")))
            return
        errors.clear()
        refresh()
        open_batch(session.id)

    def export(kind: str) -> None:
        batch = shown["batch"]
        if batch is None or refused():
            return
        batch = history.batch(batch.session_id) or batch  # the current batch: as it is now
        rows = history.cameras(batch.session_id)
        if kind == "csv":
            ui.download.content(to_csv(batch, rows), f"{file_stem(batch)}.csv", "text/csv")
        else:
            ui.download.content(to_json(batch, rows), f"{file_stem(batch)}.json", "application/json")

    def search() -> None:
        if refused():
            return
        asked = (mac.value or "").strip()
        results = history.search_mac(asked)
        found.props["no-data-label"] = t.gettext("No camera found.") if asked else t.text(SEARCH_PROMPT)
        found.rows = [
            {
                **camera_row(c, t),
                "id": f"{b.session_id}/{c.mac}",
                "batch": b.session_id,
                "date": day_time(b.created_at),
                "ssid": b.target_ssid,
            }
            for b, c in results
        ]
        found.update()

    def follow_current() -> None:
        """While the shown batch is the one running now, show what the recorder has written since."""
        batch, session = shown["batch"], store.view.session
        if batch is not None and session is not None and batch.session_id == session.id and batch.ended_at is None:
            refresh()

    mac.on("keydown.enter", search)
    mac.on_value_change(lambda _: search())
    ui.timer(LIVE_REFRESH_SECONDS, follow_current)
    refresh()

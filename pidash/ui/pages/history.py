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
from pidash.history.formatting import counts_text, duration_text
from pidash.history.queries import BatchRecord, CameraRecord, History
from pidash.store import ShownError
from pidash.store.formatting import day_time
from pidash.ui.actions import REFUSED_CODE
from pidash.ui.components.card_title import card_title
from pidash.ui.components.error_panel import ErrorPanel
from pidash.ui.pages.context import PageContext
from pidash.ui.tab_auth import TabAuth

REPORT_PATH = "/history/report"
SHOWN_BATCHES = 200
LIVE_REFRESH_SECONDS = 2.0
"""How often an open History page re-reads the batch running now (two short SQLite reads)."""
SIGNED_OUT = "Your sign-in has ended: sign in again to read the history."


def _col(name: str, label: str, sortable: bool = False) -> dict[str, Any]:
    return {"name": name, "label": label, "field": name, "align": "left", "sortable": sortable}


BATCH_COLUMNS = [
    _col("date", "Date"),
    _col("ssid", "SSID", True),
    _col("state", "State"),
    _col("cameras", "Cameras", True),
    _col("verified", "Verified", True),
    _col("failed", "Failed", True),
    _col("duration", "Duration"),
]
CAMERA_COLUMNS = [
    _col("mac", "MAC", True),
    _col("state", "State", True),
    _col("failed_step", "Failed step"),
    _col("reason", "Reason"),
    _col("retry_count", "Attempts", True),
    _col("correlation_ids", "Correlation IDs"),
]
SEARCH_COLUMNS = [
    _col("date", "Batch date"),
    _col("ssid", "SSID"),
    _col("mac", "MAC", True),
    _col("state", "Outcome", True),
    _col("failed_step", "Failed step"),
    _col("reason", "Reason"),
    _col("retry_count", "Attempts"),
]


def batch_row(b: BatchRecord) -> dict[str, Any]:
    return {
        "id": b.session_id,
        "date": day_time(b.created_at),
        "ssid": b.target_ssid,
        "state": b.state + ("" if b.ended_at else " (running)"),
        "cameras": b.cameras,
        "verified": b.verified,
        "failed": b.failed,
        "duration": duration_text(b.duration_seconds),
    }


def camera_row(c: CameraRecord) -> dict[str, Any]:
    reason = c.reason or c.error_message
    if c.error_code and reason:
        reason = f"{reason} ({c.error_code})"
    return {
        "id": c.mac,
        "mac": c.mac,
        "state": c.state,
        "failed_step": c.failed_step or "—",
        "reason": reason or "—",
        "retry_count": c.retry_count,
        "correlation_ids": " ".join(c.correlation_ids) or "—",
    }


def may_read(tab: TabAuth) -> bool:
    """Re-read the sign-in when data leaves the page: any role (viewer and above) may read the history."""
    tab.refresh()
    return tab.operator.role is not None


def build(ctx: PageContext) -> None:
    tab, store = ctx.tab, ctx.services.store
    history = History(ctx.services.access.db)
    errors = ErrorPanel()
    shown: dict[str, BatchRecord | None] = {"batch": None}

    with ui.card().classes("w-full").props('flat bordered aria-label="Batches"'):
        with ui.row().classes("w-full items-center"):
            card_title("history", "Batches")
            ui.space()
            ui.button("Current batch", icon="settings_input_antenna", on_click=lambda: open_current()).props("flat")
            ui.button("Refresh", icon="refresh", on_click=lambda: refresh()).props("flat")
        ui.label("Every batch this dashboard followed, newest first. Select one to see its cameras.").classes(
            "text-caption"
        )
        batches = (
            ui.table(columns=BATCH_COLUMNS, rows=[], row_key="id", pagination={"rowsPerPage": 20})
            .classes("w-full")
            .props('flat dense wrap-cells aria-label="Batch list" no-data-label="No batch recorded yet."')
        )
        batches.on("rowClick", lambda e: open_batch(str(e.args[1]["id"])))

    with ui.card().classes("w-full").props('flat bordered aria-label="Batch details"') as detail:
        with ui.row().classes("items-center gap-2"):
            ui.icon("fact_check", color="primary", size="md")
            title = ui.label("Batch").classes("text-h6")
        with ui.row().classes("items-center gap-2"):
            ui.button("Export CSV", icon="download", on_click=lambda: export("csv")).props(
                'unelevated color=primary aria-label="Export CSV"'
            )
            ui.button("Export JSON", icon="code", on_click=lambda: export("json")).props(
                'outline color=primary aria-label="Export JSON"'
            )
            ui.button("Printable report", icon="print", on_click=lambda: open_report()).props("outline color=primary")
        summary = ui.label("").classes("text-body1").props('data-testid="history-batch-summary"')
        cameras = (
            ui.table(columns=CAMERA_COLUMNS, rows=[], row_key="id", pagination={"rowsPerPage": 50})
            .classes("w-full")
            .props('flat dense wrap-cells aria-label="Batch cameras"')
        )
    detail.set_visibility(False)

    with ui.card().classes("w-full").props('flat bordered aria-label="Camera search"'):
        card_title("videocam", "When was this camera provisioned?")
        mac = (
            ui.input("MAC (or part of it)", placeholder="AA:BB:CC:DD:EE:FF")
            .props('clearable debounce=300 maxlength=17 aria-label="Search by MAC"')
            .style("width: 20rem; max-width: 100%")
        )
        found = (
            ui.table(columns=SEARCH_COLUMNS, rows=[], row_key="id", pagination={"rowsPerPage": 20})
            .classes("w-full")
            .props('flat dense wrap-cells aria-label="MAC search results" no-data-label="No camera found."')
        )
        found.on("rowClick", lambda e: open_batch(str(e.args[1]["batch"])))

    def refused() -> bool:
        if may_read(tab):
            return False
        errors.show(ShownError(code=REFUSED_CODE, message=SIGNED_OUT))
        return True

    def refresh() -> None:
        if refused():
            return
        batches.rows = [batch_row(b) for b in history.batches(SHOWN_BATCHES)]
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
        title.text = f"Batch of {day_time(batch.created_at)} · {batch.target_ssid}"
        ended = f"ended {day_time(batch.ended_at)}" if batch.ended_at else "still running"
        took = duration_text(batch.duration_seconds)
        summary.text = f"{counts_text(batch)} · {took}, {ended} · session {batch.session_id}"
        cameras.rows = [camera_row(c) for c in history.cameras(session_id)]
        cameras.update()

    def open_report() -> None:
        batch = shown["batch"]
        if batch is not None:  # the session ID comes from the Pi: quoted, never formatted into props
            ui.navigate.to(f"{REPORT_PATH}/{quote(batch.session_id, safe='')}", new_tab=True)

    def open_current() -> None:
        session = store.view.session
        if session is None:
            errors.show(ShownError(code="NO_SESSION", message="No batch is being followed right now."))
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
        results = history.search_mac(mac.value or "")
        found.rows = [
            {
                **camera_row(c),
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

"""Page ``/history/report/{session_id}``: the printable report of one batch (viewer and above).

What a technician hands over when leaving a site: the site's name (``PIDASH_SITE_NAME``), date,
SSID, counts, duration and the per-camera table. A print stylesheet hides the Print button and
keeps the table's rows whole across pages; the browser's "Save as PDF" makes the file.
"""

from __future__ import annotations

from datetime import UTC, datetime
from html import escape

from nicegui import app, ui
from starlette.requests import Request
from starlette.responses import RedirectResponse

from pidash.history.formatting import camera_outcome, camera_state, counts_text, duration_text, reason_text
from pidash.history.queries import BatchRecord, CameraRecord, History
from pidash.i18n import Translator
from pidash.i18n.page import localize_page
from pidash.store.formatting import day_time
from pidash.ui.pages.history import REPORT_PATH
from pidash.ui.pages.login import login_redirect
from pidash.ui.services import Services
from pidash.ui.theme import apply_theme

REPORT_CSS = """
.pd-report { max-width: 1100px; margin: 0 auto; padding: 24px; color: #111; background: #fff; }
.pd-report h1 { font-size: 1.6rem; margin: 0 0 4px; font-weight: 600; }
.pd-report .pd-report-site { font-size: 1.2rem; }
.pd-report dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 16px 0; }
.pd-report dt { font-weight: 600; }
.pd-report table { width: 100%; border-collapse: collapse; font-size: 0.9rem; }
.pd-report th, .pd-report td { border: 1px solid #888; padding: 4px 6px; text-align: left; vertical-align: top; }
.pd-report th { background: #eee; }
.pd-report .pd-report-failed td { background: #fdecea; }
.pd-report .pd-report-skipped td { background: #f0f0f0; }
@media print {
  @page { size: A4 landscape; margin: 12mm; }
  body, .q-page, .nicegui-content { background: #fff !important; }
  .pd-no-print { display: none !important; }
  .pd-report { padding: 0; max-width: none; }
  .pd-report tr { break-inside: avoid; }
  .pd-report thead { display: table-header-group; }
}
"""


def _when(moment: datetime | None) -> str:
    return day_time(moment) if moment else "—"


def _headers(t: Translator) -> tuple[str, ...]:
    return (
        "MAC",
        t.gettext("State"),
        t.gettext("Failed step"),
        t.gettext("Reason"),
        t.gettext("Attempts"),
        "IP",
        t.gettext("Container"),
        t.gettext("Verified at"),
        t.gettext("Correlation IDs"),
    )


def _camera_cells(c: CameraRecord, t: Translator) -> tuple[str, ...]:
    return (
        c.mac,
        camera_outcome(c, t),
        camera_state(c.failed_step, t) if c.failed_step else "—",
        reason_text(c, t) or "—",
        str(c.attempts),
        c.ip or "—",
        c.container_id or "—",
        _when(c.verified_at),
        " ".join(c.correlation_ids) or "—",
    )


def _row_class(c: CameraRecord) -> str:
    """Skipped on purpose reads apart from a failure (a skipped failed camera is not counted as failed)."""
    if c.skipped:
        return "pd-report-skipped"
    return "pd-report-failed" if c.state == "failed" else ""


def report_html(site: str, batch: BatchRecord, cameras: list[CameraRecord], now: datetime, t: Translator) -> str:
    """The report as HTML in ``t``'s language; every value is escaped (SSIDs and reasons come from the network)."""
    cameras_fact = t.gettext("{counts}, {provisioned} provisioned or later").format(
        counts=t.text(counts_text(batch)), provisioned=batch.provisioned
    )
    facts = [
        (t.gettext("Date"), _when(batch.created_at)),
        (t.gettext("Ended"), _when(batch.ended_at) if batch.ended_at else t.gettext("still running")),
        (t.gettext("Duration"), duration_text(batch.duration_seconds)),
        ("SSID", batch.target_ssid),
        (t.gettext("Session"), batch.session_id),
        (t.gettext("Cameras"), cameras_fact),
        (t.gettext("Batch actions"), " ".join(batch.correlation_ids) or "—"),
        (t.gettext("Printed"), _when(now)),
    ]
    head = "".join(f"<th scope='col'>{escape(h)}</th>" for h in _headers(t))
    body = "".join(
        f"<tr class='{_row_class(c)}'>" + "".join(f"<td>{escape(cell)}</td>" for cell in _camera_cells(c, t)) + "</tr>"
        for c in cameras
    )
    dl = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in facts)
    heading, facts_label = escape(t.gettext("Provisioning report")), escape(t.gettext("Batch facts"))
    table_label = escape(t.gettext("Cameras of the batch"))
    return (
        f"<h1>{heading}</h1><div class='pd-report-site'>{escape(site)}</div>"
        f"<dl aria-label='{facts_label}'>{dl}</dl>"
        f"<table aria-label='{table_label}'><thead><tr>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table>"
    )


def register_report(services: Services) -> None:
    """``/history/report/{session_id}``: the same access as every page (a role, else the sign-in page)."""
    access, settings = services.access, services.settings
    history = History(access.db)

    @ui.page(REPORT_PATH + "/{session_id}", title="PiDash · Report")
    def report(request: Request, session_id: str) -> RedirectResponse | None:
        if access.current(app.storage.user, touch=True).role is None:
            return login_redirect(f"{REPORT_PATH}/{session_id}")
        t = localize_page(settings.language)
        ui.page_title(t.gettext("PiDash · Report"))
        apply_theme()
        ui.add_css(REPORT_CSS)
        batch = history.batch(session_id)
        with ui.column().classes("pd-report w-full"):
            with ui.row().classes("pd-no-print items-center gap-2"):
                ui.button(t.gettext("Print"), icon="print", on_click=lambda: ui.run_javascript("window.print()")).props(
                    "unelevated color=primary"
                )
                ui.link(t.gettext("Back to history"), "/history")
            if batch is None:
                ui.label(t.gettext("No batch with this session ID is recorded.")).props('role="alert"')
                return None
            site = settings.site_name or t.gettext("Site name not set ({setting})").format(setting="PIDASH_SITE_NAME")
            ui.html(report_html(site, batch, history.cameras(session_id), datetime.now(UTC), t), sanitize=False)
        return None

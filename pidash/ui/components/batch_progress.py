"""The batch's progress bar: the verified share, with failed and in-flight cameras as their own
segments. Its accessible value is the verified share (0..1) and its text says the whole picture."""

from __future__ import annotations

from typing import Any

from nicegui import binding, ui

from pidash.i18n import current
from pidash.store import SessionSummary
from pidash.ui.live import push, set_quietly

PROGRESS_CSS = """
.pd-progress { display: flex; width: 100%; overflow: hidden; border-radius: 999px; background: #cfd8dc; }
.body--dark .pd-progress { background: #37474f; }
.pd-progress > div { height: 100%; }
.pd-seg-verified { background: #2e7d32; }
.pd-seg-busy { background: #1565c0; }
.pd-seg-failed { background: #c62828; }
.pd-outcome-box { background: #e3f2fd; border-left: 4px solid #1565c0; }
.body--dark .pd-outcome-box { background: #0d2a47; }
.pd-progress-legend { display: flex; flex-wrap: wrap; gap: 4px 16px; }
.pd-swatch { display: inline-block; width: 12px; height: 12px; border-radius: 3px; margin-right: 6px;
  vertical-align: -1px; }
"""


class BatchProgress(ui.element, component="batch_progress.js", dependencies=["pushed.js"]):
    """Bound to the store's :class:`SessionSummary`; segment widths are the shares of all cameras found.

    The bar changes with nearly every camera event: it is sent as one method call per change (see
    :mod:`pidash.ui.live` for why), its props holding the latest state."""

    def __init__(self, summary: SessionSummary, *, height: str = "12px") -> None:
        super().__init__()
        t = current()  # the bound text changes later, from the store (outside the page's context)
        ui.add_css(PROGRESS_CSS)
        self._t = t
        self._summary = summary
        self._props.update(label=t.gettext("Overall progress"), height=height, state=self._state())
        for field in ("progress", "in_flight_share", "failed_share", "progress_text"):
            binding.bind_from(self, "state", summary, field, lambda _value: self._state())

    def _state(self) -> dict[str, Any]:
        """``now``: the verified share as the accessible value (``"0.8"``); the others are 0..1."""
        summary = self._summary
        return {
            "now": f"{summary.progress:g}",
            "verified": summary.progress,
            "busy": summary.in_flight_share,
            "failed": summary.failed_share,
            "text": self._t.text(summary.progress_text),
        }

    @property
    def state(self) -> dict[str, Any]:
        return dict(self._props["state"])

    @state.setter
    def state(self, value: dict[str, Any]) -> None:
        set_quietly(self, "state", value)
        push(self, value)

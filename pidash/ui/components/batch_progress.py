"""The batch's progress bar: the verified share, with failed and in-flight cameras as their own
segments. Its accessible value is the verified share (0..1) and its text says the whole picture."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from nicegui import binding, ui

from pidash.i18n import Msg, current, msg
from pidash.store import SessionSummary

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


class BatchProgress(ui.element):
    """Bound to the store's :class:`SessionSummary`; segment widths are the shares of all cameras found."""

    def __init__(self, summary: SessionSummary, *, height: str = "12px") -> None:
        super().__init__("div")
        t = current()  # the bound text changes later, from the store (outside the page's context)
        ui.add_css(PROGRESS_CSS)
        self.classes("pd-progress").style(f"height: {height}")
        self._props.update(
            {
                "role": "progressbar",
                "aria-label": t.gettext("Overall progress"),
                "aria-valuemin": "0",
                "aria-valuemax": "1",
            }
        )
        with self:
            self._verified = ui.element("div").classes("pd-seg-verified")
            self._busy = ui.element("div").classes("pd-seg-busy")
            self._failed = ui.element("div").classes("pd-seg-failed")
        binding.bind_from(self, "verified_share", summary, "progress")
        binding.bind_from(self, "in_flight_share", summary, "in_flight_share")
        binding.bind_from(self, "failed_share", summary, "failed_share")
        binding.bind_from(self, "value_text", summary, "progress_text", t.text)

    @staticmethod
    def _width(segment: ui.element, share: float) -> None:
        segment.style(replace=f"width: {max(0.0, min(1.0, share)) * 100:.2f}%")

    # Getters answer None until set: a binding skips a value equal to what the target reports.
    @property
    def verified_share(self) -> float | None:
        value = self._props.get("aria-valuenow")
        return None if value is None else float(value)

    @verified_share.setter
    def verified_share(self, share: float) -> None:
        self._props["aria-valuenow"] = f"{share:g}"
        self._width(self._verified, share)
        self.update()

    @property
    def in_flight_share(self) -> float | None:
        return None

    @in_flight_share.setter
    def in_flight_share(self, share: float) -> None:
        self._width(self._busy, share)

    @property
    def failed_share(self) -> float | None:
        return None

    @failed_share.setter
    def failed_share(self, share: float) -> None:
        self._width(self._failed, share)

    @property
    def value_text(self) -> str:
        return str(self._props.get("aria-valuetext", ""))

    @value_text.setter
    def value_text(self, text: str) -> None:
        self._props["aria-valuetext"] = text
        self.update()


def progress_legend(summary: SessionSummary) -> None:
    """Words and swatches under the bar: verified, in progress, failed, waiting."""
    with ui.element("div").classes("pd-progress-legend text-body2"):
        for field, label, swatch in (
            ("verified", msg("{count} verified"), "pd-seg-verified"),
            ("in_flight", msg("{count} in progress"), "pd-seg-busy"),
            ("failed", msg("{count} failed"), "pd-seg-failed"),
            ("allowlisted_waiting", msg("{count} waiting"), ""),
        ):
            with ui.element("span").mark(f"legend-{field}"):
                ui.element("span").classes(f"pd-swatch {swatch}").style(
                    "" if swatch else "background: #cfd8dc; border: 1px solid #90a4ae"
                )
                ui.label().bind_text_from(summary, field, counted(label)).style("display: inline")


def counted(label: Msg | str) -> Callable[[int], str]:
    """For a binding: ``msg("{count} verified")`` → ``3`` → ``"3 verified"`` in the language of the
    page being built (call it while building: the binding runs later, outside the page's context).
    A plain ``str`` label is put after the number as it is (untranslated)."""
    t = current()
    if isinstance(label, Msg):
        return lambda n: t.text(replace(label, fields=(("count", n),)))
    return lambda n: f"{n} {label}"

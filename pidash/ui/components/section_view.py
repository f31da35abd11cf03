"""One of the Pi's sections on a page: its loading, empty, error and unavailable states, or its data.

Re-rendered only when the section's status, data or error changed (not on every poll that
returns equal data); device-supplied strings are rendered as text by the callers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui import ui

from pidash.i18n import Translator, current
from pidash.orchestrator.decoding import unreadable_note
from pidash.store.formatting import clock_time
from pidash.store.sections import SectionState, SectionStatus
from pidash.ui.attributes import attrs
from pidash.ui.components.error_panel import ErrorPanel

Render = Callable[[Any], None]


def section_view(
    state: SectionState,
    render: Render,
    *,
    what: str,
    empty_text: str,
    retry: Callable[[], None],
    loading_text: str | None = None,
) -> ui.column:
    """A column that shows ``state``; ``render(data)`` builds the ready content inside it.

    ``what``, ``empty_text`` and ``loading_text`` are in the page's language (``_()`` at build).
    """
    t = current()
    box = attrs(
        ui.column().classes("w-full gap-2").props("aria-busy=false"),
        aria_label=what,
        data_testid=f"section-{state.name}",
    )
    shown: list[Any] = [None]
    read_at: list[ui.label | None] = [None]

    def update() -> None:
        key = (state.status, id(state.data), state.error)
        if key == shown[0]:  # the same data read again: only its time moves
            if read_at[0] is not None:
                read_at[0].set_text(t.gettext("Read at {time}").format(time=_at(state.loaded_at)))
            return
        shown[0] = key
        box.clear()
        with box:
            read_at[0] = _build(t, state, render, what, empty_text, retry, loading_text)

    state.changed.subscribe(update)
    update()
    return box


def _build(
    t: Translator,
    state: SectionState,
    render: Render,
    what: str,
    empty_text: str,
    retry: Callable[[], None],
    loading: str | None,
) -> ui.label | None:
    """The content for the state; returns the "Read at" label of ready content."""
    status = state.status
    if status == SectionStatus.LOADING:
        with ui.row().classes("items-center gap-3 q-pa-md").props('data-testid="section-loading"'):
            ui.spinner(size="lg")
            ui.label(loading or t.gettext("{what}: loading from the Pi…").format(what=what)).classes(
                "text-body1 text-grey-8"
            )
        return None
    if status == SectionStatus.UNAVAILABLE:
        with (
            ui.card()
            .classes("w-full items-center q-pa-lg")
            .props('flat bordered role="status"')
            .props('data-testid="section-unavailable"')
        ):
            ui.icon("block", size="xl", color="grey-6")
            ui.label(t.gettext("{what} is not available on this Pi.").format(what=what)).classes("text-h6 text-center")
            detail = (
                f"HTTP {state.error.http_status}"
                if state.error and state.error.http_status
                else t.gettext("no such endpoint")
            )
            ui.label(
                t.gettext(
                    "The Pi answered {detail}: its PiOrchestrator version does not offer this section. "
                    "The dashboard keeps checking and shows it when it appears."
                ).format(detail=detail)
            ).classes("text-body2 text-grey-7 text-center")
        return None
    if status == SectionStatus.ERROR:
        ErrorPanel(auto_retry=True).show(state.error, retry=retry)
        if state.data is None:
            return None
        ui.label(t.gettext("Showing the last values read at {time}.").format(time=_at(state.loaded_at))).classes(
            "text-caption text-grey-7"
        ).props('data-testid="section-stale"')
        with ui.column().classes("w-full gap-2 pd-stale"):
            render(state.data)
        return None
    if status == SectionStatus.EMPTY:
        with ui.row().classes("items-center gap-2 q-pa-md text-grey-7").props('data-testid="section-empty"'):
            ui.icon("inbox", size="md")
            ui.label(empty_text).classes("text-body1")
        return None
    render(state.data)
    note = unreadable_note(state.data)  # one bad record never hides the others, but is said
    if note is not None:
        with (
            ui.row().classes("items-center gap-2 text-orange-9").props('data-testid="section-unreadable" role="status"')
        ):
            ui.icon("report_problem", size="sm")
            ui.label(t.gettext("{note}; the others are shown.").format(note=t.text(note))).classes("text-body2")
    return (
        ui.label(t.gettext("Read at {time}").format(time=_at(state.loaded_at)))
        .classes("text-caption text-grey-6")
        .props('data-testid="section-read-at"')
    )


def _at(stamp: float | None) -> str:
    return clock_time(stamp) if stamp else "—"

"""Why this tab cannot run one kind of protected action (its role, no key), shown while it cannot."""

from __future__ import annotations

from nicegui import ui

from pidash.ui.tab_auth import Gate


def gate_notice(gate: Gate) -> ui.row:
    with (
        ui.row()
        .classes("w-full items-center gap-2 pd-warn-text")
        .bind_visibility_from(gate, "enabled", lambda v: not v) as row
    ):
        ui.icon("lock")
        ui.label().bind_text_from(gate, "reason").classes("text-body1").mark("gate-reason").props(
            'data-testid="gate-reason"'
        )
    return row

"""The heading row of a card: an icon and a title."""

from __future__ import annotations

from nicegui import ui


def card_title(icon: str, text: str) -> ui.row:
    with ui.row().classes("items-center gap-2") as row:
        ui.icon(icon, color="primary", size="md")
        ui.label(text).classes("text-h6")
    return row

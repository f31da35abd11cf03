"""The one confirmation dialog."""

from __future__ import annotations

from nicegui import ui

from pidash.i18n import _


async def confirm(title: str, message: str, *, ok_label: str, ok_color: str = "negative") -> bool:
    """Ask before a destructive action; True when the user confirmed. Texts come translated (``_()``)."""
    with ui.dialog() as dialog, ui.card().classes("min-w-[320px] max-w-[520px]").props('role="alertdialog"'):
        ui.label(title).classes("text-h6")
        ui.label(message).classes("text-body1")
        with ui.row().classes("w-full justify-end gap-2"):
            ui.button(_("Cancel"), on_click=lambda: dialog.submit(False)).props("flat")
            ui.button(ok_label, on_click=lambda: dialog.submit(True)).props(f"color={ok_color} unelevated")
    result = await dialog
    dialog.delete()
    return bool(result)

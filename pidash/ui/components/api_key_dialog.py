"""US5: the settings dialog where a tab enters (or forgets) its API key."""

from __future__ import annotations

from nicegui import ui

from pidash.i18n import _
from pidash.ui.attributes import attrs
from pidash.ui.components.error_panel import ErrorPanel
from pidash.ui.forms import submit_on_enter
from pidash.ui.tab_auth import TabAuth


def api_key_dialog(tab: TabAuth) -> ui.dialog:
    status = tab.key_status
    with ui.dialog() as dialog, attrs(ui.card().classes("w-[480px] max-w-full"), aria_label=_("API key settings")):
        with ui.row().classes("items-center gap-2"):
            ui.icon("key", size="md", color="primary")
            ui.label(_("API key")).classes("text-h6")
        ui.label(
            _(
                "Protected actions (provisioning, allowlist, door, configuration) need the Pi's API key: the "
                "configured one acts only within your role; a key entered here grants what it grants on the Pi. "
                "A key entered here is kept in the dashboard server's memory for this browser tab only: "
                "it survives a reload, and is gone when the tab is closed."
            )
        ).classes("text-body2 text-grey-8")
        with ui.row().classes("items-center gap-2"):
            ui.label(_("Current key:")).classes("text-weight-medium")
            ui.label().bind_text_from(status, "key_label").classes("pd-mono").mark("key-status")
        with ui.column().classes("w-full gap-2").bind_visibility_from(status, "needs_key"):
            key_input = attrs(
                ui.input(_("API key"), password=True, password_toggle_button=True)
                .classes("w-full")
                .props("autocomplete=off spellcheck=false")
                .mark("key-input"),
                aria_label=_("API key"),
            )
            errors = ErrorPanel()

            async def save() -> None:
                raw = key_input.value or ""
                key_input.set_value("")  # never keep the key in the page
                if not raw.strip():
                    ui.notify(_("Enter a key first."), type="warning")
                    return
                error = await tab.save_key(raw)
                if error is not None:
                    errors.show(error)
                    return
                errors.clear()
                ui.notify(_("API key saved for this tab."), type="positive")
                dialog.close()

            def forget() -> None:
                tab.forget_key()
                errors.clear()
                ui.notify(_("API key forgotten for this tab."), type="info")

            with ui.row().classes("w-full justify-end gap-2"):
                ui.button(_("Forget key"), icon="delete", on_click=forget).props(
                    "flat color=negative"
                ).bind_visibility_from(status, "key_set_here")
                ui.button(_("Close"), on_click=dialog.close).props("flat")
                save_key = ui.button(_("Save key"), icon="save", on_click=save).props("unelevated color=primary")
            submit_on_enter(save_key, save, key_input)
        with ui.row().classes("w-full justify-end").bind_visibility_from(status, "needs_key", lambda v: not v):
            ui.label(_("The Pi runs in development mode: no key is needed.")).classes("grow")
            ui.button(_("Close"), on_click=dialog.close).props("flat")
    return dialog

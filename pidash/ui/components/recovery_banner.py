"""US3: the interrupted sessions the Pi can resume, newest first, or a plain sentence when none."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui

from pidash.contract.provisioning import Session
from pidash.i18n import Translator, current, msg
from pidash.store.formatting import day_time
from pidash.store.rows import state_name
from pidash.store.summary import SESSION_STATE_LABELS
from pidash.ui.attributes import attrs
from pidash.ui.services import Services
from pidash.ui.tab_auth import Gate

NO_SESSIONS = msg("No interrupted sessions to resume.")


def _when(session: Session, t: Translator) -> str:
    return day_time(session.updated_at or session.created_at, t)


def recovery_banner(services: Services, gate: Gate, on_resume: Callable[[str], Awaitable[None]]) -> ui.column:
    store = services.store
    t = current()  # render() also runs from store events, outside the page's context
    box = ui.column().classes("w-full").mark("recovery")
    shown: list[object] = [None]

    def render() -> None:
        # Every page that opens asks the Pi again; rebuilt for the same answer, the Resume buttons
        # here were replaced under a finger or the keyboard's focus.
        key = (store.recoverable_loaded_at is None, store.auth.can_read_protected, list(store.recoverable))
        if key == shown[0]:
            return
        shown[0] = key
        box.clear()
        with box:
            sessions = store.recoverable
            if store.recoverable_loaded_at is None:
                if not store.auth.can_read_protected:
                    text = t.gettext("Interrupted sessions are listed once an API key is set.")
                else:
                    text = t.gettext("Checking for interrupted sessions…")
                ui.label(text).classes("text-body2 text-grey-7").mark("recovery-none")
                return
            if not sessions:
                with ui.row().classes("items-center gap-2 text-grey-7"):
                    ui.icon("task_alt")
                    ui.label(t.text(NO_SESSIONS)).classes("text-body2").mark("recovery-none")
                return
            card = ui.card().classes("w-full pd-warn-box").props('flat bordered role="region"')
            with attrs(card, aria_label=t.gettext("Interrupted sessions")):
                with ui.row().classes("items-center gap-2"):
                    ui.icon("history", color="warning", size="md")
                    ui.label(t.gettext("Interrupted sessions can be resumed")).classes("text-h6")
                for session in sessions:
                    _session_row(session, gate, on_resume, t)

    store.recoverable_changed.subscribe(render)
    store.auth_changed.subscribe(render)
    render()
    return box


def _session_row(session: Session, gate: Gate, on_resume: Callable[[str], Awaitable[None]], t: Translator) -> None:
    state = state_name(session.state)
    label = SESSION_STATE_LABELS.get(state) or state.capitalize()
    with ui.row().classes("w-full items-center gap-4 q-py-xs").mark(f"recoverable-{session.id}"):
        with ui.column().classes("gap-0 grow"):
            ui.label(t.gettext("Wi-Fi {ssid}").format(ssid=session.target_ssid)).classes(
                "text-subtitle1 text-weight-medium"
            )
            ui.label(
                t.gettext(
                    "{state} · {when} · {discovered} discovered, {provisioned} provisioned, "
                    "{verified} verified, {failed} failed"
                ).format(
                    state=t.text(label),
                    when=_when(session, t),
                    discovered=session.device_count,
                    provisioned=session.provisioned_count,
                    verified=session.verified_count,
                    failed=session.failed_count,
                )
            ).classes("text-body2 text-grey-8")
        resume = ui.button(t.gettext("Resume"), icon="play_arrow", on_click=lambda: on_resume(session.id))
        attrs(
            resume.props("unelevated color=warning text-color=black"),
            aria_label=t.gettext("Resume session {ssid}").format(ssid=session.target_ssid),
        )
        resume.bind_enabled_from(gate, "enabled")

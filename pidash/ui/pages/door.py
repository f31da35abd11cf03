"""Page ``/door``: the door's state (polled every 5 s); open for a duration, and close.

Both actions are protected: they use this tab's key (``tab.client()``), ask for a confirmation
before opening, and show the door's new state from the Pi's reply.
"""

from __future__ import annotations

from typing import Any

from nicegui import ui

from pidash.auth.roles import Capability
from pidash.contract.system import MAX_DOOR_OPEN_SECONDS, DoorStatus
from pidash.i18n import Translator, _, current, msg_p
from pidash.store.formatting import clock_time
from pidash.store.sections import DOOR
from pidash.ui.actions import run_action
from pidash.ui.attributes import attrs
from pidash.ui.components.card_title import card_title
from pidash.ui.components.confirm import confirm
from pidash.ui.components.error_panel import ErrorPanel
from pidash.ui.components.gate_notice import gate_notice
from pidash.ui.components.section_view import section_view
from pidash.ui.pages.context import PageContext
from pidash.ui.validation import seconds_error

DEFAULT_OPEN_SECONDS = 10
DOOR_STYLE = {
    "open": ("warning", "meeting_room", msg_p("door state", "Open")),
    "closed": ("positive", "sensor_door", msg_p("door state", "Closed")),
}
UNKNOWN_STATE = msg_p("door state", "Unknown")


def duration_error(value: Any, t: Translator | None = None) -> str | None:
    """The sentence for a bad opening time, or None; in ``t``'s language (default: the current page's)."""
    problem = seconds_error(value, MAX_DOOR_OPEN_SECONDS)
    return None if problem is None else (t or current()).text(problem)


def build(ctx: PageContext) -> None:
    tab, live = ctx.tab, ctx.services.live
    state, gate = live.sections[DOOR], tab.gates.door
    live.poller.refresh(DOOR)
    with attrs(ui.card().classes("w-full").props("flat bordered"), aria_label=_("Door")):
        card_title("sensor_door", _("Door"))
        section_view(
            state,
            _status,
            what=_("Door status"),
            empty_text=_("The Pi reported no door."),
            retry=lambda: live.poller.refresh(DOOR),
        )

    def _show_reply(door: DoorStatus | None) -> None:
        """The door the Pi answered with, then read again: a field Pi answers ``success`` alone, and a
        read already under way may answer from before the command."""
        if door is not None:
            state.set_data(door)
        live.poller.refresh(DOOR)

    t = current()
    with attrs(ui.card().classes("w-full").props("flat bordered"), aria_label=_("Door controls")):
        gate_notice(gate)
        errors = ErrorPanel()
        with ui.row().classes("w-full items-start gap-4"):
            duration = (
                ui.number(
                    _("Open for (seconds)"),
                    value=DEFAULT_OPEN_SECONDS,
                    validation=lambda value: duration_error(value, t),
                )
                .props('outlined suffix="s"')
                .classes("w-56")
                .props('data-testid="door-duration"')
            )
            attrs(duration, aria_label=_("Open for (seconds)"))

            async def open_door() -> None:
                if not duration.validate():
                    return
                seconds = int(duration.value)
                if not await confirm(
                    _("Open the door?"),
                    _("The door unlocks and stays open for {seconds} s, then closes and locks itself.").format(
                        seconds=seconds
                    ),
                    ok_label=_("Open door"),
                    ok_color="warning",
                ):
                    return

                async def do() -> None:
                    reply = await tab.client().open_door(seconds)
                    _show_reply(reply.data)
                    ui.notify(_("Door open for {seconds} s.").format(seconds=seconds), type="positive")

                await run_action(errors, do, need=Capability.DOOR, what="door.open", target=f"{seconds} s")

            async def close_door() -> None:
                async def do() -> None:
                    reply = await tab.client().close_door()
                    _show_reply(reply.data)
                    ui.notify(_("Door closed."), type="positive")

                await run_action(errors, do, need=Capability.DOOR, what="door.close")

            attrs(
                ui.button(_("Open door"), icon="lock_open", on_click=open_door).props(
                    "unelevated color=warning text-color=black size=lg"
                ),
                aria_label=_("Open door"),
                data_testid="door-open",
            ).bind_enabled_from(gate, "enabled")
            attrs(
                ui.button(_("Close door"), icon="lock", on_click=close_door).props("outline color=primary size=lg"),
                aria_label=_("Close door"),
                data_testid="door-close",
            ).bind_enabled_from(gate, "enabled")


def _status(data: Any) -> None:
    door: DoorStatus = data
    color, icon, word = DOOR_STYLE.get(door.state, ("grey", "help", door.state.capitalize() or UNKNOWN_STATE))
    with ui.row().classes("items-center gap-4"):
        ui.icon(icon, size="xl", color=color)
        with ui.column().classes("gap-0"):
            ui.label(current().text(word)).classes(f"text-h4 text-weight-bold text-{color}").props(
                'data-testid="door-state"'
            )
            lock = _("Lock state unknown") if door.locked is None else _("Locked") if door.locked else _("Unlocked")
            ui.label(lock).classes("text-h6").props('data-testid="door-locked"')
    changed = _("Last changed {time}").format(time=clock_time(door.last_changed)) if door.last_changed else None
    closes = (
        _("closes by itself at {time}").format(time=clock_time(door.auto_close_at))
        if door.auto_close_at and door.state == "open"
        else None
    )
    details: str | None
    if changed and closes:
        details = _("{changed}, {closes}").format(changed=changed, closes=closes)
    else:
        details = changed or closes
    if details:
        ui.label(details).classes("text-body1 text-grey-8").props('data-testid="door-details"')

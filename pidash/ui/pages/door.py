"""Page ``/door``: the door's state (polled every 5 s); open for a duration, and close.

Both actions are protected: they use this tab's key (``tab.client()``), ask for a confirmation
before opening, and show the door's new state from the Pi's reply.
"""

from __future__ import annotations

from typing import Any

from nicegui import ui

from pidash.auth.roles import Capability
from pidash.contract.system import MAX_DOOR_OPEN_SECONDS, DoorStatus
from pidash.store.formatting import clock_time
from pidash.store.sections import DOOR
from pidash.ui.actions import run_action
from pidash.ui.components.card_title import card_title
from pidash.ui.components.confirm import confirm
from pidash.ui.components.error_panel import ErrorPanel
from pidash.ui.components.gate_notice import gate_notice
from pidash.ui.components.section_view import section_view
from pidash.ui.pages.context import PageContext
from pidash.ui.validation import seconds_error

DEFAULT_OPEN_SECONDS = 10
DOOR_STYLE = {"open": ("warning", "meeting_room", "Open"), "closed": ("positive", "sensor_door", "Closed")}


def duration_error(value: Any) -> str | None:
    """The sentence for a bad opening time, or None."""
    return seconds_error(value, MAX_DOOR_OPEN_SECONDS)


def build(ctx: PageContext) -> None:
    tab, live = ctx.tab, ctx.services.live
    state, gate = live.sections[DOOR], tab.gates.door
    live.poller.refresh(DOOR)
    with ui.card().classes("w-full").props('flat bordered aria-label="Door"'):
        card_title("sensor_door", "Door")
        section_view(
            state,
            _status,
            what="Door status",
            empty_text="The Pi reported no door.",
            retry=lambda: live.poller.refresh(DOOR),
        )

    def _show_reply(door: DoorStatus | None) -> None:
        """The door the Pi answered with; a field Pi answers ``success`` alone: read the status."""
        if door is not None:
            state.set_data(door)
        else:
            live.poller.refresh(DOOR)

    with ui.card().classes("w-full").props('flat bordered aria-label="Door controls"'):
        gate_notice(gate)
        errors = ErrorPanel()
        with ui.row().classes("w-full items-start gap-4"):
            duration = (
                ui.number(
                    "Open for (seconds)",
                    value=DEFAULT_OPEN_SECONDS,
                    validation=duration_error,
                )
                .props('outlined suffix="s" aria-label="Open for (seconds)"')
                .classes("w-56")
                .props('data-testid="door-duration"')
            )

            async def open_door() -> None:
                if not duration.validate():
                    return
                seconds = int(duration.value)
                if not await confirm(
                    "Open the door?",
                    f"The door unlocks and stays open for {seconds} s, then closes and locks itself.",
                    ok_label="Open door",
                    ok_color="warning",
                ):
                    return

                async def do() -> None:
                    reply = await tab.client().open_door(seconds)
                    _show_reply(reply.data)
                    ui.notify(f"Door open for {seconds} s.", type="positive")

                await run_action(errors, do, need=Capability.DOOR, what="door.open", target=f"{seconds} s")

            async def close_door() -> None:
                async def do() -> None:
                    reply = await tab.client().close_door()
                    _show_reply(reply.data)
                    ui.notify("Door closed.", type="positive")

                await run_action(errors, do, need=Capability.DOOR, what="door.close")

            ui.button("Open door", icon="lock_open", on_click=open_door).props(
                'unelevated color=warning text-color=black size=lg aria-label="Open door"'
            ).bind_enabled_from(gate, "enabled").props('data-testid="door-open"')
            ui.button("Close door", icon="lock", on_click=close_door).props(
                'outline color=primary size=lg aria-label="Close door"'
            ).bind_enabled_from(gate, "enabled").props('data-testid="door-close"')


def _status(data: Any) -> None:
    door: DoorStatus = data
    color, icon, word = DOOR_STYLE.get(door.state, ("grey", "help", door.state.capitalize() or "Unknown"))
    with ui.row().classes("items-center gap-4"):
        ui.icon(icon, size="xl", color=color)
        with ui.column().classes("gap-0"):
            ui.label(word).classes(f"text-h4 text-weight-bold text-{color}").props('data-testid="door-state"')
            lock = "Lock state unknown" if door.locked is None else "Locked" if door.locked else "Unlocked"
            ui.label(lock).classes("text-h6").props('data-testid="door-locked"')
    details = []
    if door.last_changed:
        details.append(f"Last changed {clock_time(door.last_changed)}")
    if door.auto_close_at and door.state == "open":
        details.append(f"closes by itself at {clock_time(door.auto_close_at)}")
    if details:
        ui.label(", ".join(details)).classes("text-body1 text-grey-8").props('data-testid="door-details"')

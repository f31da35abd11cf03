"""Enter in a form's field does what the form's button does."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui


def submit_on_enter(button: ui.button, submit: Callable[[], Awaitable[object]], *fields: ui.element) -> None:
    """Enter in any of ``fields`` runs ``submit`` (the handler of ``button``), as a tap on the button would.

    Only while ``button`` is enabled: a disabled button (this tab may not act) is not bypassed from
    the keyboard. ``submit`` checks its fields as for a tap.
    """

    async def on_enter() -> None:
        if button.enabled:
            await submit()

    for field in fields:
        field.on("keydown.enter", on_enter)

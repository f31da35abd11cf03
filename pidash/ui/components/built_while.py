"""A part of a page that exists only while the store says it is shown: the start form while no
session runs, the live session's card while there is one. A hidden NiceGUI element still costs its
page a Python object, its observable props and its bindings for as long as the page is open; a
part built while shown costs nothing while hidden (issue 8: a page's memory, 20 pages at a time).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from nicegui import binding, ui
from nicegui.binding import BindableProperty

from pidash.ui.live import next_turn


class BuiltWhile(ui.element):
    """A ``<div>`` holding what ``build()`` makes while ``when(getattr(source, name))`` is true.

    ``source.name`` (a field of a bindable dataclass such as the store's ``SessionSummary``) is
    followed by a NiceGUI binding: on change, no polling. What it shows at first is built at once,
    with the page. A change is applied on the next loop turn, as ``StateView`` does, not inside the
    store's flush that made it: a part that fails to build fails alone, logged by the event loop,
    and twenty pages rebuilding do not hold up the flush. When ``when`` turns false, what was built
    is deleted (its bindings, timers and handlers with it) and the ``<div>`` hidden; when it turns
    true again, ``build()`` runs anew inside this element, so in its page's language.
    """

    shown = BindableProperty(on_change=lambda sender, _value: cast("BuiltWhile", sender)._changed())

    def __init__(self, source: Any, name: str, build: Callable[[], object], when: Callable[[Any], bool] = bool) -> None:
        super().__init__()
        self._build = build
        self._pending = False
        self.visible = False
        self.shown = False
        binding.bind_from(self, "shown", source, name, backward=lambda value: bool(when(value)))
        self._apply()

    def _changed(self) -> None:
        if self._pending:
            return
        self._pending = next_turn(self._apply)
        if not self._pending:  # no loop (a store changed by hand): at once
            self._apply()

    def _apply(self) -> None:
        self._pending = False
        if self.is_deleted:
            return
        if self.shown and not self.default_slot.children:
            with self:
                self._build()
        elif not self.shown and self.default_slot.children:
            self.clear()
        self.visible = self.shown  # a bindable property: an update only when it changes

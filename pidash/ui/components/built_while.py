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


class BuiltWhile(ui.element):
    """A ``<div>`` holding what ``build()`` makes while ``when(getattr(source, name))`` is true.

    ``source.name`` is followed by a NiceGUI binding (a bindable dataclass field: on change, no
    polling). When ``when`` turns false, what was built is deleted (its bindings, timers and
    handlers with it) and the ``<div>`` hidden; when it turns true again, ``build()`` runs anew
    inside this element, so in its page's language, whatever task changed the store.
    """

    shown = BindableProperty(on_change=lambda sender, value: cast("BuiltWhile", sender)._show(bool(value)))

    def __init__(self, source: Any, name: str, build: Callable[[], object], when: Callable[[Any], bool] = bool) -> None:
        super().__init__()
        self._build = build
        self.visible = False
        self.shown = False
        binding.bind_from(self, "shown", source, name, backward=when)

    def _show(self, shown: bool) -> None:
        if self.is_deleted:
            return
        if shown and not self.default_slot.children:
            with self:
                self._build()
        elif not shown:
            self.clear()
        self.visible = shown

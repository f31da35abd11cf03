"""An element drawn in the browser from one ``state`` prop that follows fields of a store object.

The session panel and the feed chips are each one element instead of a tree of NiceGUI elements
(an element is a few KB of Python objects per open page, and a binding per field it shows). Any
followed field that changes marks the element; its state is worked out **once per loop turn**,
however many fields the store wrote, and sent as one method call (:mod:`pidash.ui.live`) only when
it differs from the last ``state`` it set. The browser side mixes in ``pushed("state")`` (pushed.js).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from nicegui import binding, ui

from pidash.ui.live import next_turn, push, set_quietly


def _marked(_value: object) -> bool:
    return True


class StateView(ui.element):
    """Subclasses give ``component=`` and :meth:`state_now`, and call :meth:`follow` once built."""

    _pending = False

    def follow(self, source: Any, names: Iterable[str]) -> None:
        """Show :meth:`state_now` and follow ``source``'s bindable fields ``names`` (the bindings
        go with the element)."""
        set_quietly(self, "state", self.state_now())
        for name in names:
            binding.bind_from(self, "changed", source, name, _marked)

    def state_now(self) -> Any:
        """The ``state`` prop for what the followed object holds now: plain JSON, texts translated."""
        raise NotImplementedError

    @property
    def changed(self) -> bool:
        return self._pending

    @changed.setter
    def changed(self, _value: bool) -> None:
        if self._pending:
            return
        self._pending = next_turn(self._refresh)
        if not self._pending:  # no loop to wait for (a store flushed by hand): now, without a push
            set_quietly(self, "state", self.state_now())

    def _refresh(self) -> None:
        self._pending = False
        if self.is_deleted:
            return
        state = self.state_now()
        if state != self._props["state"]:
            set_quietly(self, "state", state)
            push(self, state)

"""Text that follows the store many times a second without re-rendering the page in the browser
(see :mod:`pidash.ui.live`): a count, the time left, the progress in words."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Self

from nicegui import binding, ui

from pidash.ui.live import push, set_quietly


class LiveText(ui.element, component="live_text.js", dependencies=["pushed.js"]):
    """A ``<div>`` (or ``tag``) showing ``text``; bind it like a label (:meth:`bind_text_from`)."""

    def __init__(self, text: str = "", *, tag: str = "div") -> None:
        super().__init__()
        self._props.update(text=text, htmlTag=tag)

    @property
    def text(self) -> str:
        return str(self._props["text"])

    @text.setter
    def text(self, value: str) -> None:
        if value != self._props["text"]:
            set_quietly(self, "text", value)
            push(self, value)

    def bind_text_from(self, source: Any, name: str, backward: Callable[[Any], Any] = str) -> Self:
        """Follows ``source.name`` (through ``backward``, e.g. a translation); removed with the element."""
        binding.bind_from(self, "text", source, name, backward)
        return self

"""Elements that follow the store many times a second without re-rendering the page in the browser.

NiceGUI sends a changed element as an ``update`` message, and the browser then renders its whole
element tree again (every card, button and label of the page): a count that changes with every
camera event would cost each browser that much per event. A *live* element instead keeps its
latest value in its props without an update (:func:`set_quietly`: a page built, reconnected or
updated later shows it) and sends it with :func:`push`: the values of every live element of a page
changed in one loop turn go as **one** message, and only those elements render again.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any, Self

from nicegui import Client, binding, ui

_pending: dict[str, dict[int, Any]] = {}
"""Per client id: element id → the value to send on the next loop turn (the last one set wins)."""


def set_quietly(element: ui.element, prop: str, value: Any) -> None:
    """``element``'s prop without an ``update`` message (NiceGUI's props send one on every change)."""
    with element._props.suspend_updates():  # NiceGUI's own switch for this
        element._props[prop] = value


def push(element: ui.element, value: Any) -> None:
    """Calls ``set(value)`` on ``element``'s component in its browser, batched per page and loop turn."""
    if not element._is_safe_to_interact():  # the client is gone: nothing to tell
        return
    client_id = element.client.id
    calls = _pending.get(client_id)
    if calls is None:
        calls = _pending[client_id] = {}
        asyncio.get_running_loop().call_soon(_flush, client_id)
    calls[element.id] = value


def _flush(client_id: str) -> None:
    calls = _pending.pop(client_id, {})
    client = Client.instances.get(client_id)
    if client is None or not calls:
        return
    pairs = json.dumps(list(calls.items()), separators=(",", ":"))
    client.run_javascript(f"for (const [i, v] of {pairs}) getElement(i)?.set(v)")


class LiveText(ui.element, component="live_text.js"):
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

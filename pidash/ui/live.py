"""Changes for the browser that skip NiceGUI's page-wide render: one message per page and loop turn.

NiceGUI sends a changed element as an ``update`` message, and the browser then renders its whole
element tree again (every card, button and label of the page): a count that changes with every
camera event would cost each browser that much per event. Elements that follow the store keep
their latest value in their props without an update (:func:`set_quietly`: a page built,
reconnected or updated later shows it) and send the change as a method call on their own Vue
component (:func:`push`, :func:`call`). Every call for one page in one loop turn goes as **one**
message, run in order in one task: the browser renders the elements concerned once.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from nicegui import Client, ui


@dataclass
class _Batch:
    calls: list[str] = field(default_factory=list)
    """``[element id, method, [args]]`` as JSON, in the order asked."""
    values: dict[int, str] = field(default_factory=dict)
    """Element id → the JSON of its latest ``set`` value (the last one set in the turn wins)."""


_pending: dict[str, _Batch] = {}
"""Per client id: what goes to that browser at the end of this loop turn."""


def set_quietly(element: ui.element, prop: str, value: Any) -> None:
    """``element``'s prop without an ``update`` message (NiceGUI's props send one on every change).

    The value is kept as given, not copied into NiceGUI's observable collections (~60 µs for the
    session panel's state, per page and change): a state that every page of a language shares
    stays one object. Never change a value in place once set; set a new one.
    """
    dict.__setitem__(element._props, prop, value)


def next_turn(run: Callable[[], None]) -> bool:
    """Schedule ``run`` for the event loop's next turn (after the store's flush that asked for it);
    False, and nothing scheduled, when no loop runs (a store changed by hand, a unit test)."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return False
    loop.call_soon(run)
    return True


def push(element: ui.element, value: Any) -> None:
    """``set(value)`` on ``element``'s component in its browser; of several in one turn, the last."""
    batch = _batch(element)
    if batch is not None:
        batch.values[element.id] = json.dumps(value, separators=(",", ":"))


def call(element: ui.element, method: str, args_json: str) -> None:
    """``method(...args)`` on ``element``'s component in its browser, after the calls asked before it;
    ``args_json`` is the JSON of the argument list's items (``'1,"a"'``), e.g. a delta serialised once
    for every browser of a language."""
    batch = _batch(element)
    if batch is not None:
        batch.calls.append(f"[{element.id},{json.dumps(method)},[{args_json}]]")


def _batch(element: ui.element) -> _Batch | None:
    if not element._is_safe_to_interact():  # the client is gone: nothing to tell
        return None
    client_id = element.client.id
    batch = _pending.get(client_id)
    if batch is None:
        batch = _pending[client_id] = _Batch()
        asyncio.get_running_loop().call_soon(_flush, client_id)
    return batch


def _flush(client_id: str) -> None:
    batch = _pending.pop(client_id, None)
    client = Client.instances.get(client_id)
    if client is None or batch is None:
        return
    items = [*batch.calls, *(f'[{i},"set",[{v}]]' for i, v in batch.values.items())]
    # each call on its own: one that throws (a browser API refused) must not drop the others
    run = "try { getElement(i)?.[m](...a) } catch (e) { console.error(e) }"
    client.run_javascript(f"for (const [i, m, a] of [{','.join(items)}]) {run}")

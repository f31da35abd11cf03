"""Changes for the browser that skip NiceGUI's page-wide render: one message per page and loop turn.

NiceGUI sends a changed element as an ``update`` message, and the browser then renders its whole
element tree again (every card, button and label of the page): a count that changes with every
camera event would cost each browser that much per event. Elements that follow the store keep
their latest value in their props without an update (:func:`set_quietly`: a page built,
reconnected or updated later shows it) and send the change as a method call on their own Vue
component (:func:`push`, :func:`call`). Every call for one page in one loop turn goes as **one**
message, run in order in one task: the browser renders the elements concerned once.

Pushed values alone (counts, progress, time left) go at once after a quiet spell, and then at most
every :data:`VALUES_SPACING_SECONDS`, the newest of each; a call (the device board's delta) takes
them along at once. During a 500-camera batch a page was sent ~40 messages a second of values
alone (the session panel after each camera event), twice as many as the board's deltas, and each
costs the browser a render and a frame.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from math import inf
from typing import Any

from nicegui import Client, ui

VALUES_SPACING_SECONDS = 0.1
"""Least time between two messages of pushed values alone to one page (a call goes at once)."""


@dataclass
class _Batch:
    calls: list[str] = field(default_factory=list)
    """``[element id, method, [args]]`` as JSON, in the order asked."""
    values: dict[int, str] = field(default_factory=dict)
    """Element id → the JSON of its latest ``set`` value (the last one set wins)."""
    due: asyncio.Handle | None = None
    """The flush scheduled for this batch."""
    soon: bool = False
    """``due`` is at the next loop turn (not later: values alone, spaced)."""


_pending: dict[str, _Batch] = {}
"""Per client id: what goes to that browser at its next flush."""

_values_sent: dict[str, float] = {}
"""Per client id: loop time of its last message of values alone, kept ``VALUES_SPACING_SECONDS``."""


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
    """``set(value)`` on ``element``'s component in its browser; of several before it goes, the last
    (values alone are spaced: the module's doc)."""
    batch = _batch(element)
    if batch is not None:
        batch.values[element.id] = json.dumps(value, separators=(",", ":"))
        _schedule(element.client.id, batch, soon=False)


def call(element: ui.element, method: str, args_json: str) -> None:
    """``method(...args)`` on ``element``'s component in its browser, after the calls asked before it;
    ``args_json`` is the JSON of the argument list's items (``'1,"a"'``), e.g. a delta serialised once
    for every browser of a language."""
    batch = _batch(element)
    if batch is not None:
        batch.calls.append(f"[{element.id},{json.dumps(method)},[{args_json}]]")
        _schedule(element.client.id, batch, soon=True)


def _batch(element: ui.element) -> _Batch | None:
    if not element._is_safe_to_interact():  # the client is gone: nothing to tell
        return None
    client_id = element.client.id
    batch = _pending.get(client_id)
    if batch is None:
        batch = _pending[client_id] = _Batch()
    return batch


def _schedule(client_id: str, batch: _Batch, *, soon: bool) -> None:
    """Flush ``batch`` at the next loop turn, or for values alone once the spacing has passed."""
    if batch.due is not None and (batch.soon or not soon):
        return  # due soon enough already
    loop = asyncio.get_running_loop()
    wait = 0.0 if soon else _values_sent.get(client_id, -inf) + VALUES_SPACING_SECONDS - loop.time()
    if batch.due is not None:
        batch.due.cancel()
    batch.soon = wait <= 0
    batch.due = loop.call_soon(_flush, client_id) if batch.soon else loop.call_later(wait, _flush, client_id)


def _flush(client_id: str) -> None:
    batch = _pending.pop(client_id, None)
    client = Client.instances.get(client_id)
    now = asyncio.get_running_loop().time()
    for gone in [c for c, at in _values_sent.items() if at < now - VALUES_SPACING_SECONDS]:
        del _values_sent[gone]  # spaced long enough: nothing to remember
    if client is None or batch is None:
        return
    if not batch.calls:
        _values_sent[client_id] = now
    items = [*batch.calls, *(f'[{i},"set",[{v}]]' for i, v in batch.values.items())]
    # each call on its own: one that throws (a browser API refused) must not drop the others
    run = "try { getElement(i)?.[m](...a) } catch (e) { console.error(e) }"
    # the items as a string for JSON.parse, not a literal: NiceGUI evals the code, and V8 scans a
    # string and JSON.parse's it faster than it parses the same data as JavaScript (the eval line's
    # own time in a 500-camera batch: 410 -> 268 ms, benchmarks/HISTORY.md)
    items_json = json.dumps(f"[{','.join(items)}]", ensure_ascii=False)
    client.run_javascript(f"for (const [i, m, a] of JSON.parse({items_json})) {run}")

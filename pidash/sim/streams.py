"""The two SSE streams: provisioning events (handoff §7.2) and the log (§7.3).

Frames are written by hand (``fastapi.sse.format_sse_event``) to control ``id:``, ``event:``
and ``retry:``. ``connection.established`` and ``connection.heartbeat`` are connection-local:
they carry no ``id:`` so they never move a client's ``Last-Event-ID``.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

from fastapi.sse import format_sse_event

from pidash.contract.events import HEARTBEAT_INTERVAL_SECONDS, EventType
from pidash.contract.system import LogEntry
from pidash.sim.bus import Stamped, Subscription
from pidash.sim.clock import SimClock
from pidash.sim.dialect import FieldEvents, gin_frame, log_entry
from pidash.sim.event_log import BusEvent, ProvisioningEvents, encode_event
from pidash.sim.faults import FaultState
from pidash.sim.logs import LogHub

RETRY_MILLISECONDS = 3000
SSE_HEADERS = {
    "Cache-Control": "no-cache",
    "Connection": "keep-alive",
    "X-Accel-Buffering": "no",
}


def parse_last_event_id(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(value.strip())
    except ValueError:
        return None


async def provisioning_frames(
    hub: ProvisioningEvents,
    sub: Subscription[BusEvent],
    replay: list[Stamped[BusEvent]],
    established: BusEvent,
    session_filter: str | None,
    clock: SimClock,
    faults: FaultState | None,
) -> AsyncIterator[bytes]:
    """``established`` first, then the replay, then live events with heartbeats in between."""
    heartbeat = clock.interval(HEARTBEAT_INTERVAL_SECONDS)
    sent = 0

    def frame(event: BusEvent, event_id: int | None, retry: int | None = None) -> bytes:
        nonlocal sent
        sent += 1
        data = faults.sse_data(sent, event.data) if faults else event.data
        return format_sse_event(
            data_str=data, event=event.type, id=None if event_id is None else str(event_id), retry=retry
        )

    def closing() -> bool:
        return faults is not None and faults.sse_should_close(sent)

    try:
        yield frame(established, None, RETRY_MILLISECONDS)
        for stamped in replay:
            if closing():
                return
            if session_filter is None or stamped.item.session_id == session_filter:
                yield frame(stamped.item, stamped.id)
        while not closing():
            try:
                stamped_or_none = await asyncio.wait_for(sub.queue.get(), heartbeat)
            except TimeoutError:
                if faults is None or faults.faults.heartbeats:
                    yield frame(encode_event(EventType.CONNECTION_HEARTBEAT, session_filter, None), None)
                continue
            if stamped_or_none is None:
                return
            if session_filter is None or stamped_or_none.item.session_id == session_filter:
                yield frame(stamped_or_none.item, stamped_or_none.id)
    finally:
        hub.unsubscribe(sub)


async def log_frames(
    hub: LogHub, sub: Subscription[LogEntry], replay: list[Stamped[LogEntry]], clock: SimClock
) -> AsyncIterator[bytes]:
    """``event: log`` frames with ids, ``event: keepalive`` ``{}`` when idle; ``retry:`` on the first."""
    keepalive = clock.interval(HEARTBEAT_INTERVAL_SECONDS)
    retry: int | None = RETRY_MILLISECONDS

    def frame(data: str, event: str, event_id: int) -> bytes:
        nonlocal retry  # sent once, on the first frame
        out = format_sse_event(data_str=data, event=event, id=str(event_id), retry=retry)
        retry = None
        return out

    def log_frame(stamped: Stamped[LogEntry]) -> bytes:
        return frame(json.dumps(stamped.item.dump(), separators=(",", ":")), "log", stamped.id)

    try:
        for stamped in replay:
            yield log_frame(stamped)
        while True:
            try:
                item = await asyncio.wait_for(sub.queue.get(), keepalive)
            except TimeoutError:
                yield frame("{}", "keepalive", hub.next_id())
                continue
            if item is None:
                return
            yield log_frame(item)
    finally:
        hub.unsubscribe(sub)


async def field_provisioning_frames(
    hub: ProvisioningEvents, sub: Subscription[BusEvent], established: BusEvent, session_filter: str | None
) -> AsyncIterator[bytes]:
    """The field dialect's stream (captured): Gin framing, the data model's flat vocabulary, no
    ids, no replay, no ``retry:`` and no heartbeat (a quiet Pi sends nothing for minutes)."""
    events = FieldEvents()

    def frame(event: BusEvent) -> bytes | None:
        translated = events.translate(event.type, event.data)
        return None if translated is None else gin_frame(*translated)

    try:
        first = frame(established)
        if first is not None:
            yield first
        while True:
            stamped = await sub.queue.get()
            if stamped is None:
                return
            if session_filter is None or stamped.item.session_id == session_filter:
                out = frame(stamped.item)
                if out is not None:
                    yield out
    finally:
        hub.unsubscribe(sub)


async def field_log_frames(hub: LogHub, sub: Subscription[LogEntry]) -> AsyncIterator[bytes]:
    """``/api/v1/dashboard/logs`` (Pi team): ``event: log`` with ``{timestamp, level, message,
    fields}``, Gin framing, no ids and no keepalive."""
    try:
        while True:
            stamped = await sub.queue.get()
            if stamped is None:
                return
            yield gin_frame("log", json.dumps(log_entry(stamped.item), separators=(",", ":")))
    finally:
        hub.unsubscribe(sub)

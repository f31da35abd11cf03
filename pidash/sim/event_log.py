"""Provisioning events as they travel through the hub: type, session and encoded envelope."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from pidash.contract.base import ContractModel
from pidash.contract.events import SSE_VERSION, EventEnvelope, EventType
from pidash.sim.bus import ReplayHub

REPLAY_BUFFER_SIZE = 1000


@dataclass(frozen=True, slots=True)
class BusEvent:
    type: str
    session_id: str | None
    data: str
    """The JSON text of the versioned envelope."""


def encode_event(event_type: EventType, session_id: str | None, payload: ContractModel | None) -> BusEvent:
    body: Any = payload.dump() if payload is not None else None
    envelope = EventEnvelope(version=SSE_VERSION, type=event_type.value, session_id=session_id, payload=body)
    data = envelope.model_dump(mode="json")
    if session_id is None:
        data.pop("session_id", None)
    return BusEvent(event_type.value, session_id, json.dumps(data, separators=(",", ":")))


class ProvisioningEvents(ReplayHub[BusEvent]):
    def __init__(self, buffer_size: int = REPLAY_BUFFER_SIZE) -> None:
        super().__init__(buffer_size)

    def emit(self, event_type: EventType, session_id: str | None, payload: ContractModel | None) -> None:
        self.publish(encode_event(event_type, session_id, payload))

"""How fast the client turns SSE frames into typed events and applies them to a session view."""

from __future__ import annotations

import json
import time

from pidash.contract.base import utcnow
from pidash.orchestrator.event_decoding import Decoded, decode_event
from pidash.orchestrator.session_view import SessionView

DEVICES = 50
ROUNDS = 400  # 50 devices x 400 frames = 20,000 events


def _frames() -> list[tuple[str, str]]:
    now = utcnow().isoformat()
    frames: list[tuple[str, str]] = []
    states = ["provisioning", "provisioned", "verifying", "verified"]
    for i in range(ROUNDS):
        mac = ":".join(f"{b:02X}" for b in (0x24, 0x0A, 0xC4, 0, i // 256 % 256, i % DEVICES))
        device = {
            "mac": mac,
            "ip": f"192.168.4.{100 + i % DEVICES}",
            "state": states[i % 4],
            "rssi": -50,
            "firmware_version": "1.4.2",
            "discovered_at": now,
            "retry_count": 0,
            "in_allowlist": True,
        }
        for _ in range(DEVICES):
            envelope = {"version": "1.0", "type": "device.state_changed", "timestamp": now,
                        "session_id": "sess_bench", "payload": {"device": device}}  # fmt: skip
            frames.append(("device.state_changed", json.dumps(envelope)))
    return frames


def main() -> None:
    frames = _frames()
    view = SessionView()
    started = time.perf_counter()
    for kind, data in frames:
        decoded = decode_event(kind, data)
        if isinstance(decoded, Decoded) and decoded.event is not None:
            view.apply(decoded.event)
    elapsed = time.perf_counter() - started
    print(f"decoded and applied {len(frames):,} device events in {elapsed:.3f} s")
    print(f"  {len(frames) / elapsed:,.0f} events/s, {elapsed / len(frames) * 1e6:.1f} µs/event")

"""What the batch history costs the event loop per delta: copying the changed cameras' values, and
the commit (one camera changed; the whole batch of 50 after a snapshot). Both run on the loop, before
the browsers are sent the delta (``pidash.history.recorder``); WAL, ``synchronous=NORMAL``.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from pidash.contract.provisioning import Candidate, Session
from pidash.db import Database
from pidash.history.recorder import batch_values, camera_values, history_engine, write

CAMERAS = 50
ROUNDS = 200


def _timed(rounds: int, step: Callable[[int], None]) -> list[float]:
    times = []
    for i in range(rounds):
        started = time.perf_counter()
        step(i)
        times.append((time.perf_counter() - started) * 1000)
    return times


def _line(what: str, ms: list[float]) -> None:
    ms = sorted(ms)
    p95 = ms[int(len(ms) * 0.95) - 1]
    print(f"  {what}: median {statistics.median(ms):.3f} ms, p95 {p95:.3f} ms, max {ms[-1]:.3f} ms")


def main() -> None:
    now = datetime.now(UTC)
    session = Session.model_validate({"id": "sess_bench", "state": "active", "target_ssid": "Bench", "created_at": now})
    states = ["provisioning", "provisioned", "verifying", "verified"]
    devices = [
        Candidate.model_validate(
            {"mac": f"24:0A:C4:00:00:{i:02X}", "state": "discovered", "in_allowlist": True, "discovered_at": now}
        )
        for i in range(CAMERAS)
    ]
    rows = [{"step": 0, "reason": "", "action_cid": ""} for _ in devices]
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(Path(tmp))
        engine = history_engine(db)  # the recorder's connection: WAL, synchronous=NORMAL

        def copy_one(i: int) -> None:  # what the loop does for a delta of one camera
            d = devices[i % CAMERAS].model_copy(update={"state": states[i % 4]})
            batch_values(session, devices, now)
            camera_values(session.id, d, rows[0], now)

        def write_one(i: int) -> None:
            d = devices[i % CAMERAS].model_copy(update={"state": states[i % 4]})
            write(engine, batch_values(session, devices, now), [camera_values(session.id, d, rows[0], now)], now)

        def write_all(_i: int) -> None:
            cams = [camera_values(session.id, d, r, now) for d, r in zip(devices, rows, strict=True)]
            write(engine, batch_values(session, devices, now), cams, now)

        print(f"history writes, {CAMERAS} cameras, {ROUNDS} rounds each")
        _line("copy one camera's values", _timed(ROUNDS, copy_one))
        _line("commit a delta of 1 camera", _timed(ROUNDS, write_one))
        _line(f"commit a delta of {CAMERAS} cameras", _timed(ROUNDS // 4, write_all))
        engine.dispose()
        db.close()


if __name__ == "__main__":
    main()

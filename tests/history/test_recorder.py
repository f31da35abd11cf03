"""The recorder against the real store (in-process, no server): each delta is committed before
``rows_delta``'s later subscribers (the browsers' boards) run, the session's ending is written too,
and a failed write is made good by the next one."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from pidash.contract.provisioning import Candidate, Session, SessionData
from pidash.db import Database
from pidash.history.recorder import HistoryRecorder
from pidash.orchestrator.events import DeviceChanged, SessionChanged
from pidash.store import DashboardStore

MACS = ("AA:BB:CC:00:00:01", "AA:BB:CC:00:00:02")


def _device(mac: str, state: str) -> Candidate:
    return Candidate.model_validate({"mac": mac, "state": state, "in_allowlist": True})


def _session(state: str) -> Session:
    now = datetime.now(UTC)
    return Session.model_validate({"id": "sess-r", "state": state, "target_ssid": "Rec", "created_at": now})


def _states(db: Database) -> dict[str, str]:
    with sqlite3.connect(db.path) as conn:
        return dict(conn.execute("SELECT mac, state FROM history_cameras").fetchall())


def test_deltas_and_the_ending_are_written_and_a_failed_write_is_made_good(tmp_path: Path) -> None:
    db = Database(tmp_path)
    store = DashboardStore()
    recorder = HistoryRecorder(db, store)
    seen_by_boards: list[dict[str, str]] = []
    store.rows_delta.subscribe(lambda _delta: seen_by_boards.append(_states(db)))  # a page subscribes later
    store.replace_session(SessionData(session=_session("active"), devices=[_device(m, "discovered") for m in MACS]))
    store.flush()
    assert seen_by_boards == [dict.fromkeys(MACS, "discovered")]  # in the file before any browser is sent it

    with sqlite3.connect(db.path) as conn:  # the next write fails (as a full disk or a lock would)
        conn.execute("ALTER TABLE history_cameras RENAME TO away")
    store.apply_event(DeviceChanged(_device(MACS[0], "verified")))
    store.flush()
    with sqlite3.connect(db.path) as conn:
        conn.execute("ALTER TABLE away RENAME TO history_cameras")
    assert _states(db)[MACS[0]] == "discovered"

    recorder.check_session()  # the 1 s poll: the failed write is made good
    assert _states(db) == {MACS[0]: "verified", MACS[1]: "discovered"}

    store.apply_event(SessionChanged(_session("closed")))  # an ending that moves no row: written at once,
    # before the flush that shows it (not at the next 1 s poll: an export right after would say "closing")
    with sqlite3.connect(db.path) as conn:
        state, ended = conn.execute("SELECT state, ended_at FROM history_batches").fetchone()
    assert state == "closed" and ended is not None
    recorder.close()


def _skips(db: Database) -> tuple[dict[str, int], tuple[int, int]]:
    """{MAC: skipped} and the batch's (failed, skipped) counts, straight from the file."""
    with sqlite3.connect(db.path) as conn:
        cameras = dict(conn.execute("SELECT mac, skipped FROM history_cameras").fetchall())
        failed, skipped = conn.execute("SELECT failed, skipped FROM history_batches").fetchone()
    return cameras, (failed, skipped)


def test_a_skip_and_an_include_are_recorded_though_the_pi_sees_no_change(tmp_path: Path) -> None:
    db = Database(tmp_path)
    store = DashboardStore()
    recorder = HistoryRecorder(db, store)
    store.replace_session(SessionData(session=_session("active"), devices=[_device(m, "discovered") for m in MACS]))
    store.flush()
    assert _skips(db) == ({MACS[0]: 0, MACS[1]: 0}, (0, 0))

    store.set_skipped(MACS[0], True)  # the dashboard's decision alone: the Pi's device is unchanged
    store.flush()
    assert _skips(db) == ({MACS[0]: 1, MACS[1]: 0}, (0, 1))

    # a failed camera the technician skips counts as skipped, not failed (as the live summary counts it)
    store.apply_event(DeviceChanged(_device(MACS[1], "failed")))
    store.flush()
    assert _skips(db) == ({MACS[0]: 1, MACS[1]: 0}, (1, 1))
    store.set_skipped(MACS[1], True)
    store.flush()
    assert _skips(db) == ({MACS[0]: 1, MACS[1]: 1}, (0, 2))

    store.set_skipped(MACS[0], False)  # Include: back in the batch, and so in the record
    store.flush()
    assert _skips(db) == ({MACS[0]: 0, MACS[1]: 1}, (0, 1))
    assert _states(db) == {MACS[0]: "discovered", MACS[1]: "failed"}  # the Pi's states stay the Pi's
    recorder.close()

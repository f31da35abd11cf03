"""The summary's counts kept camera by camera (``Census``) equal a fresh count of the view after any
sequence of what the store takes: device events, snapshots, another session, skips, refusals,
busy marks, a session paused and resumed."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import pidash.store.store as store_module
from pidash.contract.provisioning import SessionData
from pidash.orchestrator import DeviceChanged, SessionChanged
from pidash.store import DashboardStore, ShownError
from pidash.store.feeds import PROVISIONING_FEED
from pidash.store.summary import counts_of
from tests.store.test_store import MACS, NOW, device, loaded, session

STATES = ["discovered", "provisioning", "provisioned", "verifying", "verified", "failed"]
MAC = st.sampled_from([*MACS, "AA:BB:CC:DD:EE:04"])
STEP = st.one_of(
    st.tuples(st.just("event"), MAC, st.sampled_from(STATES), st.booleans()),
    st.tuples(st.just("snapshot"), st.lists(st.tuples(MAC, st.sampled_from(STATES), st.booleans()), max_size=4)),
    st.tuples(st.just("skip"), MAC, st.booleans()),
    st.tuples(st.just("refuse"), MAC, st.booleans()),
    st.tuples(st.just("busy"), MAC, st.booleans()),
    st.tuples(st.just("session"), st.sampled_from(["active", "paused", "closed"]), st.sampled_from(["s1", "s2"])),
)


def _apply(store: DashboardStore, step: tuple[object, ...]) -> None:
    match step:
        case ("event", str(mac), str(state), bool(listed)):
            store.apply_event(DeviceChanged(device(mac, state, allowlisted=listed)))
        case ("snapshot", list(cameras)):
            devices = {mac: device(mac, state, allowlisted=listed) for mac, state, listed in cameras}
            current = store.view.session.id if store.view.session else "s1"
            store.replace_session(SessionData(session=session(current), devices=list(devices.values())))
        case ("skip", str(mac), bool(on)):
            store.set_skipped(mac, on)
        case ("refuse", str(mac), bool(retry_later)):
            wait = 30.0 if retry_later else None
            store.set_refusal(mac, ShownError(code="RATE_LIMITED", message="Slow down", retry_after_seconds=wait))
        case ("busy", str(mac), bool(on)):
            store.mark_busy(mac, on)
        case ("session", str(state), str(sid)):
            store.apply_event(SessionChanged(session(sid, state)))


@settings(max_examples=200, deadline=None)
@given(st.lists(STEP, max_size=25))
def test_the_kept_counts_equal_a_fresh_count_after_every_flush(steps: list[tuple[object, ...]]) -> None:
    store = loaded()
    for step in steps:
        _apply(store, step)
        store.flush(NOW)
        s = store.summary
        fresh = counts_of(store.view, store.skipped)
        assert store._census.counts() == fresh, step
        assert (s.verified, s.failed, s.in_flight, s.allowlisted_waiting, s.unlisted, s.skipped) == (
            fresh["verified"],
            fresh["failed"],
            fresh["in_flight"],
            fresh["waiting"],
            fresh["unlisted"],
            fresh["skipped"],
        )
        if store.view.devices:
            assert s.provisioned == fresh["provisioned"]
        now = time.time()
        retryable = sum(1 for row in store.rows.values() if row.can_retry and row.retry_at <= now)
        assert store.summary.retryable_failed == retryable
        pending = {
            mac
            for mac, d in store.view.devices.items()
            if mac not in store.skipped and d.in_allowlist and d.state not in ("verified", "failed")
        }
        assert store._census.pending == pending


def test_a_tick_between_a_change_and_its_flush_counts_from_the_view() -> None:
    store = loaded()
    store.apply_event(DeviceChanged(device(MACS[0], "verified")))
    store.tick(NOW)  # not flushed yet: the census still has it discovered
    assert store.summary.verified == 1


class FakeClock:
    """The store's ``time`` module: the wall and the monotonic clock, moved by hand."""

    def __init__(self) -> None:
        self.wall = 1_800_000_000.0
        self.mono = 1_000.0

    def time(self) -> float:
        return self.wall

    def monotonic(self) -> float:
        return self.mono

    def advance(self, seconds: float) -> None:
        self.wall += seconds
        self.mono += seconds


def _timed_batch(monkeypatch: pytest.MonkeyPatch) -> tuple[DashboardStore, FakeClock]:
    """Two cameras: the first walked every step (60 s each), so the time left is known."""
    clock = FakeClock()
    monkeypatch.setattr(store_module, "time", clock)
    store = DashboardStore()
    store.set_feed_state(PROVISIONING_FEED, "connected")
    store.replace_session(SessionData(session=session("s1"), devices=[device(MACS[0]), device(MACS[1])]))
    store.flush(NOW)
    for state in ["provisioning", "provisioned", "verifying", "verified"]:
        clock.advance(60)
        store.apply_event(DeviceChanged(device(MACS[0], state)))
        store.flush(NOW)
    return store, clock


def test_a_change_not_yet_flushed_shows_no_time_left_beside_batch_complete(monkeypatch: pytest.MonkeyPatch) -> None:
    store, clock = _timed_batch(monkeypatch)
    clock.advance(1)
    store.apply_event(DeviceChanged(device(MACS[1], "verifying")))
    store.flush(NOW)
    assert str(store.summary.eta) != ""
    clock.advance(2)
    store.apply_event(DeviceChanged(device(MACS[1], "verified")))  # the last camera finishes...
    store.set_feed_state(PROVISIONING_FEED, "reconnecting")  # ...and the stream drops before the flush
    assert str(store.summary.outcome).startswith("Batch complete")
    assert str(store.summary.eta) == ""


def test_the_time_left_moves_on_when_the_wall_clock_is_set_back(monkeypatch: pytest.MonkeyPatch) -> None:
    store, clock = _timed_batch(monkeypatch)
    clock.advance(1)
    store.apply_event(DeviceChanged(device(MACS[1], "provisioning")))
    store.flush(NOW)
    assert str(store.summary.eta) == "About 3 min left"  # three steps of 60 s ahead
    clock.wall -= 3600  # NTP sets the wall clock back an hour; the monotonic clock goes on
    clock.advance(61)
    store.apply_event(DeviceChanged(device(MACS[1], "provisioned")))
    clock.advance(30)
    store.flush(NOW)
    store.tick(NOW)
    assert str(store.summary.eta) == "About 2 min left"  # re-estimated: 60 + 60 - 30 s

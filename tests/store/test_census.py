"""The summary's counts kept camera by camera (``Census``) equal a fresh count of the view after any
sequence of what the store takes: device events, snapshots, another session, skips, refusals,
busy marks, a session paused and resumed."""

from __future__ import annotations

import time

from hypothesis import given, settings
from hypothesis import strategies as st

from pidash.contract.provisioning import SessionData
from pidash.orchestrator import DeviceChanged, SessionChanged
from pidash.store import DashboardStore, ShownError
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

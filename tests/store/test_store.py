"""The store's reducers and its flush, with plain contract data (no NiceGUI server, no Pi)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from nicegui import binding

import pidash.store.store as store_module
from pidash.contract.provisioning import AllowlistEntry, Candidate, NetworkStatus, Session, SessionData
from pidash.orchestrator import DeviceChanged, DevicePatched, SessionChanged, StreamOpened
from pidash.orchestrator.events import BackendErrorEvent
from pidash.store import DashboardStore, ShownError
from pidash.store.feeds import MONITOR_FEED, PROVISIONING_FEED
from pidash.store.row_changes import RowDelta
from pidash.store.store import EVENTS_TOPIC, FLUSH_SPACING_SECONDS

NOW = datetime(2026, 1, 11, 12, 0, tzinfo=UTC)
MACS = ["AA:BB:CC:DD:EE:01", "AA:BB:CC:DD:EE:02", "AA:BB:CC:DD:EE:03"]


def session(sid: str = "sess_1", state: str = "active", *, expires_in: float | None = 300, **kw: object) -> Session:
    expires = NOW + timedelta(seconds=expires_in) if expires_in is not None else None
    return Session.model_validate(
        {"id": sid, "state": state, "target_ssid": "Factory", "created_at": NOW, "expires_at": expires, **kw}
    )


def device(mac: str, state: str = "discovered", *, allowlisted: bool = True, **kw: object) -> Candidate:
    return Candidate.model_validate({"mac": mac, "state": state, "in_allowlist": allowlisted, "rssi": -50, **kw})


def loaded(store: DashboardStore | None = None, states: list[str] | None = None) -> DashboardStore:
    store = store or DashboardStore()
    store.set_feed_state(PROVISIONING_FEED, "connected")  # the Pi confirms what is shown
    devices = [device(mac, st) for mac, st in zip(MACS, states or ["discovered"] * 3, strict=True)]
    network = NetworkStatus(ssid="Onboard", is_active=True, connected_devices=3)
    store.replace_session(SessionData(session=session(), devices=devices, network_status=network))
    store.flush(NOW)
    return store


def test_snapshot_creates_rows_and_summary_once_flushed() -> None:
    store = DashboardStore()
    store.set_feed_state(PROVISIONING_FEED, "connected")
    deltas: list[RowDelta] = []
    store.rows_delta.subscribe(deltas.append)
    devices = [device(MACS[0]), device(MACS[1], "verified"), device(MACS[2], "failed", error_code="DEVICE_TIMEOUT")]
    store.replace_session(SessionData(session=session(), devices=devices))
    assert store.rows == {}  # nothing is pushed before the flush
    assert store.flush(NOW) is True
    assert [(d.base, d.version, d.reset, [r["mac"] for r in d.upserts]) for d in deltas] == [(0, 1, True, MACS)]
    s = store.summary
    assert (s.present, s.active, str(s.state_label)) == (True, True, "Active")
    assert (s.discovered, s.provisioned, s.verified, s.failed) == (3, 1, 1, 1)
    assert s.progress == 1 / 3  # the verified share: a failed camera is not progress
    assert (s.failed_share, s.in_flight_share) == (1 / 3, 0.0)
    assert str(s.progress_label) == "1 of 3 verified"
    assert str(s.progress_text) == (
        "1 of 3 verified, 1 failed, 0 in progress, 1 waiting, 0 not on the allowlist, 0 skipped"
    )
    assert s.allowlisted_waiting == 1
    assert s.time_remaining == "5:00"
    assert str(store.rows[MACS[2]].reason) == "The camera did not answer in time."


def test_device_events_update_rows_in_place_without_membership_change() -> None:
    store = loaded()
    row = store.rows[MACS[0]]
    deltas: list[RowDelta] = []
    store.rows_delta.subscribe(deltas.append)
    store.apply_event(DeviceChanged(device(MACS[0], "provisioning")))
    assert row.state == "discovered"
    assert store.flush(NOW) is False
    assert store.rows[MACS[0]] is row
    assert (row.state, str(row.state_label), row.step, row.can_provision) == ("provisioning", "Provisioning", 1, False)
    assert [(d.base, d.version, d.reset) for d in deltas] == [(1, 2, False)]
    assert [r["mac"] for r in deltas[0].upserts] == [MACS[0]]  # only the changed row travels
    assert str(deltas[0].upserts[0]["state_label"]) == "Provisioning"


def test_a_flush_without_a_visible_change_publishes_nothing() -> None:
    store = loaded()
    deltas: list[RowDelta] = []
    store.rows_delta.subscribe(deltas.append)
    store.apply_event(DeviceChanged(device(MACS[0])))  # the same data again
    store.flush(NOW)
    assert deltas == []
    assert store.row_snapshot().version == 1


async def test_a_change_is_flushed_on_the_next_loop_turn_and_a_burst_coalesces() -> None:
    store = loaded()
    deltas: list[RowDelta] = []
    store.rows_delta.subscribe(deltas.append)
    store.apply_event(DeviceChanged(device(MACS[0], "provisioning")))
    await asyncio.sleep(0)  # one loop turn: no timer period to wait for
    await asyncio.sleep(0)
    assert [d.version for d in deltas] == [2]
    for mac in MACS:  # a burst inside the spacing window: one delta with all of it
        store.apply_event(DeviceChanged(device(mac, "verified")))
    await asyncio.sleep(FLUSH_SPACING_SECONDS * 3)
    assert [d.version for d in deltas] == [2, 3]
    assert sorted(r["mac"] for r in deltas[1].upserts) == MACS


def test_deltas_since_a_version_are_the_deltas_published_after_it() -> None:
    store = loaded()  # version 1: three discovered cameras
    published: list[RowDelta] = []
    store.rows_delta.subscribe(published.append)
    for macs, state in [([MACS[0]], "provisioning"), ([MACS[0], MACS[1]], "provisioned"), ([MACS[2]], "verifying")]:
        for mac in macs:
            store.apply_event(DeviceChanged(device(mac, state)))
        store.flush(NOW)  # versions 2, 3, 4
    since = store.deltas_since(1)
    # the very objects published: each serialised once, whatever the number of browsers catching up
    assert since == published and all(a is b for a, b in zip(since, published, strict=True))
    assert [d.version for d in store.deltas_since(3) or []] == [4]
    assert store.deltas_since(4) == []


def test_deltas_since_a_version_no_longer_kept_is_none(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_module, "RECENT_ROWS", 2)
    store = loaded()  # version 1: a reset with three rows (more than kept, but the latest delta always is)
    assert [d.version for d in store.deltas_since(0) or []] == [1]
    for state in ["provisioning", "provisioned", "verifying"]:
        store.apply_event(DeviceChanged(device(MACS[0], state)))
        store.flush(NOW)  # versions 2, 3, 4: one row each
    assert store.deltas_since(1) is None  # versions 2 and 3 were let go: the browser needs the whole set
    assert [d.version for d in store.deltas_since(2) or []] == [3, 4]


def test_a_new_device_is_a_membership_change() -> None:
    store = loaded()
    store.apply_event(DeviceChanged(device("AA:BB:CC:DD:EE:09")))
    assert store.flush(NOW) is True
    assert list(store.rows)[-1] == "AA:BB:CC:DD:EE:09"


def test_a_batch_whose_listed_cameras_are_all_done_is_complete_then_ended_not_an_error() -> None:
    store = loaded(states=["verified", "failed", "verifying"])
    assert (store.summary.complete, store.summary.outcome) == (False, "")
    store.apply_event(DeviceChanged(device(MACS[2], "verified")))
    store.apply_event(DeviceChanged(device("AA:BB:CC:DD:EE:09", allowlisted=False)))
    store.flush(NOW)
    assert store.summary.complete is True
    assert str(store.summary.outcome) == "Batch complete: 2 verified, 1 failed, 1 not on the allowlist"
    store.apply_event(BackendErrorEvent(code="SESSION_EXPIRED", message="Session has expired"))
    store.apply_event(SessionChanged(session(state="closed"), closed=True))
    store.flush(NOW)
    assert store.errors == {}  # an expiry ends the session; it is not shown as an error
    assert str(store.summary.outcome) == (
        "Session ended (the session timed out): 2 verified, 1 failed, 1 not on the allowlist"
    )


def test_an_error_about_a_session_ends_with_that_session() -> None:
    store = loaded()
    store.apply_event(BackendErrorEvent(code="NETWORK_ERROR", message="hostapd down"))
    assert store.errors[EVENTS_TOPIC].subject == "session:sess_1"
    store.apply_event(SessionChanged(session("sess_2", "discovering"), started=True))
    assert EVENTS_TOPIC not in store.errors


def test_without_a_live_feed_the_summary_says_it_is_old_and_no_countdown_runs() -> None:
    store = loaded()
    assert store.summary.time_remaining == "5:00"
    store.set_feed_state(PROVISIONING_FEED, "reconnecting")
    store.flush(NOW)
    assert (store.summary.confirmed, store.summary.time_remaining) == (False, "")
    assert str(store.summary.as_of).startswith("Last known state, as of ")


def test_a_paused_session_without_a_live_feed_is_a_last_known_state_too() -> None:
    store = loaded()
    store.apply_event(SessionChanged(session(state="paused")))
    store.set_feed_state(PROVISIONING_FEED, "reconnecting")
    store.flush(NOW)
    assert str(store.summary.as_of).startswith("Last known state, as of ")
    store.apply_event(SessionChanged(session(state="closed"), closed=True))
    store.flush(NOW)
    assert store.summary.as_of == ""  # an ended session is not waiting for a confirmation


def test_a_refused_action_is_shown_on_its_camera_until_the_camera_moves_on() -> None:
    store = loaded(states=["failed", "discovered", "discovered"])
    refusal = ShownError(code="CIRCUIT_OPEN", message="The Pi is pausing.", retryable=True, retry_after_seconds=30)
    store.set_refusal(MACS[0], refusal)
    store.flush(NOW)
    row = store.rows[MACS[0]]
    assert str(row.action_error) == f"{MACS[0]}: The Pi is pausing." and row.action_code == "CIRCUIT_OPEN"
    assert row.retry_at > 0 and row.blocked is False and row.can_retry is True  # the card counts down
    store.set_refusal(MACS[1], ShownError(code="MAX_RETRIES_EXCEEDED", message="Too many.", retryable=False))
    store.flush(NOW)
    assert (store.rows[MACS[1]].blocked, store.rows[MACS[1]].can_provision) == (True, False)
    store.apply_event(DeviceChanged(device(MACS[0], "provisioning")))
    store.flush(NOW)
    assert store.rows[MACS[0]].action_error == ""


def test_the_failed_step_comes_from_the_pis_data_even_after_a_recovery() -> None:
    failed_in_verification = device(MACS[0], "failed", retry_count=2, provisioned_at=NOW)
    store = DashboardStore()
    store.replace_session(SessionData(session=session(), devices=[failed_in_verification]))
    store.flush(NOW)
    assert store.rows[MACS[0]].step == 3  # "Verifying", not "Discovered"


def test_failure_keeps_the_step_reached_and_shows_the_reason() -> None:
    store = loaded()
    store.apply_event(DevicePatched(mac=MACS[1], state="verifying"))
    store.flush(NOW)
    store.apply_event(DevicePatched(mac=MACS[1], state="failed", error="mqtt timeout"))
    store.flush(NOW)
    row = store.rows[MACS[1]]
    assert (row.failed, row.step, str(row.reason), row.can_retry) == (True, 3, "mqtt timeout", True)
    assert str(row.state_label) == "Failed"


def test_registry_message_wins_over_backend_text() -> None:
    store = loaded()
    store.apply_event(DeviceChanged(device(MACS[0], "failed", error_code="DEVICE_UNREACHABLE", error_message="x")))
    store.flush(NOW)
    assert str(store.rows[MACS[0]].reason).startswith("The camera could not be reached.")


def test_busy_marks_an_action_in_flight() -> None:
    store = loaded()
    store.mark_busy(MACS[0], True)
    store.flush(NOW)
    assert (store.rows[MACS[0]].busy, store.rows[MACS[0]].can_provision) == (True, False)
    store.mark_busy(MACS[0], False)
    store.flush(NOW)
    assert store.rows[MACS[0]].can_provision is True


def test_not_allowlisted_cannot_be_provisioned() -> None:
    store = loaded()
    store.apply_event(DeviceChanged(device(MACS[0], allowlisted=False)))
    store.flush(NOW)
    assert store.rows[MACS[0]].can_provision is False
    assert store.summary.allowlisted_waiting == 2


def test_another_session_resets_the_rows() -> None:
    store = loaded()
    old = store.rows[MACS[0]]
    store.apply_event(SessionChanged(session("sess_2", "discovering"), started=True))
    assert store.flush(NOW) is True
    assert store.rows == {}
    assert store.summary.session_id == "sess_2"
    assert str(store.summary.progress_label) == "Waiting for cameras…"
    assert old.mac == MACS[0]


def test_paused_and_closed_sessions_accept_no_actions() -> None:
    store = loaded()
    store.apply_event(SessionChanged(session(state="paused")))
    store.flush(NOW)
    assert store.summary.active is False
    assert all(not r.can_provision for r in store.rows.values())
    store.apply_event(SessionChanged(session(state="closed"), closed=True))
    store.flush(NOW)
    assert (store.summary.present, store.summary.active, store.summary.time_remaining) == (True, False, "")


def test_timeout_warning_from_event_or_from_the_clock() -> None:
    store = loaded()
    assert store.summary.timeout_warning is False
    store.flush(NOW + timedelta(seconds=250))
    assert (store.summary.timeout_warning, store.summary.time_remaining) == (True, "0:50")
    store = loaded()
    store.apply_event(SessionChanged(session(), timeout_warning=True))
    store.flush(NOW)
    assert store.summary.timeout_warning is True


def test_network_status_label() -> None:
    store = loaded()
    assert str(store.summary.network_label) == "Onboarding network Onboard: up, 3 connected"
    store.apply_network(NetworkStatus(ssid="Onboard", is_active=False))
    store.flush(NOW)
    assert store.summary.network_active is False


def test_stream_opened_is_announced() -> None:
    store = DashboardStore()
    seen: list[str | None] = []
    store.stream_opened.subscribe(seen.append)
    store.apply_event(StreamOpened(active_session_id="sess_9"))
    assert seen == ["sess_9"]


def test_allowlist_newest_first_with_upsert_and_remove() -> None:
    store = DashboardStore()
    changes: list[bool] = []
    store.allowlist_changed.subscribe(lambda: changes.append(True))
    old = AllowlistEntry(mac=MACS[0], added_at=NOW)
    new = AllowlistEntry(mac=MACS[1], added_at=NOW + timedelta(hours=1))
    store.set_allowlist([old, new])
    assert [e.mac for e in store.allowlist] == [MACS[1], MACS[0]]
    store.edit_allowlist(added=[AllowlistEntry(mac=MACS[0], added_at=NOW, used=True)])
    assert [e.used for e in store.allowlist if e.mac == MACS[0]] == [True]
    store.edit_allowlist(removed=[MACS[1]])
    assert [e.mac for e in store.allowlist] == [MACS[0]]
    assert len(changes) == 3


def test_recoverable_newest_first() -> None:
    store = DashboardStore()
    store.set_recoverable([session("a", "paused"), session("b", "paused", updated_at=NOW + timedelta(minutes=5))])
    assert [s.id for s in store.recoverable] == ["b", "a"]
    assert store.recoverable_loaded_at is not None


def test_feed_states_have_labels_and_sentences() -> None:
    store = DashboardStore()
    store.set_feed_state(PROVISIONING_FEED, "reconnecting")
    store.set_feed_state(MONITOR_FEED, "polling")
    assert str(store.feeds[PROVISIONING_FEED].label) == "Reconnecting"
    assert "polled" in str(store.feeds[MONITOR_FEED].detail)


def test_errors_by_topic() -> None:
    from pidash.store import ShownError

    store = DashboardStore()
    changes: list[bool] = []
    store.errors_changed.subscribe(lambda: changes.append(True))
    store.set_error("allowlist", ShownError(code="X", message="m"))
    store.set_error("allowlist", None)
    store.set_error("allowlist", None)  # nothing to clear: no event
    assert store.errors == {}
    assert len(changes) == 2


def test_a_failure_seen_without_its_step_is_placed_by_the_pis_timestamps() -> None:
    store = loaded()
    store.apply_event(DeviceChanged(device(MACS[0], "failed", error_code="DEVICE_REJECTED")))
    store.apply_event(DeviceChanged(device(MACS[1], "failed", provisioned_at=NOW, error_code="VERIFICATION_TIMEOUT")))
    store.flush(NOW)
    assert (store.rows[MACS[0]].step, store.rows[MACS[1]].step) == (1, 3)


def test_a_skipped_camera_is_left_out_of_all_and_of_what_is_left() -> None:
    store = loaded(states=["verified", "discovered", "discovered"])
    store.set_skipped(MACS[2], True)
    store.flush(NOW)
    row = store.rows[MACS[2]]
    assert (row.skipped, row.can_provision) == (True, False)
    assert (store.summary.allowlisted_waiting, store.summary.skipped) == (1, 1)
    store.apply_event(DeviceChanged(device(MACS[1], "verified")))
    store.flush(NOW)
    assert str(store.summary.outcome) == "Batch complete: 2 verified, 0 failed, 0 not on the allowlist, 1 skipped"
    store.set_skipped(MACS[2], False)
    store.flush(NOW)
    assert (store.rows[MACS[2]].can_provision, store.summary.complete) == (True, False)


def test_retryable_failures_are_counted_without_the_refused_ones() -> None:
    store = loaded(states=["failed", "failed", "failed"])
    store.set_refusal(MACS[0], ShownError(code="MAX_RETRIES_EXCEEDED", message="Too many.", retryable=False))
    store.set_refusal(MACS[1], ShownError(code="CIRCUIT_OPEN", message="Wait.", retryable=True, retry_after_seconds=60))
    store.flush(NOW)
    assert store.summary.retryable_failed == 1


def test_time_in_step_and_attempts_are_on_the_row() -> None:
    store = loaded()
    store.apply_event(DeviceChanged(device(MACS[0], "provisioning", retry_count=1)))
    store.flush(NOW)
    row = store.rows[MACS[0]]
    assert row.attempts == 2 and row.state_since > 0


def test_the_row_snapshot_is_made_once_per_version() -> None:
    store = loaded()
    first = store.row_snapshot()
    assert (first.base, first.version, first.reset) == (1, 1, True)
    assert [row["mac"] for row in first.upserts] == MACS
    assert store.row_snapshot() is first  # every board built meanwhile shares it (and its JSON)
    store.apply_event(DeviceChanged(device(MACS[1], "provisioning")))
    store.flush(NOW)
    second = store.row_snapshot()
    assert second is not first and second.version == 2
    assert [row["state"] for row in second.upserts] == ["discovered", "provisioning", "discovered"]


def test_the_summary_revision_moves_with_any_change_and_only_then() -> None:
    store = loaded()
    s = store.summary
    start = s.revision
    assert start > 0
    store.tick(NOW)  # nothing changed
    assert s.revision == start
    store.apply_event(DeviceChanged(device(MACS[0], "verified")))
    store.flush(NOW)
    assert (s.verified, s.revision) == (1, start + 1)
    store.tick(NOW + timedelta(seconds=250))  # only the clock: time left, then the warning
    assert s.revision == start + 2
    store.set_feed_state(PROVISIONING_FEED, "reconnecting")
    store.tick(NOW + timedelta(seconds=250))
    assert (s.confirmed, s.revision) == (False, start + 3)


def test_a_failed_flush_drops_the_snapshot_and_the_next_flush_sends_the_whole_set(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    store = loaded()
    stale = store.row_snapshot()
    deltas: list[RowDelta] = []
    store.rows_delta.subscribe(deltas.append)
    store.apply_event(DeviceChanged(device(MACS[0], "provisioning")))

    def broken(now: datetime) -> None:
        raise RuntimeError("a bad summary")

    with monkeypatch.context() as patched:
        patched.setattr(store, "_update_summary", broken)
        store._scheduled_flush()  # the row changed, the version did not move: logged, not raised
    assert store.rows_version == stale.version
    assert store.row_snapshot() is not stale
    assert store.row_snapshot().upserts[0]["state"] == "provisioning"  # a page built now sees the change
    store.flush(NOW)
    assert [(d.reset, len(d.upserts)) for d in deltas] == [(True, 3)]  # every board gets the whole set


def test_the_outcome_is_written_before_complete_so_what_follows_complete_can_read_it() -> None:
    store = loaded(states=["verified", "verified", "provisioning"])
    seen: list[tuple[bool, str]] = []

    class Probe:
        @property
        def complete(self) -> bool:
            return False

        @complete.setter
        def complete(self, value: bool) -> None:
            seen.append((value, str(store.summary.outcome)))

    probe = Probe()
    binding.bind_from(probe, "complete", store.summary, "complete")
    store.apply_event(DeviceChanged(device(MACS[2], "verified")))
    store.flush(NOW)
    assert seen[-1] == (True, "Batch complete: 3 verified, 0 failed, 0 not on the allowlist")
    binding.remove([probe])


def test_action_replies_stamped_by_the_pi_never_undo_newer_stream_events() -> None:
    """A start/resume reply, a device action's reply and a stop reply carry the Pi's ``timestamp``;
    the stream's events that overtook them stay shown (session_view's ordering rule)."""
    store = DashboardStore()
    store.set_feed_state(PROVISIONING_FEED, "connected")
    t0 = NOW
    # the stream discovers a camera just after the start, before the start's reply is handled
    store.apply_event(SessionChanged(session=session(), started=True, at=t0))
    store.apply_event(DeviceChanged(device(MACS[0]), at=t0 + timedelta(milliseconds=40)))
    store.replace_session(SessionData(session=session(), devices=[]), t0 + timedelta(milliseconds=10))
    assert store.view.states() == {MACS[0]: "discovered"}
    # a provision reply ("provisioning") arrives after the stream already said "failed"
    store.apply_event(DeviceChanged(device(MACS[0], "failed"), at=t0 + timedelta(seconds=2)))
    store.apply_event(DeviceChanged(device(MACS[0], "provisioning"), at=t0 + timedelta(seconds=1)))
    assert store.view.states() == {MACS[0]: "failed"}
    # a stop reply ("closing") handled after the stream's "closed"
    store.apply_event(SessionChanged(session=session(state="closed"), closed=True, at=t0 + timedelta(seconds=4)))
    store.apply_event(SessionChanged(session=session(state="closing"), closed=True, at=t0 + timedelta(seconds=3)))
    assert store.view.session is not None and store.view.session.state == "closed"

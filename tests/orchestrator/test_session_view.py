"""The SessionView reducer."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pidash.contract.provisioning import Candidate, NetworkStatus, Session, SessionData
from pidash.orchestrator import (
    DeviceChanged,
    DevicePatched,
    NetworkChanged,
    SessionChanged,
    SessionSnapshot,
    SessionView,
)


def session(sid: str = "s1", state: str = "active") -> Session:
    return Session.model_validate({"id": sid, "state": state, "target_ssid": "N", "created_at": "2026-01-11T12:00:00Z"})


def device(mac: str, state: str) -> Candidate:
    return Candidate(mac=mac, state=state)


def test_snapshot_replaces_then_events_apply() -> None:
    view = SessionView()
    view.apply(DeviceChanged(device("AA:BB:CC:DD:EE:09", "verified")))  # stale, replaced below
    view.apply(SessionSnapshot(SessionData(session=session(), devices=[device("AA:BB:CC:DD:EE:01", "discovered")])))
    assert view.states() == {"AA:BB:CC:DD:EE:01": "discovered"}
    view.apply(DeviceChanged(device("AA:BB:CC:DD:EE:01", "provisioning")))
    view.apply(DeviceChanged(device("AA:BB:CC:DD:EE:02", "discovered")))
    view.apply(DevicePatched("AA:BB:CC:DD:EE:02", "failed", "discovered", 10, "nope"))
    view.apply(DevicePatched("AA:BB:CC:DD:EE:03", "discovered"))
    assert view.states() == {
        "AA:BB:CC:DD:EE:01": "provisioning",
        "AA:BB:CC:DD:EE:02": "failed",
        "AA:BB:CC:DD:EE:03": "discovered",
    }
    assert view.devices["AA:BB:CC:DD:EE:02"].error_message == "nope"
    assert view.progress["AA:BB:CC:DD:EE:02"] == 10


def test_new_session_clears_devices_same_session_keeps_them() -> None:
    view = SessionView()
    view.apply(SessionChanged(session("s1")))
    view.apply(DeviceChanged(device("AA:BB:CC:DD:EE:01", "discovered")))
    view.apply(SessionChanged(session("s1", "closing"), timeout_warning=True))
    assert len(view.devices) == 1 and view.timeout_warning
    view.apply(SessionChanged(session("s2"), started=True))
    assert view.devices == {} and view.session is not None and view.session.id == "s2"
    view.apply(NetworkChanged(NetworkStatus(ssid="X", is_active=True)))
    assert view.network is not None and view.network.ssid == "X"


# --- the ordering rule: never older than the newest thing received -------------------------

T0 = datetime(2026, 1, 11, 12, 0, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def snap(when: datetime | None, *devices: Candidate) -> SessionSnapshot:
    return SessionSnapshot(SessionData(session=session(), devices=list(devices)), when)


def test_events_older_than_the_snapshot_are_dropped() -> None:
    view = SessionView()
    view.apply(snap(at(10), device("AA:BB:CC:DD:EE:01", "verified")))
    view.apply(DeviceChanged(device("AA:BB:CC:DD:EE:01", "provisioning"), at(5)))  # a replay
    view.apply(DeviceChanged(device("AA:BB:CC:DD:EE:02", "discovered"), at(6)))  # gone by the snapshot
    assert view.states() == {"AA:BB:CC:DD:EE:01": "verified"}
    assert view.stale_dropped == 2
    view.apply(DevicePatched("AA:BB:CC:DD:EE:01", "failed", at=at(11)))
    assert view.states() == {"AA:BB:CC:DD:EE:01": "failed"}


def test_an_older_snapshot_keeps_what_newer_events_showed() -> None:
    view = SessionView()
    view.apply(snap(at(0), device("AA:BB:CC:DD:EE:01", "discovered")))
    view.apply(DeviceChanged(device("AA:BB:CC:DD:EE:02", "discovered"), at(4)))
    view.apply(DeviceChanged(device("AA:BB:CC:DD:EE:01", "provisioned"), at(5)))
    view.apply(snap(at(3), device("AA:BB:CC:DD:EE:01", "provisioning"), device("AA:BB:CC:DD:EE:03", "discovered")))
    assert view.states() == {
        "AA:BB:CC:DD:EE:01": "provisioned",  # the event at 5 is newer than the snapshot at 3
        "AA:BB:CC:DD:EE:02": "discovered",  # announced after the snapshot was read
        "AA:BB:CC:DD:EE:03": "discovered",
    }
    view.apply(snap(at(6), device("AA:BB:CC:DD:EE:01", "verified")))  # a newer snapshot is the truth
    assert view.states() == {"AA:BB:CC:DD:EE:01": "verified"}


def test_items_without_a_timestamp_apply_as_they_arrive() -> None:
    view = SessionView()
    view.apply(snap(at(10), device("AA:BB:CC:DD:EE:01", "verified")))
    view.apply(DeviceChanged(device("AA:BB:CC:DD:EE:01", "provisioning")))  # an action's own reply
    assert view.states() == {"AA:BB:CC:DD:EE:01": "provisioning"}
    view.apply(snap(None, device("AA:BB:CC:DD:EE:02", "discovered")))  # cannot be ordered: replaces all
    assert view.states() == {"AA:BB:CC:DD:EE:02": "discovered"}

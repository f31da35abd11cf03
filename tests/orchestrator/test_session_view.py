"""The SessionView reducer."""

from __future__ import annotations

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

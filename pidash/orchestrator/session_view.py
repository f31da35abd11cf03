"""A reducer that applies provisioning events to one session's view (reusable by the store).

The ordering rule (the Kubernetes list+watch rule, per device): **what is shown for a device is
never older than the newest thing received about it**, whatever the order of arrival. Snapshots
and events carry the Pi's clock (``at``: the REST or SSE envelope's ``timestamp``, handoff §3 and
§7.2); the view remembers, per device, the time of what it shows, and

- an event is applied only if it is at least as new as what is shown for its device, and at least
  as new as the last snapshot when the view holds nothing for that device (a replay after
  ``Last-Event-ID`` of events the snapshot already contains is dropped);
- a snapshot replaces a device only where it is at least as new; a device shown from a newer
  event is kept, whether the snapshot has it or not (a slow snapshot GET never hides a camera
  discovered meanwhile), and a device the snapshot lacks that is older than it is removed.

The session record and the onboarding network follow the same rule. An action's reply (start,
resume, stop, provision, retry) is given its envelope's ``timestamp`` like a snapshot; an item
without ``at`` (a Pi that sends no timestamps) is applied as it arrives and moves no clock.
"""

from __future__ import annotations

from datetime import UTC, datetime

from pidash.contract.provisioning import Candidate, NetworkStatus, Session, SessionData
from pidash.orchestrator.events import (
    DeviceChanged,
    DevicePatched,
    NetworkChanged,
    ProvisioningEvent,
    SessionChanged,
    SessionSnapshot,
)


def _aware(at: datetime | None) -> datetime | None:
    """Naive timestamps are read as UTC, so that every two of them compare."""
    return at.replace(tzinfo=UTC) if at is not None and at.tzinfo is None else at


def _newer_or_same(at: datetime | None, than: datetime | None) -> bool:
    return at is None or than is None or at >= than


class SessionView:
    """The followed session, its devices by MAC, the onboarding network and the last error."""

    def __init__(self) -> None:
        self.session: Session | None = None
        self.devices: dict[str, Candidate] = {}
        self.progress: dict[str, float] = {}
        self.network: NetworkStatus | None = None
        self.timeout_warning = False
        self.device_at: dict[str, datetime] = {}
        """The Pi's time of what is shown, per MAC."""
        self.snapshot_at: datetime | None = None
        """The Pi's time of the last snapshot applied: the floor for devices not shown."""
        self.session_at: datetime | None = None
        self.network_at: datetime | None = None
        self.stale_dropped = 0
        """Events dropped because something newer about their device was already shown."""

    def apply(self, event: ProvisioningEvent) -> None:
        if isinstance(event, SessionSnapshot):
            self._apply_snapshot(event.data, _aware(event.at))
        elif isinstance(event, SessionChanged):
            self._apply_session(event)
        elif isinstance(event, DeviceChanged):
            at = _aware(event.at)
            if self._is_stale(event.device.mac, at):
                return
            self.devices[event.device.mac] = event.device
            self.progress.pop(event.device.mac, None)
            self._stamp(event.device.mac, at)
        elif isinstance(event, DevicePatched):
            at = _aware(event.at)
            if self._is_stale(event.mac, at):
                return
            current = self.devices.get(event.mac)
            update: dict[str, object] = {"state": event.state}
            if event.error is not None:
                update["error_message"] = event.error
            if current is None:
                self.devices[event.mac] = Candidate.model_validate({"mac": event.mac, **update})
            else:
                self.devices[event.mac] = current.model_copy(update=update)
            if event.progress is not None:
                self.progress[event.mac] = event.progress
            self._stamp(event.mac, at)
        elif isinstance(event, NetworkChanged):
            at = _aware(event.at)
            if _newer_or_same(at, self.network_at):
                self.network = event.status
                self.network_at = at or self.network_at

    # --- the ordering rule ---------------------------------------------------------------

    def _is_stale(self, mac: str, at: datetime | None) -> bool:
        shown = self.device_at.get(mac, self.snapshot_at)
        if _newer_or_same(at, shown):
            return False
        self.stale_dropped += 1
        return True

    def _stamp(self, mac: str, at: datetime | None) -> None:
        if at is not None:
            self.device_at[mac] = at

    def _reset(self) -> None:
        self.devices = {}
        self.progress = {}
        self.device_at = {}
        self.snapshot_at = None
        self.session_at = None
        self.timeout_warning = False

    def _apply_snapshot(self, data: SessionData, at: datetime | None) -> None:
        if self.session is None or self.session.id != data.session.id or at is None:
            self._reset()  # another session, or a snapshot that cannot be ordered: it replaces all
        if _newer_or_same(at, self.session_at):
            self.session = data.session
            self.session_at = at
            self.timeout_warning = False
        devices: dict[str, Candidate] = {}
        stamps: dict[str, datetime] = {}
        for device in data.devices or []:
            mac = device.mac
            if _newer_or_same(at, self.device_at.get(mac)):
                devices[mac] = device
                self.progress.pop(mac, None)
                if at is not None:
                    stamps[mac] = at
            else:
                devices[mac] = self.devices.get(mac) or device
                stamps[mac] = self.device_at[mac]
        for mac, device in self.devices.items():
            if mac not in devices and not _newer_or_same(at, self.device_at.get(mac)):
                devices[mac] = device  # shown from an event newer than this snapshot
                stamps[mac] = self.device_at[mac]
        self.devices = devices
        self.device_at = stamps
        self.progress = {mac: p for mac, p in self.progress.items() if mac in devices}
        if at is not None and (self.snapshot_at is None or at > self.snapshot_at):
            self.snapshot_at = at
        if data.network_status is not None and _newer_or_same(at, self.network_at):
            self.network = data.network_status
            self.network_at = at or self.network_at

    def _apply_session(self, event: SessionChanged) -> None:
        at = _aware(event.at)
        if self.session is None or self.session.id != event.session.id:
            self._reset()
        elif not _newer_or_same(at, self.session_at):
            self.stale_dropped += 1
            return
        self.session = event.session
        self.session_at = at or self.session_at
        if event.timeout_warning:
            self.timeout_warning = True

    def states(self) -> dict[str, str]:
        """MAC → state, for comparisons."""
        return {mac: str(d.state) for mac, d in self.devices.items()}

"""A reducer that applies provisioning events to one session's view (reusable by the store)."""

from __future__ import annotations

from pidash.contract.provisioning import Candidate, NetworkStatus, Session
from pidash.orchestrator.events import (
    DeviceChanged,
    DevicePatched,
    NetworkChanged,
    ProvisioningEvent,
    SessionChanged,
    SessionSnapshot,
)


class SessionView:
    """The followed session, its devices by MAC, the onboarding network and the last error."""

    def __init__(self) -> None:
        self.session: Session | None = None
        self.devices: dict[str, Candidate] = {}
        self.progress: dict[str, float] = {}
        self.network: NetworkStatus | None = None
        self.timeout_warning = False

    def apply(self, event: ProvisioningEvent) -> None:
        if isinstance(event, SessionSnapshot):
            data = event.data
            self.session = data.session
            self.devices = {d.mac: d for d in data.devices or []}
            self.progress = {}
            if data.network_status is not None:
                self.network = data.network_status
            self.timeout_warning = False
        elif isinstance(event, SessionChanged):
            if self.session is None or self.session.id != event.session.id:
                self.devices = {}
                self.progress = {}
                self.timeout_warning = False
            self.session = event.session
            if event.timeout_warning:
                self.timeout_warning = True
        elif isinstance(event, DeviceChanged):
            self.devices[event.device.mac] = event.device
            self.progress.pop(event.device.mac, None)
        elif isinstance(event, DevicePatched):
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
        elif isinstance(event, NetworkChanged):
            self.network = event.status

    def states(self) -> dict[str, str]:
        """MAC → state, for comparisons."""
        return {mac: str(d.state) for mac, d in self.devices.items()}

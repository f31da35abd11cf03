"""The typed async client for the PiOrchestrator V1 REST API: one method per endpoint (handoff §3, §4),
on top of :class:`~pidash.orchestrator.transport.Transport`."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from pydantic import SecretStr

from pidash.contract.provisioning import (
    AllowlistEntry,
    AllowlistEntryRequest,
    AuthStatusData,
    Candidate,
    DeviceActionData,
    NetworkStatus,
    ProvisionAllData,
    ResumeSessionData,
    Session,
    SessionData,
    StartSessionData,
    StartSessionRequest,
    StopSessionData,
)
from pidash.contract.system import (
    Camera,
    ConfigItem,
    ConfigSection,
    DoorStatus,
    HealthStatus,
    SystemInfo,
    WifiNetwork,
    WifiStatus,
)
from pidash.orchestrator.capabilities import route_missing as route_missing_error
from pidash.orchestrator.decoding import list_of, maybe, model, nothing, unwrap
from pidash.orchestrator.errors import UNAUTHORIZED, OrchestratorError
from pidash.orchestrator.transport import Reply, Transport

PROTECTED_PROBE = "/provisioning/allowlist"
"""A protected read: answering 401 or 200 without a key says whether a key is needed (field notes:
``/auth/status`` exists on no build seen)."""


def _segment(value: str) -> str:
    return quote(value, safe=":")


class OrchestratorClient(Transport):
    """One client per Pi (see :class:`~pidash.orchestrator.transport.Transport` for deadlines and retries)."""

    def __repr__(self) -> str:
        return f"OrchestratorClient({self.base_url!r}, has_key={self.has_key})"

    def with_key(self, api_key: SecretStr | None) -> OrchestratorClient:
        """The same connection pool with another key (e.g. a browser tab's own key)."""
        return OrchestratorClient(self.base_url, api_key, timeout=self.timeout, _shared=self._shared)

    # --- batch provisioning ---------------------------------------------------------------

    async def auth_status(self) -> Reply[AuthStatusData]:
        """Whether a key is needed: ``/auth/status`` when the Pi has it, else a protected read
        without a key (401: needed; 200: not). The answer is remembered in :attr:`capabilities`."""
        caps = self.capabilities
        try:
            reply = await self.routed("auth", model(AuthStatusData))
        except OrchestratorError as err:
            if not (caps.records.get("/api/v1/auth/status") and route_missing_error(err)):
                raise
        else:
            caps.auth_required, caps.auth_source = reply.data.required, "/auth/status"
            return reply
        try:
            probe = await self.request("GET", PROTECTED_PROBE, nothing, anonymous=True, retry=False)
        except OrchestratorError as err:
            if err.code != UNAUTHORIZED:
                raise
            caps.auth_required, caps.auth_source = True, "protected read"
            return Reply(AuthStatusData(required=True), err.correlation_id, err.http_status or 401)
        caps.auth_required, caps.auth_source = False, "protected read"
        return Reply(AuthStatusData(required=False), probe.correlation_id, probe.status, probe.elapsed_ms)

    async def start_session(self, request: StartSessionRequest) -> Reply[StartSessionData]:
        return await self.request(
            "POST",
            "/provisioning/batch/start",
            model(StartSessionData),
            body=request.dump(),
        )

    async def get_session(
        self, session_id: str, *, include_devices: bool = True, retry: bool = True
    ) -> Reply[SessionData]:
        """The session; with ``include_devices``, a ``null`` device list (older builds; captured) is ``[]``."""
        reply = await self.request(
            "GET",
            f"/provisioning/batch/{_segment(session_id)}",
            model(SessionData),
            params={"include_devices": "true" if include_devices else "false"},
            log_path="/provisioning/batch/{id}",
            retry=retry,
        )
        if include_devices and reply.data.devices is None:
            reply.data.devices = []
        return reply

    async def stop_session(self, session_id: str) -> Reply[StopSessionData]:
        return await self.request(
            "POST",
            f"/provisioning/batch/{_segment(session_id)}/stop",
            model(StopSessionData),
            log_path="/provisioning/batch/{id}/stop",
        )

    async def provision_all(self, session_id: str) -> Reply[ProvisionAllData]:
        return await self.request(
            "POST",
            f"/provisioning/batch/{_segment(session_id)}/provision-all",
            model(ProvisionAllData),
            log_path="/provisioning/batch/{id}/provision-all",
        )

    async def list_devices(self, session_id: str, *, state: str | None = None) -> Reply[list[Candidate]]:
        return await self.request(
            "GET",
            f"/provisioning/batch/{_segment(session_id)}/devices",
            list_of("devices", Candidate),
            params={"state": state} if state else None,
            log_path="/provisioning/batch/{id}/devices",
        )

    async def provision_device(self, session_id: str, mac: str) -> Reply[DeviceActionData]:
        return await self.request(
            "POST",
            f"/provisioning/batch/{_segment(session_id)}/devices/{_segment(mac)}/provision",
            model(DeviceActionData),
            log_path="/provisioning/batch/{id}/devices/{mac}/provision",
        )

    async def retry_device(self, session_id: str, mac: str) -> Reply[DeviceActionData]:
        return await self.request(
            "POST",
            f"/provisioning/batch/{_segment(session_id)}/devices/{_segment(mac)}/retry",
            model(DeviceActionData),
            log_path="/provisioning/batch/{id}/devices/{mac}/retry",
        )

    async def network_status(self) -> Reply[NetworkStatus]:
        return await self.request("GET", "/provisioning/batch/network", unwrap("status", NetworkStatus))

    # --- allowlist and recovery -------------------------------------------------------------

    async def list_allowlist(self, *, available: bool | None = None) -> Reply[list[AllowlistEntry]]:
        params = None if available is None else {"available": "true" if available else "false"}
        return await self.request("GET", "/provisioning/allowlist", list_of("entries", AllowlistEntry), params=params)

    async def add_allowlist_entry(self, request: AllowlistEntryRequest) -> Reply[AllowlistEntry]:
        return await self.request(
            "POST",
            "/provisioning/allowlist",
            unwrap("entry", AllowlistEntry),
            body=request.dump(),
        )

    async def remove_allowlist_entry(self, mac: str) -> Reply[None]:
        return await self.request(
            "DELETE", f"/provisioning/allowlist/{_segment(mac)}", nothing, log_path="/provisioning/allowlist/{mac}"
        )

    async def recoverable_sessions(self) -> Reply[list[Session]]:
        return await self.request("GET", "/provisioning/sessions/recoverable", list_of("sessions", Session))

    async def resume_session(self, session_id: str) -> Reply[ResumeSessionData]:
        return await self.request(
            "POST",
            f"/provisioning/sessions/{_segment(session_id)}/resume",
            model(ResumeSessionData),
            log_path="/provisioning/sessions/{id}/resume",
        )

    # --- system ------------------------------------------------------------------------------

    async def system_info(self, *, retry: bool = True) -> Reply[SystemInfo]:
        return await self.routed("system", model(SystemInfo), retry=retry)

    async def health(self) -> Reply[HealthStatus]:
        return await self.routed("health", model(HealthStatus))

    async def wifi_scan(self) -> Reply[list[WifiNetwork]]:
        return await self.routed("wifi_scan", list_of("networks", WifiNetwork))

    async def wifi_status(self) -> Reply[WifiStatus]:
        return await self.routed("wifi", unwrap("status", WifiStatus))

    async def door_status(self) -> Reply[DoorStatus]:
        return await self.routed("door", unwrap("door", DoorStatus))

    async def open_door(self, duration_seconds: int) -> Reply[DoorStatus | None]:
        """Opens the door for ``duration_seconds``. Sent as ``duration_seconds`` (handoff era) and
        ``duration`` (what a field Pi reads; field notes: Door). None: the Pi said only "done"."""
        body = {"duration_seconds": duration_seconds, "duration": duration_seconds}
        return await self.request("POST", "/door/open", maybe(unwrap("door", DoorStatus)), body=body)

    async def close_door(self) -> Reply[DoorStatus | None]:
        return await self.request("POST", "/door/close", maybe(unwrap("door", DoorStatus)))

    async def get_config(self) -> Reply[list[ConfigSection]]:
        return await self.routed("config", list_of("sections", ConfigSection))

    async def set_config(self, key: str, value: Any) -> Reply[ConfigItem | None]:
        return await self.request(
            "PUT",
            f"/config/{_segment(key)}",
            maybe(unwrap("item", ConfigItem)),
            body={"value": value},
            log_path="/config/{key}",
        )

    async def cameras(self) -> Reply[list[Camera]]:
        return await self.routed("cameras", list_of("cameras", Camera))

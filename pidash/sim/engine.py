"""The provisioning engine: sessions, their discovery and lifecycle, and the views of them; a
session's devices are walked by ``DeviceWalk`` and the allowlist is kept by ``AllowlistBook``.

Every state change is saved to SQLite first and then published as an event carrying the full
object, so a consumer applying events in order ends with what the REST snapshot shows.
"""

from __future__ import annotations

import asyncio
import logging
import random
import uuid
from collections.abc import Callable, Coroutine
from typing import Any

from pidash.aio import cancel_and_wait
from pidash.contract.errors import REGISTRY, ErrorCode
from pidash.contract.events import DevicePayload, ErrorPayload, EventType, NetworkPayload, SessionPayload
from pidash.contract.provisioning import (
    DEFAULT_DISCOVERY_TIMEOUT,
    DEFAULT_PROVISIONING_TIMEOUT,
    DEFAULT_VERIFICATION_TIMEOUT,
    IN_FLIGHT_STATES,
    AllowlistEntry,
    AllowlistEntryRequest,
    Candidate,
    CandidateState,
    NetworkStatus,
    ProvisionAllData,
    ResumeSessionData,
    Session,
    SessionConfig,
    SessionData,
    SessionState,
    StartSessionRequest,
)
from pidash.contract.system import Camera
from pidash.sim.allowlist_book import AllowlistBook
from pidash.sim.cameras import pi_cameras
from pidash.sim.clock import SimClock
from pidash.sim.config import SimConfig
from pidash.sim.device_walk import DeviceWalk
from pidash.sim.errors import SimError
from pidash.sim.event_log import ProvisioningEvents
from pidash.sim.fleet import VirtualCamera, make_fleet
from pidash.sim.persistence import SimDatabase
from pidash.sim.records import DeviceRecord, SessionRecord, network_view, session_view

log = logging.getLogger("pidash.sim.provisioning")

EXPIRY_MARGIN_SIM_SECONDS = 30.0
WARNING_SHARE = 0.2
WARNING_MAX_SIM_SECONDS = 60.0
CLOSING_SIM_SECONDS = 1.0
DISCOVERY_SPREAD = (0.05, 0.5)
"""Cameras appear between 5 % and 50 % of the discovery window."""


class Engine:
    def __init__(
        self,
        config: SimConfig,
        db: SimDatabase,
        clock: SimClock,
        rng: random.Random,
        events: ProvisioningEvents,
        defaults: Callable[[], SessionConfig] | None = None,
    ) -> None:
        self.config = config
        self.db = db
        self.clock = clock
        self.rng = rng
        self.events = events
        self._defaults = defaults or (lambda: SessionConfig())
        self.auto_provision: Callable[[], bool] = lambda: False
        """``provisioning.auto_provision``: provision allowlisted cameras as soon as they are discovered."""
        self.fleet = self._load_fleet()
        self._fleet_by_mac = {cam.mac: cam for cam in self.fleet}
        listed = self.fleet[: max(0, len(self.fleet) - config.unlisted)]
        self.allowlist = AllowlistBook(db, clock, listed, self._allowlist_changed)
        self.sessions: dict[str, SessionRecord] = {s.id: s for s in db.sessions()}
        self.devices: dict[str, dict[str, DeviceRecord]] = {sid: {} for sid in self.sessions}
        for device in sorted(db.devices(), key=lambda d: d.discovered_at):
            self.devices.setdefault(device.session_id, {})[device.mac] = device
        self._tasks: dict[str, set[asyncio.Task[None]]] = {}
        self.walk = DeviceWalk(
            config, clock, self.fleet, self.allowlist, self._save_device, self._set_state, self._spawn
        )
        self._pause_interrupted()

    # --- start-up -------------------------------------------------------------------------

    def _load_fleet(self) -> list[VirtualCamera]:
        generated = make_fleet(self.rng, self.config.devices)
        stored = self.db.fleet()
        if stored:
            return stored
        self.db.save_fleet(generated)
        return generated

    def _pause_interrupted(self) -> None:
        """Sessions that were running when the simulator died become recoverable (``paused``)."""
        for session in self.sessions.values():
            if session.state is SessionState.CLOSING:
                session.state = SessionState.CLOSED
                session.closed_reason = session.closed_reason or "interrupted"
            elif session.is_open:
                session.paused_from = session.state
                session.state = SessionState.PAUSED
            else:
                continue
            self._save_session(session)

    async def shutdown(self) -> None:
        await cancel_and_wait(t for group in self._tasks.values() for t in group)

    # --- views ----------------------------------------------------------------------------

    def session_view(self, session: SessionRecord) -> Session:
        return session_view(session, list(self.devices.get(session.id, {}).values()))

    def device_view(self, device: DeviceRecord) -> Candidate:
        entry = self.allowlist.get(device.mac)
        return device.view(entry is not None, entry.container_id if entry else None)

    def active_session(self) -> SessionRecord | None:
        for session in reversed(list(self.sessions.values())):
            if session.is_open:
                return session
        return None

    def in_flight_count(self) -> int:
        return sum(
            1
            for sid, devices in self.devices.items()
            if self.sessions[sid].is_open
            for d in devices.values()
            if d.state in IN_FLIGHT_STATES
        )

    def cameras(self) -> list[Camera]:
        devices = (d for session_devices in self.devices.values() for d in session_devices.values())
        return pi_cameras(devices, self.allowlist, self.clock)

    # --- persistence and events -------------------------------------------------------------

    def _save_session(self, session: SessionRecord, *events: EventType) -> None:
        """Persist the session once, then announce it with each of ``events``."""
        session.updated_at = self.clock.now()
        self.db.save_session(session)
        if events:
            payload = SessionPayload(session=self.session_view(session))
            for event in events:
                self.events.emit(event, session.id, payload)

    def _save_device(self, device: DeviceRecord, event: EventType) -> None:
        self.db.save_device(device)
        self.events.emit(event, device.session_id, DevicePayload(device=self.device_view(device)))

    def _emit_network(self, session: SessionRecord, event: EventType) -> None:
        status = network_view(session, list(self.devices.get(session.id, {}).values()))
        self.events.emit(event, session.id, NetworkPayload(status=status))

    def _spawn(self, session_id: str, coro: Coroutine[Any, Any, None]) -> None:
        task = asyncio.get_running_loop().create_task(self._guard(coro))
        group = self._tasks.setdefault(session_id, set())
        group.add(task)
        task.add_done_callback(group.discard)

    async def _guard(self, coro: Coroutine[Any, Any, None]) -> None:
        try:
            await coro
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("simulator task failed")

    def _cancel_tasks(self, session_id: str) -> None:
        current = asyncio.current_task()
        for task in list(self._tasks.get(session_id, ())):
            if task is not current:
                task.cancel()

    # --- sessions ---------------------------------------------------------------------------

    def find(self, session_id: str) -> SessionRecord:
        session = self.sessions.get(session_id)
        if session is None:
            raise SimError(ErrorCode.SESSION_NOT_FOUND, f"no session {session_id!r}")
        return session

    def _refuse_finished(self, session: SessionRecord) -> None:
        if session.is_finished:
            if session.closed_reason == "expired":
                raise SimError(ErrorCode.SESSION_EXPIRED, f"session {session.id} expired at {session.expires_at}")
            raise SimError(ErrorCode.SESSION_ALREADY_CLOSED, f"session {session.id} is {session.state.value}")

    def _open(self, session_id: str) -> SessionRecord:
        session = self.find(session_id)
        self._refuse_finished(session)
        if session.state is SessionState.PAUSED:
            raise SimError(ErrorCode.DEVICE_INVALID_STATE, f"session {session.id} is paused; resume it first")
        return session

    def _new_session_id(self) -> str:
        while True:
            if self.config.field:  # bare UUIDs (captured)
                candidate = str(uuid.UUID(int=self.rng.getrandbits(128), version=4))
            else:
                candidate = f"sess_{self.rng.getrandbits(48):012x}"
            if candidate not in self.sessions:
                return candidate

    def _window(self, config: SessionConfig) -> float:
        """A session's lifetime in simulated seconds."""
        return (
            (config.discovery_timeout_seconds or DEFAULT_DISCOVERY_TIMEOUT)
            + (config.provisioning_timeout_seconds or DEFAULT_PROVISIONING_TIMEOUT)
            + (config.verification_timeout_seconds or DEFAULT_VERIFICATION_TIMEOUT)
            + EXPIRY_MARGIN_SIM_SECONDS
        )

    def start_session(self, request: StartSessionRequest) -> Session:
        for other in self.sessions.values():
            if other.is_open or other.state is SessionState.CLOSING:
                raise SimError(ErrorCode.SESSION_ALREADY_ACTIVE, f"session {other.id} is {other.state.value}")
        for other in list(self.sessions.values()):
            if other.state is SessionState.PAUSED:
                other.state = SessionState.CLOSED
                other.closed_reason = "superseded"
                self._save_session(other, EventType.SESSION_CLOSED)
                log.info("Recoverable session %s closed: superseded by a new session", other.id)
        defaults = self._defaults()
        given = request.config or SessionConfig()
        config = SessionConfig(
            discovery_timeout_seconds=given.discovery_timeout_seconds
            or defaults.discovery_timeout_seconds
            or DEFAULT_DISCOVERY_TIMEOUT,
            provisioning_timeout_seconds=given.provisioning_timeout_seconds
            or defaults.provisioning_timeout_seconds
            or DEFAULT_PROVISIONING_TIMEOUT,
            verification_timeout_seconds=given.verification_timeout_seconds
            or defaults.verification_timeout_seconds
            or DEFAULT_VERIFICATION_TIMEOUT,
        )
        now = self.clock.now()
        session = SessionRecord(
            id=self._new_session_id(),
            state=SessionState.DISCOVERING,
            target_ssid=request.target_ssid,
            created_at=now,
            updated_at=now,
            expires_at=self.clock.after(self._window(config), now),
            discovery_ends_at=self.clock.after(config.discovery_timeout_seconds or DEFAULT_DISCOVERY_TIMEOUT, now),
            config=config,
        )
        self.sessions[session.id] = session
        self.devices[session.id] = {}
        self._save_session(session, EventType.SESSION_STARTED)
        self._emit_network(session, EventType.NETWORK_STARTED)
        log.info("Session %s started for SSID %r", session.id, session.target_ssid)
        self._run_session(session)
        return self.session_view(session)

    def _run_session(self, session: SessionRecord) -> None:
        if session.state is SessionState.DISCOVERING:
            missing = [cam for cam in self.fleet if cam.mac not in self.devices[session.id]]
            window = self.clock.remaining(session.discovery_ends_at) * self.clock.speed
            schedule = sorted((self.rng.uniform(*DISCOVERY_SPREAD) * window, cam.mac) for cam in missing)
            self._spawn(session.id, self._discover(session, schedule))
        self._spawn(session.id, self._lifecycle(session))

    async def _discover(self, session: SessionRecord, schedule: list[tuple[float, str]]) -> None:
        elapsed = 0.0
        for at, mac in schedule:
            await self.clock.sleep(at - elapsed)
            elapsed = at
            if not session.is_open or mac in self.devices[session.id]:
                continue
            cam = self._fleet_by_mac[mac]
            device = DeviceRecord(
                session_id=session.id,
                mac=mac,
                ip=cam.ip,
                state=CandidateState.DISCOVERED,
                rssi=cam.rssi,
                firmware_version=cam.firmware_version,
                discovered_at=self.clock.now(),
            )
            self.devices[session.id][mac] = device
            self._save_device(device, EventType.DEVICE_DISCOVERED)
            log.info("Device %s discovered on the onboarding network (RSSI %d dBm)", mac, cam.rssi)
            if self.auto_provision() and self.walk.ready(device, self.clock.now()):
                self.walk.begin(session, device)

    async def _lifecycle(self, session: SessionRecord) -> None:
        total = self.clock.remaining(session.expires_at)
        warn_before = min(WARNING_SHARE * total, self.clock.real(WARNING_MAX_SIM_SECONDS))
        if session.state is SessionState.DISCOVERING:
            await asyncio.sleep(self.clock.remaining(session.discovery_ends_at))
            if session.state is SessionState.DISCOVERING:
                self._set_state(session, SessionState.ACTIVE)
        if not session.warned:
            await asyncio.sleep(max(0.0, self.clock.remaining(session.expires_at) - warn_before))
            if session.is_open:
                session.warned = True
                self._save_session(session, EventType.SESSION_TIMEOUT_WARNING)
                log.warning("Session %s expires in %.0fs", session.id, self.clock.remaining(session.expires_at))
        await asyncio.sleep(self.clock.remaining(session.expires_at))
        if session.is_open:
            log.warning("Session %s expired", session.id)
            self.events.emit(
                EventType.ERROR_OCCURRED,
                session.id,
                ErrorPayload(code=ErrorCode.SESSION_EXPIRED.value, message=REGISTRY[ErrorCode.SESSION_EXPIRED].message),
            )
            self._begin_close(session, "expired")

    def _set_state(self, session: SessionRecord, state: SessionState) -> None:
        session.state = state
        self._save_session(session, EventType.SESSION_STATE_CHANGED)
        log.info("Session %s is %s", session.id, state.value)

    def _begin_close(self, session: SessionRecord, reason: str) -> None:
        session.closed_reason = reason
        self._cancel_tasks(session.id)
        self._set_state(session, SessionState.CLOSING)
        self._spawn(session.id, self._finish_close(session))

    async def _finish_close(self, session: SessionRecord) -> None:
        await self.clock.sleep(CLOSING_SIM_SECONDS)
        session.state = SessionState.CLOSED
        self._save_session(session, EventType.SESSION_STATE_CHANGED, EventType.SESSION_CLOSED)
        self._emit_network(session, EventType.NETWORK_STOPPED)
        log.info("Session %s closed (%s)", session.id, session.closed_reason)

    def stop_session(self, session_id: str) -> Session:
        session = self.find(session_id)
        self._refuse_finished(session)
        self._begin_close(session, "stopped")
        return self.session_view(session)

    def session_data(self, session_id: str, include_devices: bool) -> SessionData:
        session = self.find(session_id)
        devices = list(self.devices[session.id].values())
        remaining = 0 if session.is_finished else int(self.clock.remaining(session.expires_at))
        return SessionData(
            session=self.session_view(session),
            devices=[self.device_view(d) for d in devices] if include_devices else None,
            timeout_remaining=f"{remaining}s",
            network_status=network_view(session, devices),
        )

    def session_devices(self, session_id: str, state: CandidateState | None) -> list[Candidate]:
        session = self.find(session_id)
        return [self.device_view(d) for d in self.devices[session.id].values() if state is None or d.state is state]

    def network_status(self) -> NetworkStatus:
        session = self.active_session()
        return network_view(session, list(self.devices.get(session.id, {}).values()) if session else [])

    def recoverable(self) -> list[Session]:
        paused = [s for s in self.sessions.values() if s.state is SessionState.PAUSED]
        paused.sort(key=lambda s: s.created_at, reverse=True)
        return [self.session_view(s) for s in paused]

    def resume(self, session_id: str) -> ResumeSessionData:
        session = self.find(session_id)
        if session.is_open:
            raise SimError(ErrorCode.SESSION_ALREADY_ACTIVE, f"session {session.id} is already {session.state.value}")
        if session.state is not SessionState.PAUSED:
            raise SimError(ErrorCode.SESSION_NOT_RECOVERABLE, f"session {session.id} is {session.state.value}")
        active = self.active_session()
        if active is not None:
            raise SimError(ErrorCode.SESSION_ALREADY_ACTIVE, f"session {active.id} is {active.state.value}")
        now = self.clock.now()
        session.expires_at = self.clock.after(self._window(session.config), now)
        session.discovery_ends_at = self.clock.after(
            session.config.discovery_timeout_seconds or DEFAULT_DISCOVERY_TIMEOUT, now
        )
        session.warned = False
        state = session.paused_from or SessionState.ACTIVE
        session.paused_from = None
        self._set_state(session, state)
        self._emit_network(session, EventType.NETWORK_STARTED)
        self._run_session(session)
        for device in self.devices[session.id].values():
            if device.state in IN_FLIGHT_STATES:
                self._spawn(session.id, self.walk.run(session, device))
        log.info("Session %s resumed", session.id)
        devices = [self.device_view(d) for d in self.devices[session.id].values()]
        return ResumeSessionData(session=self.session_view(session), devices=devices, message="Session resumed")

    # --- devices (started and walked by ``self.walk``) --------------------------------------

    def _device(self, session: SessionRecord, mac: str) -> DeviceRecord:
        device = self.devices[session.id].get(mac)
        if device is None:
            raise SimError(ErrorCode.DEVICE_NOT_FOUND, f"no device {mac} in session {session.id}")
        return device

    def provision(self, session_id: str, mac: str) -> Candidate:
        session = self._open(session_id)
        device = self._device(session, mac)
        self.walk.provision(session, device)
        return self.device_view(device)

    def retry(self, session_id: str, mac: str) -> Candidate:
        session = self._open(session_id)
        device = self._device(session, mac)
        self.walk.retry(session, device)
        return self.device_view(device)

    def provision_all(self, session_id: str) -> ProvisionAllData:
        session = self._open(session_id)
        return self.walk.provision_all(session, list(self.devices[session.id].values()))

    # --- allowlist (kept by ``self.allowlist``) ---------------------------------------------

    def allowlist_entries(self, available: bool | None) -> list[AllowlistEntry]:
        return self.allowlist.entries(available)

    def add_to_allowlist(self, request: AllowlistEntryRequest) -> tuple[AllowlistEntry, bool]:
        return self.allowlist.add(request)

    def remove_from_allowlist(self, mac: str) -> None:
        self.allowlist.remove(mac)

    def _allowlist_changed(self, mac: str) -> None:
        """Devices of open sessions show ``in_allowlist``: tell the stream they changed."""
        for session in self.sessions.values():
            device = self.devices[session.id].get(mac)
            if device is not None and session.is_open:
                self.events.emit(
                    EventType.DEVICE_STATE_CHANGED, session.id, DevicePayload(device=self.device_view(device))
                )

"""The device walk: the requests that start a device, and its seeded walk from ``provisioning`` to
``verified`` or ``failed``, with one circuit breaker and one random stream per camera."""

from __future__ import annotations

import logging
import random
from collections.abc import Callable, Coroutine, Sequence
from datetime import datetime, timedelta
from typing import Any

from pidash.contract.errors import REGISTRY, ErrorCode
from pidash.contract.events import EventType
from pidash.contract.provisioning import (
    IN_FLIGHT_STATES,
    MAX_DEVICE_RETRIES,
    CandidateState,
    ProvisionAllData,
    SessionState,
)
from pidash.sim.allowlist_book import AllowlistBook
from pidash.sim.circuit import FAILURE_WINDOW_SIM_SECONDS, OPEN_SIM_SECONDS, CircuitBreaker
from pidash.sim.clock import SimClock
from pidash.sim.config import SimConfig
from pidash.sim.errors import SimError
from pidash.sim.fleet import VirtualCamera, camera_id
from pidash.sim.records import DeviceRecord, SessionRecord

log = logging.getLogger("pidash.sim.provisioning")

PROVISIONING_STEP = (1.5, 4.0)
PROVISIONED_STEP = (0.5, 1.5)
VERIFYING_STEP = (1.5, 4.0)
RANDOM_FAILURES = (
    ErrorCode.DEVICE_UNREACHABLE,
    ErrorCode.DEVICE_TIMEOUT,
    ErrorCode.DEVICE_REJECTED,
    ErrorCode.VERIFICATION_TIMEOUT,
)
VERIFY_STAGE_FAILURES = frozenset({ErrorCode.VERIFICATION_TIMEOUT, ErrorCode.MQTT_UNAVAILABLE})

ForcedFailure = Callable[[str], ErrorCode | None]
"""Asked at the start of each attempt: a failure forced by ``/_sim/devices/{mac}/fail``, if any."""


class DeviceWalk:
    """Walks the devices of the engine's sessions; the engine saves and announces them (``save_device``),
    changes their session's state (``set_state``) and runs the walks as the session's tasks (``spawn``)."""

    def __init__(
        self,
        config: SimConfig,
        clock: SimClock,
        fleet: Sequence[VirtualCamera],
        allowlist: AllowlistBook,
        save_device: Callable[[DeviceRecord, EventType], None],
        set_state: Callable[[SessionRecord, SessionState], None],
        spawn: Callable[[str, Coroutine[Any, Any, None]], None],
    ) -> None:
        self.config = config
        self.clock = clock
        self.allowlist = allowlist
        self.forced_failure: ForcedFailure = lambda _mac: None
        self._save_device = save_device
        self._set_state = set_state
        self._spawn = spawn
        self._device_rngs = {cam.mac: random.Random(cam.seed) for cam in fleet}
        self._circuits: dict[str, CircuitBreaker] = {}

    # --- circuit breakers -------------------------------------------------------------------

    def _circuit(self, mac: str) -> CircuitBreaker:
        if mac not in self._circuits:
            self._circuits[mac] = CircuitBreaker(
                timedelta(seconds=self.clock.real(FAILURE_WINDOW_SIM_SECONDS)),
                timedelta(seconds=self.clock.real(OPEN_SIM_SECONDS)),
            )
        return self._circuits[mac]

    def _check_circuit(self, mac: str) -> None:
        until = self._circuit(mac).blocked_until(self.clock.now())
        if until is not None:
            retry = self.clock.retry_after(until)
            raise SimError(ErrorCode.CIRCUIT_OPEN, f"{mac} failed repeatedly; retry after {retry}s", retry_after=retry)

    # --- starting a walk --------------------------------------------------------------------

    def provision(self, session: SessionRecord, device: DeviceRecord) -> None:
        mac = device.mac
        if mac not in self.allowlist:
            raise SimError(ErrorCode.DEVICE_NOT_IN_ALLOWLIST, f"{mac} is not in the allowlist")
        if device.state in IN_FLIGHT_STATES:
            raise SimError(ErrorCode.DEVICE_ALREADY_PROVISIONING, f"{mac} is {device.state.value}")
        if device.state is not CandidateState.DISCOVERED:
            hint = "; use retry" if device.state is CandidateState.FAILED else ""
            raise SimError(ErrorCode.DEVICE_INVALID_STATE, f"{mac} is {device.state.value}{hint}")
        self._check_circuit(mac)
        self.begin(session, device)

    def retry(self, session: SessionRecord, device: DeviceRecord) -> None:
        mac = device.mac
        if mac not in self.allowlist:
            raise SimError(ErrorCode.DEVICE_NOT_IN_ALLOWLIST, f"{mac} is not in the allowlist")
        if device.state is not CandidateState.FAILED:
            raise SimError(ErrorCode.DEVICE_INVALID_STATE, f"{mac} is {device.state.value}, not failed")
        if device.retry_count >= MAX_DEVICE_RETRIES:
            raise SimError(ErrorCode.MAX_RETRIES_EXCEEDED, f"{mac} was retried {device.retry_count} times")
        self._check_circuit(mac)
        device.retry_count += 1
        self.begin(session, device)

    def provision_all(self, session: SessionRecord, devices: list[DeviceRecord]) -> ProvisionAllData:
        initiated: list[str] = []
        skipped: list[str] = []
        now = self.clock.now()
        for device in devices:
            if self.ready(device, now):
                self.begin(session, device)
                initiated.append(device.mac)
            else:
                skipped.append(device.mac)
        message = f"Provisioning started for {len(initiated)} device(s); {len(skipped)} skipped"
        return ProvisionAllData(session_id=session.id, initiated=initiated, skipped=skipped, message=message)

    def ready(self, device: DeviceRecord, now: datetime) -> bool:
        """Discovered, allowlisted and not held back by its circuit breaker: what ``provision_all``
        and auto-provisioning start."""
        return (
            device.state is CandidateState.DISCOVERED
            and device.mac in self.allowlist
            and self._circuit(device.mac).blocked_until(now) is None
        )

    def begin(self, session: SessionRecord, device: DeviceRecord) -> None:
        if session.state is SessionState.DISCOVERING:
            self._set_state(session, SessionState.ACTIVE)
        device.state = CandidateState.PROVISIONING
        device.error_code = None
        device.error_message = None
        device.provisioned_at = None
        device.verified_at = None
        self._save_device(device, EventType.DEVICE_PROVISIONING_STARTED)
        log.info("Device %s: sending Wi-Fi credentials (attempt %d)", device.mac, device.retry_count + 1)
        self._spawn(session.id, self.run(session, device))

    # --- the walk ---------------------------------------------------------------------------

    def _failure_for_attempt(self, mac: str, rng: random.Random) -> ErrorCode | None:
        forced = self.forced_failure(mac)
        roll = rng.random()
        choice = rng.choice(RANDOM_FAILURES)
        if forced is not None:
            return forced
        return choice if roll < self.config.failure_rate else None

    async def run(self, session: SessionRecord, device: DeviceRecord) -> None:
        """Walk a device from its current in-flight state to ``verified`` or ``failed``."""
        rng = self._device_rngs.setdefault(device.mac, random.Random(device.mac))
        failure = self._failure_for_attempt(device.mac, rng)
        config = session.config
        if device.state is CandidateState.PROVISIONING:
            if not await self._step(rng, PROVISIONING_STEP, config.provisioning_timeout_seconds):
                self._fail(device, ErrorCode.DEVICE_TIMEOUT)
                return
            if failure is not None and failure not in VERIFY_STAGE_FAILURES:
                self._fail(device, failure)
                return
            device.state = CandidateState.PROVISIONED
            device.provisioned_at = self.clock.now()
            self._save_device(device, EventType.DEVICE_PROVISIONING_COMPLETED)
            log.info("Device %s accepted the credentials", device.mac)
        if device.state is CandidateState.PROVISIONED:
            await self.clock.sleep(rng.uniform(*PROVISIONED_STEP))
            device.state = CandidateState.VERIFYING
            self._save_device(device, EventType.DEVICE_STATE_CHANGED)
            log.info("Device %s: waiting for MQTT status on %r", device.mac, session.target_ssid)
        if device.state is CandidateState.VERIFYING:
            if not await self._step(rng, VERIFYING_STEP, config.verification_timeout_seconds):
                self._fail(device, ErrorCode.VERIFICATION_TIMEOUT)
                return
            if failure is not None:
                self._fail(device, failure)
                return
            self._verify(device)

    async def _step(self, rng: random.Random, bounds: tuple[float, float], limit: int | None) -> bool:
        """Sleep one step's seeded delay; False when the session's timeout cuts it short."""
        delay = rng.uniform(*bounds)
        if limit is not None and delay > limit:
            await self.clock.sleep(limit)
            return False
        await self.clock.sleep(delay)
        return True

    def _fail(self, device: DeviceRecord, code: ErrorCode) -> None:
        device.state = CandidateState.FAILED
        device.error_code = code.value
        device.error_message = REGISTRY[code].message
        self._save_device(device, EventType.DEVICE_PROVISIONING_FAILED)
        self._circuit(device.mac).record_failure(self.clock.now())
        log.warning("Device %s failed: %s (%s)", device.mac, code.value, device.error_message)

    def _verify(self, device: DeviceRecord) -> None:
        now = self.clock.now()
        device.state = CandidateState.VERIFIED
        device.verified_at = now
        self._circuit(device.mac).record_success()
        self.allowlist.mark_used(device.mac, now)
        self._save_device(device, EventType.DEVICE_VERIFIED)
        log.info("Device %s verified: online as camera %s", device.mac, camera_id(device.mac))

"""View objects: what the pages show. Only the store's flush writes them.

Device rows are plain data sent to the browser as row deltas (``pidash.store.row_changes``); the
session summary, feed and auth states are bindable (one of each per process, a few fields).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from nicegui import binding

from pidash.contract.errors import user_message
from pidash.contract.provisioning import DEVICE_STEPS, Candidate, CandidateState, attempts_made
from pidash.i18n import Msg, msg, msg_p

Text = str | Msg
"""What a row shows: a :class:`Msg` (our text, translated per page) or the Pi's own words (a plain str)."""

# The context tells a camera's state ("Provisioning": "Wird eingerichtet") from the act ("Einrichtung");
# a literal, so the extractor sees it.
STEP_LABELS: dict[str, Msg] = {
    CandidateState.DISCOVERED: msg_p("camera state", "Discovered"),
    CandidateState.PROVISIONING: msg_p("camera state", "Provisioning"),
    CandidateState.PROVISIONED: msg_p("camera state", "Provisioned"),
    CandidateState.VERIFYING: msg_p("camera state", "Verifying"),
    CandidateState.VERIFIED: msg_p("camera state", "Verified"),
    CandidateState.FAILED: msg_p("camera state", "Failed"),
}


def state_name(value: object) -> str:
    """The plain string of a state (an enum member or a newer value kept as a string)."""
    return str(getattr(value, "value", value))


def failure_reason(device: Candidate) -> Text:
    """Plain-language reason of a failed device: the registry's sentence when the code is known,
    else the Pi's own words (not translated)."""
    if device.error_code:
        return user_message(device.error_code)
    return device.error_message or msg("The camera could not be provisioned.")


def signal_text(rssi: int) -> Text:
    """``-60`` → "-60 dBm (good)" (a :class:`Msg`); ``0`` (not measured) → "—"."""
    if rssi == 0:
        return "—"
    if rssi >= -55:
        return msg("{rssi} dBm (strong)", rssi=rssi)
    if rssi >= -67:
        return msg("{rssi} dBm (good)", rssi=rssi)
    return msg("{rssi} dBm (weak)", rssi=rssi)


@dataclass(frozen=True, slots=True)
class ActionRefusal:
    """The Pi refused an action on one camera: shown on that camera's card until its state changes."""

    message: Text
    code: str
    correlation_id: str
    retry_at: float
    """Epoch seconds before which a retry would be refused again (0: any time)."""
    final: bool
    """Not retryable: the card offers no retry and says what to do instead."""


@dataclass(slots=True)
class DeviceRow:
    """One camera as every screen shows it; the store sets it from the Pi's data.

    Sent to the browsers as a plain JSON object (:meth:`payload`); field names are the keys the
    device board (``pidash/ui/components/device_board.js``) reads.
    """

    mac: str
    ip: str = ""
    signal: Text = ""
    firmware: str = ""
    allowlisted: bool = False
    state: str = CandidateState.DISCOVERED.value
    state_label: Text = STEP_LABELS[CandidateState.DISCOVERED]
    step: int = 0
    """Index into ``DEVICE_STEPS`` of the step reached; a failure is shown on the step that failed."""
    failed: bool = False
    reason: Text = ""
    retry_count: int = 0
    busy: bool = False
    """An action from some tab is in flight for this device."""
    can_provision: bool = False
    can_retry: bool = False
    can_skip: bool = False
    """Skip (or Include, once skipped) is offered: the session runs and the camera waits or failed."""
    action_error: Text = ""
    """The Pi refused the last action on this camera: a sentence naming the MAC (empty: none)."""
    action_code: str = ""
    action_cid: str = ""
    """Correlation ID of the refused action, to quote to support."""
    retry_at: float = 0.0
    """Wall-clock time (epoch seconds) before which the Pi will refuse another attempt (0: none)."""
    blocked: bool = False
    """The Pi refused for good (not retryable): no retry button until the camera's state changes."""
    skipped: bool = False
    """Left out of this batch by a technician: greyed, excluded from "all" and from what is left."""
    state_since: float = 0.0
    """Epoch seconds at which the camera entered its state (the card shows the time in the step)."""
    attempts: int = 0
    """Provisioning attempts so far (the first one and every retry)."""

    def update_from(
        self,
        device: Candidate,
        *,
        busy: bool,
        running: bool = True,
        refusal: ActionRefusal | None = None,
        skipped: bool = False,
        since: float = 0.0,
    ) -> None:
        """Copy the Pi's data; ``running``: the session accepts actions (not paused or closed);
        ``refusal``: the Pi's answer to the last action on this camera, while it still applies;
        ``skipped``: left out of this batch; ``since``: when it entered its state (epoch seconds)."""
        state = state_name(device.state)
        self.ip = device.ip or "—"
        self.signal = signal_text(device.rssi)
        self.firmware = device.firmware_version or "—"
        self.allowlisted = device.in_allowlist
        if state != CandidateState.FAILED:
            self.step = next((i for i, s in enumerate(DEVICE_STEPS) if s.value == state), self.step)
        else:
            # The failed step comes from the Pi's data (provisioned, so verification failed), so it is
            # the same after a recovery or a restart; a step seen later than that (a flat event
            # without timestamps) wins.
            self.step = max(self.step, 3 if device.provisioned_at is not None else 1)
        self.failed = state == CandidateState.FAILED
        self.reason = failure_reason(device) if self.failed else ""
        self.retry_count = device.retry_count
        self.busy = busy
        self.action_error = str(refusal.message) if refusal else ""
        self.action_code = refusal.code if refusal else ""
        self.action_cid = refusal.correlation_id if refusal else ""
        self.retry_at = refusal.retry_at if refusal else 0.0
        self.blocked = bool(refusal and refusal.final)
        self.skipped = skipped
        self.state_since = since
        self.attempts = attempts_made(state, device.retry_count)
        free = running and not busy and not self.blocked and not skipped
        self.can_provision = free and state == CandidateState.DISCOVERED and device.in_allowlist
        self.can_retry = free and self.failed
        self.can_skip = running and not busy and (skipped or self.failed or state == CandidateState.DISCOVERED)
        self.state_label = STEP_LABELS.get(state, state.capitalize())  # a newer state: the Pi's word
        self.state = state

    def payload(self) -> dict[str, Any]:
        """The row as the browser receives it: JSON-ready but for its :class:`Msg` values, which each
        page's language renders (``RowDelta.json_for``)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


@binding.bindable_dataclass
class SessionSummary:
    """The live session's header: state, counts, progress, time left, network."""

    present: bool = False
    """A session is known (running, or the last one that closed)."""
    active: bool = False
    """The session is running (discovering or active): cameras can be provisioned."""
    session_id: str = ""
    state: str = ""
    state_label: Msg | str = ""
    target_ssid: str = ""
    discovered: int = 0
    provisioned: int = 0
    verified: int = 0
    failed: int = 0
    allowlisted_waiting: int = 0
    """Devices that ``Provision all`` would start (not the skipped ones)."""
    skipped: int = 0
    retryable_failed: int = 0
    """Failed cameras the Pi will take a retry for now (not refused for good, no wait pending)."""
    eta: Msg | str = ""
    """"About 3 min left", estimated from the steps already seen in this batch (empty: no estimate)."""
    in_flight: int = 0
    """Cameras between provisioning and verified."""
    unlisted: int = 0
    """Cameras found that are not on the allowlist (the Pi will not provision them)."""
    progress: float = 0.0
    """The verified share (0..1): failed cameras are not progress."""
    failed_share: float = 0.0
    in_flight_share: float = 0.0
    progress_label: Msg | str = ""
    progress_text: Msg | str = ""
    """The whole picture in words, for the progress bar's accessible value."""
    complete: bool = False
    """Every allowlisted camera is verified or failed: the batch is done (not an error)."""
    ended: bool = False
    """The session is closing or closed."""
    outcome: Msg | str = ""
    """"Batch complete: …" or "Session ended: …" (empty while the batch runs)."""
    confirmed: bool = False
    """The provisioning feed is live: what is shown is what the Pi says now."""
    as_of: Msg | str = ""
    """When not confirmed: a sentence saying this is the last known state, and since when."""
    time_remaining: str = ""
    timeout_warning: bool = False
    network_label: Msg | str = ""
    network_active: bool = False
    revision: int = 0
    """Bumped whenever any other field changed (``update_summary``): the one field to follow for a view
    of the whole summary (``SessionPanel``), instead of a binding per field in every open page."""


@binding.bindable_dataclass
class FeedStatus:
    """One live feed as the header shows it (see ``ui.components.feed_indicator``)."""

    name: str
    state: str = "connecting"
    label: Msg | str = "Connecting"
    detail: Msg | str = ""
    """A sentence for screen readers and the tooltip."""


@binding.bindable_dataclass
class AuthStatus:
    """Whether the Pi wants a key, and whether the process-wide feeds have one."""

    known: bool = False
    required: bool = True
    feeds_have_key: bool = False

    @property
    def open(self) -> bool:
        """The Pi said it needs no key (development mode)."""
        return self.known and not self.required

    @property
    def can_read_protected(self) -> bool:
        """The shared feeds may read protected routes: they have a key, or none is needed."""
        return self.feeds_have_key or self.open

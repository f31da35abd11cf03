"""The session summary: counts, the segmented progress, the batch's outcome and time left.

Written only by the store's flush and its 1 s tick. Rules that keep it truthful:
- progress is the **verified** share; failed, in-flight and waiting cameras are separate segments;
- a batch whose every allowlisted camera is verified or failed is *complete* (not an error);
- a closed session is *ended* (neutral), whether stopped or expired;
- time left counts down only while the provisioning feed confirms the session; otherwise the card
  says it shows the last known state and since when.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import UTC, datetime

from pidash.contract.provisioning import CandidateState, SessionState
from pidash.i18n import Msg, msg, msg_p
from pidash.orchestrator.session_view import SessionView
from pidash.store.formatting import clock_time
from pidash.store.rows import SessionSummary, state_name

TIMEOUT_WARNING_SECONDS = 60
RUNNING_STATES = frozenset({SessionState.DISCOVERING.value, SessionState.ACTIVE.value})
"""States in which cameras can be provisioned (``paused`` waits for a resume)."""
ENDED_STATES = frozenset({SessionState.CLOSING.value, SessionState.CLOSED.value})
SESSION_STATE_LABELS = {
    SessionState.DISCOVERING.value: msg_p("session state", "Discovering cameras"),
    SessionState.ACTIVE.value: msg_p("session state", "Active"),
    SessionState.PAUSED.value: msg_p("session state", "Paused"),
    SessionState.CLOSING.value: msg_p("session state", "Closing"),
    SessionState.CLOSED.value: msg_p("session state", "Closed"),
}
"""A newer state this code does not know is shown as the Pi names it."""
IN_FLIGHT = frozenset(
    {CandidateState.PROVISIONING.value, CandidateState.PROVISIONED.value, CandidateState.VERIFYING.value}
)
PROVISIONED_OR_LATER = frozenset(
    {CandidateState.PROVISIONED.value, CandidateState.VERIFYING.value, CandidateState.VERIFIED.value}
)


def format_remaining(seconds: float) -> str:
    seconds = max(0, int(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


@dataclass(frozen=True, slots=True)
class BatchExtras:
    """What the dashboard adds to the Pi's data: skipped cameras, retryable failures, the estimate."""

    skipped: frozenset[str] = frozenset()
    retryable_failed: int = 0
    seconds_left: float | None = None
    counts: Mapping[str, int] | None = None
    """The cameras' counts (``COUNT_KEYS``) as the store keeps them; None: counted from the view."""


@dataclass(frozen=True, slots=True)
class Confirmation:
    """Whether the Pi currently confirms the session (its stream is live), and when it last did."""

    live: bool
    last_confirmed: datetime | None = None
    expired: bool = False
    """The Pi said the followed session expired (``SESSION_EXPIRED``)."""


COUNT_KEYS = ("verified", "failed", "in_flight", "waiting", "unlisted", "provisioned", "skipped")
"""The summary's counts of cameras: ``provisioned`` overlaps the others, the rest partition them."""
TERMINAL_STATES = frozenset({CandidateState.VERIFIED.value, CandidateState.FAILED.value})


def camera_kind(state: str, *, in_allowlist: bool, skipped: bool) -> str:
    """The count (of ``COUNT_KEYS`` but ``provisioned``) a camera in ``state`` falls in; ``skipped``:
    a technician left it out of this batch (it counts as skipped only while discovered or failed)."""
    if skipped and state in (CandidateState.DISCOVERED.value, CandidateState.FAILED.value):
        return "skipped"
    if state in TERMINAL_STATES:
        return state
    if state in IN_FLIGHT:
        return "in_flight"
    return "waiting" if in_allowlist else "unlisted"


def still_to_finish(state: str, *, in_allowlist: bool, skipped: bool) -> bool:
    """Whether the batch's time left waits for a camera in ``state``: allowlisted, not skipped,
    neither verified nor failed."""
    return in_allowlist and not skipped and state not in TERMINAL_STATES


def counts_of(view: SessionView, skipped: frozenset[str]) -> dict[str, int]:
    """The counts of every camera of ``view``, worked out afresh (the store keeps them camera by
    camera instead: :class:`pidash.store.census.Census`)."""
    counts = dict.fromkeys(COUNT_KEYS, 0)
    for device in view.devices.values():
        state = state_name(device.state)
        counts[camera_kind(state, in_allowlist=device.in_allowlist, skipped=device.mac in skipped)] += 1
        counts["provisioned"] += state in PROVISIONED_OR_LATER
    return counts


def update_summary(
    s: SessionSummary,
    view: SessionView,
    now: datetime,
    confirmation: Confirmation,
    remaining_hint: str | None,
    extras: BatchExtras | None = None,
) -> None:
    """Write every field of ``s`` from the followed session (``view``) at ``now``; bump ``s.revision``
    if any changed."""
    before = _values(s)
    _write(s, view, now, confirmation, remaining_hint, extras)
    if _values(s) != before:
        s.revision += 1


def _values(s: SessionSummary) -> tuple[object, ...]:
    return tuple(getattr(s, name) for name in _FIELDS)


_FIELDS = tuple(f.name for f in fields(SessionSummary) if f.name != "revision")


def _write(
    s: SessionSummary,
    view: SessionView,
    now: datetime,
    confirmation: Confirmation,
    remaining_hint: str | None,
    extras: BatchExtras | None,
) -> None:
    session = view.session
    if session is None:
        s.present = s.active = s.complete = s.ended = False
        s.session_id = s.state = s.state_label = s.outcome = ""
        return
    state = state_name(session.state)
    s.present = True
    s.active = state in RUNNING_STATES
    s.ended = state in ENDED_STATES
    s.session_id = session.id
    s.state = state
    s.state_label = SESSION_STATE_LABELS.get(state) or state.capitalize()
    s.target_ssid = session.target_ssid
    extras = extras or BatchExtras()
    c = extras.counts if extras.counts is not None else counts_of(view, extras.skipped)
    if view.devices:
        s.discovered = len(view.devices)
        s.provisioned, s.verified, s.failed = c["provisioned"], c["verified"], c["failed"]
    else:  # a session summary without its devices (a resume or start reply): the Pi's counters
        s.discovered, s.provisioned = session.device_count, session.provisioned_count
        s.verified, s.failed = session.verified_count, session.failed_count
    s.in_flight, s.unlisted, s.skipped = c["in_flight"], c["unlisted"], c["skipped"]
    s.allowlisted_waiting = c["waiting"]
    s.retryable_failed = extras.retryable_failed
    left = extras.seconds_left
    s.eta = (
        ""
        if left is None or not s.active or left <= 0
        else msg("About {minutes} min left", minutes=max(1, round(left / 60)))
    )
    total = max(s.discovered, 1)
    s.progress = s.verified / total
    s.failed_share = s.failed / total
    s.in_flight_share = s.in_flight / total
    s.progress_label = (
        msg("{verified} of {discovered} verified", verified=s.verified, discovered=s.discovered)
        if s.discovered
        else msg("Waiting for cameras…")
    )
    s.progress_text = msg(
        "{verified} of {discovered} verified, {failed} failed, {in_flight} in progress, "
        "{waiting} waiting, {unlisted} not on the allowlist, {skipped} skipped",
        verified=s.verified,
        discovered=s.discovered,
        failed=s.failed,
        in_flight=s.in_flight,
        waiting=s.allowlisted_waiting,
        unlisted=s.unlisted,
        skipped=s.skipped,
    )
    listed = s.discovered - s.unlisted - s.skipped
    complete = s.active and listed > 0 and s.verified + s.failed == listed
    tally = _tally(s)
    if s.ended:
        s.outcome = (
            msg("Session ended (the session timed out): {tally}", tally=tally)
            if confirmation.expired
            else msg("Session ended: {tally}", tally=tally)
        )
    elif complete:
        s.outcome = msg("Batch complete: {tally}", tally=tally)
    else:
        s.outcome = ""
    s.complete = complete  # after the outcome: what follows ``complete`` (the batch alert) reads it
    s.confirmed = confirmation.live
    if confirmation.live or s.ended:  # a paused session's state is as old as an active one's
        s.as_of = ""
    else:
        s.as_of = (
            msg(
                "Last known state, as of {time}: the Pi is not confirming it now.",
                time=clock_time(confirmation.last_confirmed),
            )
            if confirmation.last_confirmed
            else msg("Last known state, as of an unknown time: the Pi is not confirming it now.")
        )
    _time_left(s, view, now, remaining_hint)
    network = view.network
    if network is None:
        s.network_label = msg("Onboarding network: unknown")
        s.network_active = False
    else:
        s.network_active = network.is_active
        s.network_label = (
            msg(
                "Onboarding network {ssid}: up, {connected} connected",
                ssid=network.ssid,
                connected=network.connected_devices,
            )
            if network.is_active
            else msg(
                "Onboarding network {ssid}: down, {connected} connected",
                ssid=network.ssid,
                connected=network.connected_devices,
            )
        )


def _tally(s: SessionSummary) -> Msg:
    """How the batch ended, in counts (the skipped ones only when there are some)."""
    if s.skipped:
        return msg(
            "{verified} verified, {failed} failed, {unlisted} not on the allowlist, {skipped} skipped",
            verified=s.verified,
            failed=s.failed,
            unlisted=s.unlisted,
            skipped=s.skipped,
        )
    return msg(
        "{verified} verified, {failed} failed, {unlisted} not on the allowlist",
        verified=s.verified,
        failed=s.failed,
        unlisted=s.unlisted,
    )


def _time_left(s: SessionSummary, view: SessionView, now: datetime, remaining_hint: str | None) -> None:
    session = view.session
    remaining: float | None = None
    if session is not None and session.expires_at is not None:
        expires = session.expires_at if session.expires_at.tzinfo else session.expires_at.replace(tzinfo=UTC)
        remaining = (expires - now).total_seconds()
    if not s.active or not s.confirmed:  # no countdown on data the Pi does not confirm now
        s.time_remaining = ""
        s.timeout_warning = False
    elif remaining is not None:
        s.time_remaining = format_remaining(remaining)
        s.timeout_warning = view.timeout_warning or remaining <= TIMEOUT_WARNING_SECONDS
    else:
        s.time_remaining = remaining_hint or ""
        s.timeout_warning = view.timeout_warning

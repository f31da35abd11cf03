"""How the history shows a batch and its cameras (page and printable report alike), in the page's
language: states, counts, reasons. The stored rows and the exports keep the Pi's values (English)."""

from __future__ import annotations

from pidash.contract.errors import user_message
from pidash.history.queries import BatchRecord, CameraRecord
from pidash.i18n import Msg, Translator, msg, msg_n, msg_p

CAMERA_STATES: dict[str, Msg] = {
    "discovered": msg_p("camera state", "discovered"),
    "provisioning": msg_p("camera state", "provisioning"),
    "provisioned": msg_p("camera state", "provisioned"),
    "verifying": msg_p("camera state", "verifying"),
    "verified": msg_p("camera state", "verified"),
    "failed": msg_p("camera state", "failed"),
}
"""A camera's state (and the step a failed one failed at) as the history shows it; another value
(a newer Pi's) is shown as the Pi sent it."""
BATCH_STATES: dict[str, Msg] = {
    "discovering": msg_p("batch state", "discovering"),
    "active": msg_p("batch state", "active"),
    "paused": msg_p("batch state", "paused"),
    "closing": msg_p("batch state", "closing"),
    "closed": msg_p("batch state", "closed"),
}
NOT_PROVISIONED = msg("The camera could not be provisioned.")


def duration_text(seconds: float) -> str:
    """``42 s``, ``12 min 5 s``, ``1 h 03 min`` (unit symbols: the same in every language)."""
    s = int(seconds)
    if s < 60:
        return f"{s} s"
    if s < 3600:
        return f"{s // 60} min {s % 60} s"
    return f"{s // 3600} h {s % 3600 // 60:02d} min"


def counts_text(batch: BatchRecord) -> Msg:
    """``5 cameras: 4 verified, 1 failed`` (``…, 1 skipped`` when a technician skipped some: every
    camera not verified or failed is accounted for, as in the live "Batch complete: …")."""
    if batch.skipped:
        return msg_n(
            "{count} camera: {verified} verified, {failed} failed, {skipped} skipped",
            "{count} cameras: {verified} verified, {failed} failed, {skipped} skipped",
            batch.cameras,
            verified=batch.verified,
            failed=batch.failed,
            skipped=batch.skipped,
        )
    return msg_n(
        "{count} camera: {verified} verified, {failed} failed",
        "{count} cameras: {verified} verified, {failed} failed",
        batch.cameras,
        verified=batch.verified,
        failed=batch.failed,
    )


def camera_state(state: str, t: Translator) -> str:
    return t.text(CAMERA_STATES.get(state, state))


def camera_outcome(c: CameraRecord, t: Translator) -> str:
    """The camera's state as the Pi left it, and ``· skipped`` when a technician left it out
    (``discovered · skipped``): the record says the camera was left out on purpose."""
    state = camera_state(c.state, t)
    return t.gettext("{state} · skipped").format(state=state) if c.skipped else state


def batch_state(batch: BatchRecord, t: Translator) -> str:
    """``closed`` / ``active (running)``."""
    state = t.text(BATCH_STATES.get(batch.state, batch.state))
    return state if batch.ended_at else t.gettext("{state} (running)").format(state=state)


def reason_text(c: CameraRecord, t: Translator) -> str:
    """Why a camera failed: the registry's sentence for its code (``… (CODE)``), else the Pi's own
    words; "" when there is nothing to say."""
    if c.error_code:
        why = c.reason or c.error_message
        if not why:
            return ""
        return t.gettext("{reason} ({code})").format(reason=t.text(user_message(c.error_code)), code=c.error_code)
    if c.error_message:
        return c.error_message
    return t.text(NOT_PROVISIONED) if c.reason else ""

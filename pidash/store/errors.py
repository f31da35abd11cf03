"""Errors as values the UI can show: one shape for every failure the client raises."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from pidash.contract.errors import ErrorCode, user_message
from pidash.i18n import Msg, msg
from pidash.orchestrator.errors import OrchestratorError

UNREACHABLE_CODE = "PI_UNREACHABLE"
UNREACHABLE_MESSAGE = msg("The dashboard could not reach the Pi. Check that it is powered and on the network.")


@dataclass(frozen=True)
class ShownError:
    """What the error display needs: message, code, countdown and the details for support."""

    code: str
    message: Msg | str
    """For people: the dashboard's sentence (a :class:`Msg`, shown with ``t.text``) or the Pi's own words."""
    retryable: bool = False
    retry_after_seconds: float | None = None
    correlation_id: str | None = None
    backend_message: str | None = None
    details: str | None = None
    http_status: int | None = None
    subject: str = ""
    """What the error is about (``session:<id>``…): it ends when that subject is replaced."""
    at: float = field(default_factory=time.monotonic)

    @property
    def retry_at(self) -> float | None:
        """Monotonic time at which a retry makes sense, for retryable errors."""
        if not self.retryable:
            return None
        return self.at + (self.retry_after_seconds if self.retry_after_seconds is not None else 5.0)

    def seconds_left(self, now: float | None = None) -> int:
        at = self.retry_at
        if at is None:
            return 0
        return max(0, int(at - (time.monotonic() if now is None else now) + 0.999))


def shown_error(exc: BaseException) -> ShownError:
    """A :class:`ShownError` from an ``OrchestratorError``, or from any other exception."""
    if not isinstance(exc, OrchestratorError):
        return ShownError(code=UNREACHABLE_CODE, message=UNREACHABLE_MESSAGE, retryable=True, details=repr(exc))
    message: Msg | str = exc.message
    if exc.code == ErrorCode.UNAUTHORIZED:
        message = user_message(exc.code)  # the sentence US5 asks for, whatever the backend said
    return ShownError(
        code=exc.code,
        message=message,
        retryable=exc.retryable,
        retry_after_seconds=exc.retry_after_seconds,
        correlation_id=exc.correlation_id or None,
        backend_message=exc.backend_message,
        details=exc.details,
        http_status=exc.http_status,
    )

"""The one error type of the client: a registry code plus what a person and a developer need."""

from __future__ import annotations

from pidash.contract.errors import DEFAULT_RETRY_AFTER_SECONDS, ErrorCode, lookup, user_message
from pidash.i18n.message import Msg, msg

CONNECTION_FAILED = "CONNECTION_FAILED"
UNAUTHORIZED = ErrorCode.UNAUTHORIZED.value
NOT_V1_API = "NOT_V1_API"
CONTRACT_VIOLATION = "CONTRACT_VIOLATION"

CLIENT_CODES: dict[str, tuple[bool, Msg]] = {
    CONNECTION_FAILED: (True, msg("The Pi could not be reached. Check that it is powered on and on the network.")),
    NOT_V1_API: (
        False,
        msg("The address answered, but it is probably not the PiOrchestrator V1 API. Check the orchestrator URL."),
    ),
    CONTRACT_VIOLATION: (False, msg("The Pi sent an answer this dashboard does not understand.")),
}
"""Client-side codes: (retryable, plain-language message)."""

AUTH_CODES = frozenset({UNAUTHORIZED})


class OrchestratorError(Exception):
    """Every failure of a call to the Pi, as a value with a code.

    ``message`` is for people (the registry's ``user_message``, generic for unknown codes; a
    :class:`~pidash.i18n.Msg`, English as ``str()``, translated by the page that shows it);
    ``backend_message`` is what the Pi said. Nothing here ever holds the API key.
    """

    def __init__(
        self,
        code: str,
        message: Msg | str | None = None,
        *,
        backend_message: str | None = None,
        http_status: int | None = None,
        retryable: bool | None = None,
        retry_after_seconds: float | None = None,
        details: str | None = None,
        correlation_id: str | None = None,
    ) -> None:
        spec = lookup(code)
        client = CLIENT_CODES.get(code)
        if message is None:
            message = client[1] if client else user_message(code)
        if retryable is None:
            retryable = spec.retryable if spec else (client[0] if client else False)
        self.retry_after_given = retry_after_seconds is not None
        """True when the Pi named the wait (body or ``Retry-After``), not the registry default."""
        if retry_after_seconds is None and retryable:
            default = spec.retry_after_seconds if spec else None
            retry_after_seconds = float(default if default is not None else DEFAULT_RETRY_AFTER_SECONDS)
        self.code = code
        self.message = message
        self.backend_message = backend_message
        self.http_status = http_status
        self.retryable = retryable
        self.retry_after_seconds = retry_after_seconds
        self.details = details
        self.correlation_id = correlation_id
        super().__init__(str(message))

    @property
    def is_auth_error(self) -> bool:
        """401/403 from the auth layer: reconnecting will not help until the key changes."""
        return self.code in AUTH_CODES or (self.http_status in (401, 403) and not self.retryable)

    def __str__(self) -> str:
        parts = [f"{self.code}: {self.message}"]
        if self.http_status is not None:
            parts.append(f"HTTP {self.http_status}")
        if self.correlation_id:
            parts.append(f"correlation_id={self.correlation_id}")
        return " | ".join(parts)

    def __repr__(self) -> str:
        return (
            f"OrchestratorError(code={self.code!r}, http_status={self.http_status!r}, "
            f"retryable={self.retryable!r}, correlation_id={self.correlation_id!r})"
        )

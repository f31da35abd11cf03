"""The V1 error-code registry (handoff §5) with plain-language messages for people."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from pidash.i18n.message import Msg, msg

DEFAULT_RETRY_AFTER_SECONDS = 5
RATE_LIMIT_RETRY_AFTER_SECONDS = 30


class ErrorCode(StrEnum):
    SESSION_NOT_FOUND = "SESSION_NOT_FOUND"
    SESSION_EXPIRED = "SESSION_EXPIRED"
    SESSION_ALREADY_ACTIVE = "SESSION_ALREADY_ACTIVE"
    SESSION_ALREADY_CLOSED = "SESSION_ALREADY_CLOSED"
    SESSION_NOT_RECOVERABLE = "SESSION_NOT_RECOVERABLE"
    DEVICE_NOT_FOUND = "DEVICE_NOT_FOUND"
    DEVICE_NOT_IN_ALLOWLIST = "DEVICE_NOT_IN_ALLOWLIST"
    DEVICE_ALREADY_PROVISIONING = "DEVICE_ALREADY_PROVISIONING"
    DEVICE_INVALID_STATE = "DEVICE_INVALID_STATE"
    MAX_RETRIES_EXCEEDED = "MAX_RETRIES_EXCEEDED"
    TOTP_INVALID = "TOTP_INVALID"
    TOTP_EXPIRED = "TOTP_EXPIRED"
    RATE_LIMITED = "RATE_LIMITED"
    UNAUTHORIZED = "UNAUTHORIZED"
    DEVICE_UNREACHABLE = "DEVICE_UNREACHABLE"
    DEVICE_REJECTED = "DEVICE_REJECTED"
    DEVICE_TIMEOUT = "DEVICE_TIMEOUT"
    CIRCUIT_OPEN = "CIRCUIT_OPEN"
    VERIFICATION_TIMEOUT = "VERIFICATION_TIMEOUT"
    NETWORK_ERROR = "NETWORK_ERROR"
    MQTT_UNAVAILABLE = "MQTT_UNAVAILABLE"
    DATABASE_ERROR = "DATABASE_ERROR"
    INTERNAL_ERROR = "INTERNAL_ERROR"
    VALIDATION_FAILED = "VALIDATION_FAILED"
    INVALID_REQUEST = "INVALID_REQUEST"
    MISSING_PARAMETER = "MISSING_PARAMETER"


@dataclass(frozen=True, slots=True)
class ErrorSpec:
    """One registry row: what the Pi sends, and what a person should read."""

    code: ErrorCode
    http_status: int
    retryable: bool
    message: str
    """The backend's message, as in the handoff."""
    user_message: Msg
    """A plain-language sentence for the dashboard (translated where it is shown)."""

    @property
    def retry_after_seconds(self) -> int | None:
        if not self.retryable:
            return None
        if self.code is ErrorCode.RATE_LIMITED:
            return RATE_LIMIT_RETRY_AFTER_SECONDS
        return DEFAULT_RETRY_AFTER_SECONDS


_C = ErrorCode
REGISTRY: dict[ErrorCode, ErrorSpec] = {
    s.code: s
    for s in (
        ErrorSpec(
            _C.SESSION_NOT_FOUND,
            404,
            False,
            "Session not found",
            msg("This provisioning session no longer exists on the Pi."),
        ),
        ErrorSpec(
            _C.SESSION_EXPIRED,
            410,
            False,
            "Session has expired",
            msg("This provisioning session has expired. Start a new one."),
        ),
        ErrorSpec(
            _C.SESSION_ALREADY_ACTIVE,
            409,
            False,
            "Another session is already active",
            msg("Another provisioning session is already running. Stop it or resume it first."),
        ),
        ErrorSpec(
            _C.SESSION_ALREADY_CLOSED,
            409,
            False,
            "Session is already closed",
            msg("This provisioning session has already been stopped."),
        ),
        ErrorSpec(
            _C.SESSION_NOT_RECOVERABLE,
            409,
            False,
            "Session cannot be recovered",
            msg("This session cannot be resumed any more. Start a new one."),
        ),
        ErrorSpec(
            _C.DEVICE_NOT_FOUND,
            404,
            False,
            "Device not found in session",
            msg("This camera is not part of the current session."),
        ),
        ErrorSpec(
            _C.DEVICE_NOT_IN_ALLOWLIST,
            403,
            False,
            "Device not in allowlist",
            msg("This camera is not approved. Add its MAC address to the allowlist first."),
        ),
        ErrorSpec(
            _C.DEVICE_ALREADY_PROVISIONING,
            409,
            False,
            "Device is currently being provisioned",
            msg("This camera is already being provisioned. Wait for it to finish."),
        ),
        ErrorSpec(
            _C.DEVICE_INVALID_STATE,
            409,
            False,
            "Device is in an invalid state",
            msg("This camera cannot do that in its current state."),
        ),
        ErrorSpec(
            _C.MAX_RETRIES_EXCEEDED,
            409,
            False,
            "Maximum retry attempts exceeded",
            msg("This camera failed too many times. Power-cycle it and start a new session."),
        ),
        ErrorSpec(
            _C.TOTP_INVALID,
            401,
            True,
            "Authentication token is invalid",
            msg("The camera's authentication code was not accepted. Try again."),
        ),
        ErrorSpec(
            _C.TOTP_EXPIRED,
            401,
            True,
            "Authentication token has expired",
            msg("The camera's authentication code expired. Try again."),
        ),
        ErrorSpec(
            _C.RATE_LIMITED,
            429,
            True,
            "Too many attempts. Please wait.",
            msg("Too many requests. Please wait before trying again."),
        ),
        ErrorSpec(
            _C.UNAUTHORIZED,
            401,
            False,
            "Unauthorized access",
            msg("Authentication required. Please configure your API key."),
        ),
        ErrorSpec(
            _C.DEVICE_UNREACHABLE,
            502,
            True,
            "Cannot connect to device",
            msg("The camera could not be reached. Check that it is powered and nearby."),
        ),
        ErrorSpec(
            _C.DEVICE_REJECTED,
            502,
            True,
            "Device rejected credentials",
            msg("The camera rejected the Wi-Fi credentials. Check the SSID and password."),
        ),
        ErrorSpec(
            _C.DEVICE_TIMEOUT, 504, True, "Device did not respond in time", msg("The camera did not answer in time.")
        ),
        ErrorSpec(
            _C.CIRCUIT_OPEN,
            503,
            True,
            "Device temporarily unavailable",
            msg("The camera failed several times in a row; the Pi is pausing before trying it again."),
        ),
        ErrorSpec(
            _C.VERIFICATION_TIMEOUT,
            504,
            True,
            "Device verification timed out",
            msg("The camera did not come online on the target network in time."),
        ),
        ErrorSpec(
            _C.NETWORK_ERROR,
            503,
            True,
            "Onboarding network error",
            msg("The Pi's onboarding Wi-Fi network has a problem."),
        ),
        ErrorSpec(
            _C.MQTT_UNAVAILABLE,
            503,
            True,
            "MQTT broker not connected",
            msg("The Pi's message broker is not connected, so cameras cannot be verified."),
        ),
        ErrorSpec(
            _C.DATABASE_ERROR,
            500,
            False,
            "Database error occurred",
            msg("The Pi could not read or write its database."),
        ),
        ErrorSpec(_C.INTERNAL_ERROR, 500, False, "An internal error occurred", msg("Something went wrong on the Pi.")),
        ErrorSpec(
            _C.VALIDATION_FAILED, 400, False, "Validation failed", msg("Some of the values sent were not valid.")
        ),
        ErrorSpec(
            _C.INVALID_REQUEST, 400, False, "Invalid request format", msg("The request was not understood by the Pi.")
        ),
        ErrorSpec(
            _C.MISSING_PARAMETER, 400, False, "Required parameter is missing", msg("A required value is missing.")
        ),
    )
}

GENERIC_USER_MESSAGE = msg("The Pi reported an unexpected error.")


def lookup(code: str) -> ErrorSpec | None:
    """The registry row for `code`, or None for a code this version does not know."""
    try:
        return REGISTRY[ErrorCode(code)]
    except ValueError:
        return None


def user_message(code: str) -> Msg:
    """The plain-language sentence for ``code`` (generic for a code this version does not know);
    ``str()`` of it is English (logs), a page shows it with ``t.text``."""
    spec = lookup(code)
    return spec.user_message if spec else GENERIC_USER_MESSAGE

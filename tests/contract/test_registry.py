"""The error-code registry against handoff §5."""

from __future__ import annotations

import pytest

from pidash.contract.errors import GENERIC_USER_MESSAGE, REGISTRY, ErrorCode, lookup, user_message

HANDOFF = {
    "SESSION_NOT_FOUND": (404, False),
    "SESSION_EXPIRED": (410, False),
    "SESSION_ALREADY_ACTIVE": (409, False),
    "SESSION_ALREADY_CLOSED": (409, False),
    "SESSION_NOT_RECOVERABLE": (409, False),
    "DEVICE_NOT_FOUND": (404, False),
    "DEVICE_NOT_IN_ALLOWLIST": (403, False),
    "DEVICE_ALREADY_PROVISIONING": (409, False),
    "DEVICE_INVALID_STATE": (409, False),
    "MAX_RETRIES_EXCEEDED": (409, False),
    "TOTP_INVALID": (401, True),
    "TOTP_EXPIRED": (401, True),
    "RATE_LIMITED": (429, True),
    "UNAUTHORIZED": (401, False),
    "DEVICE_UNREACHABLE": (502, True),
    "DEVICE_REJECTED": (502, True),
    "DEVICE_TIMEOUT": (504, True),
    "CIRCUIT_OPEN": (503, True),
    "VERIFICATION_TIMEOUT": (504, True),
    "NETWORK_ERROR": (503, True),
    "MQTT_UNAVAILABLE": (503, True),
    "DATABASE_ERROR": (500, False),
    "INTERNAL_ERROR": (500, False),
    "VALIDATION_FAILED": (400, False),
    "INVALID_REQUEST": (400, False),
    "MISSING_PARAMETER": (400, False),
}


def test_registry_has_all_26_codes_with_status_and_retryable() -> None:
    assert len(REGISTRY) == 26
    assert {code.value: (spec.http_status, spec.retryable) for code, spec in REGISTRY.items()} == HANDOFF


@pytest.mark.parametrize("code", list(ErrorCode))
def test_retry_after_defaults(code: ErrorCode) -> None:
    spec = REGISTRY[code]
    expected = (30 if code is ErrorCode.RATE_LIMITED else 5) if spec.retryable else None
    assert spec.retry_after_seconds == expected
    assert str(spec.user_message).endswith(".")
    assert str(spec.user_message) != spec.message


def test_unknown_codes_get_a_generic_message() -> None:
    assert lookup("SOMETHING_NEW") is None
    assert user_message("SOMETHING_NEW") == GENERIC_USER_MESSAGE
    assert str(user_message("UNAUTHORIZED")) == "Authentication required. Please configure your API key."

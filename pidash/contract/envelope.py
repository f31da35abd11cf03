"""The V1 response envelopes (handoff §4) and the auth middleware's flat 401 body (§6)."""

from __future__ import annotations

from typing import Any, Generic, Literal, TypeVar

from pydantic import Field

from pidash.contract.base import ContractModel, Timestamp, rfc3339, utcnow
from pidash.contract.errors import REGISTRY, ErrorCode

T = TypeVar("T")


class ErrorDetail(ContractModel):
    code: str
    message: str
    retryable: bool = False
    retry_after_seconds: float | None = None
    details: str | None = None


class SuccessEnvelope(ContractModel, Generic[T]):
    success: Literal[True] = True
    data: T
    correlation_id: str = ""
    timestamp: Timestamp = Field(default_factory=utcnow)


class ErrorEnvelope(ContractModel):
    success: Literal[False] = False
    error: ErrorDetail
    correlation_id: str = ""
    timestamp: Timestamp = Field(default_factory=utcnow)


class FlatAuthError(ContractModel):
    """The 401 the auth middleware answers: ``error`` is a string, ``code`` sits beside it."""

    success: Literal[False] = False
    error: str
    code: str = ErrorCode.UNAUTHORIZED.value
    retryable: bool = False
    correlation_id: str = ""
    timestamp: Timestamp = Field(default_factory=utcnow)


def error_envelope(
    code: ErrorCode,
    correlation_id: str,
    *,
    message: str | None = None,
    details: str | None = None,
    retry_after_seconds: float | None = None,
) -> ErrorEnvelope:
    """An error envelope filled from the registry; ``message`` overrides the registry's text."""
    spec = REGISTRY[code]
    retry = retry_after_seconds if retry_after_seconds is not None else spec.retry_after_seconds
    return ErrorEnvelope(
        error=ErrorDetail(
            code=code.value,
            message=message or spec.message,
            retryable=spec.retryable,
            retry_after_seconds=retry,
            details=details,
        ),
        correlation_id=correlation_id,
    )


def success_envelope(data: Any, correlation_id: str) -> dict[str, Any]:
    """A JSON-ready success envelope around ``data`` (a model, a dict or a list)."""
    payload = data.dump() if isinstance(data, ContractModel) else data
    return {"success": True, "data": payload, "correlation_id": correlation_id, "timestamp": rfc3339(utcnow())}

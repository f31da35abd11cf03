"""Registry errors raised by the simulator, and the enveloped responses they become."""

from __future__ import annotations

from typing import Any

from starlette.responses import JSONResponse
from starlette.types import Scope

from pidash.contract.envelope import error_envelope
from pidash.contract.errors import DEFAULT_RETRY_AFTER_SECONDS, REGISTRY, ErrorCode

RETRY_AFTER_STATUSES = frozenset({429, 503})


class SimError(Exception):
    """A V1 error: the registry code decides the HTTP status, unless ``status`` overrides it."""

    def __init__(
        self,
        code: ErrorCode,
        details: str | None = None,
        *,
        message: str | None = None,
        status: int | None = None,
        retry_after: int | None = None,
    ) -> None:
        super().__init__(f"{code.value}: {details or message or REGISTRY[code].message}")
        self.code = code
        self.details = details
        self.message = message
        self.status = status or REGISTRY[code].http_status
        self.retry_after = retry_after


def error_body(error: SimError, correlation_id: str) -> dict[str, Any]:
    return error_envelope(
        error.code,
        correlation_id,
        message=error.message,
        details=error.details,
        retry_after_seconds=error.retry_after,
    ).dump()


def error_response(error: SimError, correlation_id: str) -> JSONResponse:
    body = error_body(error, correlation_id)
    headers: dict[str, str] = {}
    if error.status in RETRY_AFTER_STATUSES:
        retry = body["error"].get("retry_after_seconds") or DEFAULT_RETRY_AFTER_SECONDS
        headers["Retry-After"] = str(int(retry))
    return JSONResponse(body, status_code=error.status, headers=headers)


def scope_correlation_id(scope: Scope) -> str:
    """The request's correlation id, as the correlation middleware put it in the ASGI scope."""
    return str(scope.get("state", {}).get("correlation_id", ""))

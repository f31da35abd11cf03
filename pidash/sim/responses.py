"""Enveloped success answers, and access to the simulator from a request."""

from __future__ import annotations

from typing import Any, cast

from fastapi import Request
from starlette.responses import JSONResponse, Response

from pidash.contract.base import rfc3339, utcnow
from pidash.contract.envelope import success_envelope
from pidash.contract.errors import ErrorCode
from pidash.contract.validation import normalize_mac
from pidash.sim.errors import SimError
from pidash.sim.simulator import Simulator


def get_sim(request: Request) -> Simulator:
    return cast(Simulator, request.app.state.sim)


def correlation_id(request: Request) -> str:
    return str(getattr(request.state, "correlation_id", ""))


def is_field(request: Request) -> bool:
    return get_sim(request).config.field


def ok(request: Request, data: Any, status: int = 200) -> JSONResponse:
    """The success envelope. Field dialect: no ``correlation_id`` in the body (the router's
    ``X-Request-Id`` header carries it; captured)."""
    body = success_envelope(data, correlation_id(request))
    if is_field(request):
        del body["correlation_id"]
    return JSONResponse(body, status_code=status)


def done(request: Request, message: str, status: int = 200) -> JSONResponse:
    """Field dialect: ``success: true`` and no ``data`` (command replies, deletes; Pi team)."""
    return JSONResponse({"success": True, "message": message, "timestamp": rfc3339(utcnow())}, status_code=status)


def accepted(body: dict[str, Any] | None) -> Response:
    """Field dialect: 202 Accepted, with the Pi team's body or none at all."""
    if body is None:
        return Response(status_code=202)
    return JSONResponse(body, status_code=202)


def bare(data: Any, status: int = 200) -> JSONResponse:
    """A legacy route's answer: the object itself, or a flat ``{success, ...}`` (captured)."""
    return JSONResponse(data, status_code=status)


def path_mac(raw: str) -> str:
    """A MAC from the URL, normalised, or ``VALIDATION_FAILED``."""
    try:
        return normalize_mac(raw)
    except ValueError as exc:
        raise SimError(ErrorCode.VALIDATION_FAILED, str(exc)) from exc

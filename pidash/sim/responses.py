"""Enveloped success answers, and access to the simulator from a request."""

from __future__ import annotations

from typing import Any, cast

from fastapi import Request
from starlette.responses import JSONResponse

from pidash.contract.envelope import success_envelope
from pidash.contract.errors import ErrorCode
from pidash.contract.validation import normalize_mac
from pidash.sim.errors import SimError
from pidash.sim.simulator import Simulator


def get_sim(request: Request) -> Simulator:
    return cast(Simulator, request.app.state.sim)


def correlation_id(request: Request) -> str:
    return str(getattr(request.state, "correlation_id", ""))


def ok(request: Request, data: Any, status: int = 200) -> JSONResponse:
    return JSONResponse(success_envelope(data, correlation_id(request)), status_code=status)


def path_mac(raw: str) -> str:
    """A MAC from the URL, normalised, or ``VALIDATION_FAILED``."""
    try:
        return normalize_mac(raw)
    except ValueError as exc:
        raise SimError(ErrorCode.VALIDATION_FAILED, str(exc)) from exc

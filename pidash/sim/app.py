"""``create_app``: the FastAPI application of the PiOrchestrator simulator.

Middleware, outermost first: request counter (``--faults`` only) → correlation id and request log →
faults (``--faults`` only) → API-key auth → routes. Errors are V1 envelopes everywhere under ``/api``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse, Response

from pidash.contract.errors import ErrorCode
from pidash.sim.auth import AuthMiddleware
from pidash.sim.config import SimConfig
from pidash.sim.correlation import CorrelationMiddleware
from pidash.sim.dialect import Listener, OldBuild, OldBuildMiddleware, RateLimitMiddleware, not_found
from pidash.sim.errors import SimError, error_response
from pidash.sim.faults import FaultMiddleware
from pidash.sim.responses import correlation_id
from pidash.sim.routes import control, legacy, monitor, provisioning, system
from pidash.sim.simulator import Simulator


def _describe(error: Any) -> str:
    loc = [str(part) for part in error.get("loc", ())]
    where = ".".join(loc[1:]) if len(loc) > 1 else ".".join(loc)
    return f"{where}: {error.get('msg', 'invalid')}" if where else str(error.get("msg", "invalid"))


def validation_code(errors: list[Any]) -> ErrorCode:
    """Unparsable JSON → INVALID_REQUEST; a missing field → MISSING_PARAMETER; else VALIDATION_FAILED."""
    types = {e.get("type") for e in errors}
    if "json_invalid" in types:
        return ErrorCode.INVALID_REQUEST
    if types == {"missing"}:
        return ErrorCode.MISSING_PARAMETER
    return ErrorCode.VALIDATION_FAILED


async def _on_sim_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, SimError)
    return error_response(exc, correlation_id(request))


async def _on_validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = list(exc.errors())
    details = "; ".join(_describe(e) for e in errors)
    return error_response(SimError(validation_code(errors), details), correlation_id(request))


async def _on_http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if not request.url.path.startswith("/api"):
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
    if exc.status_code == 404 and request.app.state.sim.config.field:
        return not_found(request.scope)  # the field's JSON 404 (captured)
    details = f"no route for {request.method} {request.url.path}" if exc.status_code in (404, 405) else str(exc.detail)
    error = SimError(ErrorCode.INVALID_REQUEST, details, message=str(exc.detail), status=exc.status_code)
    return error_response(error, correlation_id(request))


def create_app(config: SimConfig) -> FastAPI:
    sim = Simulator(config)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        await sim.start()
        try:
            yield
        finally:
            await sim.stop()

    app = FastAPI(title="PiOrchestrator simulator", version=system.ORCHESTRATOR_VERSION, lifespan=lifespan)
    app.state.sim = sim
    app.include_router(provisioning.router)
    app.include_router(system.router)
    app.include_router(monitor.router)
    if config.legacy_routes:
        app.include_router(legacy.router)
    if sim.faults is not None:
        app.include_router(control.router)
        app.state.request_counts = Counter[str]()
    app.add_exception_handler(SimError, _on_sim_error)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(StarletteHTTPException, _on_http_error)
    api_key = config.api_key.get_secret_value() if config.api_key else None
    web_ui = config.listener is Listener.WEB_UI
    app.add_middleware(AuthMiddleware, api_key=api_key, dev_mode=config.dev_mode, open_provisioning=web_ui)
    if config.old_build is not OldBuild.NONE:
        app.add_middleware(OldBuildMiddleware, mode=config.old_build)
    if web_ui:
        app.add_middleware(RateLimitMiddleware)
    if sim.faults is not None:
        app.add_middleware(FaultMiddleware, state=sim.faults)
    header = "X-Request-Id" if config.field else "X-Correlation-ID"  # the field's router sets X-Request-Id
    app.add_middleware(CorrelationMiddleware, faults=sim.faults, default_header=header)
    if sim.faults is not None:  # outermost: every request counts, also those refused before routing
        app.add_middleware(control.RequestCounter, counts=app.state.request_counts)
    return app

"""API-key auth for protected routes (handoff §2, §6), with the flat 401 body."""

from __future__ import annotations

import hmac
from urllib.parse import parse_qsl

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from pidash.contract.envelope import FlatAuthError
from pidash.sim.errors import scope_correlation_id

PROTECTED_PREFIXES = (
    "/api/v1/provisioning/batch",
    "/api/v1/provisioning/allowlist",
    "/api/v1/provisioning/sessions",
    "/api/v1/door",
)
MISSING = "API key required"
INVALID = "Invalid API key"


def _under(path: str, prefix: str) -> bool:
    return path == prefix or path.startswith(prefix + "/")


def is_protected(method: str, path: str) -> bool:
    path = path.rstrip("/") or "/"
    if any(_under(path, prefix) for prefix in PROTECTED_PREFIXES):
        return True
    if method == "PUT" and path.startswith("/api/v1/config/"):
        return True
    return method == "POST" and path == "/api/system/reset"


def presented_key(scope: Scope) -> str | None:
    for name, value in scope.get("headers", []):
        if name == b"x-api-key":
            return str(value.decode("latin-1"))
    query = bytes(scope.get("query_string", b"")).decode("latin-1")
    for key, value in parse_qsl(query):
        if key == "api_key":
            return value
    return None


class AuthMiddleware:
    def __init__(self, app: ASGIApp, api_key: str | None, dev_mode: bool, open_provisioning: bool = False) -> None:
        self.app = app
        self._key = api_key.encode() if api_key else None
        self.dev_mode = dev_mode
        self.open_provisioning = open_provisioning
        """The 8082-style listener: V1 provisioning routes answer without a key (Pi team)."""

    @property
    def required(self) -> bool:
        return not self.dev_mode

    def _failure(self, scope: Scope) -> str | None:
        key = presented_key(scope)
        if not key:
            return MISSING
        if self._key is None or not hmac.compare_digest(key.encode(), self._key):
            return INVALID
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        open_here = self.open_provisioning and scope.get("path", "").startswith("/api/v1/provisioning")
        if scope["type"] == "http" and self.required and not open_here and is_protected(scope["method"], scope["path"]):
            failure = self._failure(scope)
            if failure is not None:
                cid = scope_correlation_id(scope)
                body = FlatAuthError(error=failure, correlation_id=cid).dump()
                await JSONResponse(body, status_code=401)(scope, receive, send)
                return
        await self.app(scope, receive, send)

"""What this Pi offers, learnt from its answers instead of assumed (field notes: "Ports and routes").

Each section has routes in order of preference, the V1 route first and then the legacy one. The
route that answered is remembered until a request says otherwise; a route that answered "no such
route" (404/405/501, a JSON ``NOT_FOUND``, an HTML page) is not asked again before
:data:`MISSING_RETRY_SECONDS` (:data:`MISSING_AFTER_WORKING_SECONDS` if it has answered before), so
nothing is repeated forever against a missing route.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from pidash.orchestrator.errors import NOT_V1_API, OrchestratorError

MISSING_RETRY_SECONDS = 300.0
"""A route that answered "missing" is asked again this rarely."""
MISSING_AFTER_WORKING_SECONDS = 15.0
"""A route that has worked and then answers "missing" is asked again this soon: more likely a proxy's
page or a Pi restarting behind it than a route gone (else the section would stay dark 5 minutes)."""
DOMAIN_NOT_FOUND = frozenset({"SESSION_NOT_FOUND", "DEVICE_NOT_FOUND"})
"""404s that are answers about a thing, not about the route."""


@dataclass(frozen=True)
class Route:
    """One place a section may be served. ``path`` is from the Pi's root."""

    path: str
    legacy: bool = False
    """An unversioned route: flat ``{success, ...}`` envelope or none at all (field notes: Envelopes)."""
    stream: bool = False
    """A log stream (SSE) rather than a JSON read."""
    field: bool = False
    """Where a field Pi serves it, though the handoff puts it elsewhere (``/health``, the log stream)."""

    @property
    def dialect(self) -> str:
        """``legacy``, ``field`` or ``handoff``: who puts this route here."""
        return "field" if self.field else "legacy" if self.legacy else "handoff"


V1 = API_V1 = "/api/v1"
ROUTES: dict[str, tuple[Route, ...]] = {
    "auth": (Route(f"{V1}/auth/status"),),
    "system": (Route(f"{V1}/system/info"), Route("/api/system/info", legacy=True)),
    "health": (Route(f"{V1}/health"), Route("/health", legacy=True, field=True)),
    "wifi": (Route(f"{V1}/wifi/status"), Route("/api/wifi/status", legacy=True)),
    "wifi_scan": (Route(f"{V1}/wifi/scan"), Route("/api/wifi/scan", legacy=True)),
    "door": (Route(f"{V1}/door/status"), Route("/api/door/status", legacy=True)),
    "config": (Route(f"{V1}/config"), Route("/api/dashboard/config", legacy=True)),
    "cameras": (Route(f"{V1}/cameras"), Route("/api/dashboard/cameras", legacy=True)),
    "logs": (
        Route(f"{V1}/system/logs/stream", stream=True),
        Route(f"{V1}/dashboard/logs", stream=True, field=True),
        Route("/api/dashboard/logs", legacy=True),
    ),
}
"""Sections and their routes, preferred first (handoff, then field notes)."""


def route_missing(err: OrchestratorError) -> bool:
    """The answer says the route does not exist here (not that a thing behind it does not)."""
    if err.code in DOMAIN_NOT_FOUND:
        return False
    if err.http_status in (404, 405, 501):
        return True
    return err.code == NOT_V1_API and err.http_status is not None and err.http_status < 500


@dataclass
class RouteRecord:
    """What the last request to one route showed."""

    route: Route
    status: int | None = None
    """HTTP status of the last answer; None if never asked."""
    latency_ms: float | None = None
    missing_since: float | None = None
    """When the route last answered "missing" (monotonic); None while it works."""
    error: OrchestratorError | None = None
    variant: str | None = None
    """The field variant recognised in its last answer, if any."""
    worked: bool = False
    """It has answered at least once since this process started."""


@dataclass
class Capabilities:
    """Shared by every client of one Pi (see ``OrchestratorClient.with_key``)."""

    clock: Callable[[], float] = time.monotonic
    missing_retry_seconds: float = MISSING_RETRY_SECONDS
    missing_after_working_seconds: float = MISSING_AFTER_WORKING_SECONDS
    records: dict[str, RouteRecord] = field(default_factory=dict)
    preferred: dict[str, Route] = field(default_factory=dict)
    auth_required: bool | None = None
    auth_source: str = ""
    """``/auth/status`` or ``protected read`` (how ``auth_required`` was learnt)."""

    def record(self, route: Route) -> RouteRecord:
        rec = self.records.get(route.path)
        if rec is None:
            rec = self.records[route.path] = RouteRecord(route)
        return rec

    def order(self, section: str) -> list[Route]:
        """The routes to try now, V1 first: those not known missing. A V1 route whose "missing"
        answer is older than the slow interval is tried again before the legacy one."""
        return [r for r in ROUTES[section] if not self.known_missing(r)]

    def known_missing(self, route: Route) -> bool:
        """The route answered "missing" less than :attr:`missing_retry_seconds` ago
        (:attr:`missing_after_working_seconds` for a route that has answered before)."""
        rec = self.record(route)
        wait = self.missing_after_working_seconds if rec.worked else self.missing_retry_seconds
        return rec.missing_since is not None and self.clock() - rec.missing_since < wait

    def answered(self, section: str, route: Route, status: int, latency_ms: float, variant: str | None) -> None:
        rec = self.record(route)
        rec.status, rec.latency_ms, rec.missing_since, rec.error, rec.variant = status, latency_ms, None, None, variant
        rec.worked = True
        self.preferred[section] = route

    def failed(self, section: str, route: Route, err: OrchestratorError, latency_ms: float | None) -> bool:
        """Note a failure; True when it says the route is missing (then try the next one)."""
        rec = self.record(route)
        rec.status, rec.latency_ms, rec.error = err.http_status, latency_ms, err
        if not route_missing(err):
            return False
        rec.missing_since = self.clock()
        if self.preferred.get(section) == route:
            del self.preferred[section]
        return True

    def last_error(self, section: str) -> OrchestratorError | None:
        """The remembered "missing" answer of a section whose every route is missing."""
        for route in ROUTES[section]:
            err = self.record(route).error
            if err is not None:
                return err
        return None

    def serving(self, section: str) -> Route | None:
        return self.preferred.get(section)

    def table(self) -> list[dict[str, object]]:
        """One row per section: the route serving it, whether it is legacy, and what was seen."""
        rows: list[dict[str, object]] = []
        for section, routes in ROUTES.items():
            best = self.preferred.get(section)
            rec = self.record(best) if best else None
            if best is not None and rec is not None:
                verdict = "works via legacy route" if best.dialect == "legacy" else "works"
            elif all(self.record(r).missing_since is not None for r in routes):
                verdict = "missing on this Pi"
            else:
                verdict = "not asked yet" if all(self.record(r).status is None for r in routes) else "failing"
            rows.append(
                {
                    "section": section,
                    "route": best.path if best else "",
                    "legacy": bool(best and best.dialect == "legacy"),
                    "status": rec.status if rec else None,
                    "latency_ms": rec.latency_ms if rec else None,
                    "variant": (rec.variant if rec else None) or "",
                    "verdict": verdict,
                }
            )
        return rows

"""What a Pi offers, learnt from answers (plain data, a fake clock)."""

from __future__ import annotations

from pidash.orchestrator.capabilities import ROUTES, Capabilities, route_missing
from pidash.orchestrator.errors import NOT_V1_API, OrchestratorError


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def missing_404() -> OrchestratorError:
    return OrchestratorError("NOT_FOUND", http_status=404)


def test_what_counts_as_a_missing_route() -> None:
    assert route_missing(missing_404())
    assert route_missing(OrchestratorError(NOT_V1_API, http_status=200))  # an old build's HTML page
    assert route_missing(OrchestratorError("INVALID_REQUEST", http_status=405))
    assert not route_missing(OrchestratorError("SESSION_NOT_FOUND", http_status=404))  # about a thing
    assert not route_missing(OrchestratorError(NOT_V1_API, http_status=503, retryable=True))  # a proxy, for now
    assert not route_missing(OrchestratorError("UNAUTHORIZED", http_status=401))


def test_v1_first_then_legacy_and_the_missing_one_asked_again_only_after_the_interval() -> None:
    clock = Clock()
    caps = Capabilities(clock=clock, missing_retry_seconds=300.0)
    v1, legacy = ROUTES["system"]
    assert caps.order("system") == [v1, legacy]
    assert caps.failed("system", v1, missing_404(), 3.0) is True
    assert caps.order("system") == [legacy]
    caps.answered("system", legacy, 200, 4.0, "field: nested system info with Go units")
    assert caps.serving("system") == legacy
    row = next(r for r in caps.table() if r["section"] == "system")
    assert row["verdict"] == "works via legacy route" and row["route"] == "/api/system/info"
    clock.now += 299.0
    assert caps.order("system") == [legacy]
    clock.now += 2.0
    assert caps.order("system") == [v1, legacy]  # V1 is asked again first
    caps.answered("system", v1, 200, 2.0, None)
    assert caps.serving("system") == v1 and not caps.known_missing(v1)


def test_a_failure_that_is_not_missing_keeps_the_route() -> None:
    caps = Capabilities(clock=Clock())
    v1 = ROUTES["door"][0]
    caps.answered("door", v1, 200, 1.0, None)
    assert caps.failed("door", v1, OrchestratorError("UNAUTHORIZED", http_status=401), 1.0) is False
    assert caps.serving("door") == v1 and caps.order("door")[0] == v1


def test_every_route_missing_is_said_and_remembered() -> None:
    caps = Capabilities(clock=Clock())
    for route in ROUTES["cameras"]:
        caps.failed("cameras", route, missing_404(), 1.0)
    assert caps.order("cameras") == []
    assert caps.last_error("cameras") is not None
    row = next(r for r in caps.table() if r["section"] == "cameras")
    assert row["verdict"] == "missing on this Pi"


def test_a_route_that_worked_and_then_answers_missing_is_asked_again_soon() -> None:
    """A proxy's 404 page while the Pi restarts must not leave a section dark for five minutes."""
    clock = Clock()
    caps = Capabilities(clock=clock, missing_retry_seconds=300.0, missing_after_working_seconds=15.0)
    routes = ROUTES["door"]
    caps.answered("door", routes[0], 200, 1.0, None)
    for route in routes:
        caps.failed("door", route, missing_404(), 1.0)
    assert caps.order("door") == []
    clock.now += 14.0
    assert caps.order("door") == []
    clock.now += 2.0
    assert caps.order("door") == [routes[0]]  # the one that worked; the legacy one never did
    clock.now += 300.0
    assert caps.order("door") == list(routes)

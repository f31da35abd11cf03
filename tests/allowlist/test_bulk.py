"""pidash.ui.bulk.for_each: past single refusals, stopped by those about the Pi or the key."""

from __future__ import annotations

from pidash.orchestrator import OrchestratorError
from pidash.orchestrator.errors import CONNECTION_FAILED
from pidash.ui.bulk import for_each


async def test_goes_on_past_a_refused_item_and_reports_it() -> None:
    seen: list[tuple[int, int]] = []

    async def call(n: int) -> None:
        if n == 2:
            raise OrchestratorError("DATABASE_ERROR")

    outcome = await for_each([1, 2, 3], call, name=lambda n: f"item {n}", progress=lambda d, t: seen.append((d, t)))
    assert (outcome.done, outcome.stopped) == (2, None)
    assert outcome.failures == [("item 2", "DATABASE_ERROR: The Pi could not read or write its database.")]
    assert seen == [(1, 3), (2, 3), (3, 3)]
    assert str(outcome.summary) == "2 of 3 done; 1 failed."


async def test_stops_when_every_next_item_would_fail_alike() -> None:
    calls: list[int] = []

    async def call(n: int) -> None:
        calls.append(n)
        if n == 2:
            raise OrchestratorError("UNAUTHORIZED")

    outcome = await for_each([1, 2, 3, 4], call, name=str)
    assert calls == [1, 2]
    assert outcome.stopped is not None and outcome.stopped.startswith("UNAUTHORIZED")
    assert str(outcome.summary).startswith("1 of 4 done; 1 failed; stopped (UNAUTHORIZED: ")
    assert str(outcome.summary).endswith("), 2 not tried.")


async def test_an_unreachable_pi_stops_the_run() -> None:
    async def call(n: int) -> None:
        raise OrchestratorError(CONNECTION_FAILED)

    outcome = await for_each([1, 2, 3], call, name=str)
    assert (outcome.done, len(outcome.failures), str(outcome.summary).endswith("2 not tried.")) == (0, 1, True)

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.processes import SimProcess


@pytest.fixture
def sim_factory(tmp_path: Path) -> Iterator[Callable[..., SimProcess]]:
    """Start simulators (each on its own free loopback port); all are stopped after the test."""
    started: list[SimProcess] = []

    def make(**kwargs: Any) -> SimProcess:
        data_dir = kwargs.pop("data_dir", tmp_path / f"sim{len(started)}")
        sim = SimProcess(data_dir, **kwargs).start()
        started.append(sim)
        return sim

    yield make
    for sim in started:
        sim.stop()


@pytest.fixture
def sim(sim_factory: Callable[..., SimProcess]) -> SimProcess:
    """A simulator with five allowlisted cameras, no random failures, 20x time, faults enabled."""
    return sim_factory()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests run last: Playwright's sync API keeps an event loop running in this thread
    while it is open, and asyncio tests cannot start beside it."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)

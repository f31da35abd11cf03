from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.demo import Demo
from tests.support.processes import SimProcess

DIALECTS = ("handoff", "field")
"""``pidash sim --dialect``: the contract as written, and what real Pis send (FIELD-NOTES.md)."""


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Tests marked ``dialects`` run once per simulator dialect (a fixture param, not a copy)."""
    if "dialect" in metafunc.fixturenames and metafunc.definition.get_closest_marker("dialects") is not None:
        # module scope: the tests of a module run for one dialect, then for the other, so that
        # module-wide simulators and dashboards (tests/browser) are started once per dialect
        metafunc.parametrize("dialect", DIALECTS, indirect=True, scope="module")


@pytest.fixture(scope="module")
def dialect(request: pytest.FixtureRequest) -> str:
    """The simulator's dialect: ``handoff`` unless the test is marked ``dialects``."""
    return str(getattr(request, "param", "handoff"))


@pytest.fixture
def sim_factory(tmp_path: Path, dialect: str) -> Iterator[Callable[..., SimProcess]]:
    """Start simulators (each on its own free loopback port); all are stopped after the test."""
    started: list[SimProcess] = []

    def make(**kwargs: Any) -> SimProcess:
        data_dir = kwargs.pop("data_dir", tmp_path / f"sim{len(started)}")
        kwargs.setdefault("dialect", dialect)
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


@pytest.fixture
def demo_factory(tmp_path: Path) -> Iterator[Callable[..., Demo]]:
    started: list[Demo] = []

    def make(*extra: str) -> Demo:
        demo = Demo(tmp_path, *extra)
        started.append(demo)
        return demo

    try:
        yield make
    finally:
        for demo in started:
            demo.stop()

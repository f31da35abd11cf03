from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.processes import SimProcess


@pytest.fixture(scope="module")
def shared_sim(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SimProcess]:
    """One simulator per test module, for tests that do not depend on session state."""
    sim = SimProcess(tmp_path_factory.mktemp("shared-sim"), unlisted=1, devices=5).start()
    yield sim
    sim.stop()

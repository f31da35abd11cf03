"""The store's process-wide reads (recoverable sessions) against a Pi that answers late.

A read that was already under way when something forced a fresh one (a resume, a closed
session) may carry the Pi's state from before it: the store must read once more, and show the
newer answer, not the older one.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from pidash.contract.provisioning import AllowlistEntry
from pidash.settings import DashboardSettings
from pidash.store.store import DashboardStore
from pidash.store.sync import StoreSync
from tests.hostile.server import Conn, HostileServer, Request, now, rfc3339, session
from tests.orchestrator.helpers import wait_for

RECOVERABLE = "/api/v1/provisioning/sessions/recoverable"
ALLOWLIST = "/api/v1/provisioning/allowlist"
FIRST_ANSWER_DELAY = 2.0
"""Long enough for a busy test loop to ask again while the first answer is on its way."""
NEW_MAC = "AA:BB:CC:DD:EE:02"


class LatePi:
    """Answers the recoverable list as it stood when the request arrived; the first answer is sent late."""

    def __init__(self) -> None:
        self.sessions: list[dict[str, Any]] = [session("s-paused", "paused")]
        self.entries: list[dict[str, Any]] = [entry("AA:BB:CC:DD:EE:01")]
        self.server = HostileServer(self.script)

    async def script(self, request: Request, conn: Conn) -> None:
        if request.path == RECOVERABLE:
            data: dict[str, Any] = {"sessions": list(self.sessions)}  # read now, sent later
        elif request.path == ALLOWLIST:
            data = {"entries": list(self.entries)}
        else:
            await conn.json(404, {"success": False, "error": {"code": "NOT_FOUND", "message": "no route"}})
            return
        if self.server.count(request.path) == 1:
            await asyncio.sleep(FIRST_ANSWER_DELAY)
        await conn.json(200, {"success": True, "data": data, "correlation_id": "c-1", "timestamp": rfc3339(now())})


def entry(mac: str) -> dict[str, Any]:
    return {"mac": mac, "added_at": rfc3339(now())}


@pytest.fixture
def late_pi() -> Iterator[LatePi]:
    pi = LatePi()
    pi.server.start()
    yield pi
    pi.server.stop()


@pytest.fixture
async def sync(late_pi: LatePi, tmp_path: Path) -> AsyncIterator[StoreSync]:
    """The dashboard's reads (no feeds started) against the late Pi, with a configured key."""
    settings = DashboardSettings(orchestrator_url=late_pi.server.url, api_key=SecretStr("k"), data_dir=tmp_path)
    reads = StoreSync(settings, DashboardStore())
    yield reads
    await reads.stop()


async def settled(sync: StoreSync) -> None:
    """Every read started has ended (a repeated read included)."""
    await wait_for(lambda: all(task.done() for task in sync._loads.values()))


async def test_forced_read_during_a_late_read_shows_the_newer_answer(late_pi: LatePi, sync: StoreSync) -> None:
    shown: list[list[str]] = []
    sync.store.recoverable_changed.subscribe(lambda: shown.append([s.id for s in sync.store.recoverable]))
    sync.refresh_recoverable(force=True)  # e.g. the stream reopened after the Pi came back
    await wait_for(lambda: late_pi.server.count(RECOVERABLE) == 1)
    late_pi.sessions = []  # the session is resumed on the Pi while that answer is on its way
    sync.refresh_recoverable(force=True)  # what the resume asks for
    await wait_for(lambda: late_pi.server.count(RECOVERABLE) == 2)
    await settled(sync)
    assert sync.store.recoverable == []
    assert shown == [[]]  # the older answer was never shown, not even for a moment
    assert late_pi.server.count(RECOVERABLE) == 2


async def test_unforced_read_during_a_read_adds_no_request(late_pi: LatePi, sync: StoreSync) -> None:
    sync.refresh_recoverable(force=True)
    await wait_for(lambda: late_pi.server.count(RECOVERABLE) == 1)
    sync.refresh_recoverable()  # a page opened: any recent answer will do
    await wait_for(lambda: sync.store.recoverable_loaded_at is not None)
    await settled(sync)
    assert [s.id for s in sync.store.recoverable] == ["s-paused"]
    assert late_pi.server.count(RECOVERABLE) == 1


async def test_allowlist_edit_during_a_late_read_is_kept(late_pi: LatePi, sync: StoreSync) -> None:
    sync.refresh_allowlist(force=True)  # e.g. a page opened
    await wait_for(lambda: late_pi.server.count(ALLOWLIST) == 1)
    # a technician adds a camera while that answer is on its way: the Pi has it, the page shows it
    late_pi.entries = [*late_pi.entries, entry(NEW_MAC)]
    sync.store.edit_allowlist(added=[AllowlistEntry.model_validate(entry(NEW_MAC))])
    await wait_for(lambda: late_pi.server.count(ALLOWLIST) == 2)
    await settled(sync)
    assert {e.mac for e in sync.store.allowlist} == {"AA:BB:CC:DD:EE:01", NEW_MAC}

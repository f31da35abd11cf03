"""Section polls against the real simulator: ready, empty-or-not, error, and unavailable (404/503)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import httpx
from pydantic import SecretStr

from pidash.orchestrator import OrchestratorClient
from pidash.store.section_poller import SectionPoller
from pidash.store.sections import CAMERAS, CONFIG, DOOR, HEALTH, WIFI_SCAN, Sections, SectionStatus
from pidash.ui.pages.config import parse_value
from pidash.ui.pages.door import duration_error
from pidash.ui.validation import optional_timeout
from tests.support.processes import SimProcess


async def until(check: Callable[[], bool], seconds: float = 10.0) -> None:
    for _ in range(int(seconds / 0.05)):
        if check():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("condition not met in time")


def faults(sim: SimProcess, **body: object) -> None:
    httpx.put(f"{sim.url}/_sim/faults", json=body, timeout=5).raise_for_status()


async def test_sections_load_fail_and_are_unavailable(sim: SimProcess) -> None:
    client = OrchestratorClient(sim.url, SecretStr(sim.api_key or ""))
    keyless = OrchestratorClient(sim.url)
    sections = Sections()
    use = [client]
    poller = SectionPoller(sections, lambda: use[0])
    try:
        for name in (CAMERAS, CONFIG, WIFI_SCAN, DOOR):
            await poller.read(poller.specs[name])
        assert sections[CAMERAS].status == SectionStatus.READY and sections[CAMERAS].data
        assert sections[CONFIG].status == SectionStatus.READY
        assert sections[WIFI_SCAN].data[0].rssi >= sections[WIFI_SCAN].data[-1].rssi  # strongest first
        assert sections[DOOR].data.state == "closed"

        use[0] = keyless  # the door is protected: an error, not "unavailable", and the data is kept
        await poller.read(poller.specs[DOOR])
        door = sections[DOOR]
        assert door.status == SectionStatus.ERROR and door.error is not None
        assert door.error.code == "UNAUTHORIZED" and door.data is not None

        faults(sim, unavailable_routes={"/api/v1/health": 404, "/api/v1/cameras": 503})
        use[0] = client
        await poller.read(poller.specs[HEALTH])
        assert sections[HEALTH].status == SectionStatus.UNAVAILABLE
        error = sections[HEALTH].error
        assert error is not None and error.http_status == 404
        await poller.read(poller.specs[CAMERAS])  # a proxy's 503 (retried, then given up)
        assert sections[CAMERAS].status == SectionStatus.UNAVAILABLE and sections[CAMERAS].data is None

        faults(sim, unavailable_routes={})
        health_reads = sim.log_text().count("GET /api/v1/health ->")
        await poller.read(poller.specs[HEALTH])  # remembered missing: not asked again so soon
        assert sections[HEALTH].status == SectionStatus.UNAVAILABLE
        assert sim.log_text().count("GET /api/v1/health ->") == health_reads
        client.capabilities.missing_retry_seconds = 0.5  # the slow interval, shortened for the test
        await asyncio.sleep(0.6)
        await poller.start()
        poller.refresh(HEALTH)
        await until(lambda: sections[HEALTH].status == SectionStatus.READY)
    finally:
        await poller.stop()
        await client.aclose()
        await keyless.aclose()


async def test_a_read_from_before_a_commands_reply_is_not_shown(sim: SimProcess) -> None:
    """The door opens while a status read is on its way: the Pi answered the read before the
    command, and its answer arrives after the command's reply (``late_read_replies_ms``, as behind
    a proxy that holds answers). The reply's "open" stays shown, the read's "closed" never shows,
    and a read that began after the command is shown."""
    client = OrchestratorClient(sim.url, SecretStr(sim.api_key or ""))
    sections = Sections()
    poller = SectionPoller(sections, lambda: client)
    door = sections[DOOR]
    try:
        await poller.read(poller.specs[DOOR])
        assert door.data.state == "closed"
        faults(sim, late_read_replies_ms=3000)
        read = asyncio.create_task(poller.read(poller.specs[DOOR]))
        await asyncio.sleep(1.0)  # the simulator has made its answer ("closed") and holds it
        reply = await client.open_door(300)  # 15 s at the simulator's 20x: open all through the test
        assert reply.data is not None and reply.data.state == "open"
        door.set_data(reply.data)  # as the Door page shows a command's reply
        assert not read.done()
        assert await read is None  # the read succeeded, from before the command ...
        assert door.data.state == "open" and door.status == SectionStatus.READY  # ... and is not shown
        assert not door.busy

        faults(sim, late_read_replies_ms=0)
        await client.close_door()  # a read that began after a change shows it
        await poller.read(poller.specs[DOOR])
        assert door.data.state == "closed"
    finally:
        await client.aclose()


def test_typed_config_values_and_door_duration() -> None:
    assert parse_value("int", 8883.0) == (8883, None)
    assert parse_value("int", 1.5) == (None, "Enter a whole number.")
    assert parse_value("float", "2.5") == (2.5, None)
    assert parse_value("float", "") == (None, "Enter a number.")
    assert parse_value("bool", True) == (True, None)
    assert parse_value("string", "  ") == (None, "Enter a value.")
    assert duration_error(10) is None
    assert duration_error(0) == "Between 1 and 300 seconds."
    assert duration_error(2.5) == "Enter a whole number of seconds."
    assert duration_error(None) == "Enter a number of seconds."
    assert duration_error(300.0) is None


def test_session_timeouts_are_optional_whole_seconds() -> None:
    assert optional_timeout(None) is None and optional_timeout("") is None  # the Pi's default
    assert optional_timeout(3600) is None
    assert optional_timeout(0) == "Between 1 and 3600 seconds (leave empty for the Pi's default)."
    assert optional_timeout(3601) == "Between 1 and 3600 seconds (leave empty for the Pi's default)."
    assert optional_timeout(1.5) == "Enter a whole number of seconds."
    assert optional_timeout("ten") == "Enter a number of seconds."


async def test_a_refused_section_waits_for_a_key_instead_of_polling(sim: SimProcess) -> None:
    """Without a key the door (5 s interval) is asked once, not every 5 s; a new key wakes it."""
    assert sim.api_key
    keyless = OrchestratorClient(sim.url)
    client = OrchestratorClient(sim.url, SecretStr(sim.api_key))
    sections = Sections()
    use = [keyless]
    poller = SectionPoller(sections, lambda: use[0])

    def door_reads() -> int:
        return sim.log_text().count("GET /api/v1/door/status ->")

    try:
        before = door_reads()
        await poller.start()
        await until(lambda: sections[DOOR].status == SectionStatus.ERROR)
        await asyncio.sleep(6.0)  # past the 5 s interval
        assert door_reads() - before == 1
        use[0] = client
        poller.refresh(DOOR)
        await until(lambda: sections[DOOR].status == SectionStatus.READY)
        await asyncio.sleep(5.5)  # with a key the 5 s polling is back
        assert door_reads() - before >= 3
    finally:
        await poller.stop()
        await client.aclose()
        await keyless.aclose()

"""The simulator's log hub numbers lines in the order its streams send them, whatever thread logs."""

from __future__ import annotations

import asyncio
import logging
import threading

from pidash.sim.logs import LogHub, LogHubHandler


def _record(message: str) -> logging.LogRecord:
    return logging.LogRecord("pidash.sim.wifi", logging.INFO, __file__, 1, message, None, None)


def test_a_line_logged_off_the_loop_is_numbered_on_the_loop() -> None:
    hub = LogHub()
    handler = LogHubHandler(hub)
    loop = asyncio.new_event_loop()
    try:
        handler.loop = loop
        worker = threading.Thread(target=handler.emit, args=(_record("scan done"),))
        worker.start()
        worker.join()
        assert hub.recent(1) == []  # not published from the worker thread
        loop.run_until_complete(asyncio.sleep(0))
        [line] = hub.recent(1)
        assert (line.item.component, line.item.message) == ("wifi", "scan done")
    finally:
        loop.close()


def test_lines_from_threads_and_the_loop_reach_a_stream_in_id_order() -> None:
    hub = LogHub()
    handler = LogHubHandler(hub)

    def log_from_thread(n: int) -> None:
        for i in range(50):
            handler.emit(_record(f"t{n}-{i}"))

    def join(workers: list[threading.Thread]) -> None:
        for worker in workers:
            worker.join()

    async def run() -> list[int]:
        handler.loop = asyncio.get_running_loop()
        sub, _ = hub.subscribe()
        workers = [threading.Thread(target=log_from_thread, args=(n,)) for n in range(4)]
        for worker in workers:
            worker.start()
        for i in range(50):
            handler.emit(_record(f"loop-{i}"))
            await asyncio.sleep(0)
        await asyncio.to_thread(join, workers)
        await asyncio.sleep(0.05)
        ids = []
        while not sub.queue.empty():
            stamped = sub.queue.get_nowait()
            assert stamped is not None
            ids.append(stamped.id)
        return ids

    ids = asyncio.run(run())
    assert len(ids) == 250
    assert ids == sorted(ids)

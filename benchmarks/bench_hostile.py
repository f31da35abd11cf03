"""Peak memory of a real dashboard while a hostile Pi sends a 100 MiB SSE line and a 100 MiB frame.

A ``pidash run`` process points at the hostile server (``tests/hostile``): once the dashboard is
up and its memory measured, the provisioning stream sends ``data:`` followed by 100 MiB without a
line ending, and the monitor socket announces and sends one 100 MiB text frame. The dashboard's
resident memory is sampled every 20 ms (``/proc/<pid>/status``). Goal: growth under 20 MB (the
caps are 1 MiB per SSE line and per WebSocket frame).
"""

from __future__ import annotations

import asyncio
import tempfile
import threading
import time
from pathlib import Path

from tests.browser.support import DashboardProcess
from tests.hostile.server import Conn, HostileServer, Request, now, sse_event

PAYLOAD = 100 * 1024 * 1024
GOAL_MB = 20.0
EVENTS = "/api/v1/provisioning/batch/events"


class Attack:
    def __init__(self) -> None:
        self.go = threading.Event()
        self.sent = {"sse": 0, "ws": 0}

    async def wait_go(self) -> None:
        await asyncio.to_thread(self.go.wait)  # set from the benchmark's thread

    async def endless(self, conn: Conn, kind: str) -> None:
        block = b"x" * 65536
        while self.sent[kind] < PAYLOAD:
            await conn.send(block)
            self.sent[kind] += len(block)

    async def script(self, request: Request, conn: Conn) -> None:
        if request.path == EVENTS:
            await conn.sse_head()
            await conn.send(sse_event("connection.established", {}, sid=None, at=now()).encode())
            await self.wait_go()
            await conn.send(b"data: ")
            await self.endless(conn, "sse")
            await asyncio.sleep(60)
        elif request.path == "/ws/monitor":
            await conn.websocket_accept(request)
            await self.wait_go()
            await conn.ws_text_frame_header(PAYLOAD)
            await self.endless(conn, "ws")
            await asyncio.sleep(60)
        else:
            await conn.head(404, {"Content-Type": "text/plain", "Content-Length": "9"})
            await conn.send(b"not found")


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def main() -> None:
    attack = Attack()
    server = HostileServer(attack.script).start()
    with tempfile.TemporaryDirectory() as tmp:
        dash = DashboardProcess(server.url, Path(tmp)).start()
        try:
            assert dash.proc is not None
            pid = dash.proc.pid
            time.sleep(5)  # settle: feeds connected, first page served
            baseline = rss_kb(pid)
            attack.go.set()
            peak = baseline
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                peak = max(peak, rss_kb(pid))
                time.sleep(0.02)
            log = dash.log_text()
        finally:
            attack.go.set()  # no waiting thread is left behind
            dash.stop()
            server.stop()
    growth = (peak - baseline) / 1024
    print(f"dashboard RSS before: {baseline / 1024:.1f} MB, peak during the attack: {peak / 1024:.1f} MB")
    print(f"growth: {growth:.1f} MB (goal < {GOAL_MB:.0f} MB) -> {'OK' if growth < GOAL_MB else 'OVER'}")
    print(
        f"SSE streams dropped for a line over the cap: {log.count('stream dropped')};"
        f" monitor sockets closed with 1009: {log.count('(1009)')}"
    )


if __name__ == "__main__":
    main()

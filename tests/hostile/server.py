"""A hand-written hostile Pi: a raw-socket HTTP/1.1 (and WebSocket) server on loopback.

It plays what the simulator cannot: a body that dribbles in at 1 byte/s, an answer that is
read at one moment and sent seconds later, SSE with CR-only line endings written in exact
chunks, an endless line, a 204 on the stream, a WebSocket frame of any announced size. Not a
mock of our own code: real TCP, real bytes, driven by a script (one coroutine per request).

Runs its own event loop in a thread, so both sync code (a benchmark) and asyncio tests can
use it. ``script(request, conn)`` answers one request; return to close the connection.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import threading
import uuid
from collections.abc import Awaitable, Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.support.processes import free_port

WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
CHUNK = 64 * 1024


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    """Lower-cased names."""


@dataclass
class Conn:
    """One accepted connection: write bytes, HTTP heads, SSE frames, WebSocket frames."""

    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter

    async def send(self, data: bytes) -> None:
        self.writer.write(data)
        await self.writer.drain()

    async def head(self, status: int, headers: dict[str, str]) -> None:
        reason = {200: "OK", 204: "No Content", 404: "Not Found", 101: "Switching Protocols"}.get(status, "X")
        lines = [f"HTTP/1.1 {status} {reason}", *(f"{k}: {v}" for k, v in headers.items()), "", ""]
        await self.send("\r\n".join(lines).encode())

    async def json(self, status: int, body: Any) -> None:
        data = json.dumps(body).encode()
        await self.head(status, {"Content-Type": "application/json", "Content-Length": str(len(data))})
        await self.send(data)

    async def sse_head(self) -> None:
        """A stream without Content-Length: the body ends when the connection closes."""
        await self.head(200, {"Content-Type": "text/event-stream", "Cache-Control": "no-cache", "Connection": "close"})

    async def websocket_accept(self, request: Request) -> None:
        key = request.headers["sec-websocket-key"]
        accept = base64.b64encode(hashlib.sha1((key + WS_GUID).encode()).digest()).decode()
        await self.head(101, {"Upgrade": "websocket", "Connection": "Upgrade", "Sec-WebSocket-Accept": accept})

    async def ws_text_frame_header(self, length: int) -> None:
        """The header of one unmasked text frame of ``length`` bytes (its payload follows)."""
        if length < 126:
            header = bytes([0x81, length])
        elif length < 2**16:
            header = bytes([0x81, 126]) + length.to_bytes(2, "big")
        else:
            header = bytes([0x81, 127]) + length.to_bytes(8, "big")
        await self.send(header)

    async def filler(self, total: int, byte: bytes = b"x") -> None:
        """``total`` bytes of ``byte`` in 64 KiB writes (never held whole)."""
        block = byte * CHUNK
        while total > 0:
            await self.send(block[: min(total, CHUNK)])
            total -= CHUNK


Script = Callable[[Request, Conn], Awaitable[None]]


@dataclass
class HostileServer:
    script: Script
    port: int = field(default_factory=free_port)
    requests: list[Request] = field(default_factory=list)
    _loop: asyncio.AbstractEventLoop | None = None
    _server: asyncio.Server | None = None
    _thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> HostileServer:
        ready: Future[None] = Future()
        self._loop = asyncio.new_event_loop()

        async def serve() -> None:
            self._server = await asyncio.start_server(self._handle, "127.0.0.1", self.port)
            ready.set_result(None)

        def run() -> None:
            assert self._loop is not None
            asyncio.set_event_loop(self._loop)
            self._loop.run_until_complete(serve())
            self._loop.run_forever()

        self._thread = threading.Thread(target=run, name="hostile-server", daemon=True)
        self._thread.start()
        ready.result(10)
        return self

    def stop(self) -> None:
        loop = self._loop
        if loop is None:
            return

        async def shutdown() -> None:
            if self._server is not None:
                self._server.close()
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

        asyncio.run_coroutine_threadsafe(shutdown(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        assert self._thread is not None
        self._thread.join(10)
        self._loop = None

    def count(self, path: str) -> int:
        return sum(1 for r in self.requests if r.path == path)

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        conn = Conn(reader, writer)
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            line, *header_lines = head.decode("latin-1").split("\r\n")
            method, target, _ = line.split(" ", 2)
            headers = {}
            for h in header_lines:
                if ":" in h:
                    name, value = h.split(":", 1)
                    headers[name.strip().lower()] = value.strip()
            parts = urlsplit(target)
            request = Request(method, parts.path, parse_qs(parts.query), headers)
            self.requests.append(request)
            await self.script(request, conn)
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.CancelledError):
            pass
        finally:
            writer.close()


# --- V1 shapes (handoff §3, §7.2), written by hand --------------------------------------------


def rfc3339(when: datetime) -> str:
    return when.astimezone(UTC).isoformat().replace("+00:00", "Z")


def now() -> datetime:
    return datetime.now(UTC)


def session(sid: str, state: str = "active") -> dict[str, Any]:
    return {"id": sid, "state": state, "target_ssid": "FactoryNet", "created_at": rfc3339(now() - timedelta(minutes=1))}


def device(mac: str, state: str) -> dict[str, Any]:
    return {"mac": mac, "ip": "192.168.4.20", "state": state, "rssi": -50, "firmware_version": "1.0.0"}


def snapshot_body(sid: str, devices: list[dict[str, Any]], at: datetime) -> dict[str, Any]:
    """The success envelope of ``GET /provisioning/batch/{id}``, stamped ``at``."""
    return {
        "success": True,
        "data": {"session": session(sid), "devices": devices},
        "correlation_id": str(uuid.uuid4()),
        "timestamp": rfc3339(at),
    }


def sse_event(
    kind: str, payload: Any, *, sid: str | None, at: datetime, event_id: int | None = None, eol: str = "\n"
) -> str:
    envelope: dict[str, Any] = {"version": "1.0", "type": kind, "timestamp": rfc3339(at), "payload": payload}
    if sid is not None:
        envelope["session_id"] = sid
    lines = [f"event: {kind}"]
    if event_id is not None:
        lines.append(f"id: {event_id}")
    lines.append("data: " + json.dumps(envelope, separators=(",", ":")))
    return eol.join(lines) + eol + eol

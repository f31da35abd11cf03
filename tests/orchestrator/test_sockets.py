"""The sockets the dashboard reads a Pi through (``pidash.orchestrator.sockets``), against small real
servers on loopback and the real simulator."""

from __future__ import annotations

import asyncio
import socket
import ssl
import struct
import threading
import time
import tracemalloc
from collections.abc import Awaitable, Callable, Coroutine
from pathlib import Path
from typing import Any

import httpcore
import httpx
import pytest
import uvloop

from pidash.orchestrator.sockets import KEEPALIVE_OPTIONS, PacedBackend, PiTransport
from tests.orchestrator.helpers import client_for
from tests.support.processes import SimProcess
from tests.support.tls import self_signed

Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]
FLOOD_BYTES = 24 * 1024 * 1024


async def _serve(handler: Handler, tls: ssl.SSLContext | None = None) -> tuple[asyncio.Server, int]:
    server = await asyncio.start_server(handler, "127.0.0.1", 0, ssl=tls)
    return server, server.sockets[0].getsockname()[1]


async def _flood(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """An event stream whose first line never ends: ``data: xxxx…`` as fast as loopback takes it."""
    await reader.readuntil(b"\r\n\r\n")
    writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\ndata: ")
    block = b"x" * 65536
    try:
        for _ in range(FLOOD_BYTES // len(block)):
            writer.write(block)
            await writer.drain()
    except ConnectionError:
        pass  # the client has read enough
    writer.close()


def test_a_flooded_stream_holds_little_that_is_unread_under_uvloop() -> None:
    """The dashboard's loop (uvloop) reads up to 32 buffers per readiness event; through httpx's own
    transport a consumer a little slower than loopback held 5-6 MiB at once. Through the paced
    sockets what is unread stays near twice ``READ_LIMIT`` plus one buffer."""

    async def read_flood() -> tuple[int, int, int]:
        server, port = await _serve(_flood)
        backend = PacedBackend()
        got = 0
        async with httpx.AsyncClient(transport=PiTransport(backend)) as http:
            tracemalloc.start()
            try:
                async with http.stream("GET", f"http://127.0.0.1:{port}/events") as response:
                    async for chunk in response.aiter_raw():
                        got += len(chunk)
                        await asyncio.sleep(0.001)  # a consumer a little slower than the network
                        if got >= FLOOD_BYTES // 2:
                            break
                peak = tracemalloc.get_traced_memory()[1]
            finally:
                tracemalloc.stop()
        server.close()
        return got, peak, backend.connections

    got, peak, connections = uvloop.run(read_flood())
    assert got >= FLOOD_BYTES // 2 and connections == 1
    assert peak < 2 * 1024 * 1024, f"{peak / 2**20:.1f} MiB held while reading the flood"


async def test_the_pis_client_reads_rest_and_the_stream_through_paced_sockets(sim: SimProcess) -> None:
    client = client_for(sim)
    try:
        assert client.connections_opened == 0
        async with client.open_stream("/provisioning/batch/events", read_timeout=10) as response:
            assert response.status_code == 200
            assert b"connection.established" in await anext(response.aiter_bytes())
            assert client.connections_opened == 1
            await client.auth_status()  # the stream holds the first connection
            assert client.connections_opened == 2
        await client.auth_status()  # the REST connection was kept for the next request
        assert client.connections_opened == 2
    finally:
        await client.aclose()


async def test_socket_options_errors_and_a_closed_idle_connection() -> None:
    closed = asyncio.Event()

    async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await closed.wait()
        writer.close()

    server, port = await _serve(silent)
    backend = PacedBackend()
    stream = await backend.connect_tcp("127.0.0.1", port, timeout=5, socket_options=KEEPALIVE_OPTIONS)
    try:
        assert stream.get_extra_info("socket").getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE) == 1
        assert stream.get_extra_info("server_addr")[1] == port
        assert stream.get_extra_info("is_readable") is False  # idle and open: fit to be used again
        with pytest.raises(httpcore.ReadTimeout):
            await stream.read(100, timeout=0.1)
        closed.set()
        for _ in range(100):
            if stream.get_extra_info("is_readable"):
                break
            await asyncio.sleep(0.02)
        assert stream.get_extra_info("is_readable") is True  # the peer went: not used again
        assert await stream.read(100, timeout=1) == b""
    finally:
        await stream.aclose()
        server.close()
    with pytest.raises(httpcore.ConnectError):
        await backend.connect_tcp("127.0.0.1", port, timeout=5)  # nobody listens there any more
    with pytest.raises(httpcore.ConnectError):
        await backend.connect_unix_socket("/tmp/pi.sock")
    assert backend.connections == 1


async def test_tls_with_a_trusted_certificate_and_refused_without(tmp_path: Path) -> None:
    cert, key = self_signed(tmp_path)
    served = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    served.load_cert_chain(cert, key)

    async def echo(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(await reader.readexactly(5))
        await writer.drain()
        writer.close()

    server, port = await _serve(echo, served)
    backend = PacedBackend()
    try:
        stream = await backend.connect_tcp("127.0.0.1", port, timeout=5)
        tls = await stream.start_tls(ssl.create_default_context(cafile=cert), "127.0.0.1", timeout=5)
        assert tls.get_extra_info("ssl_object") is not None
        await tls.write(b"hello", timeout=5)
        assert await tls.read(100, timeout=5) == b"hello"
        await tls.aclose()

        untrusted = await backend.connect_tcp("127.0.0.1", port, timeout=5)
        with pytest.raises(httpcore.ConnectError):
            await untrusted.start_tls(ssl.create_default_context(), "127.0.0.1", timeout=5)
    finally:
        server.close()


LOOPS: dict[str, Callable[[Coroutine[Any, Any, Any]], Any]] = {"asyncio": asyncio.run, "uvloop": uvloop.run}


def _reset(writer: asyncio.StreamWriter) -> None:
    """Close with a TCP reset (RST), as a Pi that restarts does."""
    writer.get_extra_info("socket").setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


@pytest.mark.parametrize("loop", LOOPS)
def test_an_idle_connection_the_pi_wrote_to_or_reset_is_not_used_again(loop: str) -> None:
    """Bytes no request asked for, sitting in the reader of a kept-alive connection, would be read
    as the next answer; a reset connection would fail the next request."""

    async def answers() -> tuple[list[str], int]:
        served = 0

        async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            nonlocal served
            served += 1
            await reader.readuntil(b"\r\n\r\n")
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
            await writer.drain()
            await asyncio.sleep(0.1)
            if served == 1:
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nstale")  # unasked
                await writer.drain()
            else:
                _reset(writer)

        server, port = await _serve(handler)
        backend = PacedBackend()
        texts = []
        async with httpx.AsyncClient(transport=PiTransport(backend)) as http:
            for _ in range(3):
                texts.append((await http.get(f"http://127.0.0.1:{port}/")).text)
                await asyncio.sleep(0.4)
        server.close()
        return texts, backend.connections

    texts, connections = LOOPS[loop](answers())
    assert texts == ["ok", "ok", "ok"] and connections == 3


def _tls_server(cert: Path, key: Path, behaviour: str) -> int:
    """A TLS peer in a thread: ``silent`` never answers the handshake, ``reset`` resets it,
    ``quiet`` completes it and then never reads again (no close_notify comes back)."""
    served = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    served.load_cert_chain(cert, key)
    listener = socket.create_server(("127.0.0.1", 0))
    held: list[socket.socket] = []

    def run() -> None:
        while True:
            conn, _ = listener.accept()
            held.append(conn)
            try:
                if behaviour == "reset":
                    conn.recv(100)
                    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    conn.close()
                elif behaviour == "quiet":
                    held.append(served.wrap_socket(conn, server_side=True))
            except OSError:
                continue  # the client went first: the next connection

    threading.Thread(target=run, daemon=True).start()
    return int(listener.getsockname()[1])


@pytest.mark.parametrize("loop", LOOPS)
def test_a_tls_handshake_cut_short_fails_at_once_and_a_close_does_not_wait(loop: str, tmp_path: Path) -> None:
    """A handshake reset or left unanswered fails within its timeout (closing it must not wait for a
    connection that never reports its end), and closing a TLS connection does not wait for a quiet
    peer's close_notify (30 s by default on both loops)."""
    cert, key = self_signed(tmp_path)
    trusted = ssl.create_default_context(cafile=cert)
    ports = {behaviour: _tls_server(cert, key, behaviour) for behaviour in ("silent", "reset", "quiet")}

    async def attempt(behaviour: str) -> tuple[str, float]:
        stream = await PacedBackend().connect_tcp("127.0.0.1", ports[behaviour], timeout=5)
        started = time.monotonic()
        try:
            async with asyncio.timeout(10):
                tls = await stream.start_tls(trusted, "127.0.0.1", timeout=1)
                await tls.aclose()
            return "closed", time.monotonic() - started
        except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
            return type(exc).__name__, time.monotonic() - started

    outcomes = {behaviour: LOOPS[loop](attempt(behaviour)) for behaviour in ports}
    assert outcomes["silent"][0] == "ConnectTimeout" and outcomes["silent"][1] < 5, outcomes
    assert outcomes["reset"][0] == "ConnectError" and outcomes["reset"][1] < 5, outcomes
    assert outcomes["quiet"][0] == "closed" and outcomes["quiet"][1] < 5, outcomes

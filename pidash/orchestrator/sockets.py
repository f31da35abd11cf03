"""The sockets pidash reads a Pi through: asyncio streams that stop reading while what they hold is unread.

httpx's default network backend (anyio) resumes reading a socket while it waits for data and
pauses it once it has some; under uvloop, whose read loop takes up to 32 buffers of 256 KiB per
readiness event before the waiting task runs, one wait could queue ~8 MiB. A Pi (or a proxy) that
floods a stream with a line over the cap thus cost the dashboard 8 to 21 MiB for a moment, however
small the cap (issue 8's hostile benchmark). An ``asyncio.StreamReader`` pauses the transport as
soon as it holds more than twice :data:`READ_LIMIT`, inside that same read loop, so a connection
holds at most ~0.5 MiB that nobody has read.

:class:`PiTransport` is the httpx transport with these sockets, used for every request to the Pi
(REST and the provisioning stream), with TCP keep-alive. httpx 0.29 takes no network backend
(encode/httpx#3749 adds one, open); the transport therefore makes its own connection pool, and
``tests/orchestrator/test_sockets.py`` fails if httpx stops reading through it. The methods'
``timeout`` parameters (seconds) are httpcore's interface.
"""

from __future__ import annotations

import asyncio
import contextlib
import select
import socket
import ssl
from collections.abc import AsyncIterator, Iterable, Sized
from typing import Any, SupportsIndex

import httpcore
import httpx

READ_LIMIT = 64 * 1024
"""Bytes a stream's reader holds before it pauses its socket (it pauses above twice this)."""
KEEPALIVE_SECONDS = 30
"""TCP keep-alive: a peer silent this long is probed every 10 s; 3 missed probes end the socket.
This is how a quiet stream (no heartbeats, as on a real Pi) still notices a vanished Pi."""
KEEPALIVE_OPTIONS: list[httpcore.SOCKET_OPTION] = [(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)] + [
    (socket.IPPROTO_TCP, getattr(socket, name), value)
    for name, value in (("TCP_KEEPIDLE", KEEPALIVE_SECONDS), ("TCP_KEEPINTVL", 10), ("TCP_KEEPCNT", 3))
    if hasattr(socket, name)  # Linux names; elsewhere the OS defaults apply
]


@contextlib.asynccontextmanager
async def _deadline(seconds: float | None, timed_out: type[Exception], failed: type[Exception]) -> AsyncIterator[None]:
    """Run the block within ``seconds`` (``None``: no limit): past it, ``timed_out``; an
    ``OSError`` inside it (a reset, a TLS failure, a keep-alive probe left unanswered), ``failed``
    (httpcore's kinds, which httpx maps in turn: ``ReadTimeout``, ``ConnectError``…). A cancellation,
    also an outer deadline's, passes through unchanged."""
    try:
        async with asyncio.timeout(seconds) as deadline:
            yield
    except OSError as exc:  # TimeoutError is one, raised here when the deadline passed
        kind = timed_out if deadline.expired() else failed
        raise kind(str(exc) or type(exc).__name__) from exc


def _readable(sock: Any) -> bool:
    """Whether an idle socket has something to read: for a connection kept alive, the peer closed
    or reset it (or sent what no request asked for), so it is not used again."""
    if sock is None or sock.fileno() < 0:
        return True
    poller = select.poll()
    poller.register(sock.fileno(), select.POLLIN)
    return bool(poller.poll(0))


class _Reader(asyncio.StreamReader):
    """A stream reader that knows how many bytes it holds unread (``held``)."""

    def __init__(self) -> None:
        super().__init__(limit=READ_LIMIT)
        self.held = 0

    def feed_data(self, data: Iterable[SupportsIndex]) -> None:
        super().feed_data(data)
        self.held += len(data) if isinstance(data, Sized) else 0  # the protocol feeds bytes

    async def read(self, n: int = -1, /) -> bytes:
        data = await super().read(n)
        self.held -= len(data)
        return data


class PacedStream(httpcore.AsyncNetworkStream):
    """One connection as an asyncio reader and writer; timeouts in seconds (``None``: none)."""

    def __init__(self, reader: _Reader, writer: asyncio.StreamWriter) -> None:
        self._reader = reader
        self._writer = writer

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:  # noqa: ASYNC109
        """Up to ``max_bytes`` bytes; ``b""`` once the peer has closed."""
        async with _deadline(timeout, httpcore.ReadTimeout, httpcore.ReadError):
            return await self._reader.read(max_bytes)

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:  # noqa: ASYNC109
        if not buffer:
            return
        async with _deadline(timeout, httpcore.WriteTimeout, httpcore.WriteError):
            self._writer.write(buffer)
            await self._writer.drain()

    async def aclose(self) -> None:
        """Drops the connection at once, as httpx's own sockets do: a graceful close would wait
        for a silent peer to take what is left to send, and a TLS one for the peer's close_notify
        (30 s with asyncio and uvloop alike)."""
        self._writer.transport.abort()
        await asyncio.sleep(0)  # the loop runs the transport's connection_lost

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,  # noqa: ASYNC109
    ) -> httpcore.AsyncNetworkStream:
        try:
            async with _deadline(timeout, httpcore.ConnectTimeout, httpcore.ConnectError):
                await self._writer.start_tls(ssl_context, server_hostname=server_hostname)
        except BaseException:
            # Nothing awaited here: a handshake cut short never tells the stream its connection
            # went, so waiting for it to close would wait for ever.
            self._writer.transport.abort()
            raise
        return self

    def get_extra_info(self, info: str) -> Any:
        """What httpcore asks of a stream: ``ssl_object``, ``client_addr``, ``server_addr``,
        ``socket``, ``is_readable`` (of an idle connection: anything unread, an end or an error
        means it is not used again)."""
        if info == "client_addr":
            return self._writer.get_extra_info("sockname")
        if info == "server_addr":
            return self._writer.get_extra_info("peername")
        if info == "is_readable":
            reader = self._reader
            return bool(reader.held or reader.at_eof() or reader.exception()) or _readable(
                self._writer.get_extra_info("socket")
            )
        if info in ("ssl_object", "socket"):
            return self._writer.get_extra_info(info)
        return None


class PacedBackend(httpcore.AsyncNetworkBackend):
    """Opens :class:`PacedStream` connections; ``connections`` counts the TCP connections made."""

    def __init__(self) -> None:
        self.connections = 0

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,  # noqa: ASYNC109
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        loop = asyncio.get_running_loop()
        reader = _Reader()
        protocol = asyncio.StreamReaderProtocol(reader)
        async with _deadline(timeout, httpcore.ConnectTimeout, httpcore.ConnectError):
            transport, _ = await loop.create_connection(
                lambda: protocol, host, port, local_addr=(local_address, 0) if local_address else None
            )
            try:
                for option in socket_options or ():
                    transport.get_extra_info("socket").setsockopt(*option)
            except OSError:
                transport.abort()
                raise
        writer = asyncio.StreamWriter(transport, protocol, reader, loop)
        self.connections += 1
        return PacedStream(reader, writer)

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,  # noqa: ASYNC109
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("pidash reaches a Pi over TCP only")

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


class PiTransport(httpx.AsyncHTTPTransport):
    """httpx's transport (its request and error mapping) over a pool of ``backend``'s connections:
    httpx's default limits and TLS context, TCP keep-alive (:data:`KEEPALIVE_OPTIONS`)."""

    def __init__(self, backend: PacedBackend) -> None:
        # Not httpx's own __init__: it would make a pool (and load the CA bundle, ~25 ms) only
        # for this one to replace it. ``_pool`` is what its request handling reads.
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            max_connections=100,
            max_keepalive_connections=20,
            keepalive_expiry=5.0,
            socket_options=KEEPALIVE_OPTIONS,
            network_backend=backend,
        )

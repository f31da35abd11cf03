"""Static assets compressed once, at the strongest level, and served from memory afterwards.

NiceGUI's and pidash's static files are immutable for a given version (the version is in their
URL), yet a compression middleware compresses them again for every cold browser, so it must use a
fast, weaker level. This ASGI middleware sits in front of it: the first request of an asset is
answered as usual while a worker thread compresses it at brotli 11 / zstd 19; every later request
for it is served from memory (a cold page load then weighs ~15 % less on the wire, and costs no
compression CPU at all). Only GET requests under ``prefixes`` with a 200 answer are cached.

Brotli is preferred: at its strongest it is ~5 % smaller than zstd's on these files (NiceGUI's
first-load assets: 247 KB against 261 KB), and Chromium asks for it over plain HTTP too. It is also
~6 times slower to make (~1.9 s of CPU for those assets), so it is made by one thread at the lowest
CPU priority, which gives way to start-up and to serving pages; until it is there, the zstd copy
(~0.3 s of CPU, made first at the usual priority) is served.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import threading
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor

import brotli
import zstandard
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

logger = logging.getLogger("pidash.static")
ENCODINGS = ("br", "zstd")
"""Preferred first; gzip is left to the compression middleware behind this one."""
LOWEST_PRIORITY = 19
"""The nice value of the compressing thread (Linux: a per-thread attribute)."""
DROPPED_HEADERS = ("accept-ranges",)
"""Not kept with a cached answer: its body is the compressed one, served whole."""
MAX_ASSET_BYTES = 8 * 1024 * 1024


def compress(body: bytes, encoding: str) -> bytes:
    if encoding == "zstd":
        return zstandard.ZstdCompressor(level=19).compress(body)
    return bytes(brotli.compress(body, quality=11))


def _lowest_priority() -> None:
    """Run the calling thread at the lowest CPU priority (where the OS allows it)."""
    with contextlib.suppress(AttributeError, OSError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), LOWEST_PRIORITY)


class PrecompressedStatic:
    def __init__(self, app: ASGIApp, prefixes: Iterable[str], warm: Iterable[str] = ()) -> None:
        """``warm``: paths compressed (in both encodings, which Chromium asks for) right after
        start-up, so that even the first page load after a restart is served from memory."""
        self.app = app
        self.prefixes = tuple(prefixes)
        self.warm = tuple(warm)
        self._cache: dict[tuple[str, str], tuple[list[tuple[bytes, bytes]], bytes]] = {}
        self._pending: set[tuple[str, str]] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._worker: ThreadPoolExecutor | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self.app(scope, receive, self._after_startup(send))
            return
        if scope["type"] != "http" or scope["method"] != "GET" or not scope["path"].startswith(self.prefixes):
            await self.app(scope, receive, send)
            return
        accepted = Headers(scope=scope).get("accept-encoding", "")
        offered = [e for e in ENCODINGS if e in accepted]
        if not offered:
            await self.app(scope, receive, send)
            return
        for encoding in offered:  # the preferred one, else another one already made
            hit = self._cache.get((scope["path"], encoding))
            if hit is not None:
                headers, body = hit
                await send({"type": "http.response.start", "status": 200, "headers": headers})
                await send({"type": "http.response.body", "body": body})
                return
        key = (scope["path"], offered[0])
        if key in self._pending:
            await self.app(scope, receive, send)
            return
        await self._answer_and_cache(scope, receive, send, key)

    def _after_startup(self, send: Send) -> Send:
        async def forward(message: Message) -> None:
            await send(message)
            if message["type"] == "lifespan.startup.complete":
                # zstd first (~0.3 s of CPU for NiceGUI's assets), then the slower, smaller brotli:
                # a browser that comes meanwhile gets the zstd copy rather than the fast one
                for path, encoding in ((p, e) for e in reversed(ENCODINGS) for p in self.warm):
                    self._schedule(
                        {
                            "type": "http",
                            "method": "GET",
                            "path": path,
                            "raw_path": path.encode(),
                            "root_path": "",
                            "query_string": b"",
                            "headers": [],
                            "scheme": "http",
                            "http_version": "1.1",
                            "server": ("127.0.0.1", 0),
                            "client": ("127.0.0.1", 0),
                        },
                        (path, encoding),
                    )

        return forward

    def _schedule(self, plain_scope: Scope, key: tuple[str, str]) -> None:
        if key in self._pending or key in self._cache:
            return
        self._pending.add(key)
        task = asyncio.get_running_loop().create_task(self._store(plain_scope, key))
        self._tasks.add(task)  # held until done: the loop keeps only weak references to tasks
        task.add_done_callback(self._tasks.discard)

    async def _answer_and_cache(self, scope: Scope, receive: Receive, send: Send, key: tuple[str, str]) -> None:
        """Answer as usual (the fast compression behind); then fetch the plain asset once more and
        keep a strongly compressed copy for every later request."""
        plain_scope = dict(scope)  # copied first: routing rewrites the scope it is given
        plain_scope["headers"] = [(k, v) for k, v in scope["headers"] if k != b"accept-encoding"]
        await self.app(scope, receive, send)
        self._schedule(plain_scope, key)

    async def _compress(self, body: bytes, encoding: str) -> bytes:
        """zstd in a thread as usual (quick); brotli in the one lowest-priority thread (slow)."""
        if encoding != "br":
            return await asyncio.to_thread(compress, body, encoding)
        if self._worker is None:
            self._worker = ThreadPoolExecutor(1, "pidash-brotli", initializer=_lowest_priority)
        return await asyncio.get_running_loop().run_in_executor(self._worker, compress, body, encoding)

    async def _store(self, plain_scope: Scope, key: tuple[str, str]) -> None:
        start: Message | None = None
        chunks: list[bytes] = []
        requested = False
        done = asyncio.Event()

        async def receive() -> Message:
            """The (empty) request once; then a disconnect, after the response has been sent
            (Starlette's file responses listen for it and must not see a busy loop of requests)."""
            nonlocal requested
            if not requested:
                requested = True
                return {"type": "http.request", "body": b"", "more_body": False}
            await done.wait()
            return {"type": "http.disconnect"}

        async def collect(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False):
                    done.set()

        try:
            await self.app(plain_scope, receive, collect)
            body = b"".join(chunks)
            if start is None or start["status"] != 200 or not 1024 <= len(body) <= MAX_ASSET_BYTES:
                return
            packed = await self._compress(body, key[1])
            headers = MutableHeaders(raw=[(k, v) for k, v in start["headers"] if k.decode() not in DROPPED_HEADERS])
            headers["content-encoding"] = key[1]
            headers["content-length"] = str(len(packed))
            headers["vary"] = "Accept-Encoding"
            self._cache[key] = (headers.raw, packed)
            logger.debug("static %s: %d -> %d bytes (%s)", key[0], len(body), len(packed), key[1])
        except Exception:  # a cache that fails only costs the strong compression
            logger.exception("could not precompress %s", key[0])
        finally:
            done.set()
            self._pending.discard(key)

"""Static assets are compressed once at the strongest level and then served from memory."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from pathlib import Path

import brotli
import httpx
import zstandard
from starlette.applications import Starlette
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.types import Message
from starlette_compress import CompressMiddleware

from pidash.static_cache import LOWEST_PRIORITY, PrecompressedStatic


def make_app(root: Path, warm: tuple[str, ...] = ()) -> PrecompressedStatic:
    (root / "big.js").write_text("const answer = 42;\n" * 5000)
    (root / "tiny.css").write_text("a{}")
    app = Starlette(routes=[Mount("/static", StaticFiles(directory=root))])
    return PrecompressedStatic(CompressMiddleware(app, zstd_level=1), prefixes=("/static/",), warm=warm)


async def test_the_second_request_is_served_strongly_compressed_from_memory(tmp_path: Path) -> None:
    cached = make_app(tmp_path)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=cached), base_url="http://t") as client:
        first = await client.get("/static/big.js", headers={"accept-encoding": "zstd"})
        for _ in range(50):
            if cached._cache:
                break
            await asyncio.sleep(0.05)
        second = await client.get("/static/big.js", headers={"accept-encoding": "zstd"})
        plain = await client.get("/static/big.js", headers={"accept-encoding": "identity"})
        missing = await client.get("/static/nope.js", headers={"accept-encoding": "zstd"})
    assert first.text == second.text == plain.text  # the same asset, whichever path served it
    assert second.headers["content-encoding"] == "zstd"
    strong = len(zstandard.ZstdCompressor(level=19).compress(plain.content))
    assert int(second.headers["content-length"]) == strong
    assert "content-encoding" not in plain.headers
    assert missing.status_code == 404 and list(cached._cache) == [("/static/big.js", "zstd")]


async def test_warm_paths_are_compressed_after_start_up(tmp_path: Path) -> None:
    cached = make_app(tmp_path, warm=("/static/big.js", "/static/tiny.css"))
    messages: Iterator[Message] = iter([{"type": "lifespan.startup"}])
    sent: list[str] = []

    async def receive() -> Message:
        try:
            return next(messages)
        except StopIteration:
            await asyncio.sleep(3600)
            raise

    async def send(message: Message) -> None:
        sent.append(message["type"])

    lifespan = asyncio.create_task(cached({"type": "lifespan", "asgi": {"version": "3.0"}}, receive, send))
    both = {("/static/big.js", "zstd"), ("/static/big.js", "br")}
    for _ in range(200):
        if both <= set(cached._cache):
            break
        await asyncio.sleep(0.05)
    lifespan.cancel()
    assert "lifespan.startup.complete" in sent
    # both encodings of the big file (they compress in two threads: either may finish first);
    # a tiny file is not worth keeping
    assert set(cached._cache) == both


async def test_brotli_when_the_browser_takes_both_made_at_the_lowest_priority(tmp_path: Path) -> None:
    """Chromium sends ``gzip, deflate, br, zstd`` (over plain HTTP too): brotli 11 is the smaller."""
    cached = make_app(tmp_path)
    taken = {"accept-encoding": "gzip, deflate, br, zstd"}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=cached), base_url="http://t") as client:
        await client.get("/static/big.js", headers=taken)
        for _ in range(50):
            if cached._cache:
                break
            await asyncio.sleep(0.05)
        second = await client.get("/static/big.js", headers=taken)
        plain = await client.get("/static/big.js", headers={"accept-encoding": "identity"})
    assert list(cached._cache) == [("/static/big.js", "br")]
    assert second.headers["content-encoding"] == "br" and second.text == plain.text
    assert int(second.headers["content-length"]) == len(brotli.compress(plain.content, quality=11))
    assert "accept-ranges" not in second.headers  # the cached body is served whole, never a range
    assert cached._worker is not None
    (worker,) = cached._worker._threads
    assert worker.native_id is not None
    assert os.getpriority(os.PRIO_PROCESS, worker.native_id) == LOWEST_PRIORITY


async def test_a_zstd_copy_serves_a_brotli_browser_until_the_brotli_one_is_made(tmp_path: Path) -> None:
    cached = make_app(tmp_path)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=cached), base_url="http://t") as client:
        await client.get("/static/big.js", headers={"accept-encoding": "zstd"})
        for _ in range(50):
            if cached._cache:
                break
            await asyncio.sleep(0.05)
        both = await client.get("/static/big.js", headers={"accept-encoding": "br, zstd"})
    assert both.headers["content-encoding"] == "zstd"
    assert int(both.headers["content-length"]) == len(cached._cache[("/static/big.js", "zstd")][1])

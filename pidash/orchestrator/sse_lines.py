"""Reading SSE from a response: httpx-sse's line splitting and parser, with two fixes around them.

1. **CR-only line endings are dispatched at once.** httpx-sse holds a chunk's trailing ``\\r``
   back until the next bytes arrive (it might be the first half of ``\\r\\n``), so on a stream
   that ends lines with a bare CR the last event of a burst waited for the next burst. Here a
   trailing CR ends the line at once, and an ``\\n`` that opens the next chunk is dropped as the
   rest of that ``\\r\\n`` (the SSE standard's three line endings, each read as one).
2. **Every line and every event has a size cap** (:data:`MAX_SSE_LINE`, :data:`MAX_SSE_EVENT`):
   a line that grows past it without a newline raises :class:`StreamTooLarge` while only about
   the cap is held (one endless ``data:`` line used to cost ~4 x its size in memory).

httpx-sse stays the parser (``SSEDecoder``: fields, ``id``, ``retry``, dispatch on a blank line).
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
from httpx_sse import ServerSentEvent
from httpx_sse._decoders import SSEDecoder, SSELineDecoder

MAX_SSE_LINE = 1024 * 1024
"""Characters in one SSE line. The Pi's largest real events are a few KB (handoff §7.2)."""
MAX_SSE_EVENT = 1024 * 1024
"""Characters in one event (all its lines together)."""


class StreamTooLarge(Exception):
    """A line or an event passed its cap; the stream is dropped (and reconnected with back-off)."""


class PromptLineDecoder(SSELineDecoder):
    """httpx-sse's line splitter, releasing a CR-terminated line at once and capping the buffer."""

    def __init__(self, max_line: int = MAX_SSE_LINE) -> None:
        super().__init__()
        self.max_line = max_line
        self._after_cr = False

    def decode(self, text: str) -> list[str]:
        if self._after_cr:
            self._after_cr = False
            if text.startswith("\n"):
                text = text[1:]  # the second half of a CRLF split across two chunks
            if not text:
                return []
        if text.endswith("\r"):
            self._after_cr = True
            text += "\n"  # "\r\n" is one line ending to the parent: the line is complete now
        lines = super().decode(text)
        held = sum(map(len, self.buffer))
        if held > self.max_line or any(len(line) > self.max_line for line in lines):
            self.buffer = []
            raise StreamTooLarge(f"an SSE line passed {self.max_line} characters without a line ending")
        return lines


async def aiter_sse(
    response: httpx.Response, *, max_line: int = MAX_SSE_LINE, max_event: int = MAX_SSE_EVENT
) -> AsyncIterator[ServerSentEvent]:
    """The events of an SSE response as they complete; raises :class:`StreamTooLarge`."""
    lines = PromptLineDecoder(max_line)
    decoder = SSEDecoder()
    pending = 0
    async for text in response.aiter_text():
        for line in lines.decode(text):
            pending = pending + len(line) if line else 0
            if pending > max_event:
                raise StreamTooLarge(f"an SSE event passed {max_event} characters")
            sse = decoder.decode(line)
            if sse is not None:
                yield sse
    for line in lines.flush():
        sse = decoder.decode(line)
        if sse is not None:
            yield sse

"""asyncio helpers shared by the feeds, the pollers and the simulator."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable
from typing import Any

logger = logging.getLogger("pidash")


def call_safely(callback: Callable[[Any], None], value: Any) -> None:
    """Run a consumer's callback; its bug must not kill the feed or poller that calls it."""
    try:
        callback(value)
    except Exception:
        logger.exception("a callback failed")


async def cancel_and_wait(tasks: Iterable[asyncio.Task[Any] | None]) -> None:
    """Cancel the tasks and wait until each has ended, so that nothing of them runs after a stop."""
    pending = [task for task in tasks if task is not None]
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)

"""The one way a page runs a user action against the Pi: errors go to an ``ErrorPanel``."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from pidash.orchestrator import OrchestratorError
from pidash.store import shown_error
from pidash.ui.components.error_panel import ErrorPanel

T = TypeVar("T")
logger = logging.getLogger("pidash.ui")


async def run_action(panel: ErrorPanel, action: Callable[[], Awaitable[T]]) -> T | None:
    """Run ``action`` (call + apply its reply); on failure show the error with **Retry now**.

    Mutations are never retried by themselves: the user decides.
    """
    panel.clear()
    try:
        return await action()
    except OrchestratorError as err:
        logger.info("action failed: %r", err)
        panel.show(shown_error(err), retry=lambda: run_action(panel, action))
        return None

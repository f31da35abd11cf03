"""The one way a page runs a protected action: checked, audited, errors to an ``ErrorPanel``.

Every protected handler goes through :func:`run_action`: the tab's permission for ``need`` is
checked *when the action runs* (not only through the button's state), so an event sent straight
through the page's socket is refused too; the configured Pi key is lent to the action only when
the operator's role allows it; and the attempt goes into the audit trail (who, role, what,
target, outcome, correlation ID).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from nicegui import ui

from pidash.auth.accounts import AccountError
from pidash.auth.roles import Capability
from pidash.i18n import current, msg
from pidash.orchestrator import OrchestratorError
from pidash.store import ShownError, shown_error
from pidash.ui.components.error_panel import ErrorPanel
from pidash.ui.tab_auth import ACTING, Acting, TabAuth

T = TypeVar("T")
logger = logging.getLogger("pidash.ui")
REFUSED_CODE = "NOT_ALLOWED"
NO_TAB = msg("This page cannot run protected actions.")


async def run_action(
    panel: ErrorPanel | None,
    action: Callable[[], Awaitable[T]],
    *,
    need: Capability,
    what: str,
    target: str = "",
    on_error: Callable[[ShownError], None] | None = None,
    outcome: Callable[[T], str] | None = None,
) -> T | None:
    """Check ``need``, run ``action`` (call + apply its reply), audit it; on failure show the error.

    ``what`` names the action in the audit trail (``door.open``), ``target`` what it acts on (a
    MAC, a session ID, a config key). A refusal shows ``NOT_ALLOWED`` with the reason. Errors go to
    ``panel`` (with **Retry now** for retryable ones), or to ``on_error`` when the error belongs
    elsewhere (a camera's card). Mutations are never retried by themselves. ``outcome`` words the
    audit's outcome from the result when "ok" would not be the whole truth (a bulk action with
    refused items).
    """

    def show(error: ShownError) -> None:
        if on_error is not None:
            on_error(error)
        elif panel is not None:
            retry = (
                (lambda: run_action(panel, action, need=need, what=what, target=target)) if error.retryable else None
            )
            panel.show(error, retry=retry)

    if panel is not None:
        panel.clear()
    tab = TabAuth.of(panel.box.client if panel is not None else ui.context.client)
    if tab is None:
        show(ShownError(code=REFUSED_CODE, message=NO_TAB))
        return None
    operator, refusal, lend = tab.authorize(need)
    audit = tab.access.audit

    def record(outcome: str, correlation_ids: list[str] | None = None) -> None:
        audit.record(
            actor=operator.label,
            role=tab.role_label(need),
            action=what,
            target=target,
            outcome=outcome,
            correlation_id=",".join(correlation_ids or []),
            address=tab.address,
        )

    if refusal is not None:
        record(f"refused: {refusal}")
        tab.refresh()
        show(ShownError(code=REFUSED_CODE, message=current().text(refusal)))
        return None
    acting = Acting(tab=tab, lend_configured_key=lend)
    token = ACTING.set(acting)
    try:
        result = await action()
    except OrchestratorError as err:
        logger.info("action %s failed: %r", what, err)
        record(f"failed: {err.code}", acting.correlation_ids)
        show(shown_error(err))
        return None
    except AccountError as err:
        record(f"failed: {err}")
        show(ShownError(code="INVALID_INPUT", message=current().text(err.message)))
        return None
    finally:
        ACTING.reset(token)
    record(outcome(result) if outcome is not None else "ok", acting.correlation_ids)
    return result

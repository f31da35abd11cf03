"""The cameras of the live session as one element per page, rendered in the browser.

The server builds no element per camera: the board is created with the store's rows (version
``V``) and then receives each :class:`~pidash.store.row_changes.RowDelta` as one message, whatever
the number of cameras or changed rows. The browser renders cards (provisioning page), a compact
list (the same page, a toggle remembered per browser) or kiosk tiles from the same rows. A board
that sees a gap in the version numbers asks for the whole set (``resync``).

Accessible semantics the tests and screen readers rely on: each camera is labelled
``Camera <MAC>``, its state is a ``role=status`` element, and its buttons are named
``Provision <MAC>`` / ``Retry <MAC>``.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any, Literal

from nicegui import binding, ui
from nicegui.events import GenericEventArguments

from pidash.contract.provisioning import DEVICE_STEPS
from pidash.store import DashboardStore
from pidash.store.row_changes import RowDelta
from pidash.store.rows import STEP_LABELS
from pidash.ui.tab_auth import Gate
from pidash.ui.theme import DEVICE_STATE_STYLE

DeviceAction = Callable[[str, str], Awaitable[None]]
"""``(kind, mac)``: ``kind`` is one of ``ACTIONS``."""
ACTIONS = frozenset({"provision", "retry", "skip", "unskip", "allow"})
SELECTED = "selected"
"""The board's "Provision selected": ``{kind: "selected", macs: [...]}``, run as one action per MAC."""

logger = logging.getLogger("pidash.ui")


class DeviceBoard(ui.element, component="device_board.js"):
    def __init__(
        self,
        store: DashboardStore,
        *,
        variant: Literal["cards", "kiosk"] = "cards",
        gate: Gate | None = None,
        allow_gate: Gate | None = None,
        on_action: DeviceAction | None = None,
    ) -> None:
        """``gate``: may this tab provision (buttons disabled otherwise); ``allow_gate``: may it add a
        discovered camera to the allowlist; ``on_action`` runs a camera's button."""
        super().__init__()
        self._store = store
        self._on_action = on_action
        version, rows = store.row_snapshot()
        self._props.update(
            canAllow=bool(allow_gate and allow_gate.enabled),
            rows=rows,
            version=version,
            variant=variant,
            steps=[[step.value, STEP_LABELS[step]] for step in DEVICE_STEPS],
            styles={state: list(style) for state, style in DEVICE_STATE_STYLE.items()},
            canAct=bool(gate and gate.enabled),
            blockedReason=gate.reason if gate else "",
        )
        store.rows_delta.subscribe(self._send)
        self.on("resync", self._resync)
        self.on("action", self._action)
        if gate is not None:
            binding.bind_from(self, "can_act", gate, "enabled")
            binding.bind_from(self, "blocked_reason", gate, "reason")
        if allow_gate is not None:
            binding.bind_from(self, "can_allow", allow_gate, "enabled")

    # Bound from the tab's gate: sent as a method call, so the rows in the props are never resent.
    @property
    def can_act(self) -> bool:
        return bool(self._props.get("canAct"))

    @can_act.setter
    def can_act(self, value: bool) -> None:
        self._props["canAct"] = value
        self._push("setGate", value, self._props.get("blockedReason", ""))

    @property
    def blocked_reason(self) -> str:
        return str(self._props.get("blockedReason", ""))

    @blocked_reason.setter
    def blocked_reason(self, value: str) -> None:
        self._props["blockedReason"] = value
        self._push("setGate", self.can_act, value)

    @property
    def can_allow(self) -> bool | None:
        return self._props.get("canAllow")

    @can_allow.setter
    def can_allow(self, value: bool) -> None:
        self._props["canAllow"] = value
        self._push("setAllow", value)

    def _push(self, method: str, *args: Any) -> None:
        if self._is_safe_to_interact():
            self.run_method(method, *args)

    def _send(self, delta: RowDelta) -> None:
        """One message per delta for this browser; the JSON is built once for all browsers."""
        if self._is_safe_to_interact():
            self.client.run_javascript(f"return runMethod({self.id},'apply',[{delta.json}])")

    def _resync(self, event: GenericEventArguments) -> None:
        version, rows = self._store.row_snapshot()
        logger.info(
            "device board resync: browser held version %s, sending %s (%d rows)", event.args, version, len(rows)
        )
        self._send(RowDelta(base=version, version=version, upserts=rows, reset=True))

    async def _action(self, event: GenericEventArguments) -> None:
        """Runs what the browser asked, after checking it names known cameras; the permission
        itself is checked again where the action runs (``run_action``), whatever the buttons showed."""
        args = event.args if isinstance(event.args, dict) else {}
        kind = args.get("kind")
        asked = args.get("macs") if kind == SELECTED else [args.get("mac")]
        macs = [m for m in asked if isinstance(m, str) and m in self._store.rows] if isinstance(asked, list) else []
        if self._on_action is None or not macs or len(macs) != len(asked or []) or kind not in {*ACTIONS, SELECTED}:
            logger.warning("device board: ignored action %r", args)
            return
        for mac in macs:
            row = self._store.rows[mac]
            if kind != SELECTED:
                await self._on_action(str(kind), mac)
            elif row.can_provision or row.can_retry:
                await self._on_action("retry" if row.can_retry else "provision", mac)

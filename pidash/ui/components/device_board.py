"""The cameras of the live session as one element per page, rendered in the browser.

The server builds no element per camera: the board is created with the store's rows (version
``V``, the JSON of :meth:`DashboardStore.row_snapshot`, shared by every page of a language built
at that version) and then receives each :class:`~pidash.store.row_changes.RowDelta` as one message, whatever
the number of cameras or changed rows. The browser renders cards (provisioning page), a compact
list (the same page, a toggle remembered per browser) or kiosk tiles from the same rows. A board
that sees a gap in the version numbers asks for the whole set (``resync``).

At most two messages in flight per browser (``IN_FLIGHT``): the board acknowledges what it holds
as the browser starts drawing it (``ack``, at its next animation frame: what changed meanwhile
travels while it draws). Changes that arrive while a browser has two messages to draw wait on the
server and go as one message with the acknowledgement
(``DashboardStore.deltas_since``; the browser draws them once): a browser that draws slowly (a
busy tablet, twenty pages on one machine) gets fewer, larger messages instead of a queue it cannot
keep up with, and the newest state reaches it as soon as it can draw it. A message unacknowledged
for ``ACK_WAIT_SECONDS`` is taken as drawn and what changed since goes then, and a browser whose
socket connects again gets the whole set at once (an acknowledgement sent while it was away is lost).

Accessible semantics the tests and screen readers rely on: each camera is labelled
``Camera <MAC>``, its state is a ``role=status`` element, and its buttons are named
``Provision <MAC>`` / ``Retry <MAC>`` (in English; in the page's language otherwise).

Language: every word the board shows comes from the page's catalog: its own texts as the
``texts`` prop (:func:`board_texts`, made once per language; the browser fills in their
``{fields}``), the rows' :class:`~pidash.i18n.Msg` values rendered in the page's language
(``RowDelta.json_for``: once per language and change, whatever the number of browsers).
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any, Literal

from nicegui import binding, ui
from nicegui.events import GenericEventArguments

from pidash.contract.provisioning import DEVICE_STEPS
from pidash.i18n import Translator, current
from pidash.store import DashboardStore
from pidash.store.row_changes import RowDelta
from pidash.store.rows import STEP_LABELS
from pidash.ui.live import call, set_quietly
from pidash.ui.tab_auth import Gate
from pidash.ui.theme import DEVICE_STATE_STYLE

DeviceAction = Callable[[str, str], Awaitable[None]]
"""``(kind, mac)``: ``kind`` is one of ``ACTIONS``."""
ACTIONS = frozenset({"provision", "retry", "skip", "unskip", "allow"})
SELECTED = "selected"
"""The board's "Provision selected": ``{kind: "selected", macs: [...]}``, run as one action per MAC."""

IN_FLIGHT = 2
"""Messages a browser may have unacknowledged (it acknowledges one as it starts drawing it). With
one, the rows a burst brought after the first message waited for that message's acknowledgement,
a round trip through a busy renderer: 50 x 5 p95 158-197 ms against 86-140 ms with two (four runs
each, alternated); 500 x 5 p95 910 ms and 10 states never shown against 379 ms and none. Three let
25 saturated renderers fall behind (20 pages + 5 kiosks settled 14-19 s after the batch); with two
they settle in 2.2-3.1 s, as with one (benchmarks/HISTORY.md)."""
ACK_WAIT_SECONDS = 5.0
"""How long the oldest message may go unacknowledged: then it is taken as drawn (its acknowledgement
lost) and what changed since goes at once, whether or not anything changes afterwards."""

logger = logging.getLogger("pidash.ui")


_TEXTS: dict[str, str] = {}
"""Language → :func:`board_texts`."""


def board_texts(t: Translator) -> str:
    """The board's fixed texts and looks in ``t``'s language, as the JSON of ``{strings, steps,
    styles}`` (the ``texts`` prop): made once per language and shared by every page."""
    made = _TEXTS.get(t.language)
    if made is None:
        texts = {
            "strings": board_strings(t),
            "steps": [[step.value, t.text(STEP_LABELS[step])] for step in DEVICE_STEPS],
            "styles": DEVICE_STATE_STYLE,
        }
        made = _TEXTS[t.language] = json.dumps(texts, separators=(",", ":"))
    return made


def board_strings(t: Translator) -> dict[str, Any]:
    """The board's own texts in ``t``'s language; ``{fields}`` are filled in by the
    browser (``fmt`` in device_board.js). A plural is ``[one, other]``: the rule of every language
    shipped (en, de) is "one" for 1 only."""
    return {
        "camera_mac": t.gettext("Camera {mac}"),
        "cameras": t.gettext("Cameras"),
        "select_mac": t.gettext("Select {mac}"),
        "ip": t.gettext("IP {ip}"),
        "firmware": t.gettext("Firmware {version}"),
        "allowlisted": t.gettext("Allowlisted"),
        "not_allowlisted": t.gettext("Not allowlisted"),
        "unlisted": t.gettext("Not on the allowlist"),
        "skipped": t.gettext("Skipped in this batch"),
        "correlation_id": t.gettext("Correlation ID"),
        "add_to_allowlist": t.gettext("Add to allowlist"),
        "add_mac": t.gettext("Add {mac} to allowlist"),
        "skip": t.gettext("Skip"),
        "skip_mac": t.gettext("Skip {mac}"),
        "include": t.gettext("Include"),
        "include_mac": t.gettext("Include {mac}"),
        "provision": t.gettext("Provision"),
        "provision_in": t.gettext("Provision in {seconds} s"),
        "provision_mac": t.gettext("Provision {mac}"),
        "retry": t.gettext("Retry"),
        "retry_in": t.gettext("Retry in {seconds} s"),
        "retry_mac": t.gettext("Retry {mac}"),
        "timing": t.gettext("{state} for {time} · attempt {attempt}"),
        "seconds": t.gettext("{seconds} s"),
        "minutes": t.gettext("{minutes} min"),
        "pager": [
            t.ngettext(
                "Page {page} of {pages} · {count} camera, failed first",
                "Page {page} of {pages} · {count} cameras, failed first",
                n,
            )
            for n in (1, 2)
        ],
        "view": t.gettext("View"),
        "cards": t.gettext("Cards"),
        "list": t.gettext("List"),
        "select_failed": t.gettext("Select failed"),
        "select_waiting": t.gettext("Select waiting"),
        "clear_selection": t.gettext("Clear selection"),
        "provision_selected": t.gettext("Provision selected ({count})"),
        "show": t.gettext("Show"),
        "show_cameras": t.gettext("Show cameras"),
        "filters": {
            "all": t.gettext("All"),
            "failed": t.gettext("Failed"),
            # not "Waiting": the legend's "waiting" is only the cameras not started yet
            "waiting": t.gettext("Not done yet"),
            "verified": t.gettext("Verified"),
            "unlisted": t.gettext("Not on the allowlist"),
        },
        "select": t.gettext("Select"),
        "mac": t.gettext("MAC"),
        "state": t.gettext("State"),
        "detail": t.gettext("Detail"),
        "actions": t.gettext("Actions"),
    }


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
        self._t = t = current()
        snapshot = store.row_snapshot()
        # Both as JSON text shared by every page of a language (and, for the rows, built at the same
        # version): NiceGUI copies a prop's dicts and lists into observable ones per element, ~1.7 KB
        # per camera row in every open page; a string is kept as it is.
        self._props.update(
            canAllow=bool(allow_gate and allow_gate.enabled),
            snapshot=snapshot.json_for(t),
            variant=variant,
            texts=board_texts(t),
            canAct=bool(gate and gate.enabled),
            blockedReason=t.text(gate.reason) if gate else "",
        )
        self._held = snapshot.version
        """The version last sent to the browser: what it holds once it has applied what is in flight."""
        self._in_flight: deque[tuple[int, float]] = deque()
        """Messages sent and not yet acknowledged: their version and when they went (``time.monotonic()``)."""
        self._ack_timer: asyncio.TimerHandle | None = None
        """Set while a message is in flight: when the oldest will have waited ``ACK_WAIT_SECONDS``."""
        store.rows_delta.subscribe(self._changed)
        self._connected = self.client.has_socket_connection
        self.client.on_connect(self._reconnected)
        self.on("ack", self._ack)
        self.on("resync", self._resync)
        self.on("action", self._action)
        if gate is not None:
            binding.bind_from(self, "can_act", gate, "enabled")
            binding.bind_from(self, "blocked_reason", gate, "reason", t.text)
        if allow_gate is not None:
            binding.bind_from(self, "can_allow", allow_gate, "enabled")

    # Bound from the tab's gate: sent as a method call, so the rows in the props are never resent
    # (and the page is not rendered again).
    @property
    def can_act(self) -> bool:
        return bool(self._props.get("canAct"))

    @can_act.setter
    def can_act(self, value: bool) -> None:
        set_quietly(self, "canAct", value)
        self._push("setGate", value, self._props.get("blockedReason", ""))

    @property
    def blocked_reason(self) -> str:
        return str(self._props.get("blockedReason", ""))

    @blocked_reason.setter
    def blocked_reason(self, value: str) -> None:
        set_quietly(self, "blockedReason", value)
        self._push("setGate", self.can_act, value)

    @property
    def can_allow(self) -> bool | None:
        return self._props.get("canAllow")

    @can_allow.setter
    def can_allow(self, value: bool) -> None:
        set_quietly(self, "canAllow", value)
        self._push("setAllow", value)

    def _push(self, method: str, *args: Any) -> None:
        if self._is_safe_to_interact():
            self.run_method(method, *args)

    def _changed(self, delta: RowDelta) -> None:
        """The store's delta, unless the browser has ``IN_FLIGHT`` messages still to draw (see the
        module)."""
        if len(self._in_flight) < IN_FLIGHT:
            self._catch_up()

    def _catch_up(self) -> None:
        """Every delta since the version last sent, in one message (each delta's JSON made once per
        language); the whole set when the store no longer keeps them all."""
        deltas = self._store.deltas_since(self._held)
        if deltas is None:
            self._send_all(f"the browser holds version {self._held}, older than the deltas kept")
        elif deltas:
            self._sent(deltas[-1].version)
            call(self, "apply", ",".join(delta.json_for(self._t) for delta in deltas))

    def _send_all(self, why: str) -> None:
        snapshot = self._store.row_snapshot()
        rows = len(snapshot.upserts)
        logger.info("device board resync: %s; sending version %s (%d rows)", why, snapshot.version, rows)
        self._sent(snapshot.version)
        call(self, "apply", snapshot.json_for(self._t))

    def _sent(self, version: int) -> None:
        self._held = version
        self._in_flight.append((version, time.monotonic()))
        if self._ack_timer is None:
            self._wait_for_ack(ACK_WAIT_SECONDS)

    def _wait_for_ack(self, seconds: float) -> None:
        self._ack_timer = asyncio.get_running_loop().call_later(seconds, self._ack_overdue)

    def _ack_overdue(self) -> None:
        """The oldest message in flight has waited ``ACK_WAIT_SECONDS``: its acknowledgement is taken
        as lost (a page whose network dropped as it drew; one frozen by the browser), and what
        changed since goes now, not with a next change that may never come (the batch may be over).
        If the browser never got the message itself, the next one shows it a gap: it resyncs."""
        self._ack_timer = None
        if self.is_deleted or not self._in_flight or not self.client.has_socket_connection:
            return  # a page away (or gone) is sent the whole set if it connects again
        waited = time.monotonic() - self._in_flight[0][1]
        if waited < ACK_WAIT_SECONDS:  # acknowledged meanwhile; a later message is in flight
            self._wait_for_ack(ACK_WAIT_SECONDS - waited)
            return
        logger.info("device board: no acknowledgement of version %s for %.0f s", self._in_flight[0][0], waited)
        self._in_flight.clear()
        self._catch_up()

    def _ack(self, event: GenericEventArguments) -> None:
        """The browser is drawing what it holds (``event.args``: its version): that is no longer
        in flight, and what changed since goes if there is room. A version older than all in flight
        (the board asked for the whole set instead) frees nothing."""
        if not isinstance(event.args, int):
            return
        while self._in_flight and self._in_flight[0][0] <= event.args:
            self._in_flight.popleft()
        if len(self._in_flight) < IN_FLIGHT:
            self._catch_up()

    def _reconnected(self) -> None:
        """The page's socket connected again (a dropped network, a proxy's idle cut): what was in
        flight may have arrived or not, and an acknowledgement the board sent while it was away is
        lost (socket.io sends it before NiceGUI's handshake, and NiceGUI drops events from a page
        it does not yet count as connected). The board gets the whole set at once instead of
        waiting ``ACK_WAIT_SECONDS`` for a change that may never come (the batch may be over)."""
        if not self._connected:  # the first connection: the board has what it was built with
            self._connected = True
            return
        if self.is_deleted:
            return
        self._in_flight.clear()
        self._send_all("the browser reconnected")

    def _resync(self, event: GenericEventArguments) -> None:
        self._send_all(f"the browser asked, holding version {event.args}")

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

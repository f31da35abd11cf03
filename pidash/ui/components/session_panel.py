"""The live session's header on ``/``, as **one** element: state, target SSID, time left, the
warnings, the outcome, the four counts, the progress bar and its legend, the onboarding network.

It was ~60 NiceGUI elements per page (rows, icons, labels, a text per count), each a Python object
kept per open page and a binding evaluated per camera event. Now the page holds one element whose
``state`` prop is the whole header in the page's language, sent as one method call when it changes
(:mod:`pidash.ui.live`), and the browser draws it (``session_panel.js``).
"""

from __future__ import annotations

import weakref
from dataclasses import replace
from typing import Any

from nicegui import ui

from pidash.i18n import Translator, current, msg
from pidash.store import SessionSummary
from pidash.ui.components.batch_progress import PROGRESS_CSS
from pidash.ui.components.state_view import StateView
from pidash.ui.theme import SESSION_STATE_COLOR

STATS = (
    ("discovered", msg("Discovered"), "wifi_find", "text-blue-grey"),
    ("provisioned", msg("Provisioned"), "settings_ethernet", "text-indigo"),
    ("verified", msg("Verified"), "verified", "text-positive"),
    ("failed", msg("Failed"), "error", "text-negative"),
)
LEGEND = (
    ("verified", msg("{count} verified"), "pd-seg-verified"),
    ("in_flight", msg("{count} in progress"), "pd-seg-busy"),
    ("failed", msg("{count} failed"), "pd-seg-failed"),
    ("allowlisted_waiting", msg("{count} waiting"), "pd-seg-waiting"),
    ("unlisted", msg("{count} not on the allowlist"), "pd-seg-none"),
    ("skipped", msg("{count} skipped"), "pd-seg-none"),
)
LEGEND_IF_ANY = frozenset({"unlisted", "skipped"})
"""Legend entries shown only when they count a camera (so the legend adds up to the cameras found);
they have no segment of the bar."""
PANEL_CSS = """
.pd-seg-waiting { background: #cfd8dc; border: 1px solid #90a4ae; }
.pd-seg-none { background: transparent; border: 1px dashed #90a4ae; }
.pd-stat-value { font-size: 1.5rem; line-height: 2rem; font-weight: 700; }
.pd-stat-box { border: 1px solid rgba(0, 0, 0, 0.12); border-radius: 4px; }
.body--dark .pd-stat-box { border-color: rgba(255, 255, 255, 0.28); }
"""


class SessionPanel(StateView, component="session_panel.js", dependencies=["batch_progress.js", "pushed.js"]):
    """Follows ``summary``, including whether the Pi still confirms it (``confirmed``: the stream is
    live, or polling stands in for it; otherwise the "last known state" line shows).

    Accessible as before: the state badge is the panel's only ``role=status`` (live), the timeout
    warning a ``role=alert``, the outcome ``aria-live``, the bar a ``progressbar`` whose value is
    the verified share (0..1) and whose text is the whole picture."""

    def __init__(self, summary: SessionSummary) -> None:
        super().__init__()
        ui.add_css(PROGRESS_CSS + PANEL_CSS)
        self._t = t = current()  # the store changes the summary outside the page's context
        self._summary = summary
        self._props.update(
            words={
                "progress": t.gettext("Overall progress"),
                "paused": t.gettext("This session was interrupted. Resume it above, or start a new one."),
                "stats": [[field, t.text(label), icon, color] for field, label, icon, color in STATS],
                "legend": [[field, swatch] for field, _label, swatch in LEGEND],
            },
        )
        self.follow(summary, ("revision",))  # bumped by any change of any field

    def state_now(self) -> dict[str, Any]:
        return shared_panel_state(self._summary, self._t)


_SHARED: dict[tuple[int, str], tuple[weakref.ref[SessionSummary], int, dict[str, Any]]] = {}
"""(summary's id, language) → (the summary, its revision, :func:`panel_state`)."""


def shared_panel_state(s: SessionSummary, t: Translator) -> dict[str, Any]:
    """:func:`panel_state`, worked out once per change and language for every page that shows ``s``
    (one object, never changed in place: a newer revision gets a new one)."""
    key = (id(s), t.language)
    hit = _SHARED.get(key)
    if hit is not None and hit[0]() is s and hit[1] == s.revision:
        return hit[2]
    for gone in [k for k, (ref, _revision, _state) in _SHARED.items() if ref() is None]:
        del _SHARED[gone]  # a summary no longer in use (tests make many)
    state = panel_state(s, t)
    _SHARED[key] = (weakref.ref(s), s.revision, state)
    return state


def panel_state(s: SessionSummary, t: Translator) -> dict[str, Any]:
    """The panel's ``state`` prop for summary ``s`` in ``t``'s language: plain JSON, texts already
    translated, shares 0..1, counts as numbers."""
    left = s.time_remaining
    return {
        "color": SESSION_STATE_COLOR.get(s.state, "grey"),
        "label": t.text(s.state_label),
        "ssid": t.gettext("Target Wi-Fi: {ssid}").format(ssid=s.target_ssid),
        "session": t.gettext("Session {id}").format(id=s.session_id),
        "left": t.gettext("{time} left").format(time=left) if left else "",
        "warning": (
            ""
            if not s.timeout_warning
            else t.gettext("This session times out soon ({time} left).").format(time=left)
            if left
            else t.gettext("This session times out soon.")  # the Pi warned; no time is known
        ),
        "paused": s.state == "paused",
        "asOf": (
            ""
            if s.confirmed  # the stream, or polling while it is down: what is shown is the Pi's now
            else t.text(s.as_of) or t.gettext("Live updates are interrupted: this is the last state the Pi reported.")
        ),
        "outcome": t.text(s.outcome),
        "counts": {field: getattr(s, field) for field, *_rest in STATS},
        "bar": {
            "now": f"{s.progress:g}",
            "verified": s.progress,
            "busy": s.in_flight_share,
            "failed": s.failed_share,
            "text": t.text(s.progress_text),
        },
        "progressLabel": t.text(s.progress_label),
        "legend": [
            t.text(replace(label, fields=(("count", getattr(s, field)),)))
            if getattr(s, field) or field not in LEGEND_IF_ANY
            else ""
            for field, label, _swatch in LEGEND
        ],
        "networkActive": s.network_active,
        "network": t.text(s.network_label),
    }

"""The batch tells the technician when it is done: a short sound, a vibration and a system
notification, each of which this browser can turn off (kept in its local storage: a preference,
not a secret). Browsers only play sound after a user gesture, so the audio is unlocked by the
first tap on the page; a notification needs the browser's permission, asked when it is turned on.

``window.pidashAlerts`` counts what the page asked the browser to do (the tests' hook).
Preferences are kept under ``pidash.batchAlerts`` in local storage.
"""

from __future__ import annotations

import json

from nicegui import binding, ui

from pidash.i18n import current, msg
from pidash.store import SessionSummary
from pidash.ui.live import call

CHOICES = (("sound", msg("Sound")), ("vibration", msg("Vibration")), ("notification", msg("Notification")))


class BatchAlert(ui.element, component="batch_alert.js"):
    """Follows ``summary.complete`` on one page; a batch completing while the page is open alerts.

    One element: the choices are drawn, kept and read in the browser (``batch_alert.js``), which is
    the only place they matter; the server says when the batch is done (``done``). An element, so
    that NiceGUI removes its binding from the store's summary when the page is deleted."""

    def __init__(self, summary: SessionSummary) -> None:
        super().__init__()
        self._summary = summary
        self._t = t = current()
        """This page's language: the alert fires from a binding, outside the page's context."""
        self._complete: bool | None = None
        self._props.update(
            title=t.gettext("When the batch is done:"),
            label=t.gettext("When the batch is done"),
            choices=tuple((name, t.text(label)) for name, label in CHOICES),  # a tuple: kept as it is
        )
        binding.bind_from(self, "complete", summary, "complete")

    @property
    def complete(self) -> bool | None:
        return self._complete

    @complete.setter
    def complete(self, value: bool) -> None:
        seen, self._complete = self._complete, value
        if seen is False and value:  # done while this page watched; not on opening a finished batch
            title, text = self._t.gettext("Batch complete"), self._t.text(self._summary.outcome)
            call(self, "done", f"{json.dumps(title)},{json.dumps(text)}")

"""The batch tells the technician when it is done: a short sound, a vibration and a system
notification, each of which this browser can turn off (kept in its local storage: a preference,
not a secret). Browsers only play sound after a user gesture, so the audio is unlocked by the
first tap on the page; a notification needs the browser's permission, asked when it is turned on.

``window.pidashAlerts`` counts what the page asked the browser to do (the tests' hook).
"""

from __future__ import annotations

import json

from nicegui import binding, ui

from pidash.i18n import current, msg
from pidash.store import SessionSummary
from pidash.ui.attributes import attrs

PREFS_KEY = "pidash.batchAlerts"
ALERT_JS = """
<script>
(() => {
  const KEY = "__KEY__";
  const ALL_ON = { sound: true, vibration: true, notification: true };
  window.pidashAlerts = { sound: 0, vibration: 0, notification: 0 };
  window.pidashAlertPrefs = () => {
    try { return { ...ALL_ON, ...JSON.parse(localStorage.getItem(KEY) || "{}") }; }
    catch (e) { return { ...ALL_ON }; }
  };
  window.pidashSetAlertPref = (name, on) => {
    const prefs = window.pidashAlertPrefs();
    prefs[name] = on;
    try { localStorage.setItem(KEY, JSON.stringify(prefs)); } catch (e) { /* storage disabled */ }
    if (name === "notification" && on && "Notification" in window) Notification.requestPermission();
  };
  let audio = null;
  document.addEventListener("pointerdown", () => {
    try { audio = audio || new AudioContext(); audio.resume(); } catch (e) { /* no audio here */ }
  }, { capture: true });
  window.pidashBatchDone = (title, text) => {
    const prefs = window.pidashAlertPrefs();
    if (prefs.sound) {
      window.pidashAlerts.sound += 1;
      try {
        const tone = audio.createOscillator(), gain = audio.createGain();
        tone.frequency.value = 880; gain.gain.value = 0.2;
        tone.connect(gain).connect(audio.destination);
        tone.start(); tone.stop(audio.currentTime + 0.3);
      } catch (e) { /* no gesture yet, or no audio device */ }
    }
    if (prefs.vibration && navigator.vibrate) {
      window.pidashAlerts.vibration += 1;
      navigator.vibrate([150, 80, 150]);
    }
    if (prefs.notification && "Notification" in window && Notification.permission === "granted") {
      window.pidashAlerts.notification += 1;
      new Notification(title, { body: text });
    }
  };
})();
</script>
""".replace("__KEY__", PREFS_KEY)
CHOICES = (("sound", msg("Sound")), ("vibration", msg("Vibration")), ("notification", msg("Notification")))


class BatchAlert(ui.row):
    """Follows ``summary.complete`` on one page; a batch completing while the page is open alerts.

    An element itself (the row of choices), so that NiceGUI removes its binding from the store's
    summary when the page is deleted: a binding from a plain object is never removed, and it kept
    every closed page's alert (its checkboxes, its client) for the life of the process."""

    def __init__(self, summary: SessionSummary) -> None:
        super().__init__()
        self._summary = summary
        self._t = current()
        """This page's language: the alert fires from a binding, outside the page's context."""
        self._complete: bool | None = None
        ui.add_head_html(ALERT_JS)
        attrs(
            self.classes("items-center gap-2 text-body2").props('role="group"'),
            aria_label=self._t.gettext("When the batch is done"),
        )
        with self:
            ui.label(self._t.gettext("When the batch is done:"))
            self._boxes = {name: ui.checkbox(self._t.text(label), value=True) for name, label in CHOICES}
        for name, box in self._boxes.items():
            box.on_value_change(lambda e, name=name: self._js(f"pidashSetAlertPref('{name}', {json.dumps(e.value)})"))
        binding.bind_from(self, "complete", summary, "complete")
        self.client.on_connect(self.load_preferences)

    def _js(self, code: str) -> None:
        """Runs in this page's browser, also when called from a binding (outside any UI context)."""
        if not self.is_deleted:
            self.client.run_javascript(code)

    async def load_preferences(self) -> None:
        """Show this browser's choices (call once the page is connected)."""
        prefs = await self.client.run_javascript("window.pidashAlertPrefs()")
        if isinstance(prefs, dict):
            for name, box in self._boxes.items():
                box.set_value(bool(prefs.get(name, True)))

    @property
    def complete(self) -> bool | None:
        return self._complete

    @complete.setter
    def complete(self, value: bool) -> None:
        seen, self._complete = self._complete, value
        if seen is False and value:  # done while this page watched; not on opening a finished batch
            title, text = self._t.gettext("Batch complete"), self._t.text(self._summary.outcome)
            self._js(f"window.pidashBatchDone({json.dumps(title)}, {json.dumps(text)})")

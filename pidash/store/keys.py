"""Which API key the process-wide feeds use.

Policy: the configured key (``PIDASH_API_KEY``) when there is one and the Pi has not refused
it. Without it (or once it was refused: a rotated key), the most recent key that a browser tab
entered *and the Pi accepted*; it is held here, in server memory only,
and dropped when that tab forgets its key (then the previous tab's key, if any, takes over).
Tabs act with their own key (or the configured one); a tab without a key can watch the shared
live state but not act.
"""

from __future__ import annotations

from pydantic import SecretStr


class FeedKeyPolicy:
    def __init__(self, configured: SecretStr | None) -> None:
        self.configured = configured if configured and configured.get_secret_value() else None
        self._offered: dict[str, SecretStr] = {}
        self.configured_refused = False

    @property
    def effective(self) -> SecretStr | None:
        if self.configured is not None and not (self.configured_refused and self._offered):
            return self.configured
        if self._offered:
            return next(reversed(self._offered.values()))
        return self.configured

    def refuse_configured(self) -> bool:
        """The Pi refused the configured key (401/403); True when the feeds' key changed."""
        if self.configured is None or self.configured_refused:
            return False
        before = self.effective
        self.configured_refused = True
        return not same_key(before, self.effective)

    def offer(self, tab_id: str, key: SecretStr) -> bool:
        """A tab's key that the Pi accepted; True when the feeds' key changed."""
        if self.configured is not None and same_key(key, self.configured):
            self.configured_refused = False  # the Pi takes the configured key again
        before = self.effective
        self._offered.pop(tab_id, None)
        self._offered[tab_id] = key
        return not same_key(before, self.effective)

    def withdraw(self, tab_id: str) -> bool:
        """The tab forgot its key; True when the feeds' key changed."""
        before = self.effective
        self._offered.pop(tab_id, None)
        return not same_key(before, self.effective)


def same_key(a: SecretStr | None, b: SecretStr | None) -> bool:
    if a is None or b is None:
        return a is b
    return a.get_secret_value() == b.get_secret_value()

"""Connection states the feeds expose (cf. aioesphomeapi's explicit state enum)."""

from __future__ import annotations

from enum import StrEnum


class FeedState(StrEnum):
    CONNECTING = "connecting"
    CONNECTED = "connected"
    RECONNECTING = "reconnecting"
    POLLING = "polling"
    """The stream answered 204 ("no stream here now"): the data is polled until it is retried."""
    AUTH_FAILED = "auth_failed"
    STOPPED = "stopped"


class MonitorSource(StrEnum):
    WEBSOCKET = "websocket"
    POLLING = "polling"
    DISCONNECTED = "disconnected"

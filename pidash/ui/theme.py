"""Colours, icons and CSS shared by every page (one place for the look)."""

from __future__ import annotations

from nicegui import ui

DEVICE_STATE_STYLE: dict[str, tuple[str, str]] = {
    "discovered": ("blue-grey", "wifi_find"),
    "provisioning": ("blue", "sync"),
    "provisioned": ("indigo", "settings_ethernet"),
    "verifying": ("deep-purple", "fact_check"),
    "verified": ("positive", "verified"),
    "failed": ("negative", "error"),
}
SESSION_STATE_COLOR = {
    "discovering": "blue",
    "active": "positive",
    "paused": "warning",
    "closing": "grey",
    "closed": "grey",
}
FEED_STYLE: dict[str, tuple[str, str]] = {
    "connecting": ("grey", "sync"),
    "connected": ("positive", "sensors"),
    "reconnecting": ("warning", "sync_problem"),
    "auth_failed": ("negative", "key_off"),
    "stopped": ("grey", "sensors_off"),
    "websocket": ("positive", "sensors"),
    "polling": ("info", "autorenew"),
    "disconnected": ("negative", "cloud_off"),
}

CSS = """
.q-btn, .q-toggle, .q-checkbox, .q-field__control, .q-item { min-height: 44px; }
.q-btn { min-width: 44px; }
.pd-mono { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; letter-spacing: 0.02em; }
.pd-page { width: 100%; max-width: 1400px; margin: 0 auto; }
.pd-device-grid { display: grid; gap: 16px; width: 100%;
  grid-template-columns: repeat(auto-fill, minmax(min(100%, 360px), 1fr)); }
.pd-step-label { font-size: 11px; line-height: 1.2; text-align: center; }
.pd-error-box { background: #ffebee; border-left: 4px solid #c62828; }
.body--dark .pd-error-box { background: #3b1518; }
.pd-warn-box { background: #fff8e1; border-left: 4px solid #f9a825; }
.body--dark .pd-warn-box { background: #3a2e0b; }
.pd-stat { min-width: 110px; }
"""


def apply_theme() -> None:
    """Per page: Quasar brand colours and the shared CSS."""
    ui.colors(primary="#1565c0", secondary="#26a69a", accent="#7c4dff", positive="#2e7d32", negative="#c62828")
    ui.add_css(CSS)

"""Colours, icons and CSS shared by every page (one place for the look)."""

from __future__ import annotations

import html

from nicegui import ui

from pidash.i18n import _

# Badge colours carry white text: each is dark enough for WCAG AA at body size (4.5:1).
DEVICE_STATE_STYLE: dict[str, tuple[str, str]] = {
    "discovered": ("blue-grey-8", "wifi_find"),
    "provisioning": ("blue-8", "sync"),
    "provisioned": ("indigo", "settings_ethernet"),
    "verifying": ("deep-purple", "fact_check"),
    "verified": ("positive", "verified"),
    "failed": ("negative", "error"),
}
SESSION_STATE_COLOR = {
    "discovering": "blue-9",
    "active": "positive",
    "paused": "deep-orange-10",
    "closing": "blue-grey-8",
    "closed": "blue-grey-8",
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


STATIC_URL = "/pidash-static"
"""Where ``pidash/ui/static`` is served: the utility classes and the icon font subset."""
HEAD_HTML = f'<link rel="stylesheet" href="{STATIC_URL}/utilities.css">'
FONT_CSS = f"""
@font-face {{ font-family: "PiDash Icons"; font-style: normal; font-weight: 400; font-display: block;
  src: url({STATIC_URL}/icons.woff2) format("woff2"); }}
.material-icons {{ font-family: "PiDash Icons" !important; }}
body {{ font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }}
"""
"""The icon subset instead of the full Material Icons font, and the system font instead of a
downloaded Roboto: together 150 KB less on a cold load (see ``pidash.ui.icon_font``)."""
CSS = """
.q-btn, .q-toggle, .q-checkbox, .q-field__control, .q-item { min-height: 44px; }
.q-btn { min-width: 44px; }
.pd-icon-btn { min-width: 44px; min-height: 44px; }
.pd-mono { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; letter-spacing: 0.02em; }
.pd-page { width: 100%; max-width: 1400px; margin: 0 auto; }
.pd-device-grid { display: grid; gap: 16px; width: 100%;
  grid-template-columns: repeat(auto-fill, minmax(min(100%, 360px), 1fr)); }
.pd-step-label { font-size: 12px; line-height: 1.2; text-align: center; }
.pd-error-box { background: #ffebee; border-left: 4px solid #c62828; }
.body--dark .pd-error-box { background: #3b1518; }
.pd-warn-box { background: #fff8e1; border-left: 4px solid #f9a825; }
.body--dark .pd-warn-box { background: #3a2e0b; }
/* Quasar's warning amber is 1.7:1 on white: for text, a darker amber that meets WCAG AA. */
.pd-warn-text { color: #8a5300; }
.body--dark .pd-warn-text { color: #ffd54f; }
/* Quasar's uploader header counts bytes and percent ("0.0B / 0.00%"): noise for a file of a few kB
   that is read at once; the page says what became of it. */
.q-uploader__subtitle { display: none; }
.pd-stat { min-width: 110px; }
.pd-gap-1 { gap: 4px; } .pd-gap-2 { gap: 8px; } .pd-gap-3 { gap: 12px; } .pd-gap-4 { gap: 16px; }
.pd-grow { flex-grow: 1; }
.pd-icon-xs { font-size: 18px; } .pd-icon-sm { font-size: 24px; } .pd-icon-md { font-size: 32px; }
.pd-icon-lg { font-size: 48px; }
.pd-device-board { width: 100%; display: flex; flex-direction: column; gap: 12px; }
.pd-device-list { width: 100%; display: flex; flex-direction: column; gap: 16px; }
.pd-device-card { display: flex; flex-direction: column; gap: 12px; padding: 16px; }
.pd-card-foot { display: flex; flex-direction: column; gap: 4px; margin-top: auto; }
.pd-card-status { height: 44px; overflow: hidden; }
.pd-card-status.pd-open { height: auto; }
.pd-reason { display: block; width: 100%; font: inherit; color: inherit; text-align: left; background: none;
  border: 0; padding: 0; margin: 0; cursor: pointer; }
.pd-reason:focus-visible { outline: 2px solid currentColor; outline-offset: -2px; }
.pd-reason-open { display: block; overflow-wrap: anywhere; }
.pd-card-actions { display: flex; flex-wrap: wrap; align-items: center; justify-content: flex-end; gap: 8px;
  min-height: 44px; }
.pd-clamp-1, .pd-clamp-2 { display: -webkit-box; -webkit-box-orient: vertical; overflow: hidden;
  overflow-wrap: anywhere; }
.pd-clamp-1 { -webkit-line-clamp: 1; } .pd-clamp-2 { -webkit-line-clamp: 2; }
.pd-select { min-height: 44px; padding: 0 8px; margin-left: 8px; font: inherit; color: inherit;
  background: transparent; border: 1px solid currentColor; border-radius: 4px; }
.pd-device-table { width: 100%; border-collapse: collapse; }
.pd-device-table th { text-align: left; font-weight: 500; padding: 4px 8px; border-bottom: 1px solid #bdbdbd; }
.pd-device-table td { padding: 2px 8px; border-bottom: 1px solid #e0e0e0; vertical-align: middle; }
.body--dark .pd-device-table td { border-bottom-color: #424242; }
.pd-device-table .pd-line-detail { overflow-wrap: anywhere; }
.pd-device-table .pd-line-actions { text-align: right; white-space: nowrap; }
.pd-device-table .pd-line-actions .q-btn__content { flex-wrap: nowrap; }
.pd-refusal { background: #ffebee; border-left: 4px solid #c62828; padding: 6px 10px; color: #7f0000; }
.body--dark .pd-refusal { background: #3b1518; color: #ffcdd2; }
.pd-chip { background: rgb(0 0 0 / 0.25); }
.body--dark .pd-device-card { background: #1d1d1d; }
/* Quasar's fixed palette is made for light pages: on dark ones these would fail WCAG AA. Quasar's
   colour classes are !important in NiceGUI's last layer; an !important rule in an earlier layer
   ("overrides") wins over them. */
@layer overrides {
  .body--dark .text-grey-6, .body--dark .text-grey-7, .body--dark .text-grey-8 { color: #bdbdbd !important; }
  .body--dark .text-negative { color: #ff8a80 !important; }
  .body--dark .text-primary { color: #90caf9 !important; }
  .body--dark .bg-blue-1 { background: #0d2a47 !important; }
}
/* A skipped camera is dimmed, but not its Include button: it works, so it must not look disabled. */
.pd-device-card.pd-skipped > :not(.pd-card-foot), .pd-skipped .pd-card-status,
tr.pd-skipped > td:not(.pd-line-actions) { opacity: 0.55; }
.pd-selected { outline: 3px solid #1565c0; outline-offset: -1px; }
.pd-check { display: inline-flex; align-items: center; justify-content: center; min-width: 44px; min-height: 44px;
  cursor: pointer; }
.pd-check input { width: 22px; height: 22px; cursor: pointer; }
.pd-device-table .pd-line-check { width: 44px; padding: 0; }
.pd-sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
"""


OFFLINE_JS = """
<script>
// When this browser loses the dashboard (its Wi-Fi drops, or the socket closes) the page says so at
// once, the buttons are paused, and nothing tapped meanwhile is sent later: socket.io would buffer
// the click and deliver it on reconnect, minutes after the person walked away.
(() => {
  const mark = (offline) => document.documentElement.classList.toggle("pd-offline", offline);
  window.addEventListener("offline", () => mark(true));
  if (!navigator.onLine) mark(true);
  const hook = setInterval(() => {
    const socket = window.socket;
    if (!socket) return;
    clearInterval(hook);
    socket.on("disconnect", () => mark(true));
    socket.on("connect", () => mark(!navigator.onLine));
    const emit = socket.emit.bind(socket);
    socket.emit = (type, ...args) =>
      type === "event" && (!socket.connected || !navigator.onLine) ? socket : emit(type, ...args);
  }, 20);
})();
</script>
"""
OFFLINE_BANNER = '<div class="pd-offline-banner" role="alert">{text}</div>'
"""The banner ``OFFLINE_JS`` shows, in the page's language (``apply_theme``)."""
OFFLINE_CSS = """
.pd-offline-only, .pd-offline-banner { display: none !important; }
html.pd-offline .pd-offline-only { display: inline !important; }
html.pd-offline .pd-online-only { display: none !important; }
html.pd-offline .pd-offline-banner { display: block !important; position: fixed; z-index: 7000; left: 0; right: 0;
  bottom: 0; padding: 16px 24px; background: #b71c1c; color: #fff; font-size: 20px; font-weight: 600;
  text-align: center; }
html.pd-offline .q-btn, html.pd-offline .q-field, html.pd-offline select { pointer-events: none; opacity: 0.45; }
html.pd-offline #popup { display: none; } /* NiceGUI's own "Connection lost" box: it covered the banner */
"""


def apply_theme() -> None:
    """Per page, while it is built (its language applies): Quasar brand colours, the shared CSS and
    the offline guard."""
    ui.colors(primary="#1565c0", secondary="#26a69a", accent="#7c4dff", positive="#2e7d32", negative="#c62828")
    ui.add_head_html(HEAD_HTML + OFFLINE_JS)
    text = _("This tablet has lost the dashboard: what you see may be old, and actions are paused until it reconnects.")
    ui.add_body_html(OFFLINE_BANNER.format(text=html.escape(text)))
    ui.add_css(FONT_CSS + CSS + OFFLINE_CSS)

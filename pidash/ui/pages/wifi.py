"""Page ``/wifi``: the Pi's Wi-Fi status (polled every 10 s) and, on demand, a scan of networks."""

from __future__ import annotations

import time
from typing import Any

from nicegui import ui

from pidash.contract.system import WifiNetwork, WifiStatus
from pidash.i18n import current
from pidash.store.rows import signal_text
from pidash.store.sections import WIFI, WIFI_SCAN
from pidash.ui.components.card_title import card_title
from pidash.ui.components.section_view import section_view
from pidash.ui.pages.context import PageContext

SCAN_ON_OPEN_MAX_AGE = 30.0
COLUMNS: list[dict[str, Any]] = [
    {"name": "ssid", "label": "Network", "field": "ssid", "align": "left", "sortable": True},
    {"name": "signal", "label": "Signal", "field": "signal", "align": "left"},
    {"name": "bars", "label": "", "field": "bars", "align": "left"},
    {"name": "channel", "label": "Channel", "field": "channel", "align": "right", "sortable": True},
    {"name": "security", "label": "Security", "field": "security", "align": "left"},
    {"name": "bssid", "label": "BSSID", "field": "bssid", "align": "left"},
]


def bars(rssi: int) -> int:
    """0 to 4 signal bars from an RSSI in dBm."""
    if rssi == 0:
        return 0
    return sum(rssi >= limit for limit in (-85, -75, -65, -55))


def build(ctx: PageContext) -> None:
    live = ctx.services.live
    sections, poller = live.sections, live.poller
    with ui.card().classes("w-full").props('flat bordered aria-label="Wi-Fi status"'):
        card_title("wifi", "Wi-Fi status")
        section_view(
            sections[WIFI],
            _status,
            what="Wi-Fi status",
            empty_text="The Pi reported no Wi-Fi status.",
            retry=lambda: poller.refresh(WIFI),
        )
    scan = sections[WIFI_SCAN]
    with ui.card().classes("w-full").props('flat bordered aria-label="Wi-Fi networks"'):
        with card_title("wifi_find", "Networks in range").classes("w-full"):
            ui.space()
            spinner = ui.spinner(size="md")
            button = ui.button("Scan", icon="radar", on_click=lambda: poller.refresh(WIFI_SCAN)).props(
                'unelevated color=primary aria-label="Scan for Wi-Fi networks"'
            )

        def busy() -> None:
            spinner.set_visibility(scan.busy)
            button.set_enabled(not scan.busy)

        scan.changed.subscribe(busy)
        busy()
        section_view(
            scan,
            _networks,
            what="Wi-Fi scan",
            empty_text="The scan found no networks in range.",
            retry=lambda: poller.refresh(WIFI_SCAN),
            loading_text="Scanning for networks…",
        )
    if not scan.busy and (scan.loaded_at is None or time.time() - scan.loaded_at > SCAN_ON_OPEN_MAX_AGE):
        poller.refresh(WIFI_SCAN)


def _status(data: Any) -> None:
    status: WifiStatus = data
    with ui.row().classes("items-center gap-4"):
        ui.icon("wifi" if status.connected else "wifi_off", size="xl", color="positive" if status.connected else "grey")
        with ui.column().classes("gap-0"):
            text = f"Connected to {status.ssid}" if status.connected and status.ssid else "Not connected"
            ui.label(text).classes("text-h5").props('data-testid="wifi-connection"')
            details = [f"Mode: {status.mode}"]
            if status.ip_address:
                details.append(f"IP {status.ip_address}")
            if status.rssi is not None:
                details.append(f"Signal {current().text(signal_text(status.rssi))}")
            ui.label(" · ".join(details)).classes("text-body1 text-grey-8").props('data-testid="wifi-details"')


def _networks(data: Any) -> None:
    networks: list[WifiNetwork] = data
    rows = [
        {
            "id": f"{n.bssid or n.ssid}-{i}",
            "ssid": n.ssid or "(hidden network)",
            "signal": current().text(signal_text(n.rssi)),
            "bars": bars(n.rssi),
            "channel": n.channel or "—",
            "security": n.security or "—",
            "bssid": n.bssid or "—",
        }
        for i, n in enumerate(networks)
    ]
    table = (
        ui.table(columns=COLUMNS, rows=rows, row_key="id")
        .classes("w-full")
        .props("flat")
        .props('data-testid="wifi-networks"')
    )
    table.add_slot(
        "body-cell-bars",
        """
        <q-td :props="props">
          <q-icon size="sm" :aria-label="props.value + ' of 4 bars'"
                  :name="['signal_wifi_0_bar','network_wifi_1_bar','network_wifi_2_bar','network_wifi_3_bar',
                          'signal_wifi_4_bar'][props.value]"
                  :color="props.value >= 3 ? 'positive' : props.value == 2 ? 'warning' : 'negative'" />
        </q-td>
        """,
    )

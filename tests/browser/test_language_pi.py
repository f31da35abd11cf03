"""The Pi's pages (monitoring, system, door, configuration, logs, Wi-Fi, cameras) for a German browser.

Each test checks text made when the page is built AND text that changes after it was built (the
monitor feed's age and transport lines, a section re-rendered after an action, the log's pause
count, a timer-redrawn table): those run outside the page's context, where ``_()`` would fall back
to English.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.browser.support import DashboardProcess, reset_faults, sim_call
from tests.monitoring.tcp_proxy import TcpProxy
from tests.support.processes import SimProcess

pytestmark = pytest.mark.browser

THRESHOLDS = {"memory": (20.0, 95.0), "disk": (30.0, 35.0)}
"""Memory between the two (warning), disk above both (critical)."""


@pytest.fixture(scope="module")
def proxy(module_sim: SimProcess) -> Iterator[TcpProxy]:
    p = TcpProxy(module_sim.port)
    yield p
    p.close()


@pytest.fixture(scope="module")
def dash(
    module_sim: SimProcess, proxy: TcpProxy, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[DashboardProcess]:
    d = DashboardProcess(
        proxy.url,
        tmp_path_factory.mktemp("dash"),
        api_key=module_sim.api_key,
        extra_env={"PIDASH_THRESHOLDS": json.dumps(THRESHOLDS)},
    )
    try:
        yield d.start()
    finally:
        d.stop()


def test_monitoring_in_german_also_what_the_feed_updates(
    de: Page, module_sim: SimProcess, proxy: TcpProxy, dash: DashboardProcess
) -> None:
    de.goto(dash.url + "/monitoring")
    for label in ("Bedrohungsstufe", "Dienste", "Netzwerk", "Paketverlust", "Laufzeit"):
        expect(de.get_by_text(label, exact=True).first).to_be_visible()
    expect(de.get_by_test_id("metric-disk-level")).to_have_text("Kritisch")
    expect(de.get_by_test_id("metric-memory-level")).to_have_text("Warnung")
    expect(de.get_by_test_id("threat-level")).to_have_text("NIEDRIG")
    expect(de.get_by_test_id("service-mqtt")).to_have_text("In Betrieb")
    expect(de.get_by_role("columnheader", name="Zuletzt gesehen")).to_be_visible()
    transport = de.get_by_test_id("monitor-transport")
    expect(transport).to_have_text("Verbindung: WebSocket")

    age = de.get_by_test_id("monitor-age")  # rewritten every second by the store's clock
    expect(age).to_have_text("Gerade aktualisiert")  # the socket sends often

    sim_call(module_sim, "PUT", "/_sim/faults", {"ws_mode": "closed"})
    try:
        assert proxy.drop() > 0
        expect(transport).to_have_text("Verbindung: Abfrage (Ausweichbetrieb)", timeout=10_000)
        expect(de.get_by_test_id("monitor-details-note")).to_have_text(
            re.compile(r"^Die Abfrage aktualisiert nur den Systemzustand; diese Werte sind von \d\d:\d\d:\d\d\.$")
        )
        expect(age).to_have_text(re.compile(r"^Aktualisiert vor \d+ s$"), timeout=10_000)  # polls every 5 s
    finally:
        reset_faults(module_sim)
    expect(transport).to_have_text("Verbindung: WebSocket", timeout=10_000)
    expect(de.get_by_test_id("monitor-details-note")).to_be_hidden()


def test_system_in_german(de: Page, dash: DashboardProcess) -> None:
    de.goto(dash.url + "/system")
    expect(de.get_by_text("Systeminformationen", exact=True).first).to_be_visible()
    expect(de.get_by_text("Hostname", exact=True)).to_be_visible()
    expect(de.get_by_test_id("health-status")).to_have_text("Gesund")
    expect(de.get_by_text("Was dieser Pi anbietet", exact=True)).to_be_visible()
    system_row = de.get_by_test_id("capability-system")  # the table is redrawn by a timer
    expect(system_row.get_by_test_id("capability-verdict")).to_have_text("funktioniert")
    expect(de.get_by_test_id("section-system").get_by_test_id("section-read-at")).to_have_text(
        re.compile(r"^Gelesen um \d\d:\d\d:\d\d$")
    )


def test_door_in_german_refusal_confirmation_and_the_new_state(de: Page, dash: DashboardProcess) -> None:
    de.goto(dash.url + "/door")
    state = de.get_by_test_id("door-state")
    expect(state).to_have_text("Geschlossen")
    expect(de.get_by_test_id("door-locked")).to_have_text("Verriegelt")

    duration = de.get_by_label("Öffnen für (Sekunden)")
    duration.fill("0")
    de.get_by_test_id("door-open").click()
    expect(de.get_by_text("Zwischen 1 und 300 Sekunden.")).to_be_visible()  # next to its field
    expect(de.get_by_text("Between 1 and 300 seconds.")).to_have_count(0)
    expect(de.get_by_role("alertdialog")).to_have_count(0)

    duration.fill("20")
    de.get_by_test_id("door-open").click()
    dialog = de.get_by_role("alertdialog")
    expect(dialog).to_contain_text("Tür öffnen?")
    expect(dialog).to_contain_text("Die Tür wird entriegelt, bleibt 20 s offen")
    dialog.get_by_role("button", name="Tür öffnen").click()
    expect(dialog).to_have_count(0)
    expect(de.get_by_text("Tür für 20 s geöffnet.")).to_be_visible()
    expect(state).to_have_text("Offen")  # re-rendered from the Pi's reply, after the page was built
    expect(de.get_by_test_id("door-locked")).to_have_text("Entriegelt")

    de.get_by_role("button", name="Tür schließen").click()
    expect(state).to_have_text("Geschlossen")
    expect(de.get_by_test_id("door-locked")).to_have_text("Verriegelt")


def test_configuration_in_german(de: Page, dash: DashboardProcess) -> None:
    de.goto(dash.url + "/config")
    expect(de.get_by_role("button", name="mqtt.password anzeigen")).to_be_visible()
    port = de.get_by_test_id("config-mqtt.broker_port")
    port.get_by_role("button", name="mqtt.broker_port bearbeiten").click()
    de.get_by_test_id("config-input").fill("1.5")
    de.get_by_role("button", name="Speichern").click()
    expect(de.get_by_test_id("config-problem")).to_have_text("Geben Sie eine ganze Zahl ein.")
    de.get_by_role("button", name="Abbrechen").click()


def test_logs_in_german_also_the_pause_count(de: Page, dash: DashboardProcess) -> None:
    de.goto(dash.url + "/logs")
    expect(de.get_by_text("Stufe", exact=True)).to_be_visible()
    expect(de.get_by_test_id("log-count")).to_have_text(re.compile(r"Zeilen? im Puffer \(die neuesten \d+ werden"))
    de.get_by_role("button", name="Protokoll anhalten").click()
    pending = de.get_by_test_id("log-pending")  # counted by the log buffer's subscriber
    expect(pending).to_have_text(re.compile(r"^Angehalten · \d+ neue Zeilen?$"), timeout=20_000)
    de.get_by_role("button", name="Protokoll fortsetzen").click()
    expect(pending).to_have_text("")


def test_wifi_and_cameras_in_german(de: Page, dash: DashboardProcess) -> None:
    de.goto(dash.url + "/wifi")
    expect(de.get_by_text("WLAN-Status", exact=True).first).to_be_visible()
    expect(de.get_by_test_id("wifi-connection")).to_have_text(re.compile(r"^(Verbunden mit .+|Nicht verbunden)$"))
    expect(de.get_by_test_id("wifi-details")).to_contain_text("Modus: ")
    expect(de.get_by_role("columnheader", name="Kanal")).to_be_visible()

    de.goto(dash.url + "/cameras")
    expect(de.get_by_test_id("cameras-summary")).to_have_text(
        re.compile(r"^\d+ Kameras?: \d+ online, \d+ offline, \d+ mit Fehler$")
    )
    expect(de.get_by_role("columnheader", name="Zuletzt gesehen")).to_be_visible()

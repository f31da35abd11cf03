"""The admin pages in a German browser (Accept-Language: de): sign-in (and its refusal), allowlist
(table, add, import), the gates' reasons, operators, history and the printable report.

Text set after the page was built is checked too: the allowlist totals (set when the Pi's
allowlist arrives), the gate reason (recomputed once the browser has connected) and the history's
batch summary (re-read by a timer while the batch runs). Those run outside the page's context, so
``_()`` there would give English.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.access_support import PASSWORDS, add_crew, sign_in
from tests.browser.support import (
    ACTION_TIMEOUT_MS,
    DashboardProcess,
    fleet_macs,
    session_card,
    start_session,
    stop_session,
    wait_discovered,
)
from tests.support.processes import SimProcess

pytestmark = pytest.mark.browser

GERMAN = {"Accept-Language": "de-DE,de;q=0.9,en;q=0.5"}
NEW_MAC = "AA:BB:CC:DD:EE:5A"


@pytest.fixture(scope="module")
def site(module_sim: SimProcess, tmp_path_factory: pytest.TempPathFactory) -> Iterator[DashboardProcess]:
    """The Pi key configured, anonymous visitors get nothing, three operators (ada, tom, vic)."""
    workdir = tmp_path_factory.mktemp("site")
    add_crew(workdir)
    dash = DashboardProcess(
        module_sim.url, workdir, api_key=module_sim.api_key, extra_env={"PIDASH_ANONYMOUS": "none"}
    ).start()
    yield dash
    dash.stop()


@pytest.fixture
def german(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, extra_http_headers=GERMAN)
    yield context
    context.close()


def german_page(context: BrowserContext) -> Page:
    page = context.new_page()
    page.set_default_timeout(ACTION_TIMEOUT_MS)
    return page


def sign_in_german(page: Page, base_url: str, name: str, next_path: str = "/allowlist") -> None:
    page.goto(f"{base_url}/login?next={next_path}")
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_label("Passwort", exact=True).fill(PASSWORDS[name])
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_test_id("operator")).to_contain_text(f"{name} (", timeout=15_000)


def test_sign_in_allowlist_and_operators_in_german(german: BrowserContext, page: Page, site: DashboardProcess) -> None:
    english = page
    page = german_page(german)
    page.goto(site.url + "/allowlist")
    expect(page).to_have_url(re.compile(r"/login\?next=/allowlist$"))
    assert page.title() == "PiDash · Anmelden"
    page.get_by_label("Name", exact=True).fill("ada")
    page.get_by_label("Passwort", exact=True).fill("not-her-password")
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_test_id("login-problem")).to_have_text("Name oder Passwort falsch.")
    page.get_by_role("button", name="Anmelden").click()  # the password field was cleared
    expect(page.get_by_test_id("login-problem")).to_have_text("Geben Sie Ihren Namen und Ihr Passwort ein.")

    sign_in_german(page, site.url, "ada")
    expect(page.get_by_test_id("operator")).to_have_text("ada (Administrator)")
    expect(page.get_by_text("Freigegebene Kameras")).to_be_visible()
    # Set when the Pi's allowlist arrives, after the page was built.
    totals = page.get_by_text(re.compile(r"\d+ insgesamt ·"))
    expect(totals).to_have_text(re.compile(r"^\d+ insgesamt · \d+ verfügbar · \d+ verwendet$"))
    expect(page.get_by_role("columnheader", name="MAC-Adresse").first).to_be_visible()
    expect(page.get_by_role("columnheader", name="Beschreibung").first).to_be_visible()

    # Add a camera: the notification, the new row's status and the new totals are German.
    page.get_by_label("MAC-Adresse", exact=True).fill(NEW_MAC.lower().replace(":", "-"))
    page.get_by_label("Beschreibung", exact=True).fill("Gang 3")
    page.get_by_role("button", name="Gerät hinzufügen").click()
    expect(page.get_by_text(f"{NEW_MAC} zur Freigabeliste hinzugefügt.")).to_be_visible()
    new_row = page.get_by_role("row").filter(has_text=NEW_MAC)
    expect(new_row).to_contain_text("Verfügbar")
    expect(new_row.get_by_role("button", name=f"{NEW_MAC} bearbeiten")).to_be_visible()
    expect(page.get_by_role("button", name="Mehrere entfernen")).to_be_visible()

    # A change made in another (English) browser reaches this page through the store's event, which
    # runs in that browser's context: the totals and rows must stay German.
    total = int(totals.inner_text().split()[0])
    sign_in(english, site.url, "ada", next_path="/allowlist")
    english.get_by_label("MAC address", exact=True).fill("AA:BB:CC:DD:EE:5C")
    english.get_by_role("button", name="Add device").click()
    expect(english.get_by_text(re.compile(r"\d+ total ·"))).to_contain_text(f"{total + 1} total")
    expect(totals).to_have_text(re.compile(rf"^{total + 1} insgesamt · \d+ verfügbar · \d+ verwendet$"))
    expect(page.get_by_role("row").filter(has_text="AA:BB:CC:DD:EE:5C")).to_contain_text("Verfügbar")

    # Import: the preview's tally, statuses, a changed row's details and the apply button.
    card = page.get_by_label("Aus CSV importieren", exact=True)
    card.get_by_label("Zu importierendes CSV").fill(
        f"mac,description\n{NEW_MAC},Gang 4\nAA:BB:CC:DD:EE:5B,Neu\nAA:BB:CC:DD:EE:5B,Nochmal\n"
    )
    card.get_by_role("button", name="Import-Vorschau anzeigen").click()
    expect(card.get_by_role("status", name="Import-Übersicht")).to_have_text(
        "3 Zeilen: 1 neu · 1 geändert · 0 unverändert · 0 ungültig · 1 doppelt"
    )
    preview = card.get_by_role("table")
    expect(preview.get_by_role("row").filter(has_text="Gang 4")).to_contain_text("Beschreibung: 'Gang 3' → 'Gang 4'")
    expect(preview.get_by_role("row").filter(has_text="Nochmal")).to_contain_text(
        "Wiederholt Zeile 3; nur diese Zeile wird verwendet."
    )
    expect(card.get_by_role("button", name="Import übernehmen")).to_have_text(re.compile("2 Änderungen übernehmen"))

    # Operators: the form, the role names and the account rows.
    page.goto(site.url + "/users")
    expect(page.get_by_text("Einen Bediener hinzufügen").first).to_be_visible()
    expect(page.get_by_role("button", name="Bediener hinzufügen")).to_be_visible()
    expect(page.get_by_test_id("account-tom")).to_contain_text("seit ")
    expect(page.get_by_test_id("account-tom")).to_contain_text("Techniker")
    expect(page.get_by_role("button", name="Passwort von tom setzen")).to_be_visible()

    page.goto(site.url + "/audit")
    expect(page.get_by_role("columnheader", name="Korrelations-ID")).to_be_visible()


def test_a_viewer_is_told_why_in_german(german: BrowserContext, site: DashboardProcess) -> None:
    page = german_page(german)
    sign_in_german(page, site.url, "vic")
    expect(page.get_by_test_id("operator")).to_have_text("vic (Betrachter)")
    # The gate's reason is recomputed once the browser has connected (TabAuth.refresh).
    expect(page.get_by_test_id("gate-reason").first).to_have_text(
        "Ihre Rolle (Betrachter) darf die Freigabeliste nicht bearbeiten; "
        "dafür ist die Rolle Administrator oder höher nötig."
    )
    page.goto(site.url + "/users")
    expect(page.get_by_test_id("gate-reason").first).to_contain_text("darf weder Bediener verwalten")


def test_a_bad_mac_is_refused_next_to_its_field_in_german(german: BrowserContext, site: DashboardProcess) -> None:
    page = german_page(german)
    sign_in_german(page, site.url, "ada")
    page.get_by_label("MAC-Adresse", exact=True).fill("12:34:56:78:9A")
    page.get_by_role("button", name="Gerät hinzufügen").click()
    field = page.locator(".q-field").filter(has=page.get_by_label("MAC-Adresse", exact=True))
    refusal = field.get_by_role("alert").filter(has_text="12")
    expect(refusal).to_be_visible()
    expect(refusal).not_to_contain_text("hexadecimal digits")
    expect(refusal).to_contain_text("10")
    expect(page.get_by_role("row").filter(has_text="12:34:56:78:9A")).to_have_count(0)


def test_history_and_report_in_german(
    german: BrowserContext, page: Page, site: DashboardProcess, module_sim: SimProcess
) -> None:
    sign_in(page, site.url, "ada", next_path="/")  # the batch is run from an English browser
    macs = fleet_macs(module_sim)
    start_session(page, ssid="Sprach-WiFi")
    wait_discovered(page, macs)

    de = german_page(german)
    sign_in_german(de, site.url, "ada", next_path="/history")
    expect(de.get_by_role("columnheader", name="Datum").first).to_be_visible()
    de.get_by_label("Stapelliste").get_by_role("row").filter(has_text="Sprach-WiFi").first.click()
    summary = de.get_by_test_id("history-batch-summary")
    expect(summary).to_contain_text("läuft noch")
    expect(summary).to_contain_text(f"{len(macs)} Kameras: 0 bestätigt, 0 fehlgeschlagen")
    expect(de.get_by_label("Kameras des Stapels")).to_contain_text("erkannt")

    stop_session(page)
    expect(session_card(page).get_by_role("status")).to_have_text("Closed", timeout=15_000)
    # The page re-reads the running batch on a timer: the new summary is German as well.
    expect(summary).to_contain_text("beendet", timeout=20_000)
    expect(summary).to_contain_text("Sitzung ")

    with german.expect_page() as opened:
        de.get_by_role("button", name="Druckbarer Bericht").click()
    report = opened.value
    expect(report.get_by_role("heading", name="Einrichtungsbericht")).to_be_visible()
    facts = report.get_by_label("Angaben zum Stapel")
    expect(facts).to_contain_text("Sprach-WiFi")
    expect(facts).to_contain_text(f"{len(macs)} Kameras: 0 bestätigt, 0 fehlgeschlagen")
    expect(report.get_by_text("Standortname nicht gesetzt (PIDASH_SITE_NAME)")).to_be_visible()
    cameras = report.get_by_label("Kameras des Stapels")
    expect(cameras.get_by_role("columnheader", name="Status")).to_be_visible()
    expect(cameras.get_by_role("row").filter(has_text=macs[0])).to_contain_text("erkannt")
    expect(report.get_by_role("button", name="Drucken")).to_be_visible()
    assert report.title() == "PiDash · Bericht"

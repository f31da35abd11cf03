"""Text made once for every browser (the store, the error registry, input errors) is a ``Msg``:
English as ``str()``, German when a German page shows it. Plain data, no server."""

from __future__ import annotations

from datetime import datetime

import pytest

from pidash.contract.errors import user_message
from pidash.contract.validation import InvalidInput, normalize_mac, reason, validate_passphrase, validate_ssid
from pidash.i18n import translator, use_translator
from pidash.orchestrator import OrchestratorError
from pidash.orchestrator.errors import CONNECTION_FAILED
from pidash.store import DashboardStore, shown_error
from pidash.store.feeds import MONITOR_FEED, PROVISIONING_FEED
from pidash.store.formatting import day_time
from pidash.ui.validation import check, max_length, optional_timeout
from tests.store.test_store import NOW, loaded

DE = translator("de")


def test_the_summary_is_english_in_logs_and_german_on_a_german_page() -> None:
    store = loaded(states=["verified", "failed", "discovered"])
    s = store.summary
    assert str(s.progress_label) == "1 of 3 verified"
    assert DE.text(s.progress_label) == "1 von 3 bestätigt"
    assert DE.text(s.state_label) == "Aktiv"
    assert DE.text(s.network_label) == "Einrichtungsnetz Onboard: aktiv, 3 verbunden"
    assert DE.text(s.progress_text).startswith("1 von 3 bestätigt, 1 fehlgeschlagen, 0 in Arbeit, 1 wartend")
    store.set_feed_state(PROVISIONING_FEED, "reconnecting")
    store.tick(NOW)
    assert DE.text(store.feeds[PROVISIONING_FEED].label) == "Neu verbinden"
    assert DE.text(s.as_of).startswith("Letzter bekannter Stand von ")


def test_a_newer_state_is_shown_as_the_pi_names_it() -> None:
    store = DashboardStore()
    store.set_feed_state(MONITOR_FEED, "carrier_pigeon")
    assert DE.text(store.feeds[MONITOR_FEED].label) == "Carrier_pigeon"


def test_error_sentences_are_translated_and_the_pis_words_are_not() -> None:
    assert DE.text(user_message("DEVICE_TIMEOUT")) == "Die Kamera hat nicht rechtzeitig geantwortet."
    assert DE.text(user_message("SOMETHING_NEW")) == "Der Pi hat einen unerwarteten Fehler gemeldet."
    shown = shown_error(OrchestratorError(CONNECTION_FAILED))
    assert DE.text(shown.message).startswith("Der Pi war nicht erreichbar.")
    assert str(OrchestratorError(CONNECTION_FAILED)).startswith("CONNECTION_FAILED: The Pi could not be reached.")
    assert DE.text("Sensor 3 ist defekt") == "Sensor 3 ist defekt"


@pytest.mark.parametrize(
    ("validate", "raw", "german"),
    [
        (validate_ssid, "   ", "Ein WLAN-Name kann nicht nur aus Leerzeichen bestehen; geben Sie den Namen ein."),
        (validate_ssid, "x" * 33, "Ein WLAN-Name hat höchstens 32 Bytes; dieser hat 33."),
        (validate_passphrase, "short", "Ein WPA2-Passwort hat mindestens 8 Zeichen; dieses hat 5."),
        (normalize_mac, "gh:ij:cc:dd:ee:ff", "'g', 'h', 'i' … sind keine Hexadezimalziffern;"),
    ],
)
def test_input_errors_carry_a_translatable_sentence(validate: object, raw: str, german: str) -> None:
    with pytest.raises(InvalidInput) as info:
        validate(raw)  # type: ignore[operator]
    assert DE.text(reason(info.value)).startswith(german)
    assert str(info.value) == str(info.value.message)  # pydantic and logs read English


def test_field_validation_speaks_the_pages_language() -> None:
    with use_translator(DE):
        assert check(validate_ssid)("") == "Geben Sie den Namen des WLANs (SSID) ein."
        assert optional_timeout(0) == "Zwischen 1 und 3600 Sekunden (leer lassen für den Standardwert des Pi)."
        assert max_length(3, "Eine Beschreibung")("abcd") == "Eine Beschreibung: höchstens 3 Zeichen; hier sind es 4."
    assert optional_timeout(1.5) == "Enter a whole number of seconds."


def test_dates_use_the_pages_month_names() -> None:
    moment = datetime(2026, 3, 5, 14, 5).astimezone()
    assert day_time(moment, DE) == "05. Mär 2026, 14:05"
    assert day_time(moment) == "05 Mar 2026, 14:05"

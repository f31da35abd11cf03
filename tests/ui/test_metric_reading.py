"""Health figures in the page's language (kiosk and Monitoring): the decimal separator follows the locale."""

from __future__ import annotations

from pidash.store.formatting import reading


def test_a_temperature_uses_the_languages_decimal_separator() -> None:
    assert reading(50.1, "°C", "de") == "50,1 °C"
    assert reading(50.1, "°C", "en") == "50.1 °C"
    assert reading(-3.26, "°C", "de") == "-3,3 °C"


def test_a_percentage_is_whole_and_no_reading_is_a_dash() -> None:
    assert reading(42.4, "%", "de") == "42 %"
    assert reading(99.6, "%", "en") == "100 %"
    assert reading(None, "°C", "de") == "—"

"""What pages show for dates, times and figures, in English and German (``pidash.store.formatting``)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from pidash.i18n import translator, use_translator
from pidash.store.formatting import day, day_clock, number, numbers, quantity, reading, size

DE, EN = translator("de"), translator("en")
ENGLISH_ONLY_MONTHS = {"Mar", "May", "Oct", "Dec"}
"""Short month names German writes otherwise (Mär, Mai, Okt, Dez)."""


@pytest.mark.parametrize(
    ("moment", "english", "german"),
    [
        (datetime(2026, 12, 31, tzinfo=UTC), "31 Dec 2026", "31. Dez 2026"),
        ("2026-12-31T00:00:00Z", "31 Dec 2026", "31. Dez 2026"),
        ("2026-03-05", "05 Mar 2026", "05. Mär 2026"),
        ("in a year", "in a year", "in a year"),
        ("", "—", "—"),
    ],
)
def test_a_day_in_the_pages_language(moment: datetime | str, english: str, german: str) -> None:
    assert day(moment, EN) == english
    assert day(moment, DE) == german


def test_a_day_with_its_time_has_no_english_month_in_german() -> None:
    moment = datetime(2026, 12, 3, 23, 18, 44).astimezone()
    assert day_clock(moment, EN) == "03 Dec 23:18:44"
    assert day_clock(moment, DE) == "03. Dez 23:18:44"
    for month in range(1, 13):
        shown = day_clock(datetime(2026, month, 20, 12).astimezone(), DE)
        assert not set(shown.split()) & ENGLISH_ONLY_MONTHS, shown


def test_the_day_defaults_to_the_language_in_use() -> None:
    with use_translator(DE):
        assert day(datetime(2026, 10, 1)) == "01. Okt 2026"
    assert day(datetime(2026, 10, 1)) == "01 Oct 2026"


def test_numbers_use_the_languages_separators() -> None:
    assert number(1234.5, "en", 1) == "1,234.5" and number(1234.5, "de", 1) == "1.234,5"
    assert number(72.5, "de") == "72,5" and number(80.0, "de") == "80"
    assert number(3, "de", 0) == "3"


def test_quantities_and_readings() -> None:
    assert quantity(0.6, "%", "en", 1) == "0.6 %" and quantity(0.6, "%", "de", 1) == "0,6 %"
    assert quantity(12.4, "ms", "de", 0) == "12 ms" and quantity(None, "ms", "de") == "—"
    assert reading(50.3, "°C", "de") == "50,3 °C" and reading(50.3, "°C", "en") == "50.3 °C"


@pytest.mark.parametrize(
    ("count", "english", "german"),
    [(None, "—", "—"), (999, "999 B", "999 B"), (1_250_000, "1.2 MB", "1,2 MB"), (2_200_000, "2.2 MB", "2,2 MB")],
)
def test_sizes_in_decimal_units(count: int | None, english: str, german: str) -> None:
    assert size(count, "en") == english
    assert size(count, "de") == german


def test_the_pis_figures_in_a_text_keep_their_decimals() -> None:
    assert numbers("0.71 0.56 0.47", "de") == "0,71 0,56 0,47"
    assert numbers("0.71 0.56 0.47", "en") == "0.71 0.56 0.47"
    assert numbers("1.5 busy -2", "de") == "1,5 busy -2"
    assert numbers("", "de") == "—"

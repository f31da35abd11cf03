"""The catalogs are complete for the code, and the marking/rendering rules hold (README "Languages")."""

from __future__ import annotations

import pytest
from babel.messages.catalog import Catalog

from pidash.i18n import msg, msg_n, msg_p, translator
from pidash.i18n.negotiation import choose_language, preferred_languages
from pidash.i18n.tools import check, extract


def test_every_string_in_the_code_is_translated_into_german() -> None:
    problems = check()
    assert not problems, "\n".join(map(str, problems[:40])) + f"\n({len(problems)} in all; see README 'Languages')"


def test_the_check_reports_a_string_missing_from_the_catalog() -> None:
    template = extract()
    template.add("A sentence nobody has translated yet")
    template.add(("{count} new camera", "{count} new cameras"))
    problems = [str(p) for p in check(template)]
    assert any("A sentence nobody has translated yet" in p and "missing" in p for p in problems)
    assert any("{count} new camera" in p for p in problems)


def test_the_check_reports_a_translation_whose_fields_do_not_match() -> None:
    template = Catalog()
    template.add("Open navigation")  # translated, no fields: fine
    assert check(template) == []
    extracted = {m.id for m in extract() if m.id}
    assert "Open navigation" in extracted


def test_a_message_is_rendered_in_each_language_with_its_fields() -> None:
    de = translator("de")
    assert de.text(msg("Language")) == "Sprache"
    assert str(msg("Language")) == "Language"
    assert de.text("a Pi's own words") == "a Pi's own words"
    assert de.text(None) == ""
    assert str(msg_n("{count} camera", "{count} cameras", 1)) == "1 camera"
    assert str(msg_n("{count} camera", "{count} cameras", 3)) == "3 cameras"
    assert str(msg_p("camera state", "Provisioning")) == "Provisioning"


def test_a_translation_that_does_not_fit_its_fields_falls_back_to_english() -> None:
    de = translator("de")
    broken = msg("Language", unused="x")  # the id has no field: formatting ignores extras
    assert de.text(broken) == "Sprache"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("de-CH, de;q=0.9, en;q=0.8", ["de", "de", "en"]),
        ("en;q=0.5, de", ["de", "en"]),
        ("fr;q=0, de;q=x, en", ["en"]),
        ("", []),
        (",,;q=1,", []),
    ],
)
def test_accept_language_is_ranked_by_quality(header: str, expected: list[str]) -> None:
    assert preferred_languages(header) == expected


def test_the_language_is_the_browsers_choice_then_its_header_then_the_site_default() -> None:
    assert choose_language("de", "en", "en") == "de"
    assert choose_language("xx", "fr, de;q=0.5", "en") == "de"
    assert choose_language(None, "fr", "de") == "de"
    assert choose_language(None, None, "en") == "en"
    assert choose_language(None, "fr", "zz") == "en"

"""The configuration page's section headings: known sections in words, others as the Pi's key."""

from __future__ import annotations

from pidash.i18n import translator, use_translator
from pidash.ui.pages.config import section_title


def test_known_sections_are_named_in_the_pages_language() -> None:
    assert [section_title(n) for n in ("mqtt", "network", "system")] == ["MQTT", "Network", "System"]
    with use_translator(translator("de")):
        assert [section_title(n) for n in ("mqtt", "network", "provisioning")] == ["MQTT", "Netzwerk", "Einrichtung"]


def test_another_section_keeps_the_pis_key() -> None:
    assert section_title("camera_defaults") == "camera_defaults"

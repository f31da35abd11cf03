"""The shipped icon subset holds every icon pidash and Quasar use (else an icon shows as its name)."""

from __future__ import annotations

from pidash.ui.icon_font import SUBSET_PATH, full_font_path, ligature_names, used_names


def test_the_subset_holds_every_icon_in_use() -> None:
    known = ligature_names(full_font_path())
    wanted = used_names(set(known))
    shipped = set(ligature_names(SUBSET_PATH))
    assert {"videocam", "check_circle", "arrow_drop_down", "network_wifi"} <= wanted
    missing = wanted - shipped
    assert not missing, f"icons missing from the subset; run `.venv/bin/python -m pidash.ui.icon_font`: {missing}"


def test_the_subset_is_small() -> None:
    assert SUBSET_PATH.stat().st_size < 20_000

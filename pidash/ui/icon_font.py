"""The icon font pidash ships: Material Icons cut down to the icons pidash and Quasar use.

NiceGUI's full Material Icons font is 129 KB on the wire, a quarter of a cold page load; the
subset in ``pidash/ui/static/icons.woff2`` holds only the ligatures whose names appear as strings
in ``pidash/ui`` (Python and JavaScript) or in Quasar's material icon set. Regenerate it after
using a new icon (``tests/ui/test_icon_font.py`` fails until you do)::

    .venv/bin/python -m pidash.ui.icon_font

Needs fontTools and brotli (the test extra); the dashboard itself only serves the file.
"""

from __future__ import annotations

import re
from pathlib import Path

import nicegui

UI_DIR = Path(__file__).resolve().parent
SUBSET_PATH = UI_DIR / "static" / "icons.woff2"
NICEGUI_STATIC = Path(nicegui.__file__).resolve().parent / "static"
FULL_FONT = "0c19a63c7528cc1a.woff2"
"""NiceGUI's Material Icons (regular) font file, as named in its ``fonts.css``."""
_TOKEN = re.compile(r"[\"']([a-z][a-z0-9_]*)[\"']")
_ELEMENT_TEXT = re.compile(r">\s*([a-z][a-z0-9_]*)\s*<")
_QUASAR_ICON_SET = re.compile(r'name:"material-icons",(.*?)\};')
UNUSED_QUASAR_PARTS = ("editor", "colorPicker", "rating", "datetime", "carousel", "pullToRefresh", "fab")
"""Quasar components pidash does not use: their icons stay out of the subset."""


def full_font_path() -> Path:
    return NICEGUI_STATIC / "fonts" / FULL_FONT


def ligature_names(font_path: Path) -> dict[str, str]:
    """Icon name (``check_circle``) → glyph name, read from the font's ligature table."""
    from fontTools.ttLib import TTFont

    font = TTFont(str(font_path))
    to_char = {glyph: chr(code) for code, glyph in font.getBestCmap().items()}
    names: dict[str, str] = {}
    for lookup in font["GSUB"].table.LookupList.Lookup:
        for table in lookup.SubTable:
            for first, ligatures in getattr(table, "ligatures", {}).items():
                for ligature in ligatures:
                    parts = [first, *ligature.Component]
                    if all(p in to_char for p in parts):
                        names["".join(to_char[p] for p in parts)] = ligature.LigGlyph
    return names


def used_names(known: set[str]) -> set[str]:
    """Icon names among the quoted strings of pidash/ui's Python and JavaScript, the element texts of
    its JavaScript templates (``<i class="material-icons">memory</i>``), and Quasar's icon set."""
    found: set[str] = set()
    for path in UI_DIR.rglob("*.py"):
        found.update(_TOKEN.findall(path.read_text(encoding="utf-8")))
    for path in UI_DIR.rglob("*.js"):
        text = path.read_text(encoding="utf-8")
        found.update(_TOKEN.findall(text), _ELEMENT_TEXT.findall(text))
    quasar = (NICEGUI_STATIC / "quasar.umd.prod.js").read_text(encoding="utf-8")
    match = _QUASAR_ICON_SET.search(quasar)
    if match:
        icon_set = match.group(1)
        for part in UNUSED_QUASAR_PARTS:
            icon_set = re.sub(rf"\b{part}:\{{[^}}]*\}}", "", icon_set)
        found.update(_TOKEN.findall(icon_set))
    return found & known


def build() -> set[str]:
    """Write the subset font; return the icon names it holds."""
    from fontTools import subset

    names = ligature_names(full_font_path())
    wanted = used_names(set(names))
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_closure = False  # keep only the ligatures of the icons asked for, not all of them
    options.layout_features = ["rlig", "liga"]  # Material Icons uses "rlig"
    font = subset.load_font(str(full_font_path()), options)
    subsetter = subset.Subsetter(options)
    letters = "".join(sorted({c for name in wanted for c in name}))
    subsetter.populate(glyphs=[names[n] for n in sorted(wanted)], text=letters)
    subsetter.subset(font)
    SUBSET_PATH.parent.mkdir(exist_ok=True)
    subset.save_font(font, str(SUBSET_PATH), options)
    return wanted


def main() -> None:
    wanted = build()
    print(f"{SUBSET_PATH}: {len(wanted)} icons, {SUBSET_PATH.stat().st_size} bytes")


if __name__ == "__main__":
    main()

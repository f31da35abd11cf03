"""Every CSS class pidash's UI uses is defined somewhere, now that Tailwind's compiler is gone."""

from __future__ import annotations

import re
from pathlib import Path

import nicegui

UI = Path(__file__).resolve().parents[2] / "pidash" / "ui"
NICEGUI_STATIC = Path(nicegui.__file__).resolve().parent / "static"
CLASSES_CALL = re.compile(r"\.classes\(\s*\"([^\"{}]*)\"")
TEMPLATE_CLASS = re.compile(r"(?<![:\w-])class=\"([^\"{}]*)\"")
SELECTOR_CLASS = re.compile(r"\.((?:[a-zA-Z0-9_-]|\\.)+)")


def defined_classes() -> set[str]:
    css = [
        *(
            NICEGUI_STATIC / name
            for name in ("quasar.important.prod.css", "quasar.unimportant.prod.css", "nicegui.css")
        ),
        *UI.rglob("*.css"),
    ]
    text = "\n".join(p.read_text(encoding="utf-8") for p in css)
    text += "\n".join(p.read_text(encoding="utf-8") for p in UI.rglob("*.py"))  # CSS constants in modules
    return {m.replace("\\", "") for m in SELECTOR_CLASS.findall(text)}


def used_classes() -> dict[str, str]:
    used: dict[str, str] = {}
    for path in [*UI.rglob("*.py"), *UI.rglob("*.js")]:
        text = path.read_text(encoding="utf-8")
        for found in (*CLASSES_CALL.findall(text), *TEMPLATE_CLASS.findall(text)):
            for name in found.split():
                used.setdefault(name, str(path.relative_to(UI)))
    return used


def test_every_class_in_the_ui_is_defined() -> None:
    defined = defined_classes()
    used = used_classes()
    assert len(used) > 50  # the scan found the UI's classes
    missing = {name: where for name, where in used.items() if name not in defined}
    assert missing == {}, f"classes used but defined nowhere (add them to pidash/ui/static/utilities.css): {missing}"


def test_the_check_notices_an_undefined_class() -> None:
    assert "w-full" in defined_classes()
    assert "w-[123px]" not in defined_classes()

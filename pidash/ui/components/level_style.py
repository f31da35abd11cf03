"""Colours of threshold levels, applied by binding: an element's class follows a store field.

A level is never shown by colour alone: the word (``Warning``, ``Critical``) is shown too, and
``data-level`` carries it for tests and assistive tools.
"""

from __future__ import annotations

from typing import Any

from nicegui import binding, ui

from pidash.i18n import msg_p

LEVEL_WORD = {
    "ok": msg_p("level", "Normal"),
    "warning": msg_p("level", "Warning"),
    "critical": msg_p("level", "Critical"),
}
"""A threshold level in words: shown with ``t.text``."""
LEVEL_CSS = """
.pd-level-ok { color: #1b5e20; }
.pd-level-warning { color: #8a5300; }
.pd-level-critical { color: #b71c1c; }
.body--dark .pd-level-ok, .pd-kiosk .pd-level-ok { color: #69f0ae; }
.body--dark .pd-level-warning, .pd-kiosk .pd-level-warning { color: #ffd740; }
.body--dark .pd-level-critical, .pd-kiosk .pd-level-critical { color: #ff8a80; }
.pd-tile { border-left: 6px solid #9e9e9e; }
.pd-tile.pd-edge-ok { border-left-color: #2e7d32; }
.pd-tile.pd-edge-warning { border-left-color: #f9a825; }
.pd-tile.pd-edge-critical { border-left-color: #c62828; }
.pd-stale { opacity: 0.45; filter: grayscale(1); }
"""


class _Variant:
    """Mixin: setting ``variant`` swaps one class of a family (``<prefix><value>``) and ``data-<attr>``."""

    prefix = "pd-level-"
    attr = "level"

    def _init_variant(self) -> None:
        self._variant = ""

    @property
    def variant(self) -> str:
        return self._variant

    @variant.setter
    def variant(self, value: str) -> None:
        value = str(value)
        if value == self._variant:
            return
        element: Any = self
        if self._variant:
            element.classes(remove=f"{self.prefix}{self._variant}")
        self._variant = value
        element.classes(add=f"{self.prefix}{value}")
        element.props(f'data-{self.attr}="{value}"')


class LevelLabel(_Variant, ui.label):
    def __init__(self, text: str = "") -> None:
        super().__init__(text)
        self._init_variant()


class EdgeCard(_Variant, ui.card):
    prefix = "pd-edge-"

    def __init__(self) -> None:
        super().__init__()
        self._init_variant()


class StaleColumn(_Variant, ui.column):
    """A column greyed out while ``variant`` is ``stale``."""

    prefix = "pd-"
    attr = "freshness"

    def __init__(self) -> None:
        super().__init__()
        self._init_variant()


def bind_variant(element: _Variant, source: Any, field: str, transform: Any = None) -> None:
    """``element.variant`` follows ``source.field`` (a bindable dataclass field)."""
    binding.bind_from(element, "variant", source, field, backward=transform or str)


def bind_freshness(element: StaleColumn, source: Any, field: str = "stale") -> None:
    bind_variant(element, source, field, lambda stale: "stale" if stale else "fresh")

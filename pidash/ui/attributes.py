"""Setting element attributes from text the UI does not control.

``element.props("...")`` *parses* its string: a ``"`` inside a value ends it, and a prop whose
name starts with ``:`` is evaluated as JavaScript in the browser. So text from a device, the Pi
or a user (an SSID, a config key, a health-check name) is never formatted into a props string;
it is set here, as a plain value.
"""

from __future__ import annotations

from typing import TypeVar

from nicegui import ui

E = TypeVar("E", bound=ui.element)


def attrs(element: E, **values: str) -> E:
    """Set attributes by keyword (``aria_label=`` → ``aria-label``), values as plain text."""
    for name, value in values.items():
        element.props[name.replace("_", "-")] = value
    return element

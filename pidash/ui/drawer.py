"""The navigation drawer's links: ONE element holding plain links, styled as Quasar's list items.

The drawer used to be ~60 NiceGUI elements (an item, two sections, an icon and a label per page),
about a quarter of every page's elements: bytes in every first load, and work in every update,
since NiceGUI's browser side re-renders its element tree on each ``update`` message. Plain ``<a>``
links also navigate without a round trip through the server, and open in a new tab on a middle click.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape
from typing import Protocol

from nicegui import ui

from pidash.i18n import Msg, Translator

ITEM_CLASSES = "q-item q-item-type row no-wrap q-item--clickable q-link cursor-pointer q-focusable q-hoverable"
"""Quasar's own classes of a clickable ``q-item`` rendered as a link (same look as before)."""
ACTIVE_CLASSES = "q-item--active bg-blue-1 text-primary"
ICON_SECTION = "q-item__section column q-item__section--avatar q-item__section--side justify-center"
LABEL_SECTION = "q-item__section column q-item__section--main justify-center"


class NavItem(Protocol):
    @property
    def path(self) -> str: ...
    @property
    def label(self) -> Msg: ...
    @property
    def icon(self) -> str: ...
    @property
    def in_drawer(self) -> bool: ...


def drawer_links_html(nav: Iterable[NavItem], current_path: str, t: Translator) -> str:
    """The drawer's list as HTML: one ``<a>`` per page with ``in_drawer``, labels in ``t``'s language
    (escaped); the current page is highlighted and marked ``aria-current="page"``."""
    links: list[str] = []
    for item in nav:
        if not item.in_drawer:
            continue
        current = item.path == current_path
        classes = f"{ITEM_CLASSES} {ACTIVE_CLASSES}" if current else ITEM_CLASSES
        marked = ' aria-current="page"' if current else ""
        links.append(
            f'<a class="{classes} rounded-r-full q-mr-sm" href="{escape(item.path)}"{marked}>'
            '<div class="q-focus-helper" tabindex="-1"></div>'
            f'<div class="{ICON_SECTION}"><i class="q-icon material-icons" translate="no" aria-hidden="true">'
            f"{escape(item.icon)}</i></div>"
            f'<div class="{LABEL_SECTION}"><div class="q-item__label">{escape(t.text(item.label))}</div></div></a>'
        )
    return f'<div class="q-list--padding">{"".join(links)}</div>'


def drawer_links(nav: Sequence[NavItem], current_path: str, t: Translator) -> ui.html:
    """The links as one element (markup built here from our own page list, every text escaped)."""
    return ui.html(drawer_links_html(nav, current_path, t), sanitize=False).classes("w-full q-pt-md")

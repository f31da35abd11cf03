"""The navigation drawer's links, as the one HTML element every page carries."""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

from pidash.i18n import Msg, msg, translator
from pidash.ui.drawer import drawer_links_html
from pidash.ui.nav import NAV


@dataclass(frozen=True)
class Item:
    path: str
    label: Msg
    icon: str
    in_drawer: bool = True


class Links(HTMLParser):
    """(href, aria-current, classes, text) of every link."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str | None, str, str]] = []
        self._open: dict[str, str | None] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._open, self._text = dict(attrs), []
        elif tag == "i":
            self._text.append("<icon>")

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open is not None:
            a = self._open
            self.links.append((a["href"] or "", a.get("aria-current"), a["class"] or "", "".join(self._text)))
            self._open = None


def links(markup: str) -> list[tuple[str, str | None, str, str]]:
    parser = Links()
    parser.feed(markup)
    return parser.links


def test_one_link_per_drawer_page_and_the_current_one_is_marked() -> None:
    found = links(drawer_links_html(NAV, "/allowlist", translator("en")))
    assert [href for href, *_ in found] == [entry.path for entry in NAV if entry.in_drawer]
    marked = [(href, current) for href, current, _classes, _text in found if current is not None]
    assert marked == [("/allowlist", "page")]
    active = [href for href, _current, classes, _text in found if "q-item--active" in classes.split()]
    assert active == ["/allowlist"]
    assert ("/history", None, found[2][2], "<icon>historyHistory") == found[2]


def test_labels_are_translated_and_escaped_pages_off_the_drawer_left_out() -> None:
    nav = [
        Item("/allowlist", msg("Allowlist"), "playlist_add_check"),
        Item("/a&b", msg("<b>{x}</b>", x='"q"'), "tune"),
        Item("/hidden", msg("Hidden"), "tune", in_drawer=False),
    ]
    markup = drawer_links_html(nav, "/nowhere", translator("de"))
    found = links(markup)
    assert [(href, text) for href, _c, _cl, text in found] == [
        ("/allowlist", "<icon>playlist_add_checkFreigabeliste"),
        ("/a&b", '<icon>tune<b>"q"</b>'),
    ]
    assert "<b>" not in markup and "&lt;b&gt;" in markup
    assert all(current is None for _h, current, _cl, _t in found)

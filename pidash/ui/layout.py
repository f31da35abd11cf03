"""The shared frame of every page: header (title, feed indicators, API key, dark mode) and drawer."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from nicegui import ui

from pidash.i18n import LANGUAGE_NAMES, _, current, pgettext
from pidash.i18n.page import remember_language
from pidash.store import MONITOR_FEED, PROVISIONING_FEED
from pidash.ui.attributes import attrs
from pidash.ui.components.api_key_dialog import api_key_dialog
from pidash.ui.components.feed_indicator import FeedChip
from pidash.ui.components.operator_menu import operator_menu
from pidash.ui.drawer import NavItem, drawer_links
from pidash.ui.services import Services
from pidash.ui.tab_auth import TabAuth
from pidash.ui.theme import apply_theme

APP_TITLE = "PiDash"
THEME_COOKIE = "pidash_theme"
"""``dark`` or ``light`` once the user has chosen in this browser; absent: follow the OS."""
THEME_COOKIE_MAX_AGE_SECONDS = 400 * 24 * 3600


@contextmanager
def frame(
    services: Services, tab: TabAuth, title: str, nav: Sequence[NavItem], current_path: str
) -> Iterator[ui.dark_mode]:
    """Build the header and the drawer, then yield (the dark-mode switch) inside the content column."""
    apply_theme()
    t = current()
    dark = ui.dark_mode(_chosen_theme())
    settings = services.settings
    with ui.header(elevated=True).classes("items-center gap-2 bg-primary q-px-md q-py-sm") as header:
        drawer_button = attrs(ui.button(icon="menu").props("flat round color=white"), aria_label=_("Open navigation"))
        ui.icon("camera_outdoor", size="md").classes("gt-xs")
        with ui.column().classes("gap-0"):
            ui.label(APP_TITLE).classes("text-h6 text-weight-bold leading-none")
            ui.label(title).classes("text-caption opacity-80 leading-none")
        ui.space()
        if settings.batch_provisioning:
            FeedChip(
                services.store.feeds[PROVISIONING_FEED],
                _("Provisioning"),
                pgettext("feed name, narrow screen", "Prov."),
            )
        FeedChip(services.store.feeds[MONITOR_FEED], _("Monitoring"), pgettext("feed name, narrow screen", "Mon."))
        attrs(
            ui.button(icon="key", on_click=_key_dialog_opener(header, tab)).props("flat round color=white"),
            aria_label=_("API key settings"),
        ).classes("pd-icon-btn").mark("key-button")
        operator_menu(tab, current_path)
        _language_menu(t.language)
        attrs(
            ui.button(icon="dark_mode", on_click=lambda: _toggle_dark(dark)).props("flat round color=white"),
            aria_label=_("Toggle dark mode"),
        ).classes("pd-icon-btn")
    with attrs(_navigation_drawer(), aria_label=_("Navigation")) as drawer:
        drawer_links(nav, current_path, t)
    # Opened and closed in the browser: no round trip, and the server never needs to know.
    drawer_button.on("click", js_handler=f"() => getElement({drawer.id}).toggle()")
    with ui.column().classes("pd-page q-pa-md gap-4"):
        yield dark


def _navigation_drawer() -> ui.left_drawer:
    """Open on wide screens, closed on narrow ones (Quasar's ``show-if-above``), toggled only in the
    browser. NiceGUI asks each browser for such a drawer's state as its socket connects, with a 1 s
    deadline: with 20 pages connecting at once, some missed it and each logged a TimeoutError's
    traceback (and the traceback's source lines stayed cached). Nothing here reads that state, so
    the question is not asked."""
    client = ui.context.client
    handlers = len(client.connect_handlers)
    drawer = ui.left_drawer(value=None, bordered=True).classes("q-pa-none").props("width=240 breakpoint=1024")
    if len(client.connect_handlers) == handlers + 1:  # the drawer's own: the state request
        client.connect_handlers.pop()
    return drawer


def _key_dialog_opener(header: ui.header, tab: TabAuth) -> Callable[[], None]:
    """Opens the API key dialog, built on first use: ~20 elements fewer in every page and update."""
    dialog: ui.dialog | None = None

    def open_dialog() -> None:
        nonlocal dialog
        if dialog is None:
            with header:
                dialog = api_key_dialog(tab)
        dialog.open()

    return open_dialog


def _language_menu(shown: str) -> None:
    """The header's language choice, kept in this browser (``pidash.i18n.negotiation``); its menu is
    built on first use, like the API key dialog: three elements fewer in every open page."""
    menu: ui.menu | None = None

    def open_menu() -> None:
        nonlocal menu
        if menu is None:
            with button, ui.menu() as menu:
                for language, name in LANGUAGE_NAMES.items():
                    ui.menu_item(name, on_click=lambda lang=language: remember_language(lang)).props(
                        f"lang={language} {'active' if language == shown else ''}"
                    )
            menu.open()  # later clicks: the menu opens and closes itself (Quasar's own target click)

    button = ui.button(icon="translate", on_click=open_menu).props("flat round color=white").classes("pd-icon-btn")
    attrs(button, aria_label=_("Language"))


def _chosen_theme() -> bool | None:
    """The theme this browser chose (a cookie, so the first paint is right), or None: the OS's."""
    request = ui.context.client.request
    choice = request.cookies.get(THEME_COOKIE) if request is not None else None
    return {"dark": True, "light": False}.get(choice or "")


async def _toggle_dark(dark: ui.dark_mode) -> None:
    """Switch away from what is shown (the OS's theme while none was chosen) and remember it."""
    shown_dark = dark.value
    if shown_dark is None:
        shown_dark = bool(await ui.run_javascript('document.body.classList.contains("body--dark")'))
    choice = "light" if shown_dark else "dark"
    # The cookie first, confirmed by the browser, then the theme: NiceGUI sends an element's update
    # before any script of the same turn, so a page opened as soon as the theme changed could
    # otherwise be served without the choice.
    await ui.run_javascript(
        f'document.cookie = "{THEME_COOKIE}={choice}; path=/; max-age={THEME_COOKIE_MAX_AGE_SECONDS}; SameSite=Lax"',
        timeout=10,  # a busy tablet; NiceGUI's default is 1 s
    )
    dark.set_value(not shown_dark)

"""Header: who is signed in (name and role), with Sign in / Sign out."""

from __future__ import annotations

from urllib.parse import quote

from nicegui import ui

from pidash.i18n import _
from pidash.ui.attributes import attrs
from pidash.ui.tab_auth import TabAuth


def operator_menu(tab: TabAuth, current: str) -> None:
    def sign_out() -> None:
        tab.access.sign_out(tab.storage, tab.address)
        ui.navigate.to(f"/login?next={quote(current, safe='/')}")

    ui.label().bind_text_from(tab.who, "label").classes("text-body2 gt-sm").props('data-testid="operator"')
    attrs(
        ui.button(icon="logout", on_click=sign_out).props("flat round color=white"), aria_label=_("Sign out")
    ).classes("pd-icon-btn").bind_visibility_from(tab.who, "signed_in")
    attrs(
        ui.button(icon="login", on_click=lambda: ui.navigate.to(f"/login?next={quote(current, safe='/')}")).props(
            "flat round color=white"
        ),
        aria_label=_("Sign in"),
    ).classes("pd-icon-btn").bind_visibility_from(tab.who, "signed_in", lambda v: not v)

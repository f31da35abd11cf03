"""Page ``/users`` (admins): operator accounts: add, change role, set a password, remove.

Every change is a protected action (``Capability.USERS``) through ``run_action``: checked when
it runs and audited. Passwords are hashed in a worker thread (argon2 takes tens of ms) and
cleared from the form at once; no page ever shows one, nor a hash.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from nicegui import ui

from pidash.auth.accounts import AccountError, AccountInfo
from pidash.auth.roles import ROLE_NAMES, Capability, Role, parse_role
from pidash.i18n import Msg, _, current, msg
from pidash.store.formatting import day
from pidash.ui.actions import run_action
from pidash.ui.attributes import attrs
from pidash.ui.components.card_title import card_title
from pidash.ui.components.confirm import confirm
from pidash.ui.components.error_panel import ErrorPanel
from pidash.ui.components.gate_notice import gate_notice
from pidash.ui.pages.context import PageContext

ROLE_TITLES: dict[Role, Msg] = {
    Role.VIEWER: msg("Viewer"),
    Role.TECHNICIAN: msg("Technician"),
    Role.ADMIN: msg("Admin"),
}
"""A role as the role menus show it (its value is what is stored)."""


def _roles() -> dict[str, str]:
    """The role menu's options in the page's language."""
    t = current()
    return {r.value: t.text(ROLE_TITLES[r]) for r in Role}


def _password_fields() -> tuple[ui.input, ui.input]:
    first = attrs(
        ui.input(_("Password"), password=True).props("outlined autocomplete=new-password").classes("w-56"),
        aria_label=_("Password"),
    )
    second = attrs(
        ui.input(_("Password again"), password=True).props("outlined autocomplete=new-password").classes("w-56"),
        aria_label=_("Password again"),
    )
    return first, second


def _take_password(first: ui.input, second: ui.input) -> str:
    """The typed password (both fields cleared at once); AccountError when the two differ."""
    a, b = first.value or "", second.value or ""
    first.set_value("")
    second.set_value("")
    if a != b:
        raise AccountError(msg("The two passwords differ."))
    return a


def build(ctx: PageContext) -> None:
    tab, accounts = ctx.tab, ctx.services.access.accounts
    gate = tab.gates.users
    gate_notice(gate)
    if not gate.enabled:
        return
    with attrs(ui.card().classes("w-full").props("flat bordered"), aria_label=_("Add an operator")):
        card_title("person_add", _("Add an operator"))
        with ui.row().classes("w-full gap-4 items-start"):
            name = attrs(ui.input(_("Name")).props("outlined autocomplete=off").classes("w-56"), aria_label=_("Name"))
            role = attrs(
                ui.select(_roles(), value=Role.TECHNICIAN.value, label=_("Role")).props("outlined"),
                aria_label=_("Role"),
            )
            first, second = _password_fields()

            async def add() -> None:
                new_name = (name.value or "").strip()

                async def do() -> None:
                    password = _take_password(first, second)
                    await asyncio.to_thread(accounts.add, new_name, parse_role(role.value), password)
                    name.set_value("")
                    ui.notify(_("{name} added.").format(name=new_name), type="positive")
                    table.refresh()

                await run_action(add_errors, do, need=Capability.USERS, what="users.add", target=new_name)

            attrs(
                ui.button(_("Add operator"), icon="person_add", on_click=add).props("unelevated color=primary"),
                aria_label=_("Add operator"),
            ).bind_enabled_from(gate, "enabled")
        add_errors = ErrorPanel()

    errors = ErrorPanel()

    @ui.refreshable
    def table() -> None:
        with attrs(ui.card().classes("w-full").props("flat bordered"), aria_label=_("Operators")):
            card_title("group", _("Operators"))
            for account in accounts.list():
                _account_row(ctx, account, errors, lambda: table.refresh())

    table()


def _account_row(ctx: PageContext, account: AccountInfo, errors: ErrorPanel, refresh: Callable[[], object]) -> None:
    tab, accounts = ctx.tab, ctx.services.access.accounts
    gate, who = tab.gates.users, account.name

    with attrs(ui.row().classes("w-full items-center gap-3 q-py-xs"), data_testid=f"account-{who}"):
        ui.label(who).classes("text-body1 text-weight-medium pd-mono min-w-[160px]")
        ui.label(_("since {date}").format(date=day(account.created_at))).classes("text-body2 text-grey-7")
        ui.space()
        role = attrs(
            ui.select(_roles(), value=account.role.value).props("outlined dense"),
            aria_label=_("Role of {name}").format(name=who),
        )

        async def save_role() -> None:
            async def do() -> None:
                accounts.set_role(who, parse_role(role.value))
                chosen = parse_role(role.value)
                ui.notify(
                    _("{name} is now {role}.").format(name=who, role=current().text(ROLE_NAMES[chosen])),
                    type="positive",
                )
                refresh()

            await run_action(errors, do, need=Capability.USERS, what="users.role", target=f"{who} -> {role.value}")

        with ui.dialog() as dialog, attrs(ui.card(), aria_label=_("New password for {name}").format(name=who)):
            ui.label(_("New password for {name}").format(name=who)).classes("text-h6")
            first, second = _password_fields()

            async def set_password() -> None:
                async def do() -> None:
                    password = _take_password(first, second)
                    await asyncio.to_thread(accounts.set_password, who, password)
                    dialog.close()
                    ui.notify(
                        _("Password of {name} changed; its sign-ins have ended.").format(name=who), type="positive"
                    )

                await run_action(errors, do, need=Capability.USERS, what="users.passwd", target=who)

            with ui.row().classes("w-full justify-end"):
                ui.button(_("Cancel"), on_click=dialog.close).props("flat")
                ui.button(_("Set password"), on_click=set_password).props("unelevated color=primary")

        async def remove() -> None:
            if not await confirm(
                _("Remove this operator?"), _("{name} can no longer sign in.").format(name=who), ok_label=_("Remove")
            ):
                return

            async def do() -> None:
                accounts.remove(who)
                ui.notify(_("{name} removed.").format(name=who), type="positive")
                refresh()

            await run_action(errors, do, need=Capability.USERS, what="users.remove", target=who)

        for label, icon, handler in (
            (_("Save role {name}"), "save", save_role),
            (_("Set password {name}"), "password", dialog.open),
            (_("Remove {name}"), "delete", remove),
        ):
            attrs(
                ui.button(icon=icon, on_click=handler).props("flat round color=primary"),
                aria_label=label.format(name=who),
            ).classes("pd-icon-btn").bind_enabled_from(gate, "enabled")

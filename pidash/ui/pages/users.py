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
from pidash.auth.roles import Capability, Role, parse_role
from pidash.ui.actions import run_action
from pidash.ui.attributes import attrs
from pidash.ui.components.card_title import card_title
from pidash.ui.components.confirm import confirm
from pidash.ui.components.error_panel import ErrorPanel
from pidash.ui.components.gate_notice import gate_notice
from pidash.ui.pages.context import PageContext

ROLES = {r.value: r.value.capitalize() for r in Role}


def _password_fields() -> tuple[ui.input, ui.input]:
    first = attrs(
        ui.input("Password", password=True).props("outlined autocomplete=new-password").classes("w-56"),
        aria_label="Password",
    )
    second = attrs(
        ui.input("Password again", password=True).props("outlined autocomplete=new-password").classes("w-56"),
        aria_label="Password again",
    )
    return first, second


def _take_password(first: ui.input, second: ui.input) -> str:
    """The typed password (both fields cleared at once); AccountError when the two differ."""
    a, b = first.value or "", second.value or ""
    first.set_value("")
    second.set_value("")
    if a != b:
        raise AccountError("The two passwords differ.")
    return a


def build(ctx: PageContext) -> None:
    tab, accounts = ctx.tab, ctx.services.access.accounts
    gate = tab.gates.users
    gate_notice(gate)
    if not gate.enabled:
        return
    with ui.card().classes("w-full").props('flat bordered aria-label="Add an operator"'):
        card_title("person_add", "Add an operator")
        with ui.row().classes("w-full gap-4 items-start"):
            name = attrs(ui.input("Name").props("outlined autocomplete=off").classes("w-56"), aria_label="Name")
            role = attrs(
                ui.select(ROLES, value=Role.TECHNICIAN.value, label="Role").props("outlined"), aria_label="Role"
            )
            first, second = _password_fields()

            async def add() -> None:
                new_name = (name.value or "").strip()

                async def do() -> None:
                    password = _take_password(first, second)
                    await asyncio.to_thread(accounts.add, new_name, parse_role(role.value), password)
                    name.set_value("")
                    ui.notify(f"{new_name} added.", type="positive")
                    table.refresh()

                await run_action(add_errors, do, need=Capability.USERS, what="users.add", target=new_name)

            ui.button("Add operator", icon="person_add", on_click=add).props(
                'unelevated color=primary aria-label="Add operator"'
            ).bind_enabled_from(gate, "enabled")
        add_errors = ErrorPanel()

    errors = ErrorPanel()

    @ui.refreshable
    def table() -> None:
        with ui.card().classes("w-full").props('flat bordered aria-label="Operators"'):
            card_title("group", "Operators")
            for account in accounts.list():
                _account_row(ctx, account, errors, lambda: table.refresh())

    table()


def _account_row(ctx: PageContext, account: AccountInfo, errors: ErrorPanel, refresh: Callable[[], object]) -> None:
    tab, accounts = ctx.tab, ctx.services.access.accounts
    gate, who = tab.gates.users, account.name

    with attrs(ui.row().classes("w-full items-center gap-3 q-py-xs"), data_testid=f"account-{who}"):
        ui.label(who).classes("text-body1 text-weight-medium pd-mono min-w-[160px]")
        ui.label(f"since {account.created_at:%Y-%m-%d}").classes("text-body2 text-grey-7")
        ui.space()
        role = attrs(ui.select(ROLES, value=account.role.value).props("outlined dense"), aria_label=f"Role of {who}")

        async def save_role() -> None:
            async def do() -> None:
                accounts.set_role(who, parse_role(role.value))
                ui.notify(f"{who} is now {role.value}.", type="positive")
                refresh()

            await run_action(errors, do, need=Capability.USERS, what="users.role", target=f"{who} -> {role.value}")

        with ui.dialog() as dialog, ui.card().props(f'aria-label="New password for {who}"'):
            ui.label(f"New password for {who}").classes("text-h6")
            first, second = _password_fields()

            async def set_password() -> None:
                async def do() -> None:
                    password = _take_password(first, second)
                    await asyncio.to_thread(accounts.set_password, who, password)
                    dialog.close()
                    ui.notify(f"Password of {who} changed; its sign-ins have ended.", type="positive")

                await run_action(errors, do, need=Capability.USERS, what="users.passwd", target=who)

            with ui.row().classes("w-full justify-end"):
                ui.button("Cancel", on_click=dialog.close).props("flat")
                ui.button("Set password", on_click=set_password).props("unelevated color=primary")

        async def remove() -> None:
            if not await confirm("Remove this operator?", f"{who} can no longer sign in.", ok_label="Remove"):
                return

            async def do() -> None:
                accounts.remove(who)
                ui.notify(f"{who} removed.", type="positive")
                refresh()

            await run_action(errors, do, need=Capability.USERS, what="users.remove", target=who)

        for label, icon, handler in (
            ("Save role", "save", save_role),
            ("Set password", "password", dialog.open),
            ("Remove", "delete", remove),
        ):
            attrs(
                ui.button(icon=icon, on_click=handler).props("flat round color=primary"), aria_label=f"{label} {who}"
            ).classes("pd-icon-btn").bind_enabled_from(gate, "enabled")

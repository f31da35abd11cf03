"""Page ``/login``: sign in with an operator account (and how to create the first one)."""

from __future__ import annotations

from urllib.parse import quote

from nicegui import app, ui
from starlette.requests import Request
from starlette.responses import RedirectResponse

from pidash.auth.roles import ROLE_NAMES
from pidash.i18n import _
from pidash.i18n.page import localize_page
from pidash.ui.attributes import attrs
from pidash.ui.forms import submit_on_enter
from pidash.ui.services import Services
from pidash.ui.theme import apply_theme

LOGIN_PATH = "/login"


def login_redirect(path: str) -> RedirectResponse:
    """To the sign-in page, coming back to ``path`` afterwards."""
    return RedirectResponse(f"{LOGIN_PATH}?next={quote(path, safe='/')}")


def _safe_next(raw: str | None) -> str:
    """Only a path of this dashboard (never another site: ``//evil`` or ``https://…``).

    Browsers drop tabs and newlines from a URL and read ``\\`` as ``/`` (the WHATWG URL standard),
    so ``/<tab>/evil`` would become ``//evil``: a path holding a control character, a space or a
    backslash is refused whole.
    """
    if raw and raw.startswith("/") and not raw.startswith("//") and not any(ch <= " " or ch in "\\\x7f" for ch in raw):
        return raw
    return "/"


def register_login(services: Services) -> None:
    access = services.access

    def login(request: Request, next: str | None = None) -> None:
        t = localize_page(services.settings.language)
        ui.page_title(_("PiDash · Sign in"))
        apply_theme()
        target = _safe_next(next)
        address = request.client.host if request.client else ""
        storage = app.storage.user
        operator = access.current(storage)
        with (
            ui.column().classes("w-full items-center q-pa-xl"),
            attrs(ui.card().classes("w-[420px] max-w-full").props("flat bordered"), aria_label=_("Sign in")),
        ):
            with ui.row().classes("items-center gap-2"):
                ui.icon("camera_outdoor", size="md", color="primary")
                ui.label(_("PiDash · Sign in")).classes("text-h6")
            notice = access.no_account_notice()
            if notice is not None:
                with ui.row().classes("items-start gap-2 pd-warn-text no-wrap"):
                    ui.icon("person_off")
                    ui.label(t.text(notice)).classes("text-body1").props('data-testid="no-account"')
            if operator.name is not None and operator.role is not None:
                ui.label(
                    _("Signed in as {name} ({role}).").format(
                        name=operator.name, role=t.text(ROLE_NAMES[operator.role])
                    )
                ).classes("text-body2")
            name = attrs(
                ui.input(_("Name")).classes("w-full").props("outlined autocomplete=username"), aria_label=_("Name")
            )
            password = attrs(
                ui.input(_("Password"), password=True, password_toggle_button=True)
                .classes("w-full")
                .props("outlined autocomplete=current-password"),
                aria_label=_("Password"),
            )
            problem = ui.label().classes("text-negative text-body1").props('role="alert" data-testid="login-problem"')

            async def submit() -> None:
                problem.set_text("")
                tried = password.value or ""
                password.set_value("")  # never keep the password in the page
                if not (name.value or "").strip() or not tried:
                    problem.set_text(_("Enter your name and password."))
                    return
                error = await access.sign_in(storage, name.value or "", tried, address)
                if error is not None:
                    problem.set_text(t.text(error))
                    return
                ui.navigate.to(target)

            with ui.row().classes("w-full justify-between items-center"):
                if access.anonymous_role() is not None:
                    ui.link(_("Continue without signing in"), target).classes("text-body2")
                else:
                    ui.space()
                sign_in = ui.button(_("Sign in"), icon="login", on_click=submit).props("unelevated color=primary")
            submit_on_enter(sign_in, submit, password)

    ui.page(LOGIN_PATH, title="PiDash · Sign in")(login)

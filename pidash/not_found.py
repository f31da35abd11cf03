"""A page that does not exist: a short page in the reader's language with the way back, instead of
NiceGUI's "HTTPException: 404: Not Found". Endpoints that are not pages (JSON, files) keep their
plain 404."""

from __future__ import annotations

import html

from fastapi.exception_handlers import http_exception_handler
from nicegui import app
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from pidash.i18n.catalog import translator
from pidash.i18n.negotiation import LANGUAGE_COOKIE, choose_language


def not_found_page(language: str) -> str:
    """The page's HTML: its words in ``language``, nothing taken from the request."""
    t = translator(language)
    title = html.escape(t.gettext("This page does not exist."))
    back = html.escape(t.gettext("Back to the dashboard"))
    return (
        f'<!doctype html><html lang="{html.escape(t.language)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>PiDash · 404</title></head>"
        '<body style="font-family: system-ui, sans-serif; text-align: center; padding: 4rem 1rem">'
        f'<main><h1 style="font-weight: 500">{title}</h1><p><a href="/">{back}</a></p></main></body></html>'
    )


def register_not_found(site_language: str) -> None:
    """Replace NiceGUI's 404 page (its handler is registered at import; this one wins)."""

    async def on_404(request: Request, exc: Exception) -> Response:
        endpoint = request.scope.get("endpoint")
        if endpoint is not None and endpoint is not app and isinstance(exc, HTTPException):
            return await http_exception_handler(request, exc)  # not a page: the plain JSON 404
        language = choose_language(
            request.cookies.get(LANGUAGE_COOKIE), request.headers.get("accept-language"), site_language
        )
        return HTMLResponse(not_found_page(language), status_code=404)

    app.add_exception_handler(404, on_404)

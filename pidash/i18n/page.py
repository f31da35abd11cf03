"""Set a page's language while it is built: our catalogs and Quasar's own strings."""

from __future__ import annotations

import json

from nicegui import __version__ as nicegui_version
from nicegui import app, ui

from pidash.i18n.catalog import DEFAULT_LANGUAGE, Translator, translator
from pidash.i18n.context import set_client_translator
from pidash.i18n.negotiation import LANGUAGE_COOKIE, choose_language

QUASAR_LANGUAGE_SCRIPT = "Quasar.lang.set(Quasar.lang[window.pidashQuasarLang || language.replace('-', '')]);"


def install_quasar_language() -> None:
    """Let each page pick Quasar's language pack (NiceGUI sets one per ``ui.page``, not per browser)."""
    original = "Quasar.lang.set(Quasar.lang[language.replace('-', '')]);"
    script = app.config.vue_config_script
    if QUASAR_LANGUAGE_SCRIPT not in script:
        if original not in script:
            raise RuntimeError("NiceGUI's vue_config_script changed: update pidash.i18n.page")
        app.config.vue_config_script = script.replace(original, QUASAR_LANGUAGE_SCRIPT)


def localize_page(site_default: str) -> Translator:
    """Choose this page's language (:func:`~pidash.i18n.negotiation.choose_language`) and apply it:
    ``_()`` in this page's context, the ``lang`` attribute, Quasar's pack. Call first in a page."""
    client = ui.context.client
    request = client.request
    chosen = request.cookies.get(LANGUAGE_COOKIE) if request is not None else None
    accept = request.headers.get("accept-language") if request is not None else None
    t = translator(choose_language(chosen, accept, site_default))
    set_client_translator(client, t)
    if t.language != DEFAULT_LANGUAGE:
        root = request.scope.get("root_path", "") if request is not None else ""
        pack = f"{root}/_nicegui/{nicegui_version}/static/lang/{t.quasar_language}.umd.prod.js"
        ui.add_head_html(
            f"<script>window.pidashQuasarLang = {json.dumps(t.quasar_language.replace('-', ''))};"
            f"document.documentElement.lang = {json.dumps(t.language)};</script>"
        )
        ui.add_body_html(f'<script defer src="{pack}"></script>')
    return t


def remember_language(language: str) -> None:
    """The header's language menu: keep the choice in this browser (a cookie) and rebuild the page."""
    ui.run_javascript(
        f'document.cookie = "{LANGUAGE_COOKIE}={language}; path=/; max-age={400 * 24 * 3600}; SameSite=Lax";'
        "location.reload();"
    )

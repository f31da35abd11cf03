"""Page ``/config``: the Pi's configuration by section (polled every 60 s); edit a value.

Secret values are masked, with a per-item reveal for those who may change the configuration (of
what the Pi sent; a Pi that masks its secrets itself sends no value to reveal). Editing is
protected (``Capability.CONFIG``), validated by the item's type before it is sent, and the value
the Pi saved is shown from its reply.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui import ui

from pidash.auth.roles import Capability
from pidash.contract.system import ConfigItem, ConfigSection
from pidash.i18n import Msg, _, current, msg_p
from pidash.store.sections import CONFIG, SectionState
from pidash.ui.actions import run_action
from pidash.ui.attributes import attrs
from pidash.ui.components.card_title import card_title
from pidash.ui.components.error_panel import ErrorPanel
from pidash.ui.components.gate_notice import gate_notice
from pidash.ui.components.section_view import section_view
from pidash.ui.pages.context import PageContext
from pidash.ui.tab_auth import MASK, TabAuth

SECTION_ICONS = {"system": "settings", "mqtt": "hub", "network": "lan", "provisioning": "settings_input_antenna"}
SECTION_TITLES: dict[str, Msg | str] = {
    "system": msg_p("configuration section", "System"),
    "mqtt": "MQTT",
    "network": msg_p("configuration section", "Network"),
    "provisioning": msg_p("configuration section", "Provisioning"),
}
"""The sections every Pi sends, in words; another is titled by the Pi's own key (``camera_defaults``)."""


def section_title(name: str) -> str:
    """A section's heading in the page's language: ``Netzwerk`` for ``network``, else the Pi's key."""
    return current().text(SECTION_TITLES.get(name.lower(), name))


def shown_value(item: ConfigItem) -> str:
    """The value as text; never the secret (see :func:`revealed_value`)."""
    if item.secret:
        return MASK if item.value not in (None, "") else _("(not set)")
    if item.type == "bool":
        return _("On") if item.value else _("Off")
    return "" if item.value is None else str(item.value)


def revealed_value(item: ConfigItem) -> str:
    value = "" if item.value is None else str(item.value)
    if not value:
        return _("(not set)")
    if set(value) <= {"*", "•"}:
        return _("(the Pi does not send this value)")
    return value


def parse_value(kind: str, raw: Any) -> tuple[Any, str | None]:
    """(typed value, None) or (None, the sentence saying what is wrong, in the page's language)."""
    if kind == "bool":
        return bool(raw), None
    if kind in ("int", "float"):
        if raw is None or raw == "":
            return None, _("Enter a number.")
        try:
            number = float(raw)
        except (TypeError, ValueError):
            return None, _("Enter a number.")
        if kind == "int":
            if number != int(number):
                return None, _("Enter a whole number.")
            return int(number), None
        return number, None
    text = "" if raw is None else str(raw)
    if not text.strip():
        return None, _("Enter a value.")
    return text, None


def build(ctx: PageContext) -> None:
    live = ctx.services.live
    state = live.sections[CONFIG]

    def render(data: Any) -> None:
        sections: list[ConfigSection] = data
        for section in sections:
            _section(section, ctx.tab, lambda item: editor.open_for(item))

    gate_notice(ctx.tab.gates.config)
    editor = _Editor(ctx.tab, state, lambda: live.poller.refresh(CONFIG))
    section_view(
        state,
        render,
        what=_("Configuration"),
        empty_text=_("The Pi sent an empty configuration."),
        retry=lambda: live.poller.refresh(CONFIG),
    )


def _section(section: ConfigSection, tab: TabAuth, edit: Any) -> None:
    card = ui.card().classes("w-full").props("flat bordered")
    section_label = _("Section {name}").format(name=section_title(section.name))
    with attrs(card, aria_label=section_label, data_testid=f"config-section-{section.name}"):
        card_title(SECTION_ICONS.get(section.name, "tune"), section_title(section.name))
        if not section.items:
            ui.label(_("No settings in this section.")).classes("text-body2 text-grey-7")
        for item in section.items:
            _item(item, tab, edit)


def _item(item: ConfigItem, tab: TabAuth, edit: Any) -> None:
    with attrs(ui.row().classes("w-full items-center gap-3 no-wrap q-py-xs"), data_testid=f"config-{item.key}"):
        with ui.column().classes("gap-0 grow"):
            ui.label(item.key).classes("text-body1 pd-mono text-weight-medium")
            if item.description:
                ui.label(item.description).classes("text-body2 text-grey-7")
        ui.badge(item.type, color="blue-grey-2").props("text-color=blue-grey-10").classes("pd-mono")
        value = (
            ui.label(shown_value(item))
            .classes("text-body1 pd-mono min-w-[160px] text-right")
            .props('data-testid="config-value"')
        )
        if item.secret:
            shown = [False]

            def toggle() -> None:
                if not shown[0] and tab.reveal_refusal(tab.access.current(tab.storage, touch=True)) is not None:
                    return  # secrets stay masked for those who may not change the configuration
                shown[0] = not shown[0]
                value.set_text(revealed_value(item) if shown[0] else shown_value(item))
                reveal.props(f"icon={'visibility_off' if shown[0] else 'visibility'}")
                label = _("Hide {key}") if shown[0] else _("Reveal {key}")
                attrs(reveal, aria_label=label.format(key=item.key))

            reveal = (
                attrs(
                    ui.button(icon="visibility", on_click=toggle).props("flat round"),
                    aria_label=_("Reveal {key}").format(key=item.key),
                )
                .classes("pd-icon-btn")
                .props('data-testid="config-reveal"')
                .bind_enabled_from(tab.gates.reveal, "enabled")
            )
        if item.editable:
            edit_button = ui.button(icon="edit", on_click=lambda: edit(item)).props("flat round color=primary")
            attrs(edit_button, aria_label=_("Edit {key}").format(key=item.key), data_testid="config-edit")
            edit_button.classes("pd-icon-btn").bind_enabled_from(tab.gates.config, "enabled")
        else:
            attrs(ui.icon("lock", color="grey-5"), aria_label=_("{key} is read-only").format(key=item.key)).tooltip(
                _("Read-only")
            )


class _Editor:
    """The one edit dialog of the page, filled for the item being edited."""

    def __init__(self, tab: TabAuth, state: SectionState, reread: Callable[[], None]) -> None:
        self.tab, self.state, self.reread = tab, state, reread
        self.item: ConfigItem | None = None
        with ui.dialog() as self.dialog, attrs(ui.card().classes("w-[480px] max-w-full"), aria_label=_("Edit setting")):
            self.title = ui.label().classes("text-h6 pd-mono")
            self.description = ui.label().classes("text-body2 text-grey-7")
            self.fields = ui.column().classes("w-full")
            self.errors = ErrorPanel()
            with ui.row().classes("w-full justify-end gap-2"):
                ui.button(_("Cancel"), on_click=self.dialog.close).props("flat")
                ui.button(_("Save"), icon="save", on_click=self.save).props("unelevated color=primary").props(
                    'data-testid="config-save"'
                )
        self.field: ui.input | ui.number | ui.switch | None = None
        self.problem: ui.label | None = None

    def open_for(self, item: ConfigItem) -> None:
        self.item = item
        self.title.set_text(item.key)
        self.description.set_text(item.description)
        self.errors.clear()
        self.fields.clear()
        with self.fields:
            if item.type == "bool":
                self.field = ui.switch(item.key, value=bool(item.value))
            elif item.type in ("int", "float"):
                self.field = ui.number(
                    _("Value (whole number)") if item.type == "int" else _("Value (number)"),
                    value=item.value if isinstance(item.value, int | float) else None,
                ).props("outlined")
            elif item.secret:
                self.field = ui.input(_("New value"), password=True, password_toggle_button=True).props(
                    "outlined autocomplete=new-password"
                )
            else:
                self.field = ui.input(_("Value"), value="" if item.value is None else str(item.value)).props("outlined")
            self.field.classes("w-full").props('data-testid="config-input"')
            self.problem = ui.label().classes("text-negative text-body2").props('data-testid="config-problem"')
        self.dialog.open()

    async def save(self) -> None:
        item, field = self.item, self.field
        if item is None or field is None or self.problem is None:
            return
        value, problem = parse_value(item.type, field.value)
        self.problem.set_text(problem or "")
        if problem is not None:
            return
        key = item.key

        async def do() -> None:
            reply = await self.tab.client().set_config(key, item.wire_value(value))
            saved = reply.data
            if saved is None:  # a field Pi said only "done": read the section again
                saved = item.model_copy(update={"value": value})
            sections: list[ConfigSection] = self.state.data or []
            self.state.set_data(
                [s.model_copy(update={"items": [saved if i.key == key else i for i in s.items]}) for s in sections]
            )
            self.reread()  # a poll already under way may answer from before the save
            self.dialog.close()
            ui.notify(_("{key} saved.").format(key=key), type="positive")

        await run_action(self.errors, do, need=Capability.CONFIG, what="config.set", target=key)

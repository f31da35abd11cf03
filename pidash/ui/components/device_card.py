"""One camera of the live session: identity, the step it reached, its reason when failed."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui

from pidash.contract.provisioning import DEVICE_STEPS
from pidash.store import DeviceRow
from pidash.store.rows import STEP_LABELS
from pidash.ui.attributes import attrs
from pidash.ui.tab_auth import Gate
from pidash.ui.theme import DEVICE_STATE_STYLE

DeviceAction = Callable[[str], Awaitable[None]]


def _step_icon(index: int, row: DeviceRow) -> Callable[[str], str]:
    """Bound to ``state`` (set last), reading ``step``: done, current, or still to come."""

    def icon(state: str) -> str:
        step = row.step
        if step > index or (step == index and state == "verified"):
            return "check_circle"
        if step == index:
            return "cancel" if row.failed else "radio_button_checked"
        return "circle"

    return icon


def _step_color(index: int, row: DeviceRow) -> Callable[[str], str]:
    """Bound to ``state`` (set after ``step``), so a failure at the same step recolours it."""

    def color(_state: str) -> str:
        step = row.step
        if row.failed and step == index:
            return "negative"
        if step > index or (step == index and row.state == "verified"):
            return "positive"
        return "primary" if step == index else "grey-5"

    return color


def device_card(row: DeviceRow, gate: Gate, *, on_provision: DeviceAction, on_retry: DeviceAction) -> ui.card:
    style = DEVICE_STATE_STYLE
    with attrs(ui.card().classes("w-full").props("flat bordered"), aria_label=f"Camera {row.mac}").mark(
        f"device-{row.mac}"
    ) as card:
        with ui.row().classes("w-full items-center no-wrap"):
            ui.icon("videocam", size="md", color="primary")
            with ui.column().classes("gap-0 grow"):
                ui.label(row.mac).classes("pd-mono text-subtitle1 text-weight-medium")
                ui.label().bind_text_from(row, "ip", lambda ip: f"IP {ip}").classes("text-caption text-grey-7")
            ui.badge().bind_text_from(row, "state_label").bind_background_color_from(
                row, "state", lambda s: style.get(s, ("grey", ""))[0]
            ).classes("text-body2 q-px-sm q-py-xs").props('role="status" aria-live="polite"').mark("device-state")
        with ui.row().classes("w-full gap-4 text-body2 text-grey-8"):
            with ui.row().classes("items-center gap-1"):
                ui.icon("network_wifi", size="xs")
                ui.label().bind_text_from(row, "signal")
            with ui.row().classes("items-center gap-1"):
                ui.icon("memory", size="xs")
                ui.label().bind_text_from(row, "firmware", lambda f: f"Firmware {f}")
            with ui.row().classes("items-center gap-1"):
                ui.icon("verified_user", size="xs", color="positive").bind_visibility_from(row, "allowlisted")
                ui.icon("gpp_bad", size="xs", color="warning").bind_visibility_from(row, "allowlisted", lambda v: not v)
                ui.label().bind_text_from(row, "allowlisted", lambda v: "Allowlisted" if v else "Not allowlisted")
        with ui.row().classes("w-full items-start no-wrap gap-0").props('aria-hidden="true"'):
            for i, step in enumerate(DEVICE_STEPS):
                with ui.column().classes("items-center grow gap-0"):
                    ui.icon("circle", size="sm").bind_name_from(row, "state", _step_icon(i, row)).bind_text_color_from(
                        row, "state", _step_color(i, row)
                    )
                    ui.label(STEP_LABELS[step]).classes("pd-step-label text-grey-7")
        with ui.row().classes("w-full items-start no-wrap gap-2").bind_visibility_from(row, "failed"):
            ui.icon("error", color="negative")
            ui.label().bind_text_from(row, "reason").classes("text-negative text-body2").mark("device-reason")
        with ui.row().classes("w-full justify-end gap-2"):
            ui.spinner(size="sm").bind_visibility_from(row, "busy")
            provision = ui.button("Provision", icon="send", on_click=lambda: on_provision(row.mac))
            attrs(provision.props("unelevated color=primary"), aria_label=f"Provision {row.mac}")
            provision.bind_visibility_from(row, "can_provision").bind_enabled_from(gate, "enabled")
            retry = ui.button("Retry", icon="refresh", on_click=lambda: on_retry(row.mac))
            attrs(retry.props("unelevated color=negative"), aria_label=f"Retry {row.mac}")
            retry.bind_visibility_from(row, "can_retry").bind_enabled_from(gate, "enabled")
    return card

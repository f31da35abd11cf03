"""US1 + US3, page ``/``: start a batch session, watch it live, act on devices, resume sessions."""

from __future__ import annotations

import logging
import time

from nicegui import ui

from pidash.auth.roles import Capability
from pidash.contract.provisioning import (
    DEFAULT_DISCOVERY_TIMEOUT,
    DEFAULT_PROVISIONING_TIMEOUT,
    DEFAULT_VERIFICATION_TIMEOUT,
    AllowlistEntryRequest,
    SessionConfig,
    SessionData,
    StartSessionRequest,
)
from pidash.contract.validation import ssid_spaces_note, validate_passphrase, validate_ssid
from pidash.i18n import _, current
from pidash.orchestrator import DeviceChanged, SessionChanged
from pidash.store.store import EVENTS_TOPIC
from pidash.store.sync import RECOVERABLE_TOPIC
from pidash.ui.actions import run_action
from pidash.ui.attributes import attrs
from pidash.ui.components.batch_alert import BatchAlert
from pidash.ui.components.built_while import BuiltWhile
from pidash.ui.components.card_title import card_title
from pidash.ui.components.confirm import confirm
from pidash.ui.components.device_board import DeviceAction, DeviceBoard
from pidash.ui.components.error_panel import ErrorPanel, store_error_panel
from pidash.ui.components.gate_notice import gate_notice
from pidash.ui.components.live_text import LiveText
from pidash.ui.components.recovery_banner import recovery_banner
from pidash.ui.components.session_panel import SessionPanel
from pidash.ui.forms import submit_on_enter
from pidash.ui.pages.context import PageContext
from pidash.ui.validation import check, checked_on_submit, optional_timeout

logger = logging.getLogger(__name__)


def build(ctx: PageContext) -> None:
    services, tab = ctx.services, ctx.tab
    store, sync, gate, summary = services.store, services.sync, tab.gates.provision, services.store.summary
    act = _device_actions(ctx)
    sync.refresh_recoverable()

    gate_notice(gate)

    # --- recovery (US3) ---------------------------------------------------------------------
    resume_errors = ErrorPanel()

    async def resume(session_id: str) -> None:
        async def do() -> None:
            reply = await tab.client().resume_session(session_id)
            data = reply.data
            store.replace_session(SessionData(session=data.session, devices=data.devices or []), reply.timestamp)
            sync.follow(data.session.id)
            sync.refresh_recoverable(force=True)
            ui.notify(_("Session for {ssid} resumed.").format(ssid=data.session.target_ssid), type="positive")

        await run_action(resume_errors, do, need=Capability.PROVISION, what="session.resume", target=session_id)

    recovery_banner(services, gate, resume)
    store_error_panel(store, RECOVERABLE_TOPIC, lambda: sync.retry(RECOVERABLE_TOPIC))

    # The start form while no session runs, the live session's card while there is one: each is
    # built when it shows and deleted when it hides (~20 and ~12 elements fewer in every page).
    action_errors: dict[str, ErrorPanel] = {}  # each part's panel as last built

    def start_form() -> None:
        action_errors["start_form"] = _start_form(ctx)

    def live_session() -> None:
        action_errors["live_session"] = _live_session(ctx, act)

    BuiltWhile(summary, "active", start_form, when=lambda active: not active).classes("w-full")
    BuiltWhile(summary, "present", live_session).classes("w-full")
    store_error_panel(store, EVENTS_TOPIC, lambda: store.set_error(EVENTS_TOPIC, None))

    def forget_old_errors() -> None:  # an action's error ends with the session it was about
        for panel in action_errors.values():
            panel.clear()

    store.session_replaced.subscribe(forget_old_errors)

    # --- devices ----------------------------------------------------------------------------
    _devices(ctx, act)


def _start_form(ctx: PageContext) -> ErrorPanel:
    """The start form (SSID, password, timeouts), filled with the last session's SSID and timeouts
    if the dashboard knows one (never a password). Returns the panel showing the start's error."""
    services, tab = ctx.services, ctx.tab
    store, sync, gate = services.store, services.sync, tab.gates.provision
    t = current()
    last = store.view.session
    last_config = (last.config if last is not None else None) or SessionConfig()

    def note_spaces(field: ui.input, value: str | None) -> None:
        field.props.set_optional("hint", t.text(ssid_spaces_note(value or "")) or None)

    with ui.card().classes("w-full").props("flat bordered"):
        card_title("wifi", _("Start a provisioning session"))
        ui.label(_("The cameras will be given these Wi-Fi credentials once you provision them.")).classes(
            "text-body2 text-grey-7"
        )
        with ui.row().classes("w-full gap-4 items-start"):
            ssid = (
                attrs(
                    checked_on_submit(
                        ui.input(
                            _("Wi-Fi network (SSID)"),
                            value=last.target_ssid if last is not None else "",
                            validation=check(validate_ssid),
                        )
                    ),
                    aria_label=_("Wi-Fi network (SSID)"),
                )
                .classes("grow min-w-[240px]")
                .props("outlined autocomplete=off")
                .on_value_change(lambda e: note_spaces(e.sender, e.value))
                .mark("ssid")
            )
            note_spaces(ssid, ssid.value)
            password = (
                attrs(
                    checked_on_submit(
                        ui.input(
                            _("Wi-Fi password"),
                            password=True,
                            password_toggle_button=True,
                            validation=check(validate_passphrase),
                        )
                    ),
                    aria_label=_("Wi-Fi password"),
                )
                .classes("grow min-w-[240px]")
                .props("outlined autocomplete=new-password")
                .mark("password")
            )
        with (
            ui.expansion(_("Advanced: timeouts"), icon="tune").classes("w-full").props("dense"),
            ui.row().classes("w-full gap-4"),
        ):
            # one number per field of the session's config, filled from the last session's
            timeouts = {
                field: attrs(
                    ui.number(label, value=getattr(last_config, field), validation=optional_timeout),
                    aria_label=label,
                )
                .props(f'outlined clearable placeholder="{default}" suffix="s"')
                .classes("w-56")
                .mark(field.removesuffix("_seconds").replace("_", "-"))
                for label, field, default in (
                    (_("Discovery timeout"), "discovery_timeout_seconds", DEFAULT_DISCOVERY_TIMEOUT),
                    (_("Provisioning timeout"), "provisioning_timeout_seconds", DEFAULT_PROVISIONING_TIMEOUT),
                    (_("Verification timeout"), "verification_timeout_seconds", DEFAULT_VERIFICATION_TIMEOUT),
                )
            }

        async def start() -> None:
            fields: list[ui.input | ui.number] = [ssid, password, *timeouts.values()]
            if not all([field.validate() for field in fields]):
                return
            given = {field: int(n.value) for field, n in timeouts.items() if n.value not in (None, "")}
            config = SessionConfig.model_validate(given) if given else None
            request = StartSessionRequest(target_ssid=ssid.value, target_password=password.value, config=config)
            page = ui.context.client

            async def do() -> None:
                reply = await tab.client().start_session(request)
                session = reply.data.session
                store.replace_session(SessionData(session=session, devices=[]), reply.timestamp)
                sync.follow(session.id)
                if not password.is_deleted:
                    password.set_value("")
                ui.notify(_("Session started for {ssid}.").format(ssid=session.target_ssid), type="positive")

            # The stream may tell of the new session before the Pi's answer comes, and the form goes
            # with it (BuiltWhile): what follows the answer speaks in the page's own slot instead.
            with page:
                await run_action(start_errors, do, need=Capability.PROVISION, what="session.start", target=ssid.value)

        with ui.row().classes("w-full justify-end"):
            start_button = attrs(
                ui.button(_("Start session"), icon="play_arrow", on_click=start).props(
                    "unelevated color=primary size=lg"
                ),
                aria_label=_("Start session"),
            ).bind_enabled_from(gate, "enabled")
        submit_on_enter(start_button, start, ssid, password, *timeouts.values())
        start_errors = ErrorPanel()

    return start_errors


def _live_session(ctx: PageContext, act: DeviceAction) -> ErrorPanel:
    """The live session's card: its panel, the batch-done alert and the session's actions. Returns
    the panel showing their errors."""
    services, tab = ctx.services, ctx.tab
    store, gate, summary = services.store, tab.gates.provision, services.store.summary
    t = current()
    with attrs(ui.card(), aria_label=_("Live session")).classes("w-full").props("flat bordered"):
        SessionPanel(summary).classes("w-full")
        BatchAlert(summary)

        async def provision_all() -> None:
            session_id = summary.session_id
            if store.skipped:  # the Pi's "all" would include the skipped ones: one by one instead
                waiting = [m for m, row in store.rows.items() if row.can_provision]
                if not waiting:
                    ui.notify(_("No allowlisted cameras are waiting to be provisioned."), type="info")
                for mac in waiting:
                    await act("provision", mac)
                return

            async def do() -> None:
                reply = await tab.client().provision_all(session_id)
                if reply.data.started_count == 0:  # None: a field Pi accepted (202) without counts
                    ui.notify(_("No allowlisted cameras are waiting to be provisioned."), type="info")

            await run_action(
                session_errors, do, need=Capability.PROVISION, what="session.provision_all", target=session_id
            )

        async def retry_failed() -> None:
            """Only the failed cameras the Pi will take a retry for now (refused ones are left)."""
            wall = time.time()
            for mac in [m for m, row in store.rows.items() if row.can_retry and row.retry_at <= wall]:
                await act("retry", mac)

        async def stop() -> None:
            session_id = summary.session_id
            if not await confirm(
                _("Stop this session?"),
                _("The Pi stops the onboarding network. Cameras not yet verified stay unprovisioned."),
                ok_label=_("Stop session"),
            ):
                return

            async def do() -> None:
                reply = await tab.client().stop_session(session_id)
                shown = store.view.session
                if shown is not None and shown.id == reply.data.session.id:  # still the session shown
                    store.apply_event(SessionChanged(session=reply.data.session, closed=True, at=reply.timestamp))

            await run_action(session_errors, do, need=Capability.PROVISION, what="session.stop", target=session_id)

        with ui.row().classes("w-full justify-end gap-2").bind_visibility_from(summary, "active"):
            attrs(
                ui.button(_("Stop session"), icon="stop", on_click=stop).props("outline color=negative"),
                aria_label=_("Stop session"),
            ).bind_enabled_from(gate, "enabled")
            # the counts change with every camera event: a LiveText inside the button, not its label
            with (
                attrs(
                    ui.button(icon="refresh", on_click=retry_failed).props("outline color=negative"),
                    aria_label=_("Retry all failed"),
                )
                .bind_visibility_from(summary, "retryable_failed", bool)
                .bind_enabled_from(gate, "enabled")
            ):
                LiveText(tag="span").bind_text_from(
                    summary, "retryable_failed", lambda n: t.gettext("Retry all failed ({count})").format(count=n)
                ).classes("q-ml-sm")
            with attrs(
                ui.button(icon="done_all", on_click=provision_all).props("unelevated color=primary"),
                aria_label=_("Provision all"),
            ).bind_enabled_from(gate, "enabled"):
                LiveText(tag="span").bind_text_from(
                    summary, "allowlisted_waiting", lambda n: t.gettext("Provision all ({count})").format(count=n)
                ).classes("q-ml-sm")
        session_errors = ErrorPanel()
    return session_errors


def _device_actions(ctx: PageContext) -> DeviceAction:
    """``act(kind, mac)``: one camera's action, checked and audited like every action; a refusal
    is shown on that camera's card. ``skip``/``unskip`` are the dashboard's own (the Pi has none)."""
    services, tab = ctx.services, ctx.tab
    store = services.store

    async def act(kind: str, mac: str) -> None:
        if kind == "allow":
            await _allow(ctx, mac)
            return
        session_id = store.summary.session_id

        async def do() -> None:
            if kind in ("skip", "unskip"):
                row = store.rows.get(mac)
                if row is None or not row.can_skip:  # never offered so: a forged or stale request
                    logger.warning("device.%s %s ignored: not offered (session not running?)", kind, mac)
                    return
                store.set_skipped(mac, kind == "skip")
                return
            client = tab.client()
            call = client.retry_device if kind == "retry" else client.provision_device
            reply = await call(session_id, mac)
            if reply.data.device is not None:  # a field Pi's 202 names no device: the stream will
                store.apply_event(DeviceChanged(reply.data.device, at=reply.timestamp))

        store.set_refusal(mac, None)
        store.mark_busy(mac, True)
        try:
            await run_action(
                None,
                do,
                need=Capability.PROVISION,
                what=f"device.{kind}",
                target=mac,
                on_error=lambda error: store.set_refusal(mac, error),
            )
        finally:
            store.mark_busy(mac, False)

    return act


async def _allow(ctx: PageContext, mac: str) -> None:
    """ "Add to allowlist" on a discovered camera: a short form, then the Pi's allowlist; the Pi tells
    the stream, so the card becomes provisionable without a reload."""
    tab, store = ctx.tab, ctx.services.store
    with ui.dialog() as dialog, attrs(ui.card(), aria_label=_("Add to allowlist")).classes("w-[480px] max-w-full"):
        card_title("playlist_add", _("Add {mac} to the allowlist").format(mac=mac))
        description = ui.input(
            _("Description"), validation={_("At most 200 characters."): lambda v: len(v or "") <= 200}
        )
        attrs(description, aria_label=_("Description")).classes("w-full").props("outlined autofocus")
        container = ui.input(_("Container"), validation={_("At most 64 characters."): lambda v: len(v or "") <= 64})
        attrs(container, aria_label=_("Container")).classes("w-full").props("outlined")
        errors = ErrorPanel()

        async def add() -> None:
            if not (description.validate() and container.validate()):
                return
            request = AllowlistEntryRequest(
                mac=mac, description=description.value or None, container_id=container.value or None
            )

            async def do() -> None:
                reply = await tab.client().add_allowlist_entry(request)
                store.edit_allowlist(added=[reply.data])
                dialog.close()
                ui.notify(_("{mac} is on the allowlist.").format(mac=mac), type="positive")

            await run_action(errors, do, need=Capability.ALLOW_DISCOVERED, what="allowlist.add", target=mac)

        with ui.row().classes("w-full justify-end gap-2"):
            ui.button(_("Cancel"), on_click=dialog.close).props("flat")
            add_button = ui.button(_("Add to allowlist"), icon="playlist_add", on_click=add)
            add_button.props("unelevated color=primary")
        submit_on_enter(add_button, add, description, container)
    dialog.open()


def _devices(ctx: PageContext, act: DeviceAction) -> None:
    services, tab = ctx.services, ctx.tab
    store = services.store
    with ui.row().classes("w-full items-center gap-2").bind_visibility_from(store.summary, "present"):
        ui.label(_("Cameras")).classes("text-h6")
        LiveText().bind_text_from(store.summary, "discovered", lambda n: f"({n})").classes("text-grey-7")
    ui.label(_("Waiting for cameras to join the onboarding network…")).classes(
        "text-body2 text-grey-7"
    ).bind_visibility_from(store.summary, "discovered", lambda n: n == 0 and store.summary.active)
    DeviceBoard(store, gate=tab.gates.provision, allow_gate=tab.gates.allow_discovered, on_action=act).classes("w-full")

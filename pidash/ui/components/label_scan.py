"""The allowlist page's "Scan a label" card: a photo in, every MAC address found offered for adding.

A file input with ``accept="image/*" capture="environment"`` opens a tablet's camera also on
plain HTTP (live camera access needs HTTPS); the photo is decoded on the server
(:mod:`pidash.labels`) in a worker thread.
"""

from __future__ import annotations

import asyncio

from nicegui import events, ui

from pidash.auth.roles import Capability
from pidash.contract.provisioning import AllowlistEntry, AllowlistEntryRequest
from pidash.i18n import _, current, msg
from pidash.labels import MAX_IMAGE_BYTES, LabelRefused, LabelScan, scan_label
from pidash.store import DashboardStore
from pidash.ui.actions import run_action
from pidash.ui.attributes import attrs
from pidash.ui.bulk import BulkOutcome, failures_text, for_each
from pidash.ui.components.card_title import card_title
from pidash.ui.components.error_panel import ErrorPanel
from pidash.ui.components.named_upload import NamedUpload
from pidash.ui.tab_auth import TabAuth

REJECTED = msg("That file was refused: a label photo is an image (JPEG, PNG…) of at most 20 MB.")


def scan_card(tab: TabAuth, store: DashboardStore) -> None:
    gate = tab.gates.allowlist
    t = current()
    last: list[LabelScan] = []

    with attrs(ui.card().classes("w-full").props("flat bordered"), aria_label=_("Scan a label")):
        card_title("qr_code_scanner", _("Scan a label"))
        ui.label(
            _(
                "Take a photo of the camera's label (or its box): every MAC address in its QR codes or barcodes "
                "is offered for adding."
            )
        ).classes("text-body2 text-grey-8")
        attrs(
            NamedUpload(
                label=_("Scan label"),
                auto_upload=True,
                max_file_size=MAX_IMAGE_BYTES,
                on_upload=lambda e: _uploaded(e),
                on_rejected=lambda: _say(REJECTED, error=True),
            ).props('accept="image/*" capture="environment" flat bordered'),
            aria_label=_("Label photo"),
        ).classes("w-64").mark("scan-file").bind_enabled_from(gate, "enabled")
        message = attrs(
            ui.label().classes("text-body1").props('role="status" aria-live="polite"').mark("scan-message"),
            aria_label=_("Scan result"),
        )
        results = attrs(ui.column().classes("w-full gap-2"), aria_label=_("Found on the label"))
        errors = ErrorPanel()

    def _say(text: object, *, error: bool = False) -> None:
        """``text``: a sentence or a :class:`~pidash.i18n.Msg`, shown in this page's language."""
        message.set_text(t.text(text))
        message.classes(replace="text-body1" + (" text-negative" if error else ""))

    def _render(scan: LabelScan) -> None:
        listed = {e.mac for e in store.allowlist}
        last[:] = [scan]
        results.clear()
        with results:
            for mac in scan.macs:
                with attrs(ui.row().classes("items-center gap-4"), aria_label=t.gettext("Found {mac}").format(mac=mac)):
                    ui.label(mac).classes("pd-mono text-body1")
                    if mac in listed:
                        ui.label(t.gettext("Already on the allowlist")).classes("text-body2 text-grey-8")
                    else:
                        attrs(
                            ui.button(t.gettext("Add"), icon="add", on_click=lambda m=mac: _add([m])).props(
                                "unelevated color=primary"
                            ),
                            aria_label=t.gettext("Add {mac}").format(mac=mac),
                        ).bind_enabled_from(gate, "enabled")
            for text, reason in scan.refused:
                ui.label(t.gettext("{mac}: {reason}").format(mac=text, reason=t.text(reason))).classes(
                    "text-body2 text-negative"
                )
            new = [m for m in scan.macs if m not in listed]
            if len(new) > 1:
                add_all = t.gettext("Add all {count}").format(count=len(new))
                attrs(
                    ui.button(add_all, icon="playlist_add", on_click=lambda: _add(new)).props("outline color=primary"),
                    aria_label=add_all,
                ).bind_enabled_from(gate, "enabled")

    async def _uploaded(event: events.UploadEventArguments) -> None:
        file = event.file
        try:
            if file.size() > MAX_IMAGE_BYTES:
                raise LabelRefused(REJECTED)
            _say(msg("Reading the label…"))
            scan = await asyncio.to_thread(scan_label, await file.read())
        except LabelRefused as exc:
            _say(exc.message, error=True)
            results.clear()
            return
        finally:
            event.sender.reset()  # type: ignore[attr-defined]
        _say(scan.summary, error=not scan.macs)
        _render(scan)

    async def _add(macs: list[str]) -> None:
        async def do() -> BulkOutcome:
            client = tab.client()
            added: list[AllowlistEntry] = []

            async def one(mac: str) -> None:
                added.append((await client.add_allowlist_entry(AllowlistEntryRequest(mac=mac))).data)

            try:
                return await for_each(macs, one, name=str)
            finally:
                for entry in added:
                    store.edit_allowlist(added=[entry])

        outcome = await run_action(
            errors,
            do,
            need=Capability.ALLOWLIST,
            what="allowlist.add",
            target=",".join(macs),
            outcome=BulkOutcome.audit,
        )
        if outcome is None:
            return
        if outcome.failures:
            _say(
                t.gettext("Adding: {summary} {failures}").format(
                    summary=t.text(outcome.summary), failures=failures_text(outcome, t)
                ),
                error=True,
            )
        else:
            _say(t.gettext("Added {macs} to the allowlist.").format(macs=", ".join(macs)))
        if last:
            _render(last[0])

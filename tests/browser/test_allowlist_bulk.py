"""Issue 12, "Allowlist at scale", in Chromium against a real sim and dashboard: CSV import
(preview, apply past a failure, the Pi's state after), search, edit, bulk remove, export, label scan."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import segno
from PIL import Image
from playwright.sync_api import FilePayload, Locator, Page, expect

from tests.browser.access_support import audit_rows, emit_event
from tests.browser.support import DashboardProcess, answer_confirm, force_next_error, reset_faults, sim_call
from tests.support.processes import SimProcess

pytestmark = pytest.mark.browser


def pi_allowlist(sim: SimProcess) -> dict[str, dict[str, Any]]:
    """The Pi's allowlist through its REST API, by MAC."""
    entries = sim_call(sim, "GET", "/api/v1/provisioning/allowlist")["data"]["entries"] or []
    return {e["mac"]: e for e in entries}


def open_allowlist(page: Page, dashboard: DashboardProcess) -> None:
    page.goto(dashboard.url + "/allowlist")
    expect(page.get_by_text(re.compile(r"\d+ total ·"))).to_be_visible(timeout=15_000)


def file_input(page: Page, card: str) -> Locator:
    return page.get_by_label(card, exact=True).locator("input[type=file]")


# --- CSV import ---------------------------------------------------------------------------------


def build_import(listed: dict[str, dict[str, Any]]) -> tuple[str, dict[str, tuple[str, str | None]]]:
    """A 200-row file (``;``-separated, with a header): 2 unchanged, 3 changed, 180 new,
    10 invalid, 5 duplicate rows. Returns the text and what the Pi must hold after Apply."""
    existing = sorted(listed)[:5]
    lines = ["mac;description;container_id"]
    expected: dict[str, tuple[str, str | None]] = {}
    for i, mac in enumerate(existing):
        entry = listed[mac]
        if i < 2:  # unchanged
            lines.append(f"{mac};{entry['description'] or ''};{entry['container_id'] or ''}")
        else:  # changed
            lines.append(f"{mac.lower()};Moved to aisle {i};C-{i}")
            expected[mac] = (f"Moved to aisle {i}", f"C-{i}")
    new = [f"DC:A6:32:F0:{i // 256:02X}:{i % 256:02X}" for i in range(180)]
    for i, mac in enumerate(new):
        lines.append(f"{mac};Camera {i};Box {i // 20}")
        expected[mac] = (f"Camera {i}", f"Box {i // 20}")
        if i % 40 == 0:  # 5 duplicates (i = 0, 40, 80, 120, 160), spread through the file
            lines.append(f"{mac.replace(':', '-')};Second line for {i};")
    lines += [
        "FF:FF:FF:FF:FF:FF;Broadcast;",
        "01:00:5E:00:00:FB;Multicast;",
        "00:00:00:00:00:00;Zeros;",
        "GG:A6:32:F0:00:01;Not hex;",
        "DC:A6:32:F0:01;Too short;",
        "DC:A6:32:F1:00:01;" + "d" * 201 + ";",
        "DC:A6:32:F1:00:02;x;" + "c" * 65,
        "DC:A6:32:F1:00:03;a;b;c",
        ";No MAC at all;",
        "not a mac;;",
    ]
    assert len(lines) == 201
    return "\n".join(lines) + "\n", expected


def test_csv_import_of_200_rows_previews_and_applies(
    page: Page, dashboard: DashboardProcess, module_sim: SimProcess
) -> None:
    listed = pi_allowlist(module_sim)
    text, expected = build_import(listed)
    open_allowlist(page, dashboard)
    payload: FilePayload = {"name": "allowlist.csv", "mimeType": "text/csv", "buffer": text.encode()}
    file_input(page, "Import from CSV").set_input_files(payload)

    card = page.get_by_label("Import from CSV", exact=True)
    expect(card.get_by_role("status", name="Import summary")).to_have_text(
        "200 rows: 180 new · 3 changed · 2 unchanged · 10 invalid · 5 duplicate"
    )
    preview = card.get_by_role("table")
    broadcast = preview.get_by_role("row").filter(has_text="FF:FF:FF:FF:FF:FF")
    expect(broadcast).to_contain_text("invalid")
    expect(broadcast).to_contain_text("the broadcast address, never a camera's")
    expect(preview.get_by_role("row").filter(has_text="GG:A6:32:F0:00:01")).to_contain_text(
        "'G' is not a hexadecimal digit"
    )
    expect(preview.get_by_role("row").filter(has_text="DC:A6:32:F1:00:03")).to_contain_text("4 columns")
    dup = preview.get_by_role("row").filter(has_text="Second line for 40")
    expect(dup).to_contain_text("duplicate")
    changed_mac = sorted(listed)[2]
    changed = preview.get_by_role("row").filter(has_text=changed_mac)
    expect(changed).to_contain_text("changed")
    expect(changed).to_contain_text("→ 'Moved to aisle 2'")

    # The Pi refuses the first write: the import goes on and reports it.
    first = sorted(listed)[2]  # the first row to apply (file order)
    force_next_error(module_sim, "POST", "/api/v1/provisioning/allowlist", "DATABASE_ERROR")
    try:
        card.get_by_role("button", name="Apply import").click()
        outcome = card.get_by_text(re.compile("^Import finished:"))
        expect(outcome).to_have_text("Import finished: 182 of 183 done; 1 failed.", timeout=120_000)
    finally:
        reset_faults(module_sim)
    expect(card.get_by_label("Import failures")).to_contain_text(f"({first}): DATABASE_ERROR")
    (audit,) = [r for r in audit_rows(dashboard.workdir) if r["action"] == "allowlist.import"]
    assert (audit["target"], audit["outcome"]) == ("183 entries", "partial: 182 of 183 done; 1 failed.")
    assert re.match(r"[0-9a-f-]{36},", audit["correlation_id"])  # the calls' IDs (the audit keeps the first ones)

    after = pi_allowlist(module_sim)
    expected.pop(first)
    for mac, (description, container) in expected.items():
        assert (after[mac]["description"], after[mac]["container_id"]) == (description, container), mac
    assert after[first]["description"] == listed[first]["description"]  # the refused row left it as it was
    assert len(after) == len(listed) + 180
    assert not {"FF:FF:FF:FF:FF:FF", "01:00:5E:00:00:FB", "DC:A6:32:F1:00:01", "DC:A6:32:F1:00:03"} & set(after)
    # The preview now reads the Pi's state: only the refused row is left to apply.
    expect(card.get_by_role("status", name="Import summary")).to_have_text(
        "200 rows: 0 new · 1 changed · 184 unchanged · 10 invalid · 5 duplicate"
    )
    expect(page.get_by_text(re.compile(r"\d+ total ·"))).to_contain_text(f"{len(after)} total")


def test_import_refuses_a_non_utf8_file(page: Page, dashboard: DashboardProcess) -> None:
    open_allowlist(page, dashboard)
    expect(page.get_by_text(re.compile(r"\dB / \d")).filter(visible=True)).to_have_count(0)  # no byte counter
    payload: FilePayload = {
        "name": "latin1.csv",
        "mimeType": "text/csv",
        "buffer": "DC:A6:32:F2:00:01;café\n".encode("latin-1"),
    }
    file_input(page, "Import from CSV").set_input_files(payload)
    expect(page.get_by_label("Import from CSV", exact=True).get_by_role("status", name="Import summary")).to_have_text(
        "The file is not UTF-8 text; save it as CSV (UTF-8) and try again."
    )


def test_a_refused_upload_clears_the_previous_preview(
    page: Page, dashboard: DashboardProcess, module_sim: SimProcess
) -> None:
    """A header with mac second (and an unknown column) previews; a refused file after it leaves
    neither that preview nor its Apply button on screen, and the Pi is not written."""
    listed = pi_allowlist(module_sim)
    open_allowlist(page, dashboard)
    card = page.get_by_label("Import from CSV", exact=True)
    summary = card.get_by_role("status", name="Import summary")
    preview = card.get_by_role("table")
    apply = card.get_by_role("button", name="Apply import")
    good: FilePayload = {
        "name": "good.csv",
        "mimeType": "text/csv",
        "buffer": b"description,mac,extra\nAisle 9,dc-a6-32-c0-00-01,zzz\n'=1+1,DCA632C00002,\n",
    }
    refused: list[tuple[FilePayload, str]] = [
        (
            {"name": "huge.csv", "mimeType": "text/csv", "buffer": b"DC:A6:32:C0:00:03,x\n" * 60_000},
            "The file is larger than 1024 kB; split it.",
        ),
        (
            {"name": "latin1.csv", "mimeType": "text/csv", "buffer": "DC:A6:32:C0:00:04;café\n".encode("latin-1")},
            "The file is not UTF-8 text; save it as CSV (UTF-8) and try again.",
        ),
        (
            {"name": "no-mac.csv", "mimeType": "text/csv", "buffer": b"foo,bar\nDC:A6:32:C0:00:05,x\n"},
            "Line 1 looks like a header but names no MAC column; call that column mac (or mac_address, MAC address).",
        ),
    ]
    for payload, reason in refused:
        file_input(page, "Import from CSV").set_input_files(good)
        expect(summary).to_have_text("2 rows: 2 new · 0 changed · 0 unchanged · 0 invalid · 0 duplicate")
        expect(preview.get_by_role("row").filter(has_text="DC:A6:32:C0:00:01")).to_contain_text("Aisle 9")
        expect(apply).to_have_text(re.compile("Apply 2 changes"))
        expect(apply).to_be_visible()

        file_input(page, "Import from CSV").set_input_files(payload)
        expect(summary).to_have_text(reason)
        expect(preview).to_be_hidden()
        expect(apply).to_be_hidden()
        expect(card.get_by_text("DC:A6:32:C0:00:01")).to_have_count(0)
    assert pi_allowlist(module_sim) == listed


# --- search, edit, bulk remove, export -------------------------------------------------------------


def test_search_edit_bulk_remove_and_export(
    page: Page, dashboard: DashboardProcess, module_sim: SimProcess, tmp_path: Path
) -> None:
    macs = ["DC:A6:32:E0:00:01", "DC:A6:32:E0:00:02", "DC:A6:32:E0:00:03"]
    open_allowlist(page, dashboard)
    pasted = (
        "".join(f"{mac},Shelf {i},Z-9\n" for i, mac in enumerate(macs))
        + 'dca632e00009,"=HYPERLINK(""http://evil"")",@C\n'
    )
    page.get_by_label("CSV to import").fill(pasted)
    page.get_by_role("button", name="Preview import").click()
    card = page.get_by_label("Import from CSV", exact=True)
    expect(card.get_by_role("status", name="Import summary")).to_have_text(
        "4 rows: 4 new · 0 changed · 0 unchanged · 0 invalid · 0 duplicate"
    )
    card.get_by_role("button", name="Apply import").click()
    expect(card.get_by_text("Import finished: 4 of 4 done.")).to_be_visible(timeout=60_000)
    table = page.get_by_label("Allowlist", exact=True)
    search = page.get_by_label("Search the allowlist")

    search.fill("e0-00-0")  # a MAC fragment, in another notation
    expect(table.get_by_role("row").filter(has_text="DC:A6:32:E0")).to_have_count(4)
    search.fill("z-9")  # a container
    expect(table.get_by_role("row").filter(has_text="DC:A6:32:E0")).to_have_count(3)

    page.get_by_role("button", name=f"Edit {macs[0]}").click()
    dialog = page.get_by_role("dialog", name=f"Edit {macs[0]}")
    expect(dialog.get_by_label("New description")).to_be_focused()  # typing goes to the first field
    dialog.get_by_label("New description").fill("Shelf 0, moved")
    dialog.get_by_label("New container ID").fill("Z-10")
    dialog.get_by_label("New container ID").press("Enter")  # as Save
    expect(dialog).to_have_count(0)
    assert (pi_allowlist(module_sim)[macs[0]]["description"], pi_allowlist(module_sim)[macs[0]]["container_id"]) == (
        "Shelf 0, moved",
        "Z-10",
    )
    search.fill("shelf")  # a description
    rows = table.get_by_role("row").filter(has_text="Shelf")
    expect(rows).to_have_count(3)
    for mac in macs:
        table.get_by_role("checkbox", name=f"Select {mac}").click()
    remove = page.get_by_role("button", name="Bulk remove")
    expect(remove).to_have_text(re.compile(r"Bulk remove \(3 selected\)"))
    remove.click()
    expect(page.get_by_role("alertdialog")).to_contain_text("Remove 3 cameras from the allowlist?")
    answer_confirm(page, "Remove 3 cameras")
    expect(rows).to_have_count(0)
    assert not set(macs) & set(pi_allowlist(module_sim))

    search.fill("")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Export CSV").click()
    path = tmp_path / "export.csv"
    download_info.value.save_as(path)
    exported = path.read_bytes().decode("utf-8")
    assert exported.startswith("mac,description,container_id,added_at,used_at\r\n")
    assert 'DC:A6:32:E0:00:09,"\'=HYPERLINK(""http://evil"")",\'@C,' in exported
    assert len(exported.splitlines()) == len(pi_allowlist(module_sim)) + 1


# --- label scan ---------------------------------------------------------------------------------


def qr_png(text: str) -> Image.Image:
    out = io.BytesIO()
    segno.make(text, micro=False).save(out, kind="png", scale=6, border=4)
    return Image.open(io.BytesIO(out.getvalue())).convert("L")


def label_photo(*texts: str) -> bytes:
    codes = [qr_png(t) for t in texts]
    canvas = Image.new("RGB", (sum(c.width for c in codes) + 60 * (len(codes) + 1), 400), (235, 235, 230))
    x = 60
    for code in codes:
        canvas.paste(code, (x, 60))
        x += code.width + 60
    out = io.BytesIO()
    canvas.save(out, format="JPEG")
    return out.getvalue()


def test_scan_a_label_with_two_qr_codes_and_add_both(
    page: Page, dashboard: DashboardProcess, module_sim: SimProcess
) -> None:
    open_allowlist(page, dashboard)
    scan = file_input(page, "Scan a label")
    expect(scan).to_have_attribute("capture", "environment")
    expect(scan).to_have_attribute("accept", "image/*")
    photo = label_photo("ESP32-CAM MAC: dc:a6:32:d0:00:01", "SN 77 MAC=DCA632D00002")
    scan.set_input_files({"name": "label.jpg", "mimeType": "image/jpeg", "buffer": photo})
    card = page.get_by_label("Scan a label", exact=True)
    expect(card.get_by_role("status", name="Scan result")).to_have_text(
        "2 codes read: 2 MAC addresses found.", timeout=30_000
    )
    expect(card.get_by_role("button", name="Add DC:A6:32:D0:00:01")).to_be_visible()
    expect(card.get_by_role("button", name="Add DC:A6:32:D0:00:02")).to_be_visible()
    card.get_by_role("button", name="Add all 2").click()
    expect(card.get_by_role("status", name="Scan result")).to_have_text(
        "Added DC:A6:32:D0:00:01, DC:A6:32:D0:00:02 to the allowlist."
    )
    expect(card.get_by_text("Already on the allowlist")).to_have_count(2)
    assert {"DC:A6:32:D0:00:01", "DC:A6:32:D0:00:02"} <= set(pi_allowlist(module_sim))


def test_scan_refusals_and_a_blank_image(page: Page, dashboard: DashboardProcess) -> None:
    open_allowlist(page, dashboard)
    card = page.get_by_label("Scan a label", exact=True)
    status = card.get_by_role("status", name="Scan result")
    scan = file_input(page, "Scan a label")

    blank = io.BytesIO()
    Image.new("RGB", (640, 480), (250, 250, 250)).save(blank, format="PNG")
    scan.set_input_files({"name": "blank.png", "mimeType": "image/png", "buffer": blank.getvalue()})
    expect(status).to_have_text(re.compile("^No QR code or barcode was found in this image"), timeout=30_000)

    refused = "That file was refused: a label photo is an image (JPEG, PNG…) of at most 20 MB."
    big = b"\xff\xd8\xff" + b"\0" * (21 * 1024 * 1024)
    scan.set_input_files({"name": "huge.jpg", "mimeType": "image/jpeg", "buffer": big})
    expect(status).to_have_text(refused)

    scan.set_input_files({"name": "blank.png", "mimeType": "image/png", "buffer": blank.getvalue()})
    expect(status).to_have_text(re.compile("^No QR code"), timeout=30_000)
    scan.set_input_files({"name": "notes.txt", "mimeType": "text/plain", "buffer": b"DC:A6:32:D0:00:09"})
    expect(status).to_have_text(refused)

    # A file that claims to be an image: refused by the server.
    scan.set_input_files({"name": "fake.png", "mimeType": "image/png", "buffer": b"mac\nDC:A6:32:D0:00:09\n"})
    expect(status).to_have_text("This file is not an image we can read; take a photo (JPEG or PNG).", timeout=30_000)


# --- who may ------------------------------------------------------------------------------------


def test_a_viewer_can_search_and_export_but_not_change(
    page: Page, module_sim: SimProcess, dashboard_factory: Callable[..., DashboardProcess], tmp_path: Path
) -> None:
    """``PIDASH_ANONYMOUS=viewer``: import, scan, edit and bulk remove are disabled, and a forged
    edit event opens a dialog whose Save is disabled; searching and exporting still work."""
    dash = dashboard_factory(
        module_sim.url,
        workdir=tmp_path / "viewer",
        api_key=module_sim.api_key,
        extra_env={"PIDASH_ANONYMOUS": "viewer"},
    )
    open_allowlist(page, dash)
    mac = sorted(pi_allowlist(module_sim))[0]
    expect(page.get_by_role("button", name="Bulk remove")).to_be_disabled()
    expect(page.get_by_role("button", name=f"Edit {mac}")).to_be_disabled()
    for card in ("Import from CSV", "Scan a label"):
        expect(page.get_by_label(card, exact=True).locator(".q-uploader")).to_have_class(re.compile("disabled"))
    page.get_by_label("CSV to import").fill(f"{mac},Changed by a viewer\n")
    page.get_by_role("button", name="Preview import").click()
    expect(page.get_by_role("button", name="Apply import")).to_be_disabled()
    emit_event(page, page.get_by_label(f"Edit {mac}"), "click", mac)
    dialog = page.get_by_role("dialog", name=f"Edit {mac}")
    expect(dialog.get_by_role("button", name="Save")).to_be_disabled()
    dialog.get_by_role("button", name="Cancel").click()
    page.get_by_label("Search the allowlist").fill(mac[-5:])
    expect(page.get_by_label("Allowlist", exact=True).get_by_role("row").filter(has_text=mac)).to_have_count(1)
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Export CSV").click()
    assert mac in Path(download_info.value.path()).read_text(encoding="utf-8")

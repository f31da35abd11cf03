"""The admin area's sentences made once (Msg): English where they are logged or audited, German on a
German page; plain data, no browser."""

from __future__ import annotations

from pathlib import Path

import pytest

from pidash.allowlist_io import ImportRefused, RowStatus, decode_upload, preview
from pidash.auth.accounts import AccountError, Accounts
from pidash.auth.roles import Capability, Role, refusal_by_role
from pidash.db import Database
from pidash.i18n import translator
from pidash.labels import LabelScan
from pidash.ui.bulk import BulkOutcome
from pidash.ui.components.allowlist_import import tally_text

DE = translator("de")
EN = translator("en")


def test_role_refusals_name_the_role_needed_in_each_language() -> None:
    anonymous = refusal_by_role(Capability.PROVISION, None)
    assert str(anonymous) == "Sign in as technician or above to run provisioning sessions."
    assert DE.text(anonymous) == "Melden Sie sich als Techniker oder höher an, um Einrichtungssitzungen durchzuführen."
    viewer = refusal_by_role(Capability.DOOR, Role.VIEWER)
    assert str(viewer) == "Your role (viewer) may not open or close the door: an admin or above may."
    assert DE.text(viewer) == (
        "Ihre Rolle (Betrachter) darf die Tür weder öffnen noch schließen; "
        "dafür ist die Rolle Administrator oder höher nötig."
    )
    for capability in Capability:  # every capability has both sentences, translated
        for role in (None, Role.VIEWER):
            refusal = refusal_by_role(capability, role)
            assert DE.text(refusal) != EN.text(refusal)


def test_import_problems_and_tally_are_german_on_a_german_page() -> None:
    rows = preview("mac\n24:0A:C4:00:00:01,x,y,z\n24:0A:C4:00:00:02\n24:0A:C4:00:00:02\n", [])
    assert [r.status for r in rows] == [RowStatus.INVALID, RowStatus.NEW, RowStatus.DUPLICATE]
    assert str(rows[0].reason) == "4 columns; expected at most 1 (the header's)."
    assert DE.text(rows[0].reason) == "4 Spalten; erwartet sind höchstens 1 (die der Kopfzeile)."
    assert DE.text(rows[2].reason) == "Wiederholt Zeile 3; nur diese Zeile wird verwendet."
    assert DE.text(tally_text(rows)) == "3 Zeilen: 1 neu · 0 geändert · 0 unverändert · 1 ungültig · 1 doppelt"
    assert DE.text(tally_text(rows[:1])).startswith("1 Zeile: 0 neu")
    with pytest.raises(ImportRefused, match="not UTF-8") as refused:
        decode_upload("café".encode("latin-1"))
    assert DE.text(refused.value.message).startswith("Die Datei ist kein UTF-8-Text")


def test_bulk_summary_is_english_for_the_audit_and_german_for_the_page() -> None:
    outcome = BulkOutcome(total=3, done=2, failures=[("AA:BB:CC:DD:EE:01", "DATABASE_ERROR: down")])
    assert f"partial: {outcome.summary}" == outcome.audit() == "partial: 2 of 3 done; 1 failed."
    assert DE.text(outcome.summary) == "2 von 3 erledigt; 1 fehlgeschlagen."


def test_label_scan_summary_counts_in_german() -> None:
    assert DE.text(LabelScan(codes=1).summary) == "1 Code gelesen, aber er enthält keine MAC-Adresse."
    two = LabelScan(codes=2, macs=["AA:BB:CC:DD:EE:01", "AA:BB:CC:DD:EE:02"])
    assert str(two.summary) == "2 codes read: 2 MAC addresses found."
    assert DE.text(two.summary) == "2 Codes gelesen: 2 MAC-Adressen gefunden."


def test_account_errors_are_english_for_the_cli_and_translatable_for_the_page(tmp_path: Path) -> None:
    accounts = Accounts(Database(tmp_path))
    with pytest.raises(AccountError) as error:
        accounts.add("ann", Role.ADMIN, "short")
    assert str(error.value) == "A password needs at least 10 characters."
    assert DE.text(error.value.message) == "Ein Passwort braucht mindestens 10 Zeichen."

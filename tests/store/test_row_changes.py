"""A row delta is serialised once per language, in that language (issue 14), on plain data."""

from __future__ import annotations

import json

from pidash.contract.provisioning import Candidate
from pidash.i18n import translator
from pidash.store.row_changes import RowDelta
from pidash.store.rows import DeviceRow

MAC = "AA:BB:CC:00:00:01"


def _row(state: str, **extra: object) -> dict[str, object]:
    row = DeviceRow(mac=MAC)
    row.update_from(Candidate.model_validate({"mac": MAC, "state": state, "rssi": -50, **extra}), busy=False)
    return row.payload()


def test_a_delta_is_made_once_per_language_in_that_language() -> None:
    delta = RowDelta(base=1, version=2, upserts=[_row("provisioning")])
    de, en = translator("de"), translator("en")
    german = delta.json_for(de)
    assert json.loads(german)["rows"][0]["state_label"] == "Wird eingerichtet"
    assert json.loads(german)["rows"][0]["signal"] == "-50 dBm (stark)"
    assert json.loads(delta.json_for(en))["rows"][0]["state_label"] == "Provisioning"
    assert delta.json_for(de) is german  # the second German browser gets the same text, not a new one


def test_the_pis_own_words_are_sent_as_they_are() -> None:
    row = _row("failed", error_message="mqtt timeout")
    delta = RowDelta(base=0, version=1, upserts=[row])
    sent = json.loads(delta.json_for(translator("de")))["rows"][0]
    assert (sent["reason"], sent["state_label"]) == ("mqtt timeout", "Fehlgeschlagen")

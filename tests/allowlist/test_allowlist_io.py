"""CSV import, diff, export and search of the allowlist, on plain data."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from pidash.allowlist_io import (
    MAX_IMPORT_ROWS,
    ImportRefused,
    RowStatus,
    classify,
    counts,
    decode_upload,
    defuse,
    export_csv,
    matches,
    parse_rows,
    preview,
    replacement,
)
from pidash.contract.provisioning import AllowlistEntry, AllowlistEntryRequest
from pidash.i18n import translator

T0 = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
MAC = "AA:BB:CC:DD:EE:FF"


def entry(mac: str, description: str | None = None, container: str | None = None) -> AllowlistEntry:
    return AllowlistEntry(mac=mac, description=description, container_id=container, added_at=T0)


CURRENT = [
    entry("24:0A:C4:00:00:01", "Aisle 1", "C-1"),
    entry("24:0A:C4:00:00:02", "Aisle 2", None),
]


def test_header_optional_and_both_separators() -> None:
    with_header = "mac,description,container_id\n24:0a:c4:00:00:09,Door,C-9\n"
    without = "24:0a:c4:00:00:09;Door;C-9\n"
    for text in (with_header, without):
        (row,) = parse_rows(text)
        assert (row.mac, row.description, row.container_id, row.status) == (
            "24:0A:C4:00:00:09",
            "Door",
            "C-9",
            RowStatus.NEW,
        )
    (row,) = parse_rows("\ufeffMAC;Container_ID;Description\r\n240ac4000009;C-9;Door\r\n")
    assert (row.mac, row.description, row.container_id, row.line) == ("24:0A:C4:00:00:09", "Door", "C-9", 2)


def test_header_names_the_mac_column_in_any_position() -> None:
    # The newcomer's file: mac second, an unknown column, a defused formula in the description.
    rows = parse_rows("description,mac,extra\nAisle 9,a4-cf-12-00-03-01,zzz\n'=1+1,A4CF12000302,\n")
    assert [(r.line, r.mac, r.description, r.container_id, r.status) for r in rows] == [
        (2, "A4:CF:12:00:03:01", "Aisle 9", None, RowStatus.NEW),
        (3, "A4:CF:12:00:03:02", "=1+1", None, RowStatus.NEW),
    ]
    # "MAC address" in any case and spacing, last; the other names as well.
    (row,) = parse_rows("Container ID ; Description ;  mac  ADDRESS \nC-9;Door;240ac4000009\n")
    assert (row.line, row.mac, row.description, row.container_id, row.status) == (
        2,
        "24:0A:C4:00:00:09",
        "Door",
        "C-9",
        RowStatus.NEW,
    )
    (row,) = parse_rows("\n\nused_at,MAC_Address,added_at\n,24:0A:C4:00:00:09,2026-01-01\n")
    assert (row.line, row.mac, row.description, row.container_id) == (4, "24:0A:C4:00:00:09", None, None)
    # A row whose description happens to read "mac" is a row, not a header.
    (row,) = parse_rows("24:0A:C4:00:00:09,mac\n")
    assert (row.line, row.mac, row.description, row.status) == (1, "24:0A:C4:00:00:09", "mac", RowStatus.NEW)


@pytest.mark.parametrize(
    "text",
    [
        "foo,bar\n24:0A:C4:00:00:09,x\n",
        "description;container_id\nDoor;C-1\n",
        "\nMAC-Adresse , Beschreibung\n24:0A:C4:00:00:09,x\n",
    ],
)
def test_a_header_without_a_mac_column_refuses_the_file(text: str) -> None:
    with pytest.raises(ImportRefused) as refused:
        parse_rows(text)
    line = 2 if text.startswith("\n") else 1
    assert str(refused.value) == (
        f"Line {line} looks like a header but names no MAC column; call that column mac (or mac_address, MAC address)."
    )


@pytest.mark.parametrize(
    "first",
    [
        "ff:ff:ff:ff:ff:ff,Broadcast,",  # hex letters only, but a MAC address
        "GG:A6:32:F0:00:01,Not hex,",
        "DC:A6:32:F0:01,Too short,",
        ",No MAC at all 1,",
    ],
)
def test_a_first_row_with_a_bad_mac_is_an_invalid_row_not_a_header(first: str) -> None:
    rows = parse_rows(first + "\n24:0A:C4:00:00:09,Door,C-9\n")
    assert [(r.line, r.status) for r in rows] == [(1, RowStatus.INVALID), (2, RowStatus.NEW)]


def test_commas_inside_quotes_and_blank_lines() -> None:
    rows = parse_rows('\n24:0A:C4:00:00:09,"Aisle 3, left door"\n\n24:0A:C4:00:00:0A\n')
    assert [(r.line, r.description, r.container_id) for r in rows] == [
        (2, "Aisle 3, left door", None),
        (4, None, None),
    ]


def test_each_status_with_its_reason() -> None:
    text = "\n".join(
        [
            "mac,description,container_id",
            "24:0A:C4:00:00:01,Aisle 1,C-1",  # unchanged
            "24:0A:C4:00:00:02,Aisle 2b,",  # changed description
            "24:0A:C4:00:00:03,New one,C-3",  # new
            "24:0A:C4:00:00:03,Again,C-3",  # duplicate of line 4
            "ff:ff:ff:ff:ff:ff,Broadcast,",  # invalid
            "nonsense,x,y",  # invalid
            "24:0A:C4:00:00:04," + "d" * 201,  # invalid: too long
        ]
    )
    rows = preview(text, CURRENT)
    assert [r.status for r in rows] == [
        RowStatus.UNCHANGED,
        RowStatus.CHANGED,
        RowStatus.NEW,
        RowStatus.DUPLICATE,
        RowStatus.INVALID,
        RowStatus.INVALID,
        RowStatus.INVALID,
    ]
    assert str(rows[1].reason) == "description: 'Aisle 2' → 'Aisle 2b'"
    assert str(rows[3].reason) == "Repeats line 4; only that line is used."
    assert str(rows[4].reason) == "FF:FF:FF:FF:FF:FF is the broadcast address, never a camera's."
    assert str(rows[5].reason).startswith("'n', 'o' and 's' are not hexadecimal digits") and rows[5].mac == "nonsense"
    assert str(rows[6].reason) == "A description is at most 200 characters; this one has 201."
    assert [r.to_apply for r in rows] == [False, True, True, False, False, False, False]
    assert counts(rows) == {
        RowStatus.NEW: 1,
        RowStatus.UNCHANGED: 1,
        RowStatus.CHANGED: 1,
        RowStatus.INVALID: 3,
        RowStatus.DUPLICATE: 1,
    }


def test_clearing_a_container_is_a_change() -> None:
    (row,) = preview("24:0A:C4:00:00:01,Aisle 1\n", CURRENT)
    assert row.status is RowStatus.CHANGED and str(row.reason) == "container: 'C-1' → (empty)"


def test_too_many_columns_without_header_is_invalid_with_header_ignored() -> None:
    (row,) = parse_rows("24:0A:C4:00:00:09,a,b,c\n")
    assert row.status is RowStatus.INVALID and str(row.reason).startswith("4 columns; expected at most 3")
    rows = parse_rows(
        "mac,description,container_id,added_at\n24:0A:C4:00:00:09,a,b,2026-01-01\n24:0A:C4:00:00:0A,a,b,c,d\n"
    )
    assert rows[0].status is RowStatus.NEW
    assert (
        rows[1].status is RowStatus.INVALID and str(rows[1].reason) == "5 columns; expected at most 4 (the header's)."
    )


def test_whole_file_refusals() -> None:
    with pytest.raises(ImportRefused, match="at most 5000 rows"):
        parse_rows("\n".join(f"24:0A:C4:00:{i // 256:02X}:{i % 256:02X}" for i in range(MAX_IMPORT_ROWS + 1)))
    with pytest.raises(ImportRefused, match="not UTF-8"):
        decode_upload(b"24:0A:C4:00:00:01,\xe9t\xe9\n")
    with pytest.raises(ImportRefused, match="at most 1024 kB"):
        decode_upload(b"x" * (1024 * 1024 + 1))
    assert decode_upload("\ufeffmac\n".encode()) == "mac\n"


def test_export_defuses_formulas_and_imports_again() -> None:
    entries = [
        entry("24:0A:C4:00:00:02", '=HYPERLINK("http://x")', "+C-2"),
        entry("24:0A:C4:00:00:01", "Aisle, 1", "@C-1"),
        entry("24:0A:C4:00:00:03", "-5 °C room", None),
    ]
    text = export_csv(entries)
    lines = text.splitlines()
    assert lines[0] == "mac,description,container_id,added_at,used_at"
    assert lines[1] == '24:0A:C4:00:00:01,"Aisle, 1",\'@C-1,2026-11-30T09:00:00.000Z,'
    assert lines[2].startswith('24:0A:C4:00:00:02,"\'=HYPERLINK(""http://x"")",\'+C-2,')
    assert lines[3].startswith("24:0A:C4:00:00:03,'-5 °C room,,")
    # imported again: the same entries, unchanged
    assert {r.status for r in preview(text, entries)} == {RowStatus.UNCHANGED}
    assert defuse("plain") == "plain" and defuse("=1+1") == "'=1+1"


def test_classify_keeps_invalid_rows_out_of_duplicate_tracking() -> None:
    rows = classify(parse_rows("mac\nzz\n24:0A:C4:00:00:09\n24:0a:c4:00:00:09\n"), [])  # "zz" alone: a header
    assert [r.status for r in rows] == [RowStatus.INVALID, RowStatus.NEW, RowStatus.DUPLICATE]


@pytest.mark.parametrize(
    ("query", "hit"),
    [
        ("", True),
        ("aisle", True),
        ("c-1", True),
        ("00:01", True),
        ("00-01", True),
        ("0001", True),
        ("0A:C4", True),
        ("00:02", False),
        ("kitchen", False),
        (":", False),
    ],
)
def test_search(query: str, hit: bool) -> None:
    assert matches(CURRENT[0], query) is hit


@pytest.mark.parametrize(
    ("listed", "new", "english", "german"),
    [
        (
            ("Old desc", "container-04"),
            ("New desc", None),
            "It is listed with the description 'Old desc' and the container container-04. "
            "Replace it so that the description becomes 'New desc' and the container container-04 is removed?",
            "Sie ist mit der Beschreibung 'Old desc' und dem Container container-04 eingetragen. "
            "So ersetzen, dass die Beschreibung 'New desc' lautet und der Container container-04 entfernt wird?",
        ),
        (
            (None, None),
            ("Aisle 1", None),
            "It is listed with no description and no container. Replace it so that the description becomes 'Aisle 1'?",
            "Sie ist ohne Beschreibung und ohne Container eingetragen. "
            "So ersetzen, dass die Beschreibung 'Aisle 1' lautet?",
        ),
        (
            ("Aisle 1", None),
            (None, "C-2"),
            "It is listed with the description 'Aisle 1' and no container. "
            "Replace it so that the description 'Aisle 1' is removed and the container becomes C-2?",
            "Sie ist mit der Beschreibung 'Aisle 1' und ohne Container eingetragen. "
            "So ersetzen, dass die Beschreibung 'Aisle 1' entfernt wird und der Container C-2 lautet?",
        ),
        (
            ("", "C-1"),
            (None, "C-2"),
            "It is listed with no description and the container C-1. Replace it so that the container becomes C-2?",
            "Sie ist ohne Beschreibung und mit dem Container C-1 eingetragen. "
            "So ersetzen, dass der Container C-2 lautet?",
        ),
    ],
)
def test_replacing_a_listed_mac_asks_naming_every_change_in_both_languages(
    listed: tuple[str | None, str | None], new: tuple[str | None, str | None], english: str, german: str
) -> None:
    """The allowlist POST replaces both fields: a field left empty removes what is listed, so it is named."""
    question = replacement(entry(MAC, *listed), AllowlistEntryRequest(mac=MAC, description=new[0], container_id=new[1]))
    assert (translator("en").text(question), translator("de").text(question)) == (english, german)


def test_re_adding_a_listed_mac_as_it_is_asks_nothing() -> None:
    listed = entry(MAC, "Aisle 1", None)
    assert replacement(listed, AllowlistEntryRequest(mac=MAC, description="Aisle 1")) is None
    assert replacement(entry(MAC, "", ""), AllowlistEntryRequest(mac=MAC)) is None

"""The allowlist as CSV: parse an import, compare it with the Pi's allowlist, export, search.

Pure functions on plain data (no NiceGUI, no network). An import file has the columns
``mac,description,container_id`` (issue 12), separated by ``,`` or ``;``, with an optional header
line; with a header the columns may come in any order and unknown ones are ignored (so an export,
which adds ``added_at`` and ``used_at``, imports again).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from pidash.contract.base import rfc3339
from pidash.contract.provisioning import AllowlistEntry
from pidash.contract.validation import validate_camera_mac

DESCRIPTION_MAX = 200
"""Characters, as ``AllowlistEntryRequest.description``."""
CONTAINER_MAX = 64
"""Characters, as ``AllowlistEntryRequest.container_id``."""
MAX_IMPORT_BYTES = 1024 * 1024
"""An import file or paste larger than this is refused whole (a 5,000-row file is ~250 kB)."""
MAX_IMPORT_ROWS = 5000
COLUMNS = ("mac", "description", "container_id")
EXPORT_COLUMNS = (*COLUMNS, "added_at", "used_at")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A spreadsheet runs a cell starting with one of these as a formula (CSV injection)."""


class ImportRefused(ValueError):
    """The whole file is refused (too large, not text, no MAC column); the message is a sentence."""


class RowStatus(StrEnum):
    NEW = "new"
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    INVALID = "invalid"
    DUPLICATE = "duplicate"


@dataclass(frozen=True)
class ImportRow:
    """One line of the file, classified against the Pi's allowlist.

    ``mac`` is canonical for valid rows and as written for invalid ones; ``reason`` says why a row
    is invalid or a duplicate, or what changes (``description: 'a' → 'b'``).
    """

    line: int
    mac: str
    description: str | None
    container_id: str | None
    status: RowStatus
    reason: str = ""

    @property
    def to_apply(self) -> bool:
        return self.status in (RowStatus.NEW, RowStatus.CHANGED)


@dataclass(frozen=True)
class _Parsed:
    line: int
    cells: list[str]


def _undefuse(cell: str) -> str:
    """Undo :func:`defuse` so that an export imports again as it was."""
    if cell.startswith("'") and cell[1:2] and cell[1:2] in FORMULA_STARTS:
        return cell[1:]
    return cell


def _separator(text: str) -> str:
    first = next((line for line in text.splitlines() if line.strip()), "")
    return ";" if first.count(";") > first.count(",") else ","


def _is_header(cells: list[str]) -> bool:
    return bool(cells) and cells[0].strip().lower().replace(" ", "_") in ("mac", "mac_address")


def decode_upload(data: bytes) -> str:
    """The bytes of an uploaded file as text (UTF-8, with or without BOM); :class:`ImportRefused` otherwise."""
    if len(data) > MAX_IMPORT_BYTES:
        raise ImportRefused(f"The file is {len(data) // 1024} kB; an import is at most {MAX_IMPORT_BYTES // 1024} kB.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRefused("The file is not UTF-8 text; save it as CSV (UTF-8) and try again.") from None


def parse_rows(text: str) -> list[ImportRow]:
    """Parse ``text`` into rows classified only as valid (``NEW``, for now) or ``INVALID``.

    Blank lines are skipped. :class:`ImportRefused` when the text is too large, has too many rows,
    or has a header without a ``mac`` column.
    """
    if len(text.encode("utf-8")) > MAX_IMPORT_BYTES:
        raise ImportRefused(f"The text is larger than {MAX_IMPORT_BYTES // 1024} kB; split the import.")
    text = text.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text), delimiter=_separator(text))
    parsed: list[_Parsed] = []
    try:
        for cells in reader:
            if any(c.strip() for c in cells):
                parsed.append(_Parsed(reader.line_num, cells))
                if len(parsed) > MAX_IMPORT_ROWS + 1:
                    raise ImportRefused(f"An import has at most {MAX_IMPORT_ROWS} rows; split the file.")
    except csv.Error as exc:
        raise ImportRefused(f"Line {reader.line_num} cannot be read as CSV ({exc}).") from None
    index = {name: i for i, name in enumerate(COLUMNS)}
    width = len(COLUMNS)
    if parsed and _is_header(parsed[0].cells):
        names = [c.strip().lower().replace(" ", "_") for c in parsed[0].cells]
        names[0] = "mac"
        index = {name: names.index(name) for name in COLUMNS if name in names}
        width = len(names)
        parsed = parsed[1:]
    if len(parsed) > MAX_IMPORT_ROWS:
        raise ImportRefused(f"An import has at most {MAX_IMPORT_ROWS} rows; this one has {len(parsed)}.")
    return [_row(p, index, width) for p in parsed]


def _row(parsed: _Parsed, index: Mapping[str, int], width: int) -> ImportRow:
    cells = [_undefuse(c.strip()) for c in parsed.cells]

    def cell(name: str) -> str | None:
        i = index.get(name)
        return (cells[i] or None) if i is not None and i < len(cells) else None

    raw_mac = cell("mac") or ""
    description, container = cell("description"), cell("container_id")
    invalid = ImportRow(parsed.line, raw_mac, description, container, RowStatus.INVALID)
    if len(cells) > width:
        expected = "the header's" if width != len(COLUMNS) else "mac, description, container_id"
        return _with(invalid, f"{len(cells)} columns; expected at most {width} ({expected}).")
    try:
        mac = validate_camera_mac(raw_mac)
    except ValueError as exc:
        return _with(invalid, str(exc))
    if description is not None and len(description) > DESCRIPTION_MAX:
        return _with(
            invalid, f"A description is at most {DESCRIPTION_MAX} characters; this one has {len(description)}."
        )
    if container is not None and len(container) > CONTAINER_MAX:
        return _with(invalid, f"A container ID is at most {CONTAINER_MAX} characters; this one has {len(container)}.")
    return ImportRow(parsed.line, mac, description, container, RowStatus.NEW)


def _with(row: ImportRow, reason: str, status: RowStatus | None = None) -> ImportRow:
    return ImportRow(row.line, row.mac, row.description, row.container_id, status or row.status, reason)


def _shown(value: str | None) -> str:
    return repr(value) if value else "(empty)"


def classify(rows: Iterable[ImportRow], current: Iterable[AllowlistEntry]) -> list[ImportRow]:
    """Rows of :func:`parse_rows` as new / unchanged / changed against ``current`` (the Pi's allowlist).

    A MAC seen again later in the file is a ``DUPLICATE`` (only its first line counts), whatever
    the later line says. Invalid rows stay invalid.
    """
    listed = {e.mac: e for e in current}
    first_line: dict[str, int] = {}
    out: list[ImportRow] = []
    for row in rows:
        if row.status is RowStatus.INVALID:
            out.append(row)
            continue
        if row.mac in first_line:
            out.append(_with(row, f"Repeats line {first_line[row.mac]}; only that line is used.", RowStatus.DUPLICATE))
            continue
        first_line[row.mac] = row.line
        entry = listed.get(row.mac)
        if entry is None:
            out.append(_with(row, "", RowStatus.NEW))
            continue
        changes = [
            f"{name}: {_shown(old)} → {_shown(new)}"
            for name, old, new in (
                ("description", entry.description, row.description),
                ("container", entry.container_id, row.container_id),
            )
            if (old or None) != new
        ]
        status = RowStatus.CHANGED if changes else RowStatus.UNCHANGED
        out.append(_with(row, "; ".join(changes), status))
    return out


def preview(text: str, current: Iterable[AllowlistEntry]) -> list[ImportRow]:
    """:func:`parse_rows` then :func:`classify`."""
    return classify(parse_rows(text), current)


def counts(rows: Iterable[ImportRow]) -> dict[RowStatus, int]:
    """How many rows of each status (every status present, zero included)."""
    tally = dict.fromkeys(RowStatus, 0)
    for row in rows:
        tally[row.status] += 1
    return tally


# --- export -----------------------------------------------------------------------------------


def defuse(cell: str) -> str:
    """A cell a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``…) gets a leading ``'``."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def export_csv(entries: Iterable[AllowlistEntry]) -> str:
    """The allowlist as CSV (``EXPORT_COLUMNS``, a header line, times in RFC 3339 UTC), by MAC."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(EXPORT_COLUMNS)
    for e in sorted(entries, key=lambda e: e.mac):
        cells = [
            e.mac,
            e.description or "",
            e.container_id or "",
            rfc3339(e.added_at) if e.added_at else "",
            rfc3339(e.used_at) if e.used_at else "",
        ]
        writer.writerow([defuse(c) for c in cells])
    return out.getvalue()


# --- search -----------------------------------------------------------------------------------


def matches(entry: AllowlistEntry, query: str) -> bool:
    """Search: ``query`` in the description or container (any case), or as a MAC fragment in any
    notation (``ee:ff``, ``EE-FF``, ``eeff``). An empty query matches everything."""
    q = query.strip().lower()
    if not q:
        return True
    if q in (entry.description or "").lower() or q in (entry.container_id or "").lower():
        return True
    digits = "".join(c for c in q if c not in ":-. ")
    return bool(digits) and digits in entry.mac.replace(":", "").lower()

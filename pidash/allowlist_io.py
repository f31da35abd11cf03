"""The allowlist as CSV: parse an import, compare it with the Pi's allowlist, export, search.

Pure functions on plain data (no NiceGUI, no network). An import file has the columns
``mac,description,container_id`` (issue 12), separated by ``,`` or ``;``, with an optional header
line. A header is the first line when one of its cells names the MAC column (``mac``,
``mac_address`` or ``MAC address``, any case); its columns may come in any order and unknown ones
are ignored (so an export, which adds ``added_at`` and ``used_at``, imports again). A first line
that looks like a header (no cell looks like a MAC address, valid or not) but has no MAC column
refuses the file.
"""

from __future__ import annotations

import csv
import io
import re
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from pidash.contract.base import rfc3339
from pidash.contract.provisioning import AllowlistEntry, AllowlistEntryRequest
from pidash.contract.validation import normalize_mac, validate_camera_mac
from pidash.i18n import Msg, msg

DESCRIPTION_MAX = 200
"""Characters, as ``AllowlistEntryRequest.description``."""
CONTAINER_MAX = 64
"""Characters, as ``AllowlistEntryRequest.container_id``."""
MAX_IMPORT_BYTES = 1024 * 1024
"""An import file or paste larger than this is refused whole (a 5,000-row file is ~250 kB)."""
MAX_IMPORT_ROWS = 5000
COLUMNS = ("mac", "description", "container_id")
MAC_COLUMN_NAMES = ("mac", "mac_address")
"""A header cell naming the MAC column, as :func:`_column_name` reads it (``MAC address`` too)."""
EXPORT_COLUMNS = (*COLUMNS, "added_at", "used_at")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A spreadsheet runs a cell starting with one of these as a formula (CSV injection)."""


class ImportRefused(ValueError):
    """The whole file is refused (too large, not text, no MAC column); :attr:`message` is the
    sentence (``str`` of the exception: English)."""

    def __init__(self, message: Msg) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


def problem_of(exc: ValueError) -> str | Msg:
    """The sentence a validation error carries: its :class:`Msg` when it has one (``contract.validation``
    raises with a ``Msg``), else its text."""
    first = exc.args[0] if exc.args else None
    return first if isinstance(first, Msg) else str(exc)


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
    reason: str | Msg = ""
    """A :class:`Msg` (``t.text`` on a page; ``str``: English) or ``""``."""

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


def _column_name(cell: str) -> str:
    """A header cell as a column name: ``" MAC  Address "`` → ``mac_address``, ``Container-ID`` →
    ``container_id``."""
    return re.sub(r"[\s_-]+", "_", cell.strip().lower())


def _is_mac(cell: str) -> bool:
    """``cell`` is written as a MAC address (whether a camera may have it or not)."""
    try:
        normalize_mac(cell)
    except ValueError:
        return False
    return True


def _mac_like(cell: str) -> bool:
    """``cell`` was perhaps meant as a MAC address, valid or not: it has a digit, or it is only hex
    digits and separators (``ff:ff:ff:ff:ff:ff``). A header's names are neither."""
    text = cell.strip()
    return any(c.isdigit() for c in text) or (bool(text) and all(c in string.hexdigits + ":-." for c in text))


def _is_header(cells: list[str]) -> bool:
    """A cell names the MAC column (in any position) and no cell is a MAC address."""
    return any(_column_name(c) in MAC_COLUMN_NAMES for c in cells) and not any(_is_mac(c) for c in cells)


def _looks_like_header(cells: list[str]) -> bool:
    """Some cell is text and none looks like a MAC address (valid or not): a header, not a row."""
    return any(c.strip() for c in cells) and not any(_mac_like(c) for c in cells)


def decode_upload(data: bytes) -> str:
    """The bytes of an uploaded file as text (UTF-8, with or without BOM); :class:`ImportRefused` otherwise."""
    if len(data) > MAX_IMPORT_BYTES:
        raise ImportRefused(
            msg(
                "The file is {size} kB; an import is at most {limit} kB.",
                size=len(data) // 1024,
                limit=MAX_IMPORT_BYTES // 1024,
            )
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRefused(msg("The file is not UTF-8 text; save it as CSV (UTF-8) and try again.")) from None


def parse_rows(text: str) -> list[ImportRow]:
    """Parse ``text`` into rows classified only as valid (``NEW``, for now) or ``INVALID``.

    Blank lines are skipped. :class:`ImportRefused` when the text is too large, has too many rows,
    or has a header without a ``mac`` column.
    """
    if len(text.encode("utf-8")) > MAX_IMPORT_BYTES:
        raise ImportRefused(
            msg("The text is larger than {limit} kB; split the import.", limit=MAX_IMPORT_BYTES // 1024)
        )
    text = text.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text), delimiter=_separator(text))
    parsed: list[_Parsed] = []
    try:
        for cells in reader:
            if any(c.strip() for c in cells):
                parsed.append(_Parsed(reader.line_num, cells))
                if len(parsed) > MAX_IMPORT_ROWS + 1:
                    raise ImportRefused(
                        msg("An import has at most {limit} rows; split the file.", limit=MAX_IMPORT_ROWS)
                    )
    except csv.Error as exc:
        raise ImportRefused(
            msg("Line {line} cannot be read as CSV ({problem}).", line=reader.line_num, problem=str(exc))
        ) from None
    index = {name: i for i, name in enumerate(COLUMNS)}
    width = len(COLUMNS)
    if parsed and _is_header(parsed[0].cells):
        names = [_column_name(c) for c in parsed[0].cells]
        names = ["mac" if name in MAC_COLUMN_NAMES else name for name in names]
        index = {name: names.index(name) for name in COLUMNS if name in names}
        width = len(names)
        parsed = parsed[1:]
    elif parsed and _looks_like_header(parsed[0].cells):
        raise ImportRefused(
            msg(
                "Line {line} looks like a header but names no MAC column; call that column mac "
                "(or mac_address, MAC address).",
                line=parsed[0].line,
            )
        )
    if len(parsed) > MAX_IMPORT_ROWS:
        raise ImportRefused(
            msg("An import has at most {limit} rows; this one has {count}.", limit=MAX_IMPORT_ROWS, count=len(parsed))
        )
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
        if width != len(COLUMNS):
            return _with(
                invalid, msg("{count} columns; expected at most {width} (the header's).", count=len(cells), width=width)
            )
        return _with(
            invalid,
            msg(
                "{count} columns; expected at most {width} ({columns}).",
                count=len(cells),
                width=width,
                columns=", ".join(COLUMNS),
            ),
        )
    try:
        mac = validate_camera_mac(raw_mac)
    except ValueError as exc:
        return _with(invalid, problem_of(exc))
    if description is not None and len(description) > DESCRIPTION_MAX:
        return _with(
            invalid,
            msg(
                "A description is at most {limit} characters; this one has {count}.",
                limit=DESCRIPTION_MAX,
                count=len(description),
            ),
        )
    if container is not None and len(container) > CONTAINER_MAX:
        return _with(
            invalid,
            msg(
                "A container ID is at most {limit} characters; this one has {count}.",
                limit=CONTAINER_MAX,
                count=len(container),
            ),
        )
    return ImportRow(parsed.line, mac, description, container, RowStatus.NEW)


def _with(row: ImportRow, reason: str | Msg, status: RowStatus | None = None) -> ImportRow:
    return ImportRow(row.line, row.mac, row.description, row.container_id, status or row.status, reason)


def _shown(value: str | None) -> str | Msg:
    return repr(value) if value else msg("(empty)")


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
            repeated = msg("Repeats line {line}; only that line is used.", line=first_line[row.mac])
            out.append(_with(row, repeated, RowStatus.DUPLICATE))
            continue
        first_line[row.mac] = row.line
        entry = listed.get(row.mac)
        if entry is None:
            out.append(_with(row, "", RowStatus.NEW))
            continue
        out.append(_with(row, *_changes(entry, row)))
    return out


def _changes(entry: AllowlistEntry, row: ImportRow) -> tuple[str | Msg, RowStatus]:
    """What an import row changes in a listed entry (``description: 'a' → 'b'``), and its status."""
    description = (entry.description or None) != row.description
    container = (entry.container_id or None) != row.container_id
    d_old, d_new = _shown(entry.description), _shown(row.description)
    c_old, c_new = _shown(entry.container_id), _shown(row.container_id)
    if description and container:
        both = msg(
            "description: {old} → {new}; container: {old_container} → {new_container}",
            old=d_old,
            new=d_new,
            old_container=c_old,
            new_container=c_new,
        )
        return both, RowStatus.CHANGED
    if description:
        return msg("description: {old} → {new}", old=d_old, new=d_new), RowStatus.CHANGED
    if container:
        return msg("container: {old} → {new}", old=c_old, new=c_new), RowStatus.CHANGED
    return "", RowStatus.UNCHANGED


def _listed_with(entry: AllowlistEntry) -> Msg:
    """What a listed entry holds, as a sentence (each of the four cases whole: it reads well in German)."""
    description, container = entry.description or None, entry.container_id or None
    if description and container:
        return msg(
            "It is listed with the description {description} and the container {container}.",
            description=repr(description),
            container=container,
        )
    if description:
        return msg("It is listed with the description {description} and no container.", description=repr(description))
    if container:
        return msg("It is listed with no description and the container {container}.", container=container)
    return msg("It is listed with no description and no container.")


def _description_change(old: str | None, new: str | None) -> Msg | None:
    if old == new:
        return None
    if new is None:
        return msg("the description {old} is removed", old=repr(old))
    return msg("the description becomes {new}", new=repr(new))


def _container_change(old: str | None, new: str | None) -> Msg | None:
    if old == new:
        return None
    if new is None:
        return msg("the container {old} is removed", old=old)
    return msg("the container becomes {new}", new=new)


def replacement(entry: AllowlistEntry, request: AllowlistEntryRequest) -> Msg | None:
    """The question before ``request`` replaces the listed ``entry`` (the allowlist ``POST`` is an
    upsert: an empty field removes what is listed), naming what is listed and every change; None
    when nothing would change."""
    changes = [
        change
        for change in (
            _description_change(entry.description or None, request.description or None),
            _container_change(entry.container_id or None, request.container_id or None),
        )
        if change is not None
    ]
    if not changes:
        return None
    joined = changes[0] if len(changes) == 1 else msg("{first} and {second}", first=changes[0], second=changes[1])
    return msg("{listed} Replace it so that {changes}?", listed=_listed_with(entry), changes=joined)


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

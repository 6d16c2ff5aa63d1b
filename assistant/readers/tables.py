"""Readers of tables, one record per line or row: JSONL, CSV, XLSX."""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from assistant.readers.records import InputError, Record, _TEXT_NAMES, _blank, _column_map, _decode, _pick

XLSX_HEADER_ROWS = 10  # a sheet's header may sit under a title row or two; look this far down


def _read_jsonl(path: Path, split_headings: bool) -> Iterator[Record | InputError]:
    # split("\n"), not splitlines(): JSON strings may legally hold U+2028 and friends.
    for number, line in enumerate(_decode(path).split("\n"), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except (ValueError, RecursionError) as exc:  # the message must not quote the line
            detail = (f"{exc.msg} at column {exc.colno}" if isinstance(exc, json.JSONDecodeError)
                      else type(exc).__name__)
            yield InputError(path, f"line {number}", f"not valid JSON ({detail})")
            continue
        if not isinstance(obj, dict):
            kind = {list: "an array", str: "a string"}.get(type(obj), "a single value")
            yield InputError(path, f"line {number}", f"not a JSON object (found {kind})")
            continue
        yield Record(str(path), f"line {number}", _pick(_column_map(obj), list(obj.values())))


def _read_csv(path: Path, split_headings: bool) -> Iterator[Record | InputError]:
    """Locations are physical line numbers where the row starts (header = line 1), so a
    quoted multi-line narrative still points at the line a user sees in an editor. Parsed
    strictly (assistant.csv_strict): a stray quote is an error on its row, never rows lost."""
    from assistant.csv_strict import strict_rows

    mapping: dict[int, str] | None = None
    width = 0
    for row in strict_rows(_decode(path)):
        if row.problem is not None:
            yield InputError(path, f"row {row.line}", row.problem)
            if mapping is None:  # no trustworthy header: nothing after it can be read
                return
        elif mapping is None:
            mapping, width = _column_map(row.cells), len(row.cells)
            if "text" not in mapping.values():
                yield InputError(path, f"row {row.line}",
                                 f"header has no text column (expected one of: {_TEXT_NAMES})")
                return
        elif len(row.cells) != width:
            yield InputError(path, f"row {row.line}", f"expected {width} fields, found {len(row.cells)}")
        else:
            yield Record(str(path), f"row {row.line}", _pick(mapping, row.cells))
    if mapping is None:
        yield InputError(path, None, "no header row")


def _read_xlsx(path: Path, split_headings: bool) -> Iterator[Record | InputError]:
    """Every sheet whose header row names a text column; other sheets (lookups, charts,
    summaries) are ignored. Cell values pass through as openpyxl gives them (datetimes too)."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        yield InputError(path, None, f"unreadable XLSX ({type(exc).__name__})")
        return
    found = False
    sheet = ""
    try:
        for ws in book.worksheets:
            sheet, mapping = ws.title, None
            ws.reset_dimensions()  # some exporters write wrong ones, which would trim rows
            for number, row in enumerate(ws.iter_rows(values_only=True), start=1):
                if mapping is None:
                    if number > XLSX_HEADER_ROWS:
                        break
                    candidate = _column_map(row)
                    if "text" in candidate.values():
                        mapping, found = candidate, True
                elif not all(_blank(value) for value in row):
                    yield Record(str(path), f"sheet '{sheet}' row {number}", _pick(mapping, row))
    except Exception as exc:
        yield InputError(path, f"sheet '{sheet}'", f"unreadable XLSX ({type(exc).__name__})")
        return
    finally:
        book.close()
    if not found:
        yield InputError(path, None, f"no sheet has a text column (expected one of: {_TEXT_NAMES})")

"""Strict CSV rows: Python's csv module, told to be strict, plus the checks it lacks.

A stray double quote is the commonest way a spreadsheet export goes wrong, and a lenient
parser turns it into silent data loss: the quote opens a field that runs on into the next
rows, which vanish into one narrative's text. So a row is refused (with its line and the
kind of problem, never its content) when the csv module finds a quote out of place or one
left open at the end of the file, when a `"` sits inside a field that is not quoted, or when
a quoted field runs over several lines and looks like whole rows were swallowed into it.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    line: int  # physical line where the row starts (1-based)
    cells: list[str] | None  # None when the row is malformed
    problem: str | None = None


def _quote_inside_unquoted(raw: str) -> bool:
    """Whether a field that does not start with a quote holds one (RFC 4180 forbids it;
    it is the sign of a hand-edited or badly exported file)."""
    at, end = 0, len(raw)
    while at < end:
        if raw[at] == '"':  # a quoted field: skip to its closing quote ("" is a literal quote)
            at += 1
            while at < end:
                if raw[at] == '"':
                    if raw[at + 1:at + 2] == '"':
                        at += 2
                        continue
                    at += 1
                    break
                at += 1
        else:
            stop = min((i for i in (raw.find(",", at), raw.find("\n", at), raw.find("\r", at)) if i >= 0),
                       default=end)
            if '"' in raw[at:stop]:
                return True
            at = stop
        if at < end and raw[at] == ",":
            at += 1
        else:
            return False
    return False


def _width(line: str) -> int:
    return len(next(csv.reader([line.replace('"', "").rstrip("\r\n")]), []))


def _swallowed(lines: list[str], width: int) -> bool:
    """A quoted field over several lines whose first line and some later line each read
    as a whole row of the header's width once quotes are ignored: the shape a stray quote
    leaves when it carries on into the next row."""
    if len(lines) < 2 or width < 2:
        return False
    return _width(lines[0]) == width and any(_width(line) == width for line in lines[1:])


def strict_rows(text: str) -> Iterator[Row]:
    """Each non-blank row with the physical line it starts on; a malformed row comes back
    with `problem` set and parsing carries on at the next line."""
    lines = io.StringIO(text, newline="").readlines()
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    width = None
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader, None)
        except csv.Error as exc:  # csv's messages name the problem, not the data
            reason = str(exc)
            if reason == "unexpected end of data":
                reason = "a quote opened here is never closed"
            yield Row(start, None, f"malformed CSV ({reason}); check for a stray double quote")
            if reader.line_num < start:  # the reader is spent (end of data)
                return
            continue
        if cells is None:
            return
        if not any(cell.strip() for cell in cells):
            continue
        raw = lines[start - 1:reader.line_num]
        if _quote_inside_unquoted("".join(raw)):
            yield Row(start, None, 'malformed CSV (a double quote inside a field that is not quoted; quote '
                                   'the whole field and write the quote twice: "")')
            continue
        if width is not None and _swallowed(raw, width):
            yield Row(start, None, f"malformed CSV (a quoted field runs from line {start} to line "
                                   f"{reader.line_num} and seems to hold whole rows; check for a stray "
                                   "double quote)")
            continue
        if width is None:
            width = len(cells)
        yield Row(start, cells)

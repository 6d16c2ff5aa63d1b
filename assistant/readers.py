"""Find narrative records in the files councils actually hand over.

Readers only locate rows/documents and map column names onto the canonical `Narrative`
field names; they neither validate nor normalise values (ingest does that, with
`Narrative`). Every problem is reported as an `InputError` naming the file and the place
(line, row, sheet) and the kind of problem, never the content: the text is about children.
"""
from __future__ import annotations

import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

# Canonical field -> accepted column/key names. Matching ignores case, spaces, underscores
# and hyphens. Where two columns map to the same field, the alias listed first wins (so
# "Narrative" beats "Comments"). Personal identifiers ("case ref", "child id") are
# deliberately absent, so they are dropped with every other unmapped column.
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "text": ("text", "narrative", "narrative text", "finding", "findings", "body", "content",
             "audit text", "summary", "comments"),
    "id": ("id", "narrative id", "audit id", "ref"),
    "date": ("date", "month", "audit month", "audit date", "date of audit"),
    "team": ("team", "team name"),
    "service": ("service", "service area"),
    "legal_status": ("legal status", "status", "category"),
    "rating": ("rating", "grade", "audit rating", "overall rating", "judgement"),
    "moderated_rating": ("moderated rating", "moderated grade", "moderation rating",
                         "rating after moderation"),
    "auditor_role": ("auditor role", "auditor", "role"),
    "source": ("source", "document", "type"),
}

XLSX_HEADER_ROWS = 10  # a sheet's header may sit under a title row or two; look this far down


class InputError(Exception):
    """Bad input, named by file and place. Never carries narrative text."""

    def __init__(self, path: str | Path, location: str | None, reason: str):
        super().__init__(str(path), location, reason)
        self.path, self.location, self.reason = str(path), location, reason

    def __str__(self) -> str:
        if self.location is None:
            return f"{self.path}: {self.reason}"
        return f"{self.path}: {self.location}: {self.reason}"


@dataclass(frozen=True)
class Record:
    """One narrative as found: where it came from and its raw, canonically named fields."""

    path: str
    location: str
    fields: dict


def _norm(name: object) -> str:
    return re.sub(r"[\s_\-]+", "", str(name).lower())


_ALIAS_RANK = {_norm(alias): (field, rank)
               for field, aliases in FIELD_ALIASES.items()
               for rank, alias in enumerate(aliases)}
_TEXT_NAMES = ", ".join(FIELD_ALIASES["text"])


def _column_map(names: Iterable[object]) -> dict[int, str]:
    """Column index -> canonical field, for the columns we recognise."""
    best: dict[str, tuple[int, int]] = {}  # field -> (alias rank, column)
    for column, name in enumerate(names):
        hit = _ALIAS_RANK.get(_norm(name)) if name is not None else None
        if hit and (hit[0] not in best or hit[1] < best[hit[0]][0]):
            best[hit[0]] = (hit[1], column)
    return {column: field for field, (_, column) in best.items()}


def _pick(mapping: dict[int, str], values: list | tuple) -> dict:
    return {field: values[i] for i, field in mapping.items() if i < len(values)}


def _decode(path: Path) -> str:
    """UTF-8, with or without the BOM Excel and Notepad put in front."""
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(path, None, "not UTF-8 text") from None


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# --- tables: one record per row/line -------------------------------------------------------

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


# --- documents: one record per file, or per section with split_headings --------------------

Unit = tuple[str | None, str]  # (heading text if this line/paragraph is a heading, its text)


def _sections(path: Path, units: list[Unit], joiner: str) -> list[Record]:
    """Records for the text before the first heading (section 0, if not blank) and for each
    heading with its body. A heading with no body (a document title straight above the first
    section heading) makes no record, but keeps its number so ids stay stable."""
    parts: list[tuple[str | None, list[str]]] = [(None, [])]
    for heading, text in units:
        if heading is not None:
            parts.append((heading, []))
        else:
            parts[-1][1].append(text)
    records = []
    for n, (heading, lines) in enumerate(parts):
        body = joiner.join(lines).strip()
        if not body:
            continue
        fields = {"id": f"{path.stem}-{n}", "source": path.name}
        if heading is None:
            records.append(Record(str(path), "section 0", {**fields, "text": body}))
        else:
            records.append(Record(str(path), f"section {n}",
                                  {**fields, "text": f"{heading}\n\n{body}"}))
    return records


def _document(path: Path, text: str, units: list[Unit], split_headings: bool, joiner: str,
              empty: str = "no text found") -> Iterator[Record | InputError]:
    """The whole file as one record, or its sections when asked and it has headings."""
    if not text.strip():
        yield InputError(path, None, empty)
        return
    if split_headings and any(heading is not None for heading, _ in units):
        sections = _sections(path, units, joiner)
        if sections:
            yield from sections
            return
    yield Record(str(path), "file", {"id": path.stem, "text": text, "source": path.name})


def _read_txt(path: Path, split_headings: bool) -> Iterator[Record | InputError]:
    """Plain text has no headings, so split_headings has no effect."""
    yield from _document(path, _decode(path), [], False, "\n")


_ATX_HEADING = re.compile(r" {0,3}#{1,6}(?:[ \t]+(.*?))?[ \t]*")
_FENCE = re.compile(r" {0,3}(```|~~~)")


def _read_md(path: Path, split_headings: bool) -> Iterator[Record | InputError]:
    """ATX headings (# .. ######) split sections; '#' lines inside ``` fences do not."""
    text = _decode(path)
    units: list[Unit] = []
    in_fence = False
    for line in text.split("\n"):
        in_fence ^= bool(_FENCE.match(line))
        match = None if in_fence else _ATX_HEADING.fullmatch(line.rstrip("\r"))
        heading = re.sub(r"(?:^|[ \t]+)#+$", "", match[1] or "").strip() if match else None
        units.append((heading, line.rstrip("\r")))
    yield from _document(path, text, units, split_headings, "\n")


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_W_NS = {"w": _W[1:-1]}
# Top-level paragraphs and tables, also those inside content controls (w:sdt).
_DOCX_BLOCKS = etree.XPath(".//w:p[not(ancestor::w:p or ancestor::w:tbl)]"
                           " | .//w:tbl[not(ancestor::w:p or ancestor::w:tbl)]", namespaces=_W_NS)
# A paragraph's visible text: every run (in content controls, hyperlinks, fields, tracked
# insertions; deletions are w:delText) except text boxes and unfilled placeholders.
_DOCX_TEXT = etree.XPath("(.//w:r/w:t | .//w:r/w:tab | .//w:r/w:br | .//w:r/w:cr)[not("
                         "ancestor::w:txbxContent or ancestor::w:sdt[w:sdtPr/w:showingPlcHdr])]",
                         namespaces=_W_NS)


def _docx_text(paragraph) -> str:
    marks = {f"{_W}tab": "\t", f"{_W}br": "\n", f"{_W}cr": "\n"}
    return "".join(marks.get(node.tag, node.text or "") for node in _DOCX_TEXT(paragraph)).strip()


def _own(element, tag: str, parent: str) -> list:
    """Descendants `tag` of element not inside a nearer `parent` (rows of this table only)."""
    return [found for found in element.iter(_W + tag)
            if next(found.iterancestors(_W + parent)) is element]


def _docx_units(document) -> list[Unit]:
    """Paragraphs and table rows ('cell | cell') in document order, read from the XML:
    python-docx's .text skips content controls and tracked insertions, which audit form
    templates are full of."""
    styles = {style.style_id: (style.name or "").lower() for style in document.styles}
    units: list[Unit] = []
    for block in _DOCX_BLOCKS(document.element.body):
        if block.tag == f"{_W}tbl":
            for row in _own(block, "tr", "tbl"):
                cells = ["\n".join(filter(None, map(_docx_text, cell.iter(f"{_W}p"))))
                         for cell in _own(row, "tc", "tr")]
                if any(cells):
                    units.append((None, " | ".join(filter(None, cells))))
        elif text := _docx_text(block):
            style = block.find(f"{_W}pPr/{_W}pStyle")
            name = styles.get(style.get(f"{_W}val"), "") if style is not None else ""
            units.append((text if name.startswith(("heading", "title")) else None, text))
    return units


def _read_docx(path: Path, split_headings: bool) -> Iterator[Record | InputError]:
    """Heading and Title styles mark sections; paragraphs and table rows join with blank lines."""
    import docx

    try:
        units = _docx_units(docx.Document(str(path)))
    except Exception as exc:
        yield InputError(path, None, f"unreadable DOCX ({type(exc).__name__})")
        return
    text = "\n\n".join(text for _, text in units)
    yield from _document(path, text, units, split_headings, "\n\n")


_NUMBERED_HEADING = re.compile(r"\d{1,2}(?:\.\d{1,2})*\.?\s+\S.*")
_PAGE_MARK = re.compile(r"(?:page\s+)?\d+(?:\s+of\s+\d+)?", re.IGNORECASE)


def _pdf_heading(line: str, next_line: str) -> bool:
    """PDFs keep no heading styles, so guess from the line and the next: a numbered heading
    ("2. Planning", "2.1 Planning and review", at most 12 words), or a short line (at most 8
    words) starting with a capital, without final punctuation, followed by a longer line.
    Neither kind ends in punctuation, and page numbers ("Page 2 of 5") are never headings."""
    if not line or line[-1] in ".,;:!?" or _PAGE_MARK.fullmatch(line):
        return False
    words = len(line.split())
    if _NUMBERED_HEADING.fullmatch(line):
        return words <= 12
    return words <= 8 and line[0].isupper() and len(next_line) > len(line)


def _read_pdf(path: Path, split_headings: bool) -> Iterator[Record | InputError]:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError

    data = path.read_bytes()
    # pypdf quietly reads what it can of a truncated file; a PDF must end with %%EOF.
    if b"%%EOF" not in data[-1024:]:
        yield InputError(path, None, "unreadable PDF (truncated: no end-of-file marker)")
        return
    try:
        pages = [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]
    except FileNotDecryptedError:
        yield InputError(path, None, "unreadable PDF (password-protected)")
        return
    except DependencyError:
        yield InputError(path, None,
                         "unreadable PDF (AES-encrypted; needs the 'cryptography' package)")
        return
    except Exception as exc:
        yield InputError(path, None, f"unreadable PDF (corrupt: {type(exc).__name__})")
        return
    text = "\n\n".join(pages)
    units: list[Unit] = []
    if split_headings:
        after = ""  # the next non-blank line, walking backwards
        for line in reversed([line.strip() for line in text.split("\n")]):
            units.append((line if _pdf_heading(line, after) else None, line))
            after = line or after
        units.reverse()
    yield from _document(path, text, units, split_headings, "\n",
                         empty="no text found (a scanned PDF needs OCR first)")


# --- dispatch ------------------------------------------------------------------------------

_READERS = {
    ".jsonl": _read_jsonl,
    ".csv": _read_csv,
    ".xlsx": _read_xlsx,
    ".txt": _read_txt,
    ".md": _read_md,
    ".docx": _read_docx,
    ".pdf": _read_pdf,
}
SUPPORTED_SUFFIXES: frozenset[str] = frozenset(_READERS)


def _walk(folder: Path) -> Iterator[Path]:
    """Everything under folder, sorted by name, minus hidden entries; symlinked folders are
    yielded, not entered (no loops), and so end up 'skipped'."""
    try:
        entries = sorted(folder.iterdir(), key=lambda entry: entry.name)
    except OSError as exc:
        raise InputError(folder, None, f"cannot read folder ({exc.strerror or type(exc).__name__})")
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir() and not entry.is_symlink():
            yield from _walk(entry)
        else:
            yield entry


def list_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[Path]]:
    """(files to read, files skipped). Folders are walked recursively in sorted order; hidden
    entries are left out silently; Office lock files ('~$x.docx') and unsupported suffixes
    found in a folder are 'skipped'. A file named explicitly must have a supported suffix.
    A file reached twice (named and inside a named folder) is listed once."""
    files: list[Path] = []
    skipped: list[Path] = []
    seen: set[Path] = set()
    supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
    for given in paths:
        path = Path(given)
        if not path.exists():
            raise InputError(path, None, "no such file or folder")
        if path.is_dir():
            found = list(_walk(path))
        elif path.suffix.lower() in SUPPORTED_SUFFIXES:
            found = [path]
        else:
            kind = f"'{path.suffix}'" if path.suffix else "(no file extension)"
            raise InputError(path, None, f"unknown format {kind}; supported: {supported}")
        for file in found:
            if (file.is_file() and file.suffix.lower() in SUPPORTED_SUFFIXES
                    and not file.name.startswith("~$")):
                if file.resolve() not in seen:
                    seen.add(file.resolve())
                    files.append(file)
            else:
                skipped.append(file)
    return files, skipped


def _read_files(files: list[Path], split_headings: bool) -> Iterator[Record | InputError]:
    for path in files:
        try:
            yield from _READERS[path.suffix.lower()](path, split_headings)
        except InputError as exc:
            yield exc
        except OSError as exc:
            yield InputError(path, None, f"cannot read file ({exc.strerror or type(exc).__name__})")


def read_records(paths: Iterable[str | Path],
                 split_headings: bool = False) -> Iterator[Record | InputError]:
    """Each record, or an InputError for each bad row/file, carrying on after errors (the
    caller decides whether to stop or skip). Errors of list_files are raised at call time."""
    files, _ = list_files(paths)
    return _read_files(files, split_headings)

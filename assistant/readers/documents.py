"""Readers of documents, one record per file or per section under a heading: TXT, Markdown, DOCX, PDF."""
from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from assistant.readers.records import InputError, Record, _decode

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

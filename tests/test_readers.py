"""Readers: every format, every location string, and no narrative text in any error.

All fixtures are generated in tmp_path; every name and narrative in them is fictional.
"""
from __future__ import annotations

import dataclasses
import json
import re
import zipfile
from datetime import datetime
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from pypdf import PdfReader, PdfWriter

from assistant.readers import (
    SUPPORTED_SUFFIXES,
    InputError,
    Record,
    list_files,
    read_records,
)

PLANTED = "Zebedee Quartermaine Hollowbrook"  # must never reach an error message


def read(*paths, split_headings=False):
    return list(read_records([str(p) for p in paths], split_headings=split_headings))


def only_errors(items):
    assert all(isinstance(item, InputError) for item in items), items
    return items


def assert_no_planted_words(error: InputError) -> None:
    message = str(error).lower()
    for word in PLANTED.lower().split():
        assert word not in message, message


def write_pdf(path: Path, lines: list[str]) -> Path:
    """A minimal valid one-page PDF: Helvetica, one BT/ET text stream (one line per T*),
    and an xref table whose byte offsets are computed here."""

    def escape(line: str) -> str:
        return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    shown = [f"({escape(line)}) Tj T*" for line in lines]
    ops = ["BT", "/F1 11 Tf", "14 TL", "72 740 Td", *shown, "ET"]
    stream = "\n".join(ops).encode("latin-1") if lines else b""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref_at
    path.write_bytes(bytes(out))
    return path


# --- errors and records ---------------------------------------------------------------------

def test_input_error_formats_path_location_reason():
    error = InputError("audits.csv", "row 3", "expected 4 fields, found 5")
    assert str(error) == "audits.csv: row 3: expected 4 fields, found 5"
    assert (error.path, error.location) == ("audits.csv", "row 3")
    assert error.reason == "expected 4 fields, found 5"
    assert str(InputError(Path("a/b.pdf"), None, "no text found")) == "a/b.pdf: no text found"


def test_record_is_frozen():
    record = Record("a.txt", "file", {"text": "x"})
    with pytest.raises(dataclasses.FrozenInstanceError):
        record.path = "b.txt"


def test_supported_suffixes():
    assert SUPPORTED_SUFFIXES == {".jsonl", ".csv", ".xlsx", ".txt", ".md", ".docx", ".pdf"}
    assert isinstance(SUPPORTED_SUFFIXES, frozenset)


# --- JSONL ----------------------------------------------------------------------------------

def test_jsonl_good_lines_bad_lines_and_blank_lines(tmp_path):
    path = tmp_path / "audits.jsonl"
    first = {"id": "J1", "Narrative": "Seen alone.\u2028Plan updated.", "Audit Month": "2024-03",
             "child_id": "C-9", "Team_Name": "North"}
    path.write_text("\n".join([
        json.dumps(first, ensure_ascii=False),      # raw U+2028 must not split the line
        '{"id": "J2", "text": "' + PLANTED + ' was seen"',  # missing brace
        "",
        json.dumps([PLANTED]),
        json.dumps({"REF": "J5", "Rating": "good", "case ref": "CR-5"}),
        json.dumps(PLANTED),
    ]) + "\n", encoding="utf-8")

    items = read(path)

    assert [item.location for item in items] == ["line 1", "line 2", "line 4", "line 5", "line 6"]
    good, bad, array, no_text, string = items
    assert good == Record(str(path), "line 1", {
        "id": "J1", "text": "Seen alone.\u2028Plan updated.", "date": "2024-03", "team": "North"})
    assert isinstance(bad, InputError) and bad.path == str(path)
    assert bad.reason.startswith("not valid JSON (") and "column" in bad.reason
    assert str(bad).startswith(f"{path}: line 2: not valid JSON")
    assert array.reason == "not a JSON object (found an array)"
    assert no_text == Record(str(path), "line 5", {"id": "J5", "rating": "good"})  # ingest flags it
    assert string.reason == "not a JSON object (found a string)"
    for error in (bad, array, string):
        assert_no_planted_words(error)


def test_jsonl_not_utf8(tmp_path):
    path = tmp_path / "latin.jsonl"
    path.write_bytes(json.dumps({"text": PLANTED + " café"}, ensure_ascii=False).encode("latin-1"))
    [error] = only_errors(read(path))
    assert (error.location, error.reason) == (None, "not UTF-8 text")
    assert_no_planted_words(error)


# --- CSV ------------------------------------------------------------------------------------

def test_csv_aliases_bom_multiline_and_malformed_row(tmp_path):
    path = tmp_path / "audits.csv"
    rows = [
        "Narrative ID,AUDIT_MONTH,team-name,Findings,Case Ref,Legal Status,Grade,Child ID",
        'N1,2024-03,North,"First line of finding.\r\nSecond line, with a comma.",CR-1,CP,Good,C1',
        "",
        "N2,2024-04,South,Short finding.,CR-2,CiN,RI,C2",
        f'N3,2024-04,South,"{PLANTED} ran away",extra,CR-3,CiN,RI,C3',
        ",,,,,,,",
        "N4,,East,,CR-4,,,C4",
    ]
    path.write_bytes("\r\n".join(rows).encode("utf-8-sig") + b"\r\n")  # Excel's BOM + CRLF

    items = read(path)

    assert [item.location for item in items] == ["row 2", "row 5", "row 6", "row 8"]
    first, second, bad, empty_text = items
    assert first == Record(str(path), "row 2", {
        "id": "N1", "date": "2024-03", "team": "North",
        "text": "First line of finding.\r\nSecond line, with a comma.",
        "legal_status": "CP", "rating": "Good"})
    assert second.location == "row 5"  # physical line: the quoted field spans lines 2-3
    assert second.fields["text"] == "Short finding."
    assert isinstance(bad, InputError)
    assert str(bad) == f"{path}: row 6: expected 8 fields, found 9"
    assert_no_planted_words(bad)
    assert empty_text.fields == {"id": "N4", "date": "", "team": "East", "text": "",
                                 "legal_status": "", "rating": ""}


@pytest.mark.parametrize("name,body,bad_rows", [
    # a quote opens a field that runs on until a later cell ending in a quote: row 3 vanished
    ("swallowed", 'id,text,date\nr1,Visits were weekly.,2019-09\nr2,"Mum said the plan,2019-10\n'
                  'r3,Supervision was monthly",2019-11\nr4,The plan was reviewed.,2019-12\n', ["row 3"]),
    # a quote opened and never closed: everything to the end of the file fell into one field
    ("unclosed", 'id,text,date\nr1,Visits were weekly.,2019-09\nr2,"Mum said no,2019-10\n'
                 'r3,Supervision was monthly,2019-11\n', ["row 3"]),
    # a quoted field followed by more text before the comma
    ("after-close", 'id,text,date\nr1,"No" was all he said,2019-09\nr2,Fine.,2019-10\n', ["row 2"]),
    # a quote inside a field that is not quoted
    ("inside", 'id,text,date\nr1,He said "no to the plan,2019-09\nr2,Fine.,2019-10\n', ["row 2"]),
])
def test_csv_stray_quotes_are_errors_on_their_row_never_merged_rows(tmp_path, name, body, bad_rows):
    path = tmp_path / f"{name}.csv"
    path.write_text(body, encoding="utf-8")
    items = read(path)
    errors = [i for i in items if isinstance(i, InputError)]
    assert [e.location for e in errors] == bad_rows
    assert all(e.path == str(path) and "quote" in e.reason for e in errors)
    for record in (i for i in items if isinstance(i, Record)):
        assert "\n" not in record.fields["text"] and "," not in record.fields["text"]


def test_csv_quotes_written_properly_still_read(tmp_path):
    path = tmp_path / "fine.csv"
    path.write_text('id,text,date\nr1,"He said ""no"", twice.",2019-09\n'
                    'r2,"First part, with a comma.\nSecond part.",2019-10\n', encoding="utf-8")
    first, second = read(path)
    assert first.fields["text"] == 'He said "no", twice.'
    assert second.fields["text"] == "First part, with a comma.\nSecond part."


def test_csv_first_listed_alias_wins_and_personal_ids_dropped(tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_text("Comments,Narrative,Status,Legal_Status,child id,case-ref,ref\n"
                    "a note,the finding,complete,CiC,C1,CR1,R1\n", encoding="utf-8")
    [record] = read(path)
    assert record.fields == {"text": "the finding", "legal_status": "CiC", "id": "R1"}


def test_csv_header_without_text_column_and_empty_file(tmp_path):
    no_text = tmp_path / "no_text.csv"
    no_text.write_text(f"{PLANTED},Team\nx,y\n", encoding="utf-8")
    empty = tmp_path / "empty.csv"
    empty.write_text("\n\n", encoding="utf-8")

    header_error, empty_error = only_errors(read(no_text, empty))

    assert header_error.location == "row 1"
    assert header_error.reason.startswith("header has no text column")
    assert_no_planted_words(header_error)
    assert (empty_error.location, empty_error.reason) == (None, "no header row")


# --- XLSX -----------------------------------------------------------------------------------

def test_xlsx_two_sheets_dates_and_title_rows(tmp_path):
    path = tmp_path / "audits.xlsx"
    book = openpyxl.Workbook()
    audits = book.active
    audits.title = "Audits"
    audits.append(["Audit ID", "Audit Month", "Team Name", "Narrative", "Case Ref",
                   "Overall Rating"])
    audits.append(["A-1", datetime(2024, 3, 5), "North", "Plan reviewed on time.", "CR-1", "Good"])
    audits.append([None, None, None, None, None, None])  # all empty: skipped
    audits.append(["A-2", "2024-04", "South", "Chronology missing.", "CR-2", "RI"])
    moderation = book.create_sheet("Moderation")
    moderation.append(["Moderated audits, spring"])  # a title row above the header
    moderation.append(["ref", "findings", "moderated grade"])
    moderation.append(["M-1", "Grade lowered after moderation.", "Inadequate"])
    lookups = book.create_sheet("Lookups")  # no text column: ignored
    lookups.append(["Rating", "Score"])
    lookups.append(["Good", 2])
    book.save(path)

    items = read(path)

    assert items == [
        Record(str(path), "sheet 'Audits' row 2", {
            "id": "A-1", "date": datetime(2024, 3, 5), "team": "North",
            "text": "Plan reviewed on time.", "rating": "Good"}),
        Record(str(path), "sheet 'Audits' row 4", {
            "id": "A-2", "date": "2024-04", "team": "South",
            "text": "Chronology missing.", "rating": "RI"}),
        Record(str(path), "sheet 'Moderation' row 3", {
            "id": "M-1", "text": "Grade lowered after moderation.",
            "moderated_rating": "Inadequate"}),
    ]
    assert isinstance(items[0].fields["date"], datetime)


def test_xlsx_with_a_wrong_dimension_tag_loses_nothing(tmp_path):
    """Some exporters write <dimension ref="A1"/> whatever the data; read-only openpyxl
    would trim every row to it."""
    made = tmp_path / "made.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["Team", "Narrative"])
    book.active.append(["North", "Plan reviewed."])
    book.active.append(["South", "Chronology missing."])
    book.save(made)
    path = tmp_path / "stale.xlsx"
    with zipfile.ZipFile(made) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data, count = re.subn(rb'<dimension ref="[^"]*"', b'<dimension ref="A1"', data)
                assert count == 1
            target.writestr(item, data)

    assert [(r.location, r.fields) for r in read(path)] == [
        ("sheet 'Sheet' row 2", {"team": "North", "text": "Plan reviewed."}),
        ("sheet 'Sheet' row 3", {"team": "South", "text": "Chronology missing."}),
    ]


def test_xlsx_without_text_column_and_unreadable(tmp_path):
    no_text = tmp_path / "no_text.xlsx"
    book = openpyxl.Workbook()
    book.active.append([PLANTED, "Team"])
    book.active.append(["x", "y"])
    book.save(no_text)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 " + PLANTED.encode())

    header_error, broken_error = only_errors(read(no_text, broken))

    assert header_error.location is None
    assert header_error.reason.startswith("no sheet has a text column")
    assert broken_error.location is None and broken_error.reason.startswith("unreadable XLSX (")
    for error in (header_error, broken_error):
        assert_no_planted_words(error)


# --- TXT and Markdown -----------------------------------------------------------------------

def test_txt_whole_file_even_with_split_headings(tmp_path):
    path = tmp_path / "visit-notes.txt"
    content = "# Not a heading in plain text\n\nThe child was seen at home.\n"
    path.write_text(content, encoding="utf-8")
    expected = [Record(str(path), "file", {
        "id": "visit-notes", "text": content, "source": "visit-notes.txt"})]
    assert read(path) == expected
    assert read(path, split_headings=True) == expected


def test_blank_documents_are_errors(tmp_path):
    txt = tmp_path / "blank.txt"
    txt.write_text("  \n\n", encoding="utf-8")
    md = tmp_path / "blank.md"
    md.write_text("", encoding="utf-8")
    errors = only_errors(read(txt, md))
    assert [(e.path, e.location, e.reason) for e in errors] == [
        (str(txt), None, "no text found"), (str(md), None, "no text found")]


MARKDOWN = """Intro paragraph before any heading.

# Planning and review

The plan was reviewed.

```text
# not a heading, inside a fence
```

## Voice of the child ##

Her wishes were recorded.
### A very long heading that goes on and on well past forty characters

Body three.
"""


def test_markdown_whole_and_split(tmp_path):
    path = tmp_path / "notes.md"
    path.write_text(MARKDOWN, encoding="utf-8")

    assert read(path) == [Record(str(path), "file", {
        "id": "notes", "text": MARKDOWN, "source": "notes.md"})]

    sections = read(path, split_headings=True)
    long_heading = "A very long heading that goes on and on well past forty characters"
    assert sections == [
        Record(str(path), "section 0", {
            "id": "notes-0", "source": "notes.md", "text": "Intro paragraph before any heading."}),
        Record(str(path), "section 1", {
            "id": "notes-1", "source": "notes.md",
            "text": "Planning and review\n\nThe plan was reviewed.\n\n"
                    "```text\n# not a heading, inside a fence\n```"}),
        Record(str(path), "section 2", {
            "id": "notes-2", "source": "notes.md",
            "text": "Voice of the child\n\nHer wishes were recorded."}),
        Record(str(path), "section 3", {
            "id": "notes-3", "source": "notes.md", "text": f"{long_heading}\n\nBody three."}),
    ]


def test_markdown_split_without_headings_is_whole_file(tmp_path):
    path = tmp_path / "plain.md"
    path.write_text("Just one paragraph, #not-a-heading.\n", encoding="utf-8")
    [record] = read(path, split_headings=True)
    assert (record.location, record.fields["id"]) == ("file", "plain")


# --- DOCX -----------------------------------------------------------------------------------

def make_docx(path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("Prepared for the quality assurance panel.")
    document.add_heading("Audit of Team North", 0)  # Title style, no body of its own
    document.add_heading("Planning and review", 1)
    document.add_paragraph("The plan was reviewed on time.")
    document.add_paragraph("   ")  # blank: left out
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Area", "Grade"
    table.cell(1, 0).text, table.cell(1, 1).text = "Planning", "Good"
    merged = table.cell(2, 0).merge(table.cell(2, 1))
    merged.text = "Overall: good"
    document.add_heading("Voice of the child", 1)
    document.add_paragraph("Direct work recorded her wishes.")
    document.save(path)
    return path


def test_docx_whole_file(tmp_path):
    path = make_docx(tmp_path / "review.docx")
    assert read(path) == [Record(str(path), "file", {
        "id": "review", "source": "review.docx",
        "text": "Prepared for the quality assurance panel.\n\nAudit of Team North\n\n"
                "Planning and review\n\nThe plan was reviewed on time.\n\n"
                "Area | Grade\n\nPlanning | Good\n\nOverall: good\n\n"
                "Voice of the child\n\nDirect work recorded her wishes."})]


def test_docx_split_headings(tmp_path):
    path = make_docx(tmp_path / "review.docx")
    assert read(path, split_headings=True) == [
        Record(str(path), "section 0", {
            "id": "review-0", "source": "review.docx",
            "text": "Prepared for the quality assurance panel."}),
        # section 1 is the Title with no body: no record, but its number is kept
        Record(str(path), "section 2", {
            "id": "review-2", "source": "review.docx",
            "text": "Planning and review\n\nThe plan was reviewed on time.\n\n"
                    "Area | Grade\n\nPlanning | Good\n\nOverall: good"}),
        Record(str(path), "section 3", {
            "id": "review-3", "source": "review.docx",
            "text": "Voice of the child\n\nDirect work recorded her wishes."}),
    ]


def test_docx_reads_content_controls_and_tracked_changes(tmp_path):
    """Audit form templates keep answers in content controls, which python-docx's own
    .text skips; unfilled placeholders, deletions and text boxes stay out."""
    path = tmp_path / "form.docx"
    document = docx.Document()
    document.add_paragraph("Question one: was the child seen?")
    for xml in [
        "<w:sdt><w:sdtPr/><w:sdtContent><w:p><w:r><w:t>Answer in a content control."
        "</w:t></w:r></w:p></w:sdtContent></w:sdt>",
        "<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent><w:p><w:r>"
        "<w:t>Click or tap here to enter text.</w:t></w:r></w:p></w:sdtContent></w:sdt>",
        '<w:p><w:r><w:t xml:space="preserve">Seen </w:t></w:r>'
        '<w:ins w:id="1" w:author="A" w:date="2024-01-01T00:00:00Z"><w:r><w:t>alone</w:t></w:r></w:ins>'
        '<w:del w:id="2" w:author="A" w:date="2024-01-01T00:00:00Z"><w:r>'
        "<w:delText>with her mother</w:delText></w:r></w:del><w:r><w:t>.</w:t></w:r></w:p>",
        '<w:p><w:r><w:t xml:space="preserve">Rating:</w:t><w:tab/></w:r><w:sdt><w:sdtPr/>'
        "<w:sdtContent><w:r><w:t>Good</w:t></w:r></w:sdtContent></w:sdt></w:p>",
        "<w:p><w:r><w:t>Line one</w:t><w:br/><w:t>Line two</w:t></w:r></w:p>",
    ]:
        document.element.body.sectPr.addprevious(parse_xml(xml.replace(
            "<w:sdt>", f"<w:sdt {nsdecls('w')}>", 1).replace("<w:p>", f"<w:p {nsdecls('w')}>", 1)))
    document.save(path)

    [record] = read(path)

    assert record.fields["text"] == (
        "Question one: was the child seen?\n\nAnswer in a content control.\n\nSeen alone."
        "\n\nRating:\tGood\n\nLine one\nLine two")


def test_docx_unreadable_and_blank(tmp_path):
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not a document " + PLANTED.encode())
    blank = tmp_path / "blank.docx"
    docx.Document().save(blank)

    broken_error, blank_error = only_errors(read(broken, blank))

    assert broken_error.location is None and broken_error.reason.startswith("unreadable DOCX (")
    assert broken_error.reason.endswith(")")
    assert_no_planted_words(broken_error)
    assert (blank_error.path, blank_error.reason) == (str(blank), "no text found")


# --- PDF ------------------------------------------------------------------------------------

PDF_LINES = [
    "1. Planning and review",
    "The plan was reviewed within timescales and the child was seen alone.",
    "Seen alone.",
    "Voice of the child",
    "Direct work captured her wishes about contact with her grandmother.",
    "Page 1 of 1",
]


def test_pdf_helper_writes_a_valid_pdf(tmp_path):
    path = write_pdf(tmp_path / "check.pdf", PDF_LINES)
    reader = PdfReader(path, strict=True)  # strict: a wrong xref offset would raise
    assert reader.pages[0].extract_text().split("\n")[:2] == PDF_LINES[:2]


def test_pdf_whole_and_split(tmp_path):
    path = write_pdf(tmp_path / "report.pdf", PDF_LINES)

    [whole] = read(path)
    assert (whole.path, whole.location, whole.fields["id"], whole.fields["source"]) == (
        str(path), "file", "report", "report.pdf")
    assert [line.strip() for line in whole.fields["text"].strip().split("\n")] == PDF_LINES

    assert read(path, split_headings=True) == [
        Record(str(path), "section 1", {
            "id": "report-1", "source": "report.pdf",
            "text": "1. Planning and review\n\nThe plan was reviewed within timescales and the "
                    "child was seen alone.\nSeen alone."}),
        Record(str(path), "section 2", {
            "id": "report-2", "source": "report.pdf",
            "text": "Voice of the child\n\nDirect work captured her wishes about contact with "
                    "her grandmother.\nPage 1 of 1"}),
    ]


def test_pdf_truncated_corrupt_and_without_text(tmp_path):
    full = write_pdf(tmp_path / "full.pdf", [PLANTED, "was seen at school."]).read_bytes()
    truncated = tmp_path / "truncated.pdf"
    truncated.write_bytes(full[: len(full) // 2])
    corrupt = tmp_path / "corrupt.pdf"
    corrupt.write_bytes(b"%PDF-1.4\n" + PLANTED.encode() + b"\n%%EOF\n")
    scanned = write_pdf(tmp_path / "scanned.pdf", [])

    errors = only_errors(read(truncated, corrupt, scanned))

    assert [(e.path, e.location) for e in errors] == [
        (str(truncated), None), (str(corrupt), None), (str(scanned), None)]
    assert errors[0].reason == "unreadable PDF (truncated: no end-of-file marker)"
    assert errors[1].reason.startswith("unreadable PDF (corrupt: ")
    assert errors[2].reason == "no text found (a scanned PDF needs OCR first)"
    for error in errors:
        assert_no_planted_words(error)


def test_pdf_encrypted(tmp_path):
    plain = write_pdf(tmp_path / "plain.pdf", [PLANTED, "was seen at school."])

    locked = tmp_path / "locked.pdf"
    writer = PdfWriter(clone_from=PdfReader(plain))
    writer.encrypt(user_password="s3cret", algorithm="RC4-128")
    writer.write(locked)
    # Encrypted with an empty user password (owner restrictions only): opens like any PDF.
    restricted = tmp_path / "restricted.pdf"
    writer = PdfWriter(clone_from=PdfReader(plain))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    writer.write(restricted)

    locked_error, restricted_record = read(locked, restricted)

    assert isinstance(locked_error, InputError)
    assert str(locked_error) == f"{locked}: unreadable PDF (password-protected)"
    assert isinstance(restricted_record, Record)
    assert "was seen at school." in restricted_record.fields["text"]


# --- files and folders ----------------------------------------------------------------------

def make_tree(root: Path) -> Path:
    (root / "sub").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / ".git" / "x.txt").write_text("hidden folder", encoding="utf-8")
    (root / ".hidden.txt").write_text("hidden file", encoding="utf-8")
    (root / "b.txt").write_text("Second narrative.", encoding="utf-8")
    (root / "a.md").write_text("First narrative.", encoding="utf-8")
    (root / "d.TXT").write_text("Upper-case suffix.", encoding="utf-8")
    (root / "notes.xyz").write_text("unsupported", encoding="utf-8")
    (root / "~$draft.docx").write_bytes(b"Word lock file")
    (root / "sub" / "c.jsonl").write_text('{"text": "Third narrative."}\n', encoding="utf-8")
    return root


def test_list_files_walks_sorted_and_skips(tmp_path):
    root = make_tree(tmp_path / "in")
    files, skipped = list_files([root, root / "a.md"])  # a.md reached twice: listed once
    assert files == [root / "a.md", root / "b.txt", root / "d.TXT", root / "sub" / "c.jsonl"]
    assert skipped == [root / "notes.xyz", root / "~$draft.docx"]


def test_read_records_over_a_folder(tmp_path):
    root = make_tree(tmp_path / "in")
    items = read(root)
    assert [(Path(r.path).name, r.location, r.fields["text"]) for r in items] == [
        ("a.md", "file", "First narrative."),
        ("b.txt", "file", "Second narrative."),
        ("d.TXT", "file", "Upper-case suffix."),
        ("c.jsonl", "line 1", "Third narrative."),
    ]


def test_explicit_unknown_suffix_raises(tmp_path):
    path = tmp_path / "notes.xyz"
    path.write_text(PLANTED, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        list_files([path])
    assert caught.value.path == str(path) and caught.value.location is None
    assert caught.value.reason == (
        "unknown format '.xyz'; supported: .csv, .docx, .jsonl, .md, .pdf, .txt, .xlsx")
    assert_no_planted_words(caught.value)


def test_missing_path_raises_when_read_records_is_called(tmp_path):
    missing = tmp_path / "nowhere.csv"
    with pytest.raises(InputError) as caught:
        read_records([missing])  # raised at call time, before any iteration
    assert str(caught.value) == f"{missing}: no such file or folder"


def test_errors_never_carry_planted_text(tmp_path):
    """One bad input of each kind in a folder, each carrying the planted name; reading carries
    on past every error, and no error message repeats any of it."""
    root = tmp_path / "bad"
    root.mkdir()
    (root / "a.jsonl").write_text(f'{{"text": "{PLANTED}"\n[" {PLANTED}"]\n', encoding="utf-8")
    (root / "b.csv").write_text(f'text,team\n"{PLANTED}",North,extra\n', encoding="utf-8")
    (root / "c.csv").write_text(f"{PLANTED},{PLANTED}\nx,y\n", encoding="utf-8")
    (root / "d.txt").write_bytes(f"{PLANTED} café".encode("latin-1"))
    (root / "e.docx").write_bytes(PLANTED.encode())
    (root / "f.pdf").write_bytes(b"%PDF-1.4\n" + PLANTED.encode())
    (root / "g.xlsx").write_bytes(PLANTED.encode())
    (root / "h.md").write_bytes(f"# {PLANTED}\n\xff".encode("latin-1"))
    (root / "i.txt").write_text("A good narrative in between.", encoding="utf-8")

    items = read(root)

    errors = [item for item in items if isinstance(item, InputError)]
    records = [item for item in items if isinstance(item, Record)]
    assert [(Path(e.path).name, e.location) for e in errors] == [
        ("a.jsonl", "line 1"), ("a.jsonl", "line 2"), ("b.csv", "row 2"), ("c.csv", "row 1"),
        ("d.txt", None), ("e.docx", None), ("f.pdf", None), ("g.xlsx", None), ("h.md", None)]
    assert [r.fields["text"] for r in records] == ["A good narrative in between."]
    for error in errors:
        assert_no_planted_words(error)
        assert "café" not in str(error)

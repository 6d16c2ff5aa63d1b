"""Report drafting over the real demo store: the house headings, faithful quotes, cited
figures, charts, and a DOCX that LibreOffice opens (converted to PDF headless).

Nothing is mocked: summaries come from assistant.themes over the demo corpus."""
from __future__ import annotations

import html
import re
import shutil
import subprocess
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path

import pytest

from assistant import charts, report, service

ID = re.compile(r"demo-\d+#[0-9a-f]+#\d{4}")
CITED = re.compile(r"\[[^\]]+\]\.?$")


@pytest.fixture(scope="module")
def store_findings(demo_workspace) -> dict[str, tuple[str, dict]]:
    snap = demo_workspace.store.snapshot()
    return {i: (text, meta) for i, text, meta in zip(snap.ids, snap.texts, snap.metadatas)}


@pytest.fixture(scope="module")
def summaries(demo_workspace) -> dict[str, dict]:
    """Three slices: a period with a previous period, a legal status over all months, and a
    free-text theme."""
    return {
        "planning-2019h1": service.theme_summary(demo_workspace, "planning", service.make_filters("2019-01", "2019-06")),
        "risk-cp": service.theme_summary(demo_workspace, "risk", service.make_filters(legal_status="CP")),
        "free-text": service.theme_summary(demo_workspace, "contingency plans", service.make_filters()),
    }


@pytest.fixture(scope="module")
def planning(summaries) -> dict:
    s = summaries["planning-2019h1"]
    assert s["counts"]["findings"] > 10 and s["previous"], "the demo slice should have findings and a previous period"
    return s


# -- parsing helpers ----------------------------------------------------------------------
def md_quotes(md: str) -> list[tuple[str, str, str]]:
    """(text, attribution, finding id) for each blockquote: text lines then '> — who [id]'."""
    out = []
    for block in re.findall(r"((?:^>.*\n?)+)", md, flags=re.M):
        lines = [line[2:] if line.startswith("> ") else line[1:] for line in block.rstrip("\n").split("\n")]
        attribution = lines[-1]
        assert attribution.startswith("— "), block
        text = "\n".join(lines[:-2])
        found = re.search(r"\[([^\]]+)\]$", attribution)
        out.append((text, attribution, found.group(1)))
    return out


class Html(HTMLParser):
    """Collects blockquote texts with their data-finding-id, and prose (p, captions)."""
    PROSE = {"p", "figcaption", "caption"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.quotes: list[tuple[str, str]] = []
        self.prose: list[str] = []
        self.headings: list[tuple[str, str]] = []
        self.images: list[str] = []
        self._stack: list[tuple[str, dict, list[str]]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images.append(dict(attrs).get("src", ""))
        if tag in self.PROSE | {"blockquote", "h1", "h2", "h3"}:
            self._stack.append((tag, dict(attrs), []))

    def handle_endtag(self, tag):
        if self._stack and self._stack[-1][0] == tag:
            _, attrs, parts = self._stack.pop()
            text = "".join(parts)
            if tag == "blockquote":
                self.quotes.append((text, attrs["data-finding-id"]))
            elif tag in self.PROSE:
                self.prose.append(text)
            else:
                self.headings.append((tag, text))
            if self._stack:
                self._stack[-1][2].append(text)

    def handle_data(self, data):
        if self._stack:
            self._stack[-1][2].append(data)


def parse_html(page: str) -> Html:
    parser = Html()
    parser.feed(page)
    return parser


def sentences(paragraph: str) -> list[str]:
    return [s for s in re.split(r"(?<=\.)\s+", " ".join(paragraph.split())) if s]


def uncited_figures(paragraphs: list[str]) -> list[str]:
    """Sentences that state a number but carry no [citation] at their end."""
    return [s for p in paragraphs for s in sentences(p) if re.search(r"\d", s) and not CITED.search(s)]


def md_prose(md: str) -> list[str]:
    """Paragraphs of prose: not headings, quotes, tables, images or appendix lists."""
    return [p for p in md.split("\n\n")
            if p.strip() and not p.lstrip().startswith(("#", ">", "|", "![", "- "))]


def md_headings(md: str) -> list[str]:
    return [line.lstrip("#").strip() for line in md.splitlines() if line.startswith("## ")]


# -- markdown and HTML --------------------------------------------------------------------
def test_markdown_has_the_house_headings_notice_and_space_for_the_lead(planning):
    md = report.render(planning, "md").decode("utf-8")
    assert md_headings(md)[:3] == list(report.HEADINGS)
    assert "judges recorded practice" in md and "does not score risk to any child" in md
    assert "drafted extractively from the audit findings" in md
    assert report.PLACEHOLDER in md
    assert md.index(report.PLACEHOLDER) > md.index("## What are we doing about it?")


@pytest.mark.parametrize("name", ["planning-2019h1", "risk-cp", "free-text"])
def test_markdown_quotes_are_verbatim_findings_with_their_audit(name, summaries, store_findings):
    summary = summaries[name]
    quotes = md_quotes(report.render(summary, "md").decode("utf-8"))
    assert quotes, "the report should quote findings"
    in_slice = set(summary["finding_ids"])
    for text, attribution, finding_id in quotes:
        stored_text, meta = store_findings[finding_id]
        assert html.unescape(text) == stored_text, finding_id  # &, <, > are written as entities
        assert finding_id in in_slice
        assert attribution.startswith(f"— {meta['narrative_id']}, {meta['date']}, {meta['team']}")


@pytest.mark.parametrize("name", ["planning-2019h1", "risk-cp", "free-text"])
def test_html_quotes_are_verbatim_and_the_page_is_standalone(name, summaries, store_findings):
    summary = summaries[name]
    page = report.render(summary, "html").decode("utf-8")
    parsed = parse_html(page)
    assert page.lstrip().lower().startswith("<!doctype html>")
    assert [text for tag, text in parsed.headings if tag == "h2"][:3] == list(report.HEADINGS)
    assert parsed.quotes
    for text, finding_id in parsed.quotes:
        assert text == store_findings[finding_id][0]
    assert len(parsed.images) == 3 and all(src.startswith("data:image/png;base64,") for src in parsed.images)
    assert not re.search(r"""(src|href)=["']?https?:""", page), "the page must not load anything from elsewhere"


@pytest.mark.parametrize("fmt", ["md", "html"])
@pytest.mark.parametrize("name", ["planning-2019h1", "risk-cp", "free-text"])
def test_every_sentence_with_a_figure_carries_a_citation(fmt, name, summaries):
    out = report.render(summaries[name], fmt).decode("utf-8")
    prose = md_prose(out) if fmt == "md" else parse_html(out).prose
    assert any(re.search(r"\d", p) for p in prose)
    assert uncited_figures(prose) == []


def test_figures_are_generated_from_the_summary_and_ids_are_real(planning, store_findings):
    md = report.render(planning, "md").decode("utf-8")
    c = planning["counts"]
    share = round(100 * c["concern"] / c["findings"])
    assert f"{c['findings']} findings from {c['narratives']} audits" in md
    assert f"{c['concern']} concerns ({share}%)" in md
    assert f"[all {c['findings']} findings in the slice: Appendix A]" in md
    prev = planning["previous"]
    assert f"previous period ({prev['from']} to {prev['to']}: {prev['counts']['findings']} findings" in md
    # Appendix A lists every id of the slice, and every id cited anywhere is a stored finding in the slice
    appendix_a = md.split("### Appendix A.")[1].split("### Appendix B.")[0]
    assert set(ID.findall(appendix_a)) == set(planning["finding_ids"])
    cited = set(ID.findall(md))
    assert cited <= set(planning["finding_ids"]) and cited <= set(store_findings)


def test_write_report_writes_markdown_and_its_charts_beside_it(planning, tmp_path):
    paths = report.write_report(planning, "md", tmp_path / "planning.md")
    md = paths[0].read_text(encoding="utf-8")
    assert paths[0] == tmp_path / "planning.md" and len(paths) == 4
    for png in paths[1:]:
        assert png.parent == tmp_path and png.read_bytes().startswith(b"\x89PNG")
        assert f"]({png.name})" in md
    html_path, = report.write_report(planning, "html", tmp_path / "planning.html")
    assert html_path.read_bytes() == report.render(planning, "html")


def test_an_empty_slice_still_makes_a_report(demo_workspace):
    empty = service.theme_summary(demo_workspace, "planning", service.make_filters("2031-01", "2031-03"))
    assert empty["counts"]["findings"] == 0
    md = report.render(empty, "md").decode("utf-8")
    assert md_headings(md)[:3] == list(report.HEADINGS)
    assert "No findings on Planning were found in this slice" in md and "![" not in md
    assert uncited_figures(md_prose(md)) == []
    from docx import Document
    assert len(Document(BytesIO(report.render(empty, "docx"))).inline_shapes) == 0


def test_reports_clean_control_characters_and_escape_markup_from_stored_values(planning):
    """A store filled before ingest removed control characters, and a team name holding
    HTML: the DOCX still builds, and the Markdown shows the markup as text."""
    import copy

    from docx import Document

    dirty = copy.deepcopy(planning)
    quote = (dirty["recommendations"] or dirty["what_good_looks_like"])[0]
    quote["text"] = quote["text"] + "\x00\x0b\x1f"
    quote["team"] = '<img src=x onerror="alert(1)"> [site](http://example.invalid)'
    assert Document(BytesIO(report.render(dirty, "docx"))).paragraphs
    md = report.render(dirty, "md").decode("utf-8")
    assert "<img" not in md and "&lt;img src=x" in md and "](http" not in md
    assert "\x00" not in md and "\x0b" not in md
    assert "<img src=x" not in report.render(dirty, "html").decode("utf-8")


def test_unknown_format_is_refused(planning):
    with pytest.raises(ValueError, match="unknown report format"):
        report.render(planning, "pdf")


# -- charts -------------------------------------------------------------------------------
def test_charts_are_stable_pngs_with_text_alternatives(planning):
    made = charts.all_charts(planning)
    assert [c.name for c in made] == ["ratings-by-month", "strengths-concerns-by-fundamental", "theme-trend"]
    again = charts.all_charts(planning)
    for chart, twin in zip(made, again):
        assert chart.png.startswith(b"\x89PNG") and chart.png == twin.png
    first = planning["ratings_by_month"][0]
    assert f"{first['month']}: {first['counts']['Outstanding']} Outstanding" in made[0].alt


def test_colour_is_never_the_only_cue():
    assert len({s["hatch"] for s in charts.RATING_STYLE.values()}) == len(charts.RATINGS)
    assert len({(s["hatch"], s["marker"], s["linestyle"]) for s in charts.STANCE_STYLE.values()}) == 3


# -- DOCX, opened by LibreOffice ------------------------------------------------------------
def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        pytest.fail("LibreOffice (soffice) is not on PATH: .ci/run installs libreoffice-writer-nogui")
    return found


def test_docx_embeds_the_charts_and_opens_in_libreoffice(planning, tmp_path):
    from docx import Document
    from pypdf import PdfReader

    path, = report.write_report(planning, "docx", tmp_path / "planning.docx")
    document = Document(str(path))
    assert len(document.inline_shapes) >= 3
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 1"][:3] == list(report.HEADINGS)

    profile = tmp_path / "lo-profile"
    done = subprocess.run([soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless",
                           "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"), str(path)],
                          capture_output=True, text=True, timeout=240)
    pdf = tmp_path / "pdf" / "planning.pdf"
    assert done.returncode == 0 and pdf.exists(), done.stdout + done.stderr
    reader = PdfReader(str(pdf))
    assert len(reader.pages) >= 1
    text = "\n".join(page.extract_text() for page in reader.pages)
    flat = " ".join(text.split())
    for heading in report.HEADINGS:
        assert heading in flat
    assert "does not score risk to any child" in flat
    squeezed = "".join(text.split())  # long ids may wrap across lines in the PDF
    quoted = [q["finding_id"] for q in planning["recommendations"] + planning["what_good_looks_like"]]
    assert any(f"[{i}]" in squeezed for i in quoted)
    assert sum(len(page.images) for page in reader.pages) >= 3

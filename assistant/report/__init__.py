"""Draft a thematic QA report from a theme summary (`assistant.themes.summary`), in the
house headings: How are we doing? / How do we know this? / What are we doing about it?

Why extractive: a practice lead signs the report, so nothing in it may be invented.
Every figure is computed from the summary's counts, and every quote is a finding text
copied verbatim from the summary (already redacted) with its finding id, audit, month
and team beside it. The lead writes the actions; the draft leaves a marked space.

Citations (what a QA officer checks): every sentence that states a figure ends with
square brackets. Up to INLINE_IDS finding ids are listed inline; a longer list shows the
first few ids and names an appendix section (A, B, C ...) that lists every id behind the
figure. "[all N findings in the slice: Appendix A]" means every finding id of the slice,
listed in Appendix A, grouped by audit. Figures about the previous period cite the
filters and months that reproduce them (the summary holds no ids for that period).

One document model (blocks of sentences, quotes, tables, figures) feeds three writers:
markdown (charts as PNG files beside it), a standalone HTML page (charts inline as data:
URIs) and DOCX (python-docx, charts embedded as pictures).
"""
from __future__ import annotations

from pathlib import Path

from assistant.report.model import Builder, EXTRACTIVE, FORMATS, Figure, HEADINGS, INLINE_IDS, METHOD, PLACEHOLDER
from assistant.report.build import build
from assistant.report.writers import to_docx, to_html, to_markdown

__all__ = ["EXTRACTIVE", "FORMATS", "HEADINGS", "INLINE_IDS", "METHOD", "PLACEHOLDER", "build",
           "render", "to_docx", "to_html", "to_markdown", "write_report"]


# -- public API -----------------------------------------------------------------------------
def _title(summary: dict) -> str:
    return f"Thematic summary: {summary['theme']['name']}"


def _render(built: Builder, summary: dict, fmt: str, image_prefix: str = "report") -> bytes:
    if fmt == "md":
        return to_markdown(built, image_prefix).encode("utf-8")
    if fmt == "html":
        return to_html(built, _title(summary)).encode("utf-8")
    return to_docx(built, _title(summary))


def _check(fmt: str) -> None:
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}: use one of {', '.join(FORMATS)}")


def _safe_build(summary: dict, fmt: str) -> tuple[Builder, dict]:
    """The report built from the summary with characters no document can hold removed (a
    store filled before ingest removed them), and, for Markdown, HTML and link syntax in
    stored values (a team name, a quote) escaped so it shows as text and is never rendered."""
    from assistant.textsafe import clean_tree

    summary = clean_tree(summary)
    if fmt != "md":
        return build(summary), summary
    escaped = _md_escape_tree(summary)
    return build(escaped, chart_source=summary), escaped


def _md_escape_tree(node):
    """Markdown shows raw HTML and follows [text](link): stored values get their &, < and >
    as entities and a "](" broken, so a renderer shows them as the text they are."""
    if isinstance(node, str):
        escaped = node.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        return escaped.replace("](", "]\\(")
    if isinstance(node, dict):
        return {key: _md_escape_tree(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_md_escape_tree(value) for value in node]
    return node


def render(summary: dict, fmt: str) -> bytes:
    """The report as bytes: md and html are UTF-8 text; md links its charts as
    report-figure-N-NAME.png (write_report writes them beside the file)."""
    _check(fmt)
    built, summary = _safe_build(summary, fmt)
    return _render(built, summary, fmt)


def write_report(summary: dict, fmt: str, out: Path) -> list[Path]:
    """Write the report to `out` (and, for md, each chart as a PNG beside it); return the paths."""
    _check(fmt)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    built, summary = _safe_build(summary, fmt)
    out.write_bytes(_render(built, summary, fmt, image_prefix=out.stem))
    written = [out]
    if fmt == "md":
        for block in built.blocks:
            if isinstance(block, Figure):
                path = out.with_name(f"{out.stem}-figure-{block.number}-{block.chart.name}.png")
                path.write_bytes(block.chart.png)
                written.append(path)
    return written

"""Three writers over one document model: Markdown, standalone HTML and DOCX."""
from __future__ import annotations

import base64
import html
import io
from importlib import resources

from assistant.report.model import Builder, Em, Figure, Heading, IdList, Para, Placeholder, Quote, Sentence, Table, _letter, narrative_of


# -- writers ----------------------------------------------------------------------------------
def _attribution(q: dict) -> str:
    where = [x for x in (q.get("narrative_id"), q.get("month"), q.get("team"), q.get("legal_status")) if x]
    return ", ".join(where)


def _appendix_lines(entry: IdList) -> list[tuple[str, list[str]]]:
    if not any("#" in i for i in entry.ids):  # audit (narrative) ids: one line
        return [("Audits", entry.ids)]
    grouped: dict[str, list[str]] = {}
    for i in entry.ids:
        grouped.setdefault(narrative_of(i), []).append(i)
    return list(grouped.items())


def _md_sentence(s: Sentence) -> str:
    text = "".join(f"*{p.text}*" if isinstance(p, Em) else p for p in s.parts)
    return text + (f" {s.cite}." if s.cite else ("" if text.endswith((".", ":", "?")) else "."))


def to_markdown(b: Builder, image_prefix: str) -> str:
    out: list[str] = []
    for block in b.blocks:
        if isinstance(block, Heading):
            out.append("#" * (block.level + 1) + " " + block.text)
        elif isinstance(block, Para):
            out.append(" ".join(_md_sentence(s) for s in block.sentences))
        elif isinstance(block, Quote):
            lines = block.q["text"].splitlines() or [""]
            out.append("\n".join("> " + line for line in lines) + "\n>\n> — "
                       + f"{_attribution(block.q)} [{block.q['finding_id']}]")
        elif isinstance(block, Figure):
            out.append(f"![{block.chart.alt}]({image_prefix}-figure-{block.number}-{block.chart.name}.png)\n\n"
                       f"*Figure {block.number}:* {_md_sentence(block.caption)}")
        elif isinstance(block, Table):
            rows = [block.header, ["---"] * len(block.header), *block.rows]
            out.append(f"*Table {block.number}:* {_md_sentence(block.caption)}\n\n"
                       + "\n".join("| " + " | ".join(cell.replace("|", "\\|") for cell in r) + " |" for r in rows))
        elif isinstance(block, Placeholder):
            out.append(f"**{block.text}**")
    for n, entry in enumerate(b.appendix):
        out.append(f"### Appendix {_letter(n)}. {entry.label} ({len(entry.ids)})")
        out.append("\n".join(f"- {key}: " + " ".join(f"[{i}]" for i in ids) for key, ids in _appendix_lines(entry)))
    return "\n\n".join(out) + "\n"


def _html_sentence(s: Sentence) -> str:
    text = "".join(f"<em>{html.escape(p.text)}</em>" if isinstance(p, Em) else html.escape(p) for p in s.parts)
    if s.cite:
        return f'{text} <span class="cite">{html.escape(s.cite)}</span>.'
    return text + ("" if text.endswith((".", ":", "?")) else ".")


def to_html(b: Builder, title: str) -> str:
    import jinja2
    from markupsafe import Markup

    parts: list[str] = []
    for block in b.blocks:
        if isinstance(block, Heading):
            tag = f"h{block.level + 1}"
            parts.append(f"<{tag}>{html.escape(block.text)}</{tag}>")
        elif isinstance(block, Para):
            parts.append("<p>" + " ".join(_html_sentence(s) for s in block.sentences) + "</p>")
        elif isinstance(block, Quote):
            q = block.q
            parts.append(f'<figure class="quote"><blockquote data-finding-id="{html.escape(q["finding_id"])}">'
                         f'{html.escape(q["text"])}</blockquote><figcaption>— {html.escape(_attribution(q))} '
                         f'<span class="cite">[{html.escape(q["finding_id"])}]</span></figcaption></figure>')
        elif isinstance(block, Figure):
            data = base64.b64encode(block.chart.png).decode("ascii")
            parts.append(f'<figure class="chart"><img src="data:image/png;base64,{data}" '
                         f'alt="{html.escape(block.chart.alt)}"><figcaption><strong>Figure {block.number}:</strong> '
                         f'{_html_sentence(block.caption)}</figcaption></figure>')
        elif isinstance(block, Table):
            head = "".join(f'<th scope="col">{html.escape(h)}</th>' for h in block.header)
            body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>" for r in block.rows)
            parts.append(f"<table><caption><strong>Table {block.number}:</strong> {_html_sentence(block.caption)}</caption><thead><tr>{head}</tr></thead>"
                         f"<tbody>{body}</tbody></table>")
        elif isinstance(block, Placeholder):
            parts.append(f'<p class="placeholder"><strong>{html.escape(block.text)}</strong></p>')
    for n, entry in enumerate(b.appendix):
        parts.append(f'<h3 id="appendix-{_letter(n)}">Appendix {_letter(n)}. {html.escape(entry.label)} '
                     f"({len(entry.ids)})</h3><ul class=\"ids\">"
                     + "".join(f"<li>{html.escape(key)}: " + " ".join(f"[{html.escape(i)}]" for i in ids) + "</li>"
                               for key, ids in _appendix_lines(entry)) + "</ul>")
    template = resources.files("api").joinpath("templates/report.html").read_text(encoding="utf-8")
    env = jinja2.Environment(autoescape=True)
    return env.from_string(template).render(title=title, body=Markup("\n".join(parts)))


def to_docx(b: Builder, title: str) -> bytes:
    from docx import Document
    from docx.enum.text import WD_COLOR_INDEX
    from docx.shared import Cm, Pt, RGBColor

    doc = Document()
    doc.core_properties.title = title
    doc.core_properties.author = "goldenthread (extractive draft)"
    doc.styles["Normal"].font.name = "Arial"
    doc.styles["Normal"].font.size = Pt(11)

    def sentences(paragraph, items: list[Sentence]) -> None:
        for k, s in enumerate(items):
            if k:
                paragraph.add_run(" ")
            for p in s.parts:
                run = paragraph.add_run(p.text if isinstance(p, Em) else p)
                run.italic = isinstance(p, Em) or None
            if s.cite:
                paragraph.add_run(" ")
                cite = paragraph.add_run(s.cite)
                cite.font.size = Pt(9)
                cite.font.color.rgb = RGBColor(0x44, 0x44, 0x44)
                paragraph.add_run(".")
            elif not paragraph.text.endswith((".", ":", "?")):
                paragraph.add_run(".")

    for block in b.blocks:
        if isinstance(block, Heading):
            doc.add_heading(block.text, level=block.level)
        elif isinstance(block, Para):
            sentences(doc.add_paragraph(), block.sentences)
        elif isinstance(block, Quote):
            para = doc.add_paragraph(style="Quote")
            para.add_run(block.q["text"])
            para.add_run("\n— " + _attribution(block.q) + " ").italic = False
            cite = para.add_run(f"[{block.q['finding_id']}]")
            cite.font.size = Pt(9)
        elif isinstance(block, Figure):
            doc.add_picture(io.BytesIO(block.chart.png), width=Cm(16))
            doc.inline_shapes[-1]._inline.docPr.set("descr", block.chart.alt)
            caption = doc.add_paragraph(style="Caption")
            caption.add_run(f"Figure {block.number}: ").bold = True
            sentences(caption, [block.caption])
        elif isinstance(block, Table):
            caption = doc.add_paragraph(style="Caption")
            caption.add_run(f"Table {block.number}: ").bold = True
            sentences(caption, [block.caption])
            table = doc.add_table(rows=1, cols=len(block.header), style="Table Grid")
            for cell, text in zip(table.rows[0].cells, block.header):
                cell.text = ""
                cell.paragraphs[0].add_run(text).bold = True
            for row in block.rows:
                for cell, text in zip(table.add_row().cells, row):
                    cell.text = text
        elif isinstance(block, Placeholder):
            run = doc.add_paragraph().add_run(block.text)
            run.bold = True
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW
    for n, entry in enumerate(b.appendix):
        doc.add_heading(f"Appendix {_letter(n)}. {entry.label} ({len(entry.ids)})", level=3)
        for key, ids in _appendix_lines(entry):
            para = doc.add_paragraph(style="List Bullet")
            para.add_run(f"{key}: " + " ".join(f"[{i}]" for i in ids)).font.size = Pt(9)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()

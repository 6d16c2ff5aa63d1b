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

import base64
import html
import io
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from assistant.charts import RATINGS, Chart, all_charts

FORMATS = ("md", "html", "docx")
INLINE_IDS = 4
HEADINGS = ("How are we doing?", "How do we know this?", "What are we doing about it?")
PLACEHOLDER = "[Practice lead to complete: actions agreed, owners, dates]"
EXTRACTIVE = ("This report judges recorded practice in audited case files; it does not score risk to any child. "
              "It was drafted extractively from the audit findings: figures are counts of findings and audits, "
              "quotes are finding texts copied verbatim (already redacted), and each carries its finding ids "
              "in square brackets so it can be read in context.")
METHOD = ("Findings are sentences from audit narratives, labelled by practice fundamental and stance (strength, "
          "concern or neutral) by goldenthread's analysis models; the labels are automatic and can be wrong, "
          "so read quoted findings in their audit before relying on them")
CLUSTERS_SHOWN = 4
QUOTES_PER_CLUSTER = 2


# -- document model ---------------------------------------------------------------------------
@dataclass
class Em:
    """An emphasised span (key phrases): shown in italics, never in quotation marks."""
    text: str


@dataclass
class Sentence:
    parts: list  # str | Em
    cite: str | None = None


@dataclass
class Para:
    sentences: list[Sentence]


@dataclass
class Heading:
    level: int
    text: str


@dataclass
class Quote:
    q: dict


@dataclass
class Figure:
    number: int
    chart: Chart
    caption: Sentence


@dataclass
class Table:
    number: int
    caption: Sentence
    header: list[str]
    rows: list[list[str]]


@dataclass
class Placeholder:
    text: str


@dataclass
class IdList:
    """One appendix entry: a label and the ids behind a figure, grouped by audit."""
    label: str
    ids: list[str]


@dataclass
class Builder:
    blocks: list = field(default_factory=list)
    appendix: list[IdList] = field(default_factory=list)

    def add(self, *blocks) -> None:
        self.blocks.extend(blocks)

    def cite(self, ids: list[str], label: str, what: str = "findings") -> str:
        """Inline ids when few; otherwise the first ids and the appendix section holding all."""
        ids = list(dict.fromkeys(ids))
        if not ids:
            return "[none]"
        if len(ids) <= INLINE_IDS:
            return "[" + "; ".join(ids) + "]"
        section = self.section(label, ids)
        return "[" + "; ".join(ids[:2]) + f" and {len(ids) - 2} more {what}: Appendix {section}]"

    def section(self, label: str, ids: list[str]) -> str:
        for n, entry in enumerate(self.appendix):
            if entry.ids == ids:
                return _letter(n)
        self.appendix.append(IdList(label, ids))
        return _letter(len(self.appendix) - 1)


def _letter(n: int) -> str:
    return chr(ord("A") + n) if n < 26 else f"A{n}"


def pct(n: int, total: int) -> str:
    return f"{round(100 * n / total)}%" if total else "0%"


def plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def narrative_of(finding_id: str) -> str:
    return finding_id.split("#", 1)[0]


# -- building the report ----------------------------------------------------------------------
def build(summary: dict, chart_source: dict | None = None) -> Builder:
    """The whole report as blocks, in the house order (charts drawn from `chart_source`
    when given: the summary before Markdown escaping)."""
    b = Builder()
    counts = summary["counts"]
    slice_cite = b.cite(summary["finding_ids"], "All findings in the slice")
    if len(summary["finding_ids"]) > INLINE_IDS:
        slice_cite = f"[all {counts['findings']} findings in the slice: Appendix A]"
    charts = {c.name: c for c in all_charts(chart_source or summary)}
    b.add(Heading(0, f"Thematic summary: {summary['theme']['name']}"),
          Para([Sentence([_scope(summary)], slice_cite if _has_digit(_scope(summary)) else None)]),
          Para([Sentence([EXTRACTIVE])]))
    figure_numbers = iter(range(1, 10))
    _how_are_we_doing(b, summary, slice_cite, charts, figure_numbers)
    _how_do_we_know(b, summary, slice_cite, charts, figure_numbers)
    _what_are_we_doing(b, summary)
    if b.appendix:
        b.add(Heading(1, "Appendix: the finding ids behind each figure"))
        b.add(Para([Sentence(["Each section lists, grouped by audit, every id cited by a figure that names it"])]))
    return b


def _has_digit(text: str) -> bool:
    return any(ch.isdigit() for ch in text)


def _scope(summary: dict) -> str:
    theme = summary["theme"]
    kind = ("practice fundamental" if theme.get("kind") == "fundamental"
            else f"free-text theme matched by meaning to: {theme.get('query') or theme['name']}")
    period = summary.get("period") or {}
    months = period.get("months") or []
    if period.get("from") or period.get("to"):
        span = f"audits from {period.get('from') or 'the first month held'} to {period.get('to') or 'the last month held'}"
    elif months:
        span = f"all audits held ({months[0]} to {months[-1]})"
    else:
        span = "all audits held"
    return f"Theme: {theme['name']} ({kind}); {span}; {_filters_text(summary.get('filters') or {})}"


def _filters_text(filters: dict) -> str:
    shown = []
    for key, label in (("team", "team"), ("service", "service"), ("legal_status", "legal status"), ("rating", "rating")):
        if filters.get(key):
            shown.append(f"{label} {_join(list(filters[key]))}")
    return "filtered to " + "; ".join(shown) if shown else "no team, service, legal status or rating filter"


def _how_are_we_doing(b: Builder, s: dict, slice_cite: str, charts: dict, numbers) -> None:
    b.add(Heading(1, HEADINGS[0]))
    c = s["counts"]
    n = c["findings"]
    if not n:
        b.add(Para([Sentence([f"No findings on {s['theme']['name']} were found in this slice, so there is "
                              "nothing to report for it"], "[0 findings in the slice]")]))
        return
    sentences = [Sentence([f"{plural(n, 'finding')} from {plural(c['narratives'], 'audit')} speak of "
                           f"{s['theme']['name']}: {plural(c['concern'], 'concern')} ({pct(c['concern'], n)}), "
                           f"{plural(c['strength'], 'strength')} ({pct(c['strength'], n)}) and "
                           f"{c['neutral']} neutral ({pct(c['neutral'], n)})"], slice_cite)]
    rated = {r: sum(row["counts"].get(r, 0) for row in s.get("ratings_by_month") or []) for r in RATINGS}
    total_rated = sum(rated.values())
    if total_rated:
        good = rated["Outstanding"] + rated["Good"]
        weak = rated["Requires Improvement"] + rated["Inadequate"]
        sentences.append(Sentence([
            f"Of the {plural(total_rated, 'audit')} on the theme with a month and a rating, {good} "
            f"({pct(good, total_rated)}) were rated Good or Outstanding and {weak} ({pct(weak, total_rated)}) "
            f"Requires Improvement or Inadequate"], slice_cite))
    sentences.extend(_change_sentences(s, slice_cite))
    trend = s.get("trend_by_month") or []
    if len(trend) > 1:
        peak = max(trend, key=lambda r: (r["findings"], r["month"]))
        sentences.append(Sentence([f"Across {plural(len(trend), 'month')}, findings ran from {trend[0]['findings']} "
                                   f"in {trend[0]['month']} to {trend[-1]['findings']} in {trend[-1]['month']}, "
                                   f"with the most ({peak['findings']}) in {peak['month']}"], slice_cite))
    b.add(Para(sentences))
    for name in ("ratings-by-month", "theme-trend"):
        if name in charts:
            b.add(Figure(next(numbers), charts[name], Sentence([charts[name].title + f" ({s['theme']['name']})"],
                                                               slice_cite)))
    used: set[str] = set()
    b.add(Heading(2, "Strengths"))
    _clusters(b, s.get("strength_clusters") or [], "strength", used)
    good = [q for q in s.get("what_good_looks_like") or [] if q["finding_id"] not in used][:3]
    if good:
        b.add(Para([Sentence(["What good looks like, in the auditors' words:"])]))
        for q in good:
            used.add(q["finding_id"])
            b.add(Quote(q))
    b.add(Heading(2, "Concerns"))
    _clusters(b, s.get("concern_clusters") or [], "concern", used)
    _teams_voice_language(b, s, slice_cite)
    if "strengths-concerns-by-fundamental" in charts:
        chart = charts["strengths-concerns-by-fundamental"]
        total = sum(r.get("strength", 0) + r.get("concern", 0) for r in s.get("by_fundamental") or [])
        b.add(Para([Sentence([f"For context, across every practice fundamental in the same slice there are "
                              f"{total} strength and concern labels (a finding can carry more than one "
                              "fundamental)"], "[all themes under the same filters and months; "
                                                "recount with the same filters]")]))
        b.add(Figure(next(numbers), chart, Sentence([chart.title + " under the same filters"],
                                                    "[all themes under the same filters and months]")))


def _change_sentences(s: dict, slice_cite: str) -> list[Sentence]:
    prev, change = s.get("previous"), s.get("change")
    if not prev or not change:
        return [Sentence(["No previous period is compared, because the slice has no start month"])]
    pc = prev["counts"]
    c = s["counts"]
    cite = (f"{slice_cite[:-1]}; previous period: the same filters over {prev['from']} to {prev['to']}]")
    if not pc["findings"]:
        return [Sentence([f"The previous period ({prev['from']} to {prev['to']}) has no findings on the theme, "
                          "so there is no trend to compare"], cite)]

    def moved(key: str, word: str) -> str:
        before, now = pc[key] / pc["findings"], (c[key] / c["findings"] if c["findings"] else 0.0)
        points = round(100 * now) - round(100 * before)
        how = "unchanged" if points == 0 else ("up " if points > 0 else "down ") + plural(abs(points), "point")
        return f"the share of {word} went from {round(100 * before)}% to {round(100 * now)}% ({how})"
    delta = change["findings"]
    direction = "more" if delta > 0 else "fewer"
    return [Sentence([f"Against the previous period ({prev['from']} to {prev['to']}: "
                      f"{plural(pc['findings'], 'finding')} from {plural(pc['narratives'], 'audit')}), there are "
                      + (f"{abs(delta)} {direction} findings" if delta else "as many findings")
                      + f"; {moved('concern', 'concerns')} and {moved('strength', 'strengths')}"], cite)]


def _clusters(b: Builder, clusters: list[dict], stance: str, used: set[str]) -> None:
    if not clusters:
        b.add(Para([Sentence([f"No {stance} findings on the theme in this slice"])]))
        return
    for n, cluster in enumerate(clusters[:CLUSTERS_SHOWN], start=1):
        ids = cluster.get("finding_ids") or [q["finding_id"] for q in cluster["quotes"]]
        partial = not cluster.get("finding_ids") and len(ids) < cluster["size"]
        label = f"{stance.capitalize()} group {n}" + (f": {', '.join(cluster['key_phrases'])}"
                                                       if cluster.get("key_phrases") else "")
        cite = b.cite(ids, label)
        if partial:
            cite = cite[:-1] + f"; quoted examples of {cluster['size']}]"
        previous = (cluster.get("trend") or {}).get("previous")
        then = f" ({previous} in the previous period)" if previous is not None else ""
        parts: list = [f"{plural(cluster['size'], stance + ' finding')} from "
                       f"{plural(cluster['narratives'], 'audit')}{then} are grouped by the key phrases "]
        phrases = cluster.get("key_phrases") or []
        if phrases:
            for k, phrase in enumerate(phrases):
                parts.append(Em(phrase))
                parts.append(", " if k < len(phrases) - 2 else (" and " if k == len(phrases) - 2 else ""))
        else:
            parts[0] = parts[0].replace(" are grouped by the key phrases ", " form a further group")
        b.add(Para([Sentence(parts, cite)]))
        for q in [q for q in cluster["quotes"] if q["finding_id"] not in used][:QUOTES_PER_CLUSTER]:
            used.add(q["finding_id"])
            b.add(Quote(q))
    if len(clusters) > CLUSTERS_SHOWN:
        rest = clusters[CLUSTERS_SHOWN:]
        ids = [i for c in rest for i in (c.get("finding_ids") or [q["finding_id"] for q in c["quotes"]])]
        b.add(Para([Sentence([f"{plural(sum(c['size'] for c in rest), stance + ' finding')} fall in "
                              f"{plural(len(rest), 'smaller group')} not shown"],
                             b.cite(ids, f"Smaller {stance} groups"))]))


def _teams_voice_language(b: Builder, s: dict, slice_cite: str) -> None:
    sentences = []
    for team in s.get("teams_with_concerns") or []:
        audits = f" across {plural(team['narratives'], 'audit')}" if team.get("narratives") else ""
        sentences.append(Sentence([f"{team['team']} has {plural(team['concerns'], 'concern')} on the theme{audits}"],
                                  b.cite(team["finding_ids"], f"Concerns in {team['team']}")))
    voice = s.get("child_voice") or {}
    audits = voice.get("narratives") or {}
    judged = audits.get("present", 0) + audits.get("absent", 0)
    if judged:
        without = voice.get("narratives_without_voice") or []
        sentences.append(Sentence([f"The child's voice is evidenced in {audits.get('present', 0)} of the "
                                   f"{plural(judged, 'audit')} on the theme about an individual child "
                                   f"({pct(audits.get('present', 0), judged)})"], slice_cite))
        if without:
            sentences.append(Sentence([f"{plural(len(without), 'audit does', 'audits do')} not evidence it"],
                                      b.cite(without, "Audits without the child's voice", "audits")))
    lang = s.get("language") or {}
    if s["counts"]["findings"] and lang:
        access = lang.get("mean_accessibility")
        tail = (f"; the audits' mean accessibility score is {access} out of 100" if access is not None else "")
        sentences.append(Sentence([f"{lang.get('findings_with_jargon', 0)} of the "
                                   f"{plural(s['counts']['findings'], 'finding')} use jargon a child or parent may "
                                   f"not understand ({plural(lang.get('jargon_flags', 0), 'flag')}){tail}"],
                                  slice_cite))
    if sentences:
        b.add(Para(sentences))


def _how_do_we_know(b: Builder, s: dict, slice_cite: str, charts: dict, numbers) -> None:
    b.add(Heading(1, HEADINGS[1]))
    c = s["counts"]
    months = (s.get("period") or {}).get("months") or []
    sentences = [Sentence([f"This summary draws on {plural(c['findings'], 'finding')} on {s['theme']['name']} "
                           f"from {plural(c['narratives'], 'audit narrative')}"], slice_cite)]
    if s.get("all_findings_in_period"):
        sentences.append(Sentence([f"They are {pct(c['findings'], s['all_findings_in_period'])} of the "
                                   f"{s['all_findings_in_period']} findings on all themes under the same filters"],
                                  "[all themes under the same filters and months]"))
    if months:
        listed = _join(months) if len(months) <= 6 else f"{months[0]} to {months[-1]}"
        sentences.append(Sentence([f"The audits are dated in {plural(len(months), 'month')}: {listed}"], slice_cite))
    sentences.append(Sentence([_filters_text(s.get("filters") or {}).capitalize()],
                              slice_cite if _has_digit(_filters_text(s.get("filters") or {})) else None))
    teams = s.get("ratings_by_team") or []
    if teams:
        shown = [f"{t['team']} ({t['total']})" for t in sorted(teams, key=lambda t: (-t["total"], t["team"]))[:10]]
        more = f" and {plural(len(teams) - 10, 'other team')}" if len(teams) > 10 else ""
        sentences.append(Sentence([f"Audits by team: {_join(shown)}{more}"], slice_cite))
    sentences.append(Sentence([METHOD]))
    if s["theme"].get("kind") == "free_text":
        sentences.append(Sentence(["For a free-text theme, findings are chosen by similarity of meaning to the "
                                   "theme's words, so some may be near misses"]))
    b.add(Para(sentences))
    table_numbers = iter(range(1, 10))
    for key, label in (("ratings_by_month", "month"), ("ratings_by_legal_status", "legal status")):
        rows = s.get(key) or []
        if rows:
            field_name = "month" if key == "ratings_by_month" else "legal_status"
            b.add(Table(next(table_numbers), Sentence([f"Audits on the theme by {label} and rating"], slice_cite),
                        [label.capitalize(), "Audits", *RATINGS],
                        [[str(r[field_name]), str(r["total"])]
                         + [f"{r['counts'].get(x, 0)} ({round(r['percent'].get(x, 0))}%)" for x in RATINGS]
                         for r in rows]))
    b.add(Para([_moderation_sentence(b, s.get("moderation") or {})]))


def _moderation_sentence(b: Builder, m: dict) -> Sentence:
    if not m.get("moderated"):
        return Sentence(["None of the audits on the theme records a moderated rating"])
    examples = m.get("examples") or []
    text = (f"{plural(m['moderated'], 'audit')} on the theme were moderated and "
            f"{plural(m['changed'], 'rating')} changed ({m.get('up', 0)} up, {m.get('down', 0)} down)")
    if examples:
        text += ": " + "; ".join(f"{e['narrative_id']} from {e['rating']} to {e['moderated_rating']}" for e in examples[:5])
    ids = [e["narrative_id"] for e in examples]
    return Sentence([text], b.cite(ids, "Moderated audits whose rating changed", "audits") if ids else
                    "[audits on the theme with a moderated rating]")


def _what_are_we_doing(b: Builder, s: dict) -> None:
    b.add(Heading(1, HEADINGS[2]))
    recs = s.get("recommendations") or []
    if recs:
        what = plural(len(recs), "recommendation or action", "recommendations or actions")
        b.add(Para([Sentence([f"The audits on this theme record {what} (quoted below; a selection when there are many)"],
                             "[each quote below carries its finding id]")]))
        for q in recs:
            b.add(Quote(q))
    else:
        b.add(Para([Sentence(["None of the findings on this theme records a recommendation or an action"])]))
    b.add(Placeholder(PLACEHOLDER))


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

"""Build the report's blocks from a theme summary, section by section in the house headings."""
from __future__ import annotations


from assistant.charts import RATINGS, all_charts
from assistant.report.model import Builder, CLUSTERS_SHOWN, EXTRACTIVE, Em, Figure, HEADINGS, Heading, INLINE_IDS, METHOD, PLACEHOLDER, Para, Placeholder, QUOTES_PER_CLUSTER, Quote, Sentence, Table, _join, pct, plural


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

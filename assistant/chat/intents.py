"""The answer builders, one per intent: search, count, summary, compare (and summary-then-findings)."""
from __future__ import annotations

import numpy as np

from assistant import service
from assistant.chat.shaping import Answer, _rows, count_of, describe, month_words, to_filters
from assistant.themes import RATINGS, filter_mask, stance_counts
from index.search import tokenize
from nlp.taxonomy import FUNDAMENTALS

MAX_CITED = 5
MAX_QUOTES = 3
RELEVANCE_FLOOR = 0.35  # dense cosine below which, with no shared word, a search found nothing


def answer_search(ws: service.Workspace, parsed: dict, answer: Answer) -> bool:
    f = parsed["filters"]
    theme = FUNDAMENTALS.get(f.get("theme") or "")
    query = (parsed.get("query") or "").strip() or theme or ""
    if not query:
        return False
    stance = parsed.get("stance")
    filters = service.resolve_case(to_filters(f, stance=stance), service.distinct_values(ws.store))
    hits = service.search(ws, query, 10, "hybrid", filters)
    if not hits and f.get("theme"):  # the label may be missing where the words are there
        filters = service.resolve_case(to_filters(f, with_theme=False, stance=stance), service.distinct_values(ws.store))
        hits = service.search(ws, query, 10, "hybrid", filters)
    hits = relevant(ws, query, hits)
    if not hits:
        return False
    where = describe(f, None)
    answer.say(f"The closest findings for: {query}{' (' + where + ')' if where else ''}.", [])
    for hit in hits[:MAX_QUOTES]:
        answer.quote(hit, "")
    if len(hits) > MAX_QUOTES:
        answer.say(f"{len(hits) - MAX_QUOTES} more related findings are listed below.", hits[MAX_QUOTES:])
    return True


def relevant(ws: service.Workspace, query: str, hits: list[dict]) -> list[dict]:
    """The hits that share at least half the question's words (or a term the thesaurus adds
    for them), or are close in meaning (the question is embedded once, only if needed)."""
    asked = set(tokenize(query))
    added = set(tokenize(ws.searcher.expand(query))) - asked
    kept, unsure = [], []
    for hit in hits:
        words = set(tokenize(hit["text"]))
        shares = asked and (len(asked & words) >= len(asked) / 2 or added & words)
        (kept if shares else unsure).append(hit)
    if unsure:
        vector = np.asarray(ws.embedder([query]), dtype=np.float32)[0]
        vector = vector / (np.linalg.norm(vector) or 1)
        corpus = ws.corpus()
        row_of = {fid: n for n, fid in enumerate(corpus.frame["id"])}
        kept += [h for h in unsure if h["id"] in row_of
                 and float(corpus.vectors[row_of[h["id"]]] @ vector) >= RELEVANCE_FLOOR]
    order = {h["id"]: n for n, h in enumerate(hits)}
    return sorted(kept, key=lambda h: order[h["id"]])


def slice_rows(ws: service.Workspace, f: dict, stance: str | None = None):
    """The findings a count or comparison is about: theme and filters applied."""
    corpus = ws.corpus()
    filters = service.resolve_case(to_filters(f, stance=stance), service.distinct_values(ws.store))
    mask = filter_mask(corpus, filters, filters.date_from, filters.date_to)
    return corpus.frame[mask]


def answer_count(ws: service.Workspace, parsed: dict, answer: Answer) -> bool:
    f = parsed["filters"]
    theme = FUNDAMENTALS.get(f.get("theme") or "")
    rows = slice_rows(ws, f, parsed.get("stance"))
    where = describe(f, theme)
    if not len(rows):
        answer.say(f"I found no audit findings {where or 'at all'}.", [])
        return True
    counts = stance_counts(rows)
    examples = _rows(rows.drop_duplicates("narrative_id").head(MAX_CITED))
    if theme or parsed.get("stance"):
        noun = {"concern": "concerns", "strength": "strengths"}.get(parsed.get("stance"), "findings")
        noun = noun[:-1] if counts["findings"] == 1 else noun
        answer.say(f"There {'is' if counts['findings'] == 1 else 'are'} {counts['findings']} {noun} {where} in "
                   f"{count_of(counts['narratives'], 'audit')}.".replace("  ", " "), examples)
        if not parsed.get("stance"):
            answer.say(f"Of these, {count_of(counts['concern'], 'concern')}, {count_of(counts['strength'], 'strength')} "
                       f"and {counts['neutral']} neutral.", examples)
    else:
        audits = rows.drop_duplicates("narrative_id")
        by_rating = audits["rating"].value_counts()
        where = describe(f, None, of_audits=True)
        answer.say(f"{count_of(counts['narratives'], 'audit')} {where}".rstrip() +
                   f" {'holds' if counts['narratives'] == 1 else 'hold'} {count_of(counts['findings'], 'finding')}.", examples)
        rated = ", ".join(f"{int(by_rating.get(r, 0))} {r.lower()}" for r in RATINGS if by_rating.get(r, 0))
        if rated and not f.get("rating"):
            answer.say(f"Ratings: {rated}.", examples)
    return True


def answer_summary(ws: service.Workspace, parsed: dict, answer: Answer) -> bool:
    f = parsed["filters"]
    theme = f.get("theme") or (parsed.get("query") or "").strip()
    if not theme:
        return False
    result = service.theme_summary(ws, theme, to_filters(f, with_theme=False))
    counts = result["counts"]
    if not counts["findings"]:
        return False
    by_id = {r["id"]: r for r in _rows(ws.corpus().frame[ws.corpus().frame["id"].isin(result["finding_ids"][:2000])])}
    examples = [by_id[i] for i in result["finding_ids"][:MAX_CITED] if i in by_id]
    name = result["theme"]["name"]
    answer.say(f"On {name.lower()} {describe(dict(f, theme=None))}".rstrip() +
               f", {count_of(counts['findings'], 'finding')} from {count_of(counts['narratives'], 'audit')}: "
               f"{count_of(counts['concern'], 'concern')} and {count_of(counts['strength'], 'strength')}.", examples)
    if result["change"]:
        share = result["change"]["concern_share"] * 100
        direction = "up" if share > 0 else "down" if share < 0 else "unchanged"
        before = result["previous"]
        answer.say(f"The share of concerns is {direction}"
                   f"{f' by {abs(share):.0f} points' if direction != 'unchanged' else ''} on the previous period "
                   f"({month_words(before['from'])} to {month_words(before['to'])}, "
                   f"{count_of(before['counts']['findings'], 'finding')}).", examples)
    for key, lead in (("concern_clusters", "A recurring concern"), ("strength_clusters", "A recurring strength")):
        if result[key]:
            cluster = result[key][0]
            quote = cluster["quotes"][0]
            row = {"id": quote["finding_id"], "narrative_id": quote["narrative_id"], "date": quote["month"],
                   "team": quote["team"], "text": quote["text"],
                   "position": by_id.get(quote["finding_id"], {}).get("position", 0)}
            phrases = ", ".join(cluster["key_phrases"][:3])
            answer.quote(row, f"{lead} ({count_of(cluster['size'], 'finding')}{'; ' + phrases if phrases else ''}): ")
    return True


def answer_compare(ws: service.Workspace, parsed: dict, answer: Answer) -> bool:
    f = parsed["filters"]
    theme = FUNDAMENTALS.get(f.get("theme") or "")
    sides = compare_sides(parsed)
    if len(sides) < 2:
        return False
    shares = []
    for label, side in sides:
        rows = slice_rows(ws, side, parsed.get("stance"))
        counts = stance_counts(rows)
        share = counts["concern"] / counts["findings"] if counts["findings"] else 0.0
        shares.append((label, share, counts["findings"]))
        answer.say(f"{label}: {count_of(counts['findings'], 'finding')}{' on ' + theme.lower() if theme else ''} from "
                   f"{count_of(counts['narratives'], 'audit')}, {count_of(counts['concern'], 'concern')} ({share:.0%}) "
                   f"and {count_of(counts['strength'], 'strength')}.", _rows(rows.drop_duplicates("narrative_id").head(3)))
    held = [s for s in shares if s[2]]
    if len(held) >= 2:
        worst = max(held, key=lambda s: s[1])
        best = min(held, key=lambda s: s[1])
        if worst[1] != best[1]:
            answer.say(f"The share of concerns is highest for {worst[0]} and lowest for {best[0]}.", [])
    return True


def compare_sides(parsed: dict) -> list[tuple[str, dict]]:
    """(label, filters) for each side: what the parser named, or this period against the one before."""
    f = dict(parsed["filters"])
    spec = parsed.get("compare") or {}
    dimension, values = spec.get("dimension"), spec.get("values") or []
    key = {"period": None, "team": "team", "legal_status": "legal_status", "rating": "rating",
           "theme": "theme"}.get(dimension or "")
    sides = []
    if key and len(values) >= 2:
        for value in values:
            label = FUNDAMENTALS.get(value, value) if key == "theme" else str(value)
            sides.append((label, dict(f, **{key: value})))
        return sides
    if dimension == "period" and len(values) >= 2:
        for value in values:
            start, end = (value.get("from"), value.get("to")) if isinstance(value, dict) else (value, value)
            label = month_words(start) if start == end else f"{month_words(start)} to {month_words(end)}"
            sides.append((label, dict(f, **{"from": start, "to": end})))
        return sides
    if f.get("from"):  # this period against the one before it
        from assistant.themes import previous_period
        before = previous_period(f["from"], f.get("to"), [])
        if before and f.get("to"):
            return [(f"{month_words(before[0])} to {month_words(before[1])}", dict(f, **{"from": before[0], "to": before[1]})),
                    (f"{month_words(f['from'])} to {month_words(f['to'])}", f)]
    return sides


def answer_summary_and_findings(ws: service.Workspace, parsed: dict, answer: Answer) -> bool:
    """A question the intent reader could not place between a summary and a search ("what did
    audits find about contingency plans?"): rather than guess one, the summary and then the
    closest findings, each cited."""
    summarised = answer_summary(ws, dict(parsed, intent="summary"), answer)
    shown = set(answer.cited)
    found = Answer()
    searched = answer_search(ws, dict(parsed, intent="search"), found)
    if searched:
        fresh = [s for s in found.sentences[1:] if not set(s["citations"]) <= shown]
        if fresh:
            answer.extend(found, [found.sentences[0]] + fresh)
    return summarised or searched

"""How an answer is put: sentences with their citations (`Answer`), the slice in words, counts in words."""
from __future__ import annotations

import datetime as dt

from assistant import service
from index.search import Filters


def citation(row) -> dict:
    """What a citation shows, and where it opens in context."""
    return {"finding_id": row["id"], "narrative_id": row["narrative_id"], "month": row.get("date") or None,
            "team": row.get("team") or None, "text": row["text"],
            "url": f"/narratives/{row['narrative_id']}/view?finding={row.get('position', 0)}#finding-{row.get('position', 0)}"}


class Answer:
    """Sentences, each with the findings it rests on."""

    def __init__(self):
        self.sentences: list[dict] = []
        self.cited: dict[str, dict] = {}

    def say(self, text: str, rows: list[dict] = ()) -> None:
        for row in rows:
            self.cited.setdefault(row["id"], citation(row))
        self.sentences.append({"text": text, "citations": [r["id"] for r in rows]})

    def quote(self, row: dict, lead: str = "") -> None:
        where = ", ".join(x for x in (row.get("date"), row.get("team")) if x)
        self.say(f"{lead}\"{row['text']}\" ({where})" if where else f"{lead}\"{row['text']}\"", [row])

    def extend(self, other: "Answer", sentences: list[dict]) -> None:
        """Append sentences of another answer with their citations."""
        for sentence in sentences:
            for fid in sentence["citations"]:
                self.cited.setdefault(fid, other.cited[fid])
            self.sentences.append(dict(sentence))

    def as_text(self) -> str:
        order = {fid: n for n, fid in enumerate(self.cited, 1)}
        return " ".join(s["text"] + "".join(f" [{order[c]}]" for c in s["citations"]) for s in self.sentences)


def describe(parsed_filters: dict, theme_name: str | None = None, of_audits: bool = False) -> str:
    """The slice in words, as the answer's first sentence says it ("of_audits": the noun
    before it is already "audits")."""
    parts = []
    if of_audits and parsed_filters.get("rating"):
        parts.append(f"rated {parsed_filters['rating'].lower()}")
    if theme_name:
        parts.append(f"on {theme_name.lower()}")
    if parsed_filters.get("legal_status"):
        parts.append(f"for {LEGAL_STATUS_WORDS.get(parsed_filters['legal_status'], parsed_filters['legal_status'])}")
    if parsed_filters.get("team"):
        parts.append(f"in {parsed_filters['team']}")
    if parsed_filters.get("rating") and not of_audits:
        parts.append(f"in audits rated {parsed_filters['rating'].lower()}")
    start, end = parsed_filters.get("from"), parsed_filters.get("to")
    if start and end:
        parts.append(f"in {month_words(start)}" if start == end else f"from {month_words(start)} to {month_words(end)}")
    elif start:
        parts.append(f"since {month_words(start)}")
    elif end:
        parts.append(f"up to {month_words(end)}")
    return " ".join(parts)


LEGAL_STATUS_WORDS = {"CiN": "children in need", "CP": "children on protection plans", "CiC": "children in care",
                      "care leaver": "care leavers", "assessment": "children being assessed",
                      "disabled children": "disabled children"}


def month_words(month: str) -> str:
    try:
        return dt.datetime.strptime(month, "%Y-%m").strftime("%B %Y")
    except ValueError:
        return month


def to_filters(parsed_filters: dict, with_theme: bool = True, stance: str | None = None) -> Filters:
    theme = parsed_filters.get("theme") if with_theme else None
    return service.make_filters(parsed_filters.get("from"), parsed_filters.get("to"), parsed_filters.get("team"),
                                None, parsed_filters.get("legal_status"), parsed_filters.get("rating"),
                                theme, stance)


def count_of(n: int, word: str) -> str:
    """ "1 audit", "2 audits" (the words used here all take an s, "strength" and "concern" included)."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _rows(frame) -> list[dict]:
    return frame.to_dict("records")

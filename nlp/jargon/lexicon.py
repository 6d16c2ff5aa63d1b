"""The lexicon: its rows, the jargon policy's kinds, and the TSV and allow-list files."""
from __future__ import annotations

import csv
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Iterable, Optional

DATA = Path(__file__).resolve().parents[1] / "data"
DEFAULT_LEXICON = DATA / "jargon.tsv"
DEFAULT_ALLOWLIST = DATA / "acronym_allowlist.txt"
COLUMNS = ("term", "plain", "category", "severity", "why", "source", "kind")
SEVERITIES = ("high", "medium", "low")

# The jargon policy (README, "Jargon policy"). Two kinds of flag, shown differently:
# - "hard_to_understand": the labelling guide's fixed lexicon (../shared/docs/labelling-guide.md
#   §4): every acronym and initialism, legal section shorthand, and the guide's shorthand and
#   abstract terms (GUIDE_TERMS), including longer entries built on them ("foster placement").
#   Scored against the labelled findings' jargon spans.
# - "may_not_feel_right": what the product flags beyond the guide on purpose: words that
#   care-experienced young people have asked professionals to replace ("care leavers",
#   "siblings", "permanence"), and heavier professional phrasing (language-review.md).
# The rarity signal's flags are a third, lighter kind, "uncommon_word" (not in either list).
KINDS = ("hard_to_understand", "may_not_feel_right", "uncommon_word")
KIND_WORDS = {"hard_to_understand": "may be hard to understand",
              "may_not_feel_right": "language that may not feel right",
              "uncommon_word": "an uncommon word"}
GUIDE_TERMS = (
    "contact", "contacts", "placement", "placements", "threshold", "thresholds", "step down", "step-down",
    "stepped down", "stepped-down", "step up", "step-up", "stepped up", "stepped-up", "stepped up or down",
    "looked after", "looked-after", "respite", "core group", "core groups", "presenting needs", "presenting need",
    "absconded", "lac review", "drift", "drifting", "drifted", "grip", "robust", "robustly", "robustness",
    "forensic", "conceptualisation", "conceptualise", "conceptualised", "conceptualises", "conceptualising",
    "disguised compliance", "section 47", "section 20", "section 17",
)
_GUIDE_RE = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(t) for t in sorted(GUIDE_TERMS, key=len, reverse=True))
                       + r")(?![\w-])")

DETECTOR_WHY = ("An abbreviation that is not in the lexicon: a child or parent may not know what it "
                "stands for. Write it out in full, or explain it the first time it is used.")
DETECTOR_SOURCE = "goldenthread acronym detector"
RARE_WHY = "An uncommon word (wordfreq Zipf frequency {zipf:.1f}): many readers will not know it."
RARE_SOURCE = "goldenthread rarity signal (wordfreq)"

# Priority on a tie in length (lower wins).
_LEXICON, _TOKEN_RULE, _DETECTOR, _RARE = 0, 1, 2, 3


# --------------------------------------------------------------------------- data types

@dataclass(frozen=True)
class JargonEntry:
    """One lexicon row."""
    term: str
    plain: Optional[str]
    category: str
    severity: str
    why: str
    source: str
    kind: str = ""  # empty: derived by `entry_kind`

    @property
    def acronym_like(self) -> bool:
        return self.category == "acronym" or any(c.isupper() for c in self.term)


def entry_kind(entry: JargonEntry) -> str:
    """The entry's kind: its own `kind` column if set; else hard to understand when the guide
    marks it (an acronym, or a guide term inside it as whole words); else may not feel right."""
    if entry.kind in KINDS:
        return entry.kind
    if entry.acronym_like or _GUIDE_RE.search(entry.term.lower()):
        return "hard_to_understand"
    return "may_not_feel_right"


@dataclass(frozen=True)
class JargonFlag:
    """One flagged span. `start`/`end` are character offsets into doc.text."""
    start: int
    end: int
    span: str
    plain: Optional[str]
    category: str
    severity: str
    why: str
    source: str
    kind: str = "hard_to_understand"

    def to_json(self) -> dict:
        return asdict(self)


# --------------------------------------------------------------------------- lexicon files

def _entry_from_row(row: dict) -> JargonEntry:
    term = (row.get("term") or "").strip()
    if not term:
        raise ValueError("a lexicon entry needs a term")
    plain = (row.get("plain") or "").strip() or None
    severity = (row.get("severity") or "medium").strip().lower()
    if severity not in SEVERITIES:
        raise ValueError(f"severity of {term!r} must be one of {SEVERITIES}, not {severity!r}")
    kind = (row.get("kind") or "").strip()
    if kind and kind not in KINDS:
        raise ValueError(f"kind of {term!r} must be one of {KINDS}, not {kind!r}")
    return JargonEntry(term=term, plain=plain, category=(row.get("category") or "shorthand").strip(),
                       severity=severity, why=(row.get("why") or "").strip(),
                       source=(row.get("source") or "").strip(), kind=kind)


def load_lexicon(path: str | Path | None = None) -> list[JargonEntry]:
    """The lexicon TSV (header `term plain category severity why source`) as entries.
    An empty `plain` becomes None. Later rows with the same term replace earlier ones."""
    path = Path(path) if path else DEFAULT_LEXICON
    entries: dict[str, JargonEntry] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        lines = (line for line in fh if line.strip() and not line.startswith("#"))
        for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
            entry = _entry_from_row(row)
            entries[entry.term] = entry
    return list(entries.values())


def write_lexicon(entries: Iterable[JargonEntry], path: str | Path) -> None:
    """Write entries as a lexicon TSV (the same columns load_lexicon reads)."""
    with Path(path).open("w", encoding="utf-8", newline="") as fh:
        fh.write("\t".join(COLUMNS) + "\n")
        for e in entries:
            fh.write("\t".join((e.term, e.plain or "", e.category, e.severity,
                                " ".join(e.why.split()), " ".join(e.source.split()), e.kind)) + "\n")


def load_allowlist(path: str | Path | None = None) -> frozenset[str]:
    """Tokens the acronym detector and the rarity signal never flag (case-sensitive)."""
    path = Path(path) if path else DEFAULT_ALLOWLIST
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            words.add(line)
    return frozenset(words)


def _plural_variants(term: str) -> list[str]:
    """Plural forms of a lower-case term's last word: the 'tiny suffix rule'."""
    if any(c.isupper() for c in term):
        return []
    head, _, last = term.rpartition(" ")
    if len(last) < 4 or not last.isalpha() or last.endswith(("s", "ing", "ed")):
        return []
    if last.endswith("y") and last[-2] not in "aeiou":
        plural = last[:-1] + "ies"
    elif last.endswith(("ch", "sh", "x", "z")):
        plural = last + "es"
    else:
        plural = last + "s"
    return [f"{head} {plural}" if head else plural]



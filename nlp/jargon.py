"""Jargon: words and phrases a child, young person or parent is unlikely to understand.

`gt_jargon` writes `doc._.jargon`, a sorted, non-overlapping list of `JargonFlag`s
(character offsets into `doc.text`); `span._.jargon` gives the flags inside a span (a
finding). Both are None until the component has run. It finds jargon four ways, and where
two overlap the longest wins (on a tie: lexicon, then token rules, then the acronym
detector, then the rarity signal):

1. The lexicon (`nlp/data/jargon.tsv`: term, plain, category, severity, why, source),
   matched with a PhraseMatcher on LOWER. Pattern tokens that carry capitals, and every
   token of an `acronym` entry, must also match case "ish": the text as written or its
   upper-case form. So "CP" matches "CP" but not "cp", "SEND" does not match "send", and
   "CiN" also matches "CIN". Plurals come from variants generated at load time
   ("placement" -> "placements", "chronology" -> "chronologies") unless the TSV has its
   own row. A few words are jargon only in some contexts; their rules are the table
   `CONTEXT_RULES` ("contact" is flagged only where it means family time). Lower-case
   terms inside the proper name of a team or service ("Leaving Care Service") are not
   flagged; acronyms are, even there ("MASH team", "QA team"), as the dev set's scope
   decisions say.
2. Token rules a PhraseMatcher cannot express: an acronym with a plural "s" glued on
   ("ICPCs"), a number glued to one ("0.5fte"), the possessive "'s" kept with an acronym
   ("IRO's"), and acronyms joined by a hyphen read as one compound ("IRO-CP").
3. An acronym detector for all-caps and mixed-case tokens the lexicon does not know
   ("DCYP", "AIP", "ZfX", section numbers like "s.31"): category `acronym`, severity
   `medium`, plain None. Not flagged: the allow-list (`nlp/data/acronym_allowlist.txt`,
   which holds the redaction placeholders), names of councils and safeguarding partnerships
   (`ORG_ACRONYM_PATTERNS`: "GCC", "LSCB"), Roman numerals, shouted ordinary words
   ("IMPACT") and lines in capitals, anything inside a placeholder ("[CASE-REF]") or a
   redaction, and an unknown abbreviation used as a team's name ("FoD Assess").
4. A rarity signal: a word of at least 5 letters, not in the lexicon, whose Zipf frequency
   (wordfreq; `word_zipf` forgives British spellings, plurals and prefixes, so "prioritised"
   and "unassessed" are not rare) is below `rare_zipf`, not capitalised mid-sentence or
   before another capitalised word (names: "Tewkesbury C&F"), not a named entity or a
   redaction: category `rare_word`, severity `low`, plain None. `rare_zipf` = 2.5 (about
   "tranche", "absconded"); on the dev findings it gives 5 flags, 2.0 gives 1, 3.0 gives
   26 and 3.5 gives 248, nearly all words the annotator did not mark. The span metric
   leaves `rare_word` out by default (eval/spans.py says why); the product shows them.

Terms can be added while the service runs: `nlp.get_pipe("gt_jargon").add_entries([...])`
rebuilds the matcher, so a term an Ambassador suggested and QA accepted takes effect on the
next text without a restart (persisting it to the TSV is `write_lexicon`).
"""
from __future__ import annotations

import csv
import re
import threading
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

DATA = Path(__file__).parent / "data"
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
    "forensic", "conceptualisation", "disguised compliance", "section 47", "section 20", "section 17",
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


# --------------------------------------------------------------------------- context rules

@dataclass(frozen=True)
class ContextRule:
    """When a context-dependent term is jargon. Looked at: up to 60 characters before the
    match (`before`, `block_before`: patterns anchored at the end, `\\s+$`) and up to 80
    after (`after`, `block_after`: anchored at the start). With `require=True` the term is
    flagged only when `before` or `after` matches; a block pattern always wins."""
    note: str
    before: Optional[re.Pattern] = None
    after: Optional[re.Pattern] = None
    block_before: Optional[re.Pattern] = None
    block_after: Optional[re.Pattern] = None
    require: bool = True
    also: Optional[re.Pattern] = None  # anywhere in before + term + after: jargon, whatever blocks say

    def allows(self, before_text: str, after_text: str, term_text: str = "") -> bool:
        if self.also is not None:
            sentence = (re.split(r"[.;!?]\s", before_text)[-1] + term_text
                        + re.split(r"[.;!?](?:\s|$)", after_text)[0])
            if self.also.search(sentence):
                return True
        if self.block_before is not None and self.block_before.search(before_text):
            return False
        if self.block_after is not None and self.block_after.search(after_text):
            return False
        if not self.require:
            return True
        return bool((self.before is not None and self.before.search(before_text))
                    or (self.after is not None and self.after.search(after_text)))


_KIN = (r"(?:mum|mums|mummy|mother|mothers|dad|dads|daddy|father|fathers|parents?|family|families|"
        r"siblings?|brothers?|sisters?|grandparents?|grandmother|grandfather|nan|nana|nanny|gran|granny|"
        r"grandma|grandad|aunt|auntie|aunty|uncle|cousins?|relatives?|birth\s+family)")
_BETWEEN_WORDS = (r"(?:his|her|their|the|a|an|both|either|birth|biological|extended|paternal|maternal|"
                  r"older|younger|elder|baby|half|step|little|big|wider|children|child|young|person|"
                  r"people|and|its|[A-Z][\w-]*['’]s)")
_STEP_CONTEXT = re.compile(
    r"^[^.;:]{0,50}?\b(?:child\s+protection|CP|CiN|CIN|social\s+care|social\s+work|statutory|early\s+help|"
    r"targeted|universal|services?|support|plan|process|panel|meeting|threshold|level)\b", re.IGNORECASE)

# "stepped down as chair", "step down from her role": resigning, not a move between services.
_RESIGNING = re.compile(r"^\s+(?:as|from\s+(?:(?:his|her|their|the)\s+)?(?:role|post|position|job|board))\b",
                        re.IGNORECASE)

# Key: the lexicon term, lower case. Each rule is a documented heuristic, not a parse.
CONTEXT_RULES: dict[str, ContextRule] = {
    "contact": ContextRule(
        note="'contact' means family time only: 'contact with her mum', 'family/supervised/"
             "sibling/direct/indirect contact', 'contact arrangements/centre/sessions', "
             "'promote (positive) contact'. Not 'telephone contact', 'made contact', "
             "'contact details', 'in contact with the school', 'purposeful contact with the child'.",
        before=re.compile(
            r"\b(?:family|supervised|unsupervised|sibling|parental|indirect|direct|face[- ]to[- ]face|"
            r"letterbox|overnight|birth\s+family|promot(?:e|es|ed|ing)|positive|safe)\s+$", re.IGNORECASE),
        after=re.compile(
            rf"^\s+(?:(?:arrangements?|centres?|sessions?|visits?|plans?|agreements?|supervisors?|time)\b"
            rf"|(?:with|between)\s+(?:{_BETWEEN_WORDS}\s+){{0,4}}{_KIN}\b)", re.IGNORECASE),
        block_before=re.compile(
            r"\b(?:telephone|phone|phoned|email|e-mail|text|initial|first|made|make|makes|making|attempted|"
            r"attempts?(?:\s+(?:at|to\s+make))?|no\s+further|point\s+of|in|out\s+of|eye|physical|purposeful|"
            r"professional|worker|statutory|any|lost|keep|kept|keeping|maintain(?:ed|ing|s)?\s+regular)\s+$",
            re.IGNORECASE),
        block_after=re.compile(
            r"^\s+(?:details|numbers?|information|person|point|forms?|list|was\s+made|"
            r"(?:with|from)\s+(?:the\s+)?(?:school|college|nursery|police|gp|health|agenc|professional|"
            r"social\s+worker|worker|services?|team|auditor))", re.IGNORECASE),
        # The guide's second sense (labelling-guide.md §4.2): a front-door notification, a contact
        # received, screened, RAG-rated or acted on by the front door or MASH: a front-door word
        # in the same sentence ("contacts that come into the MASH", "screen contacts and referrals").
        also=re.compile(r"\b(?:MASH|front[\s-]+door|screen(?:s|ed|ing)?|RAG[\s-]*rat\w*|risk[\s-]+rat\w*|triag\w*|"
                        r"contacts?\s+(?:and|or)\s+referrals?|referrals?\s+(?:and|or)\s+contacts?)\b", re.IGNORECASE),
    ),
    "placement": ContextRule(
        note="'placement' is where a child lives, not a student's or a work placement.",
        block_before=re.compile(r"\b(?:student|work|practice|training|university|college|apprenticeship)\s+$",
                                re.IGNORECASE),
        require=False,
    ),
    "looked after": ContextRule(
        note="'looked after' is jargon as a legal status ('children who are looked after'), not "
             "as ordinary caring ('she looked after her brother').",
        before=re.compile(r"\b(?:are|is|be|been|being|were|was|become|became|becomes|remain|remains|"
                          r"remained|currently|previously|formerly|when)\s+$", re.IGNORECASE),
        after=re.compile(r"^\s+(?:status|system|population|by\s+(?:the\s+)?(?:local\s+authority|council|LA))\b",
                         re.IGNORECASE),
        block_after=re.compile(r"^\s+(?:him|her|them|me|us|it|himself|herself|themselves|his|their|my|our|"
                               r"your)\b", re.IGNORECASE),
    ),
    "step up": ContextRule(
        note="'step up' as a move between services, not 'she needs to step up'.",
        after=_STEP_CONTEXT,
    ),
    "stepped up": ContextRule(
        note="'stepped up' as a move between services, not 'stepped up her efforts'.",
        after=_STEP_CONTEXT,
    ),
    "step down": ContextRule(
        note="'step down' as a move to lighter support, not resigning ('stepped down as chair').",
        block_after=_RESIGNING,
        require=False,
    ),
    "stepped down": ContextRule(
        note="'stepped down' as a move to lighter support, not resigning.",
        block_after=_RESIGNING,
        require=False,
    ),
}
# Inflected forms share their base form's rule.
CONTEXT_RULES["placements"] = CONTEXT_RULES["placement"]
CONTEXT_RULES["looked-after"] = ContextRule(note="hyphenated form: always the legal status", require=False)

# --------------------------------------------------------------------------- names and shapes

# Proper names of teams and services: lower-case lexicon terms inside them are not jargon.
TEAM_WORDS = ("Team", "Teams", "Tm", "Hub", "Service", "Services", "Unit", "Panel", "Board", "Partnership",
              "Assess", "Safeg", "Centre", "Project", "Forum", "Network")
_TEAM_RE = re.compile(
    rf"(?:\b[A-Z0-9][\w'’&-]*[ \t]+){{1,5}}(?:{'|'.join(TEAM_WORDS)})\b")
# Organisation acronyms that the allow-list cannot enumerate: county/city councils ("GCC",
# "KCC", "Hampshire CC") and local safeguarding boards, partnerships and executives
# ("LSCB", "GSCB", "LSCP", "GSCE").
ORG_ACRONYM_PATTERNS = (
    re.compile(r"^[A-Z]{0,3}CC$"),
    re.compile(r"^[A-Z]{1,2}SC[BPE]$"),
    re.compile(r"^[A-Z]{1,2}SAB$"),
)
_ROMAN = re.compile(r"^[IVX]+$")
_SECTION = re.compile(r"^[sS]\.?\d{1,3}[A-Za-z]?$")
_GLUED_NUMBER = re.compile(r"^\d+(?:\.\d+)?([A-Za-z]{2,6})$")
_PLACEHOLDER_RE = re.compile(r"\[[A-Z][A-Z\-]*\]")
_POSSESSIVE = {"'s", "’s", "'", "’"}


def _acronym_shape(text: str) -> bool:
    """All caps ("RCPC", "EHCPs"), mixed case with capitals inside ("CiN", "DfE"), or a
    section number ("s47", "s.20")."""
    if _SECTION.match(text):
        return True
    core = text[:-1] if text.endswith("s") and len(text) > 2 else text
    if not core.replace("&", "").isalpha():
        return False
    if core.islower():
        return False  # no capital at all: most words, so skip the counting
    upper = sum(c.isupper() for c in core)
    lower = sum(c.islower() for c in core)
    if upper < 2:
        return False
    return lower == 0 or (len(core) <= 6 and lower <= upper and not core[1:].islower())


@lru_cache(maxsize=200_000)
def zipf(word: str) -> float:
    from wordfreq import zipf_frequency
    return zipf_frequency(word, "en")


_BRITISH = ((re.compile(r"is(e|es|ed|ing|ation|ations|er|ers)$"), r"iz\1"),
            (re.compile(r"yse(s|d)?$"), r"yze\1"),
            (re.compile(r"our(s|ed|ing|ite|ites|able)?$"), r"or\1"),
            (re.compile(r"tre(s)?$"), r"ter\1"),
            (re.compile(r"ogue(s)?$"), r"og\1"))
_PREFIXES = ("un", "re", "non", "pre", "mis", "over", "under", "co")


@lru_cache(maxsize=200_000)
def word_zipf(word: str) -> float:
    """How common a lower-case word is, forgiving its form: the highest Zipf frequency of
    the word, its British spelling written the American way ("prioritised"), its singular
    ("variances"), and the word after a common prefix ("unassessed", "rebook")."""
    forms = {word}
    for pattern, repl in _BRITISH:
        forms.add(pattern.sub(repl, word))
    for form in list(forms):
        if form.endswith("ies") and len(form) > 5:
            forms.add(form[:-3] + "y")
        elif form.endswith("es") and len(form) > 5:
            forms.update((form[:-2], form[:-1]))
        elif form.endswith("s") and not form.endswith("ss") and len(form) > 4:
            forms.add(form[:-1])
    for form in list(forms):
        for prefix in _PREFIXES:
            if form.startswith(prefix) and len(form) - len(prefix) >= 5:
                forms.add(form[len(prefix):].lstrip("-"))
    return max(zipf(f) for f in forms)


# --------------------------------------------------------------------------- the component

@dataclass
class _Candidate:
    start: int
    end: int
    priority: int
    exact: bool
    entry: Optional[JargonEntry]
    category: str
    severity: str
    plain: Optional[str]
    why: str
    source: str
    kind: str = "hard_to_understand"


def _cand(start: int, end: int, priority: int, entry: JargonEntry, exact: bool = True) -> _Candidate:
    return _Candidate(start, end, priority, exact, entry, entry.category, entry.severity, entry.plain,
                      entry.why, entry.source, entry_kind(entry))


class JargonFlagger:
    """The `gt_jargon` component. Writes doc._.jargon."""

    def __init__(self, nlp: Language, lexicon_path: str | None = None, allowlist_path: str | None = None,
                 detect_acronyms: bool = True, rare_words: bool = True, rare_zipf: float = 2.5,
                 rare_min_length: int = 5):
        self.vocab = nlp.vocab
        self.tokenizer = nlp.tokenizer
        self.lexicon_path = lexicon_path
        self.detect_acronyms = detect_acronyms
        self.rare_words = rare_words
        self.rare_zipf = rare_zipf
        self.rare_min_length = rare_min_length
        self.allowlist = load_allowlist(allowlist_path)
        # Allowed items the tokenizer splits ("CASE-REF", "A&E", "COVID-19") are found in the text.
        split_items = sorted((w for w in self.allowlist if not w.isalnum()), key=len, reverse=True)
        self._allowed_re = (re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, split_items)) + r")(?!\w)")
                            if split_items else None)
        self._lock = threading.Lock()
        self._entries: dict[str, JargonEntry] = {}
        self._state = None
        self.add_entries(load_lexicon(lexicon_path), _rebuild=False)
        self._rebuild()
        if rare_words:
            zipf("warm")  # load wordfreq's list now, not on the first text

    def __getstate__(self):  # picklable (copy, pickle): no lock, the matcher is rebuilt
        state = dict(self.__dict__)
        state.pop("_lock", None)
        state["_state"] = None
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)
        self._lock = threading.Lock()
        self._rebuild()

    # ---- the lexicon, live
    @property
    def entries(self) -> list[JargonEntry]:
        return list(self._entries.values())

    def add_entries(self, entries: Iterable[JargonEntry | dict], _rebuild: bool = True) -> list[JargonEntry]:
        """Add (or replace, by exact term) lexicon entries and rebuild the matcher. Takes
        JargonEntry objects or dicts with the TSV's column names. Returns the entries added."""
        added = [e if isinstance(e, JargonEntry) else _entry_from_row(e) for e in entries]
        with self._lock:
            for e in added:
                self._entries[e.term] = e
            if _rebuild:
                self._rebuild()
        return added

    def _rebuild(self) -> None:
        """Build a new matcher and swap it in at once (texts in flight keep the old one)."""
        matcher = PhraseMatcher(self.vocab, attr="LOWER")
        patterns: list[tuple[JargonEntry, tuple[str, ...]]] = []
        single_acronyms: dict[str, JargonEntry] = {}
        known_lower: set[str] = set()
        explicit = {t.lower() for t in self._entries}
        for entry in self._entries.values():
            forms = [entry.term] + [v for v in _plural_variants(entry.term) if v.lower() not in explicit]
            for form in forms:
                doc = self.tokenizer(form)
                key = f"gt_jargon_{len(patterns)}"
                patterns.append((entry, tuple(t.text for t in doc)))
                matcher.add(key, [doc])
                for t in doc:
                    known_lower.add(t.lower_)
            if entry.acronym_like and " " not in entry.term:
                single_acronyms[entry.term] = entry
        keys = {self.vocab.strings[f"gt_jargon_{i}"]: i for i in range(len(patterns))}
        self._state = (matcher, patterns, keys, single_acronyms, frozenset(known_lower))

    # ---- running
    def __call__(self, doc: Doc) -> Doc:
        doc._.jargon = self.flag(doc)
        return doc

    def flag(self, doc: Doc) -> list[JargonFlag]:
        matcher, patterns, keys, single_acronyms, known_lower = self._state
        text = doc.text
        blocked = [(m.start(), m.end()) for m in _PLACEHOLDER_RE.finditer(text)]
        redactions = getattr(doc._, "redactions", None) if Doc.has_extension("redactions") else None
        blocked += [(r.start, r.end) for r in (redactions or [])]
        if self._allowed_re is not None:
            blocked += [(m.start(), m.end()) for m in self._allowed_re.finditer(text)]
        teams = [(m.start(), m.end()) for m in _TEAM_RE.finditer(text)]
        cands: list[_Candidate] = []
        claimed = set()

        for key, s, e in matcher(doc):
            entry, pattern = patterns[keys[key]]
            span = doc[s:e]
            exact = True
            ok = True
            for tok, pat in zip(span, pattern):
                if entry.acronym_like and (any(c.isupper() for c in pat) or entry.category == "acronym"):
                    if tok.text == pat:
                        continue
                    if tok.text == pat.upper() and tok.text != tok.text.lower():
                        exact = False
                        continue
                    ok = False
                    break
            if not ok:
                continue
            start, end = span.start_char, span.end_char
            rule = CONTEXT_RULES.get(entry.term.lower())
            if rule is not None and not rule.allows(text[max(0, start - 60):start], text[end:end + 80], text[start:end]):
                continue
            if not entry.acronym_like and span.text[:1].isupper() and _inside(start, end, teams):
                continue
            if _overlaps(start, end, blocked):
                continue
            if entry.acronym_like and e < len(doc) and doc[e].text in _POSSESSIVE and doc[e - 1].whitespace_ == "":
                end = doc[e].idx + len(doc[e].text)
            cands.append(_cand(start, end, _LEXICON, entry, exact))
            claimed.update(range(s, e))

        allow = self.allowlist
        for tok in doc:
            t = tok.text
            if tok.i in claimed or tok.is_space or tok.is_punct:
                continue
            start, end = tok.idx, tok.idx + len(t)
            if blocked and _overlaps(start, end, blocked):
                continue
            # token rules: plural acronym, number glued to an acronym
            base = None
            if len(t) > 2 and t.endswith("s") and t[:-1] in single_acronyms and t not in allow:
                base = single_acronyms[t[:-1]]
            else:
                m = _GLUED_NUMBER.match(t)
                if m:
                    letters = m.group(1)
                    base = single_acronyms.get(letters) or single_acronyms.get(letters.upper())
            if base is not None:
                if tok.i + 1 < len(doc) and doc[tok.i + 1].text in _POSSESSIVE and tok.whitespace_ == "":
                    end = doc[tok.i + 1].idx + len(doc[tok.i + 1].text)
                cands.append(_cand(start, end, _TOKEN_RULE, base))
                continue
            if self.detect_acronyms and _acronym_shape(t) and self._unknown_acronym(doc, tok):
                cands.append(_Candidate(start, end, _DETECTOR, True, None, "acronym", "medium", None,
                                        DETECTOR_WHY, DETECTOR_SOURCE))
                continue
            if self.rare_words and self._rare(doc, tok, known_lower):
                cands.append(_Candidate(start, end, _RARE, True, None, "rare_word", "low", None,
                                        RARE_WHY.format(zipf=word_zipf(tok.lower_)), RARE_SOURCE, "uncommon_word"))

        return _merge_compounds(text, _resolve(cands))

    def _unknown_acronym(self, doc: Doc, tok) -> bool:
        t = tok.text
        allow = self.allowlist
        if t in allow or (t.endswith("s") and t[:-1] in allow) or _ROMAN.match(t):
            return False
        if any(p.match(t) for p in ORG_ACRONYM_PATTERNS):
            return False
        if t.isupper():
            # a shouted ordinary word ("IMPACT", "NOTE", "THE", "OF"), or a line in capitals
            z = zipf(t.lower())
            if (len(t) >= 4 and z >= 3.0) or (len(t) == 3 and z >= 4.5) or z >= 5.5:
                return False
            neighbours = [x for x in doc[max(0, tok.i - 2):tok.i + 3] if x.is_alpha and x.i != tok.i]
            if len(neighbours) >= 2 and all(x.is_upper and len(x) > 1 for x in neighbours):
                return False
        nxt = tok.nbor(1) if tok.i + 1 < len(doc) else None
        if nxt is not None and nxt.text in TEAM_WORDS:
            return False  # an abbreviated team name ("FoD Assess")
        return True

    def _rare(self, doc: Doc, tok, known_lower: frozenset[str]) -> bool:
        t = tok.text
        if len(t) < self.rare_min_length or not tok.is_alpha or t in self.allowlist:
            return False
        if t[0].isupper():
            if t.isupper() or any(c.isupper() for c in t[1:]):
                return False
            if not _sentence_initial(tok) or tok.ent_type_:
                return False  # a proper name
            nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
            if nxt is not None and nxt.text[:1].isupper() and nxt.text not in {"I", "A"}:
                return False  # a name of several words ("Tewkesbury C&F", "Chelt Assess")
        if tok.like_url or tok.like_email or tok.lower_ in known_lower:
            return False
        return word_zipf(tok.lower_) < self.rare_zipf


def _sentence_initial(tok) -> bool:
    doc = tok.doc
    i = tok.i
    while i > 0 and (doc[i - 1].is_punct or doc[i - 1].is_space) and doc[i - 1].text not in ".!?":
        i -= 1
    if i == 0:
        return True
    first = doc[i]
    if doc.has_annotation("SENT_START") and first.is_sent_start:
        return True
    return doc[i - 1].text in {".", "!", "?"} or "\n" in doc[i - 1].text


def _overlaps(start: int, end: int, spans) -> bool:
    return any(start < e and s < end for s, e in spans)


def _inside(start: int, end: int, spans) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def _resolve(cands: list[_Candidate]) -> list[_Candidate]:
    """Longest match wins; on a tie the lower priority number, then the exact-case entry."""
    chosen: list[_Candidate] = []
    taken: list[tuple[int, int]] = []
    for c in sorted(cands, key=lambda c: (-(c.end - c.start), c.priority, not c.exact, c.start)):
        if not _overlaps(c.start, c.end, taken):
            chosen.append(c)
            taken.append((c.start, c.end))
    chosen.sort(key=lambda c: c.start)
    return chosen


def _merge_compounds(text: str, cands: list[_Candidate]) -> list[JargonFlag]:
    """Acronyms joined by a hyphen are one compound ("IRO-CP service"): one flag."""
    out: list[_Candidate] = []
    for c in cands:
        prev = out[-1] if out else None
        if (prev is not None and prev.category == "acronym" and c.category == "acronym"
                and text[prev.end:c.start] == "-"):
            plains = [p for p in (prev.plain, c.plain) if p]
            out[-1] = _Candidate(prev.start, c.end, prev.priority, True, None, "acronym",
                                 min(prev.severity, c.severity, key=SEVERITIES.index),
                                 " / ".join(plains) if plains else None, prev.why,
                                 prev.source if prev.source == c.source else f"{prev.source}; {c.source}",
                                 "hard_to_understand")
        else:
            out.append(c)
    return [JargonFlag(c.start, c.end, text[c.start:c.end], c.plain, c.category, c.severity, c.why, c.source,
                       c.kind) for c in out]


# --------------------------------------------------------------------------- registration

if not Doc.has_extension("jargon"):
    Doc.set_extension("jargon", default=None)


def _span_jargon(span: Span) -> Optional[list[JargonFlag]]:
    flags = span.doc._.jargon
    if flags is None:
        return None
    return [f for f in flags if f.start >= span.start_char and f.end <= span.end_char]


if not Span.has_extension("jargon"):
    Span.set_extension("jargon", getter=_span_jargon)


@Language.factory("gt_jargon", default_config={
    "lexicon_path": None, "allowlist_path": None, "detect_acronyms": True, "rare_words": True,
    "rare_zipf": 2.5, "rare_min_length": 5})
def make_jargon_flagger(nlp: Language, name: str, lexicon_path: Optional[str], allowlist_path: Optional[str],
                        detect_acronyms: bool, rare_words: bool, rare_zipf: float, rare_min_length: int):
    return JargonFlagger(nlp, lexicon_path, allowlist_path, detect_acronyms, rare_words, rare_zipf,
                         rare_min_length)

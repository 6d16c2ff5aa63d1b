"""The `gt_jargon` component: lexicon matches, token rules, the acronym detector and the
rarity signal, resolved into non-overlapping flags."""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import Iterable, Optional

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from nlp.jargon.lexicon import (
    DETECTOR_SOURCE, DETECTOR_WHY, JargonEntry, JargonFlag, RARE_SOURCE, RARE_WHY, SEVERITIES,
    _DETECTOR, _LEXICON, _RARE, _TOKEN_RULE, _entry_from_row, _plural_variants, entry_kind,
    load_allowlist, load_lexicon,
)
from nlp.jargon.rules import (
    CONTEXT_RULES, ORG_ACRONYM_PATTERNS, TEAM_WORDS, _GLUED_NUMBER, _PLACEHOLDER_RE, _POSSESSIVE,
    _ROMAN, _TEAM_RE, _acronym_shape, word_zipf, zipf,
)

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
            neighbours = [x for x in doc[max(0, tok.i - 2):tok.i + 3] if x.is_alpha and x.i != tok.i]
            if len(neighbours) >= 2 and all(x.is_upper and len(x) > 1 for x in neighbours):
                return False
            # A word in capitals inside lower-case prose is shouted only when it is a common word
            # ("NOT", "IMPACT"); a less common one there is a service's acronym ("MAST", "MEGA").
            in_prose = any(x.is_lower for x in neighbours)
            if (len(t) >= 4 and z >= (4.5 if in_prose else 3.0)) or (len(t) == 3 and z >= 4.5) or z >= 5.5:
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

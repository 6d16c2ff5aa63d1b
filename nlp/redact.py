"""Redaction: personal details out, typed placeholders in, before anything is stored.

The statistical NER of the small English pipeline finds most people's names but misses
names that are also words ("Hope told me", "Will was seen") and tags things like
"Annex H" as a person. So the redactor is NER plus rules a reviewer can read:
regular expressions for identifiers (case references, dates of birth, phones, emails,
postcodes, addresses), a list of first names that are also English words, single
initials standing for a child, and propagation (a name found once is redacted
everywhere in the narrative). Team names, services and job titles are protected.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

PLACEHOLDERS = {
    "NAME": "[NAME]",
    "CASE-REF": "[CASE-REF]",
    "DOB": "[DOB]",
    "EMAIL": "[EMAIL]",
    "PHONE": "[PHONE]",
    "POSTCODE": "[POSTCODE]",
    "ADDRESS": "[ADDRESS]",
}

# Identifiers, most specific first: a span claimed by an earlier pattern is not re-read.
_MONTH = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
_DATE = rf"(?:\d{{1,2}}[/.\-]\d{{1,2}}[/.\-]\d{{2,4}}|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\s+\d{{4}}|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})"
_STREET = r"(?:Road|Rd|Street|St|Close|Lane|Ln|Avenue|Ave|Drive|Dr|Way|Court|Ct|Crescent|Place|Gardens|Grove|Terrace|Walk|Row|Mews|Square|Hill|Park|View|Rise|Parade|Green|Vale|Meadow|Meadows|Fields|Gate)"
IDENTIFIER_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("EMAIL", re.compile(r"\b[\w.+'-]+@[\w-]+(?:\.[\w-]+)+\b")),
    ("DOB", re.compile(
        rf"(?i:\b(?:d\.?o\.?b(?![a-z])\.?|date\s+of\s+birth|born(?:\s+(?:on|in))?)(?![a-z])[\s:;,\-]*(?:is\s+|was\s+)?)"
        rf"(?:{_DATE}|{_MONTH}\s+\d{{4}})")),
    ("PHONE", re.compile(
        r"(?<![\w/])(?:\+44\s?\(?0?\)?\s?|\(?0)(?:\d{2,4}\)?[\s\-]?\d{3,4}[\s\-]?\d{3,4}|7\d{3}\)?[\s\-]?\d{3}[\s\-]?\d{3})(?![\w/])")),
    ("POSTCODE", re.compile(r"\b(?:[A-Z]{1,2}\d[A-Z\d]?|GIR)\s?\d[A-Z]{2}\b")),
    ("ADDRESS", re.compile(
        rf"\b(?:(?:Flat|Apartment|Apt|Unit)\s+\d+[A-Za-z]?,?\s+)?\d{{1,4}}[A-Za-z]?,?\s+(?:[A-Z][a-z]+\s+){{1,3}}{_STREET}\b")),
    # A labelled reference of any length ("Case ref: 4418", "LCS ID: 58210", "Mosaic no. AB-1234"):
    # only the value (group "v") is replaced, the label stays readable.
    ("CASE-REF", re.compile(
        r"(?i:\b(?:case\s*(?:ref(?:erence)?|no|number|id)|ref(?:erence)?(?:\s*no)?|"
        r"(?:LCS|ICS|Mosaic|Liquid\s*logic|EHM|CareFirst|Frameworki|Eclipse|Azeus|Paris|child|person|"
        r"client|family|NHS|system|UPN|ULN)\s*(?:id|no|number|ref(?:erence)?)|id)\b\.?\s*(?:[:#]|is\b|was\b)?\s*)"
        r"(?P<v>(?=[A-Z\-/]*\d)[A-Z]{0,4}[\-/]?\d[\d\-/ ]*\d|\d)(?![\w/])")),
    ("CASE-REF", re.compile(r"\b(?:[A-Z]{1,4}[\-/]?)?\d{5,8}\b")),
]

# First names that are also ordinary words: NER misses them, so they count as names when
# capitalised mid-sentence, or at a sentence start when a person's verb follows.
WORD_NAMES = frozenset("""
Hope Grace Will Rose Summer Faith Joy Sonny Dawn Autumn Mercy Sky Skye Ruby Amber Jade
Crystal Holly Ivy Daisy Poppy Lily Rocky Hunter Mason Taylor Brook River Storm Destiny
Harmony Heaven Precious Star Angel Miracle Honey Chance Bill Mark Frank Jack Pat Sue Don
Ray Rich Guy Art Bob Penny Patience Charity Justice Royal King Prince Princess Reign
Blessing Gift Robin Jay Drew Carol Sandy Rusty Chase Cash Sage Willow Hazel Heather
Iris Jasmine Violet Pearl Ebony Cherry Liberty Phoenix Ocean Rain Raven Misty Melody
""".split())

PERSON_VERBS = frozenset("""
told tells said says shared shares expressed expresses explained explains described
describes wants wanted wishes wished feels felt likes liked loves loved enjoys enjoyed
hates hated asked asks attends attended lives lived stays stayed has had is was
disclosed discloses reported reports reported drew draws chose chooses spoke speaks
""".split())

# Words NER tags as people that are not personal details here.
NOT_NAMES = frozenset("""
Nan Nana Nanna Nanny Gran Grandma Grandad Granddad Grandpa Mum Mummy Mom Dad Daddy Auntie
Aunt Uncle Mother Father Baby Sibling Carer Annex Appendix Team Manager Officer Service
Chair Lead Head Worker Practitioner Advocate Ofsted Signs Safety Three Houses
""".split())

TITLES = frozenset("Mr Mrs Ms Miss Mx Dr Master".split())

# Protected phrases: teams, services and job titles stay readable.
_TEAM_RE = re.compile(
    r"\b(?:[A-Z][\w'&]*\s+){1,4}(?:Team|Teams|Hub|Service|Services|Unit|Panel|Board|Partnership)(?:\s+\d+)?\b")
_JOB_TITLES_RE = re.compile(
    r"\b(?:Independent Reviewing Officer|Team Manager|Practice Manager|Service Manager|Head of Service|"
    r"Social Worker|Senior Social Worker|Advanced Practitioner|Family Support Worker|Personal Adviser|"
    r"Child Protection Chair|CP Chair|QA Practice Lead|Practice Lead|Designated Teacher|Health Visitor|"
    r"School Nurse|Director of Children's Services|Principal Social Worker|Assistant Director|Moderator|Auditor)\b")
_INITIAL_EXEMPT_BEFORE = frozenset("""
plan annex appendix category tier level grade section part schedule table figure option
phase stage vitamin type group form block wing class year key
""".split())


@dataclass(frozen=True)
class Redaction:
    start: int
    end: int
    label: str

    @property
    def placeholder(self) -> str:
        return PLACEHOLDERS[self.label]


def _overlaps(a_start: int, a_end: int, spans) -> bool:
    return any(a_start < e and s < a_end for s, e in spans)


def _identifier_redactions(text: str) -> list[Redaction]:
    found: list[Redaction] = []
    for label, pattern in IDENTIFIER_PATTERNS:
        group = "v" if "v" in pattern.groupindex else 0
        for m in pattern.finditer(text):
            start, end = m.span(group)
            if not _overlaps(start, end, [(r.start, r.end) for r in found]):
                found.append(Redaction(start, end, label))
    return found


def _protected_spans(text: str, keep: tuple[str, ...]) -> list[tuple[int, int]]:
    spans = [(m.start(), m.end()) for m in _TEAM_RE.finditer(text)]
    spans += [(m.start(), m.end()) for m in _JOB_TITLES_RE.finditer(text)]
    for phrase in keep:
        if phrase:
            spans += [(m.start(), m.end()) for m in re.finditer(re.escape(phrase), text)]
    return spans


def _name_tokens(doc: Doc, protected) -> set[str]:
    """Surface forms of name tokens found by NER, titles and the word-name rule."""
    names: set[str] = set()

    def add(token_text: str) -> None:
        word = re.sub(r"['’]s$", "", token_text)
        if len(word) > 1 and word[0].isupper() and word not in NOT_NAMES and word not in TITLES:
            names.add(word)

    for ent in doc.ents:
        if ent.label_ != "PERSON" or _overlaps(ent.start_char, ent.end_char, protected):
            continue
        for token in ent:
            if token.is_alpha or "'" in token.text:
                add(token.text)
    for i, token in enumerate(doc):
        if token.text.rstrip(".") in TITLES and i + 1 < len(doc) and doc[i + 1].text[:1].isupper():
            if not _overlaps(doc[i + 1].idx, doc[i + 1].idx + len(doc[i + 1]), protected):
                add(doc[i + 1].text)
        if token.text in WORD_NAMES and not _overlaps(token.idx, token.idx + len(token), protected):
            nxt = doc[i + 1] if i + 1 < len(doc) else None
            followed_by_person_verb = nxt is not None and (
                nxt.lower_ in PERSON_VERBS or nxt.text in ("'s", "’s", "(") or nxt.lower_ == "and")
            if not token.is_sent_start or followed_by_person_verb:
                add(token.text)
        if token.text.endswith(("'s", "’s")) and token.text[:-2] in WORD_NAMES:
            add(token.text)
    return names


def _initials(doc: Doc, protected) -> list[Redaction]:
    """Single capital letters standing for a child: "C was seen", "M's mum", "with C"."""
    found = []
    for i, token in enumerate(doc):
        if len(token.text) != 1 or not token.text.isupper() or token.text in ("A", "I"):
            continue
        prev = doc[i - 1].lower_ if i > 0 else ""
        nxt = doc[i + 1].text if i + 1 < len(doc) else ""
        if prev in _INITIAL_EXEMPT_BEFORE or nxt in (".", ")") and prev in ("(",):
            continue
        if nxt == "." and i + 2 < len(doc) and doc[i + 2].text[:1].isupper() and len(doc[i + 2]) > 1:
            continue  # an initial before a surname ("J. Smith") is caught with the name
        if _overlaps(token.idx, token.idx + 1, protected):
            continue
        found.append(Redaction(token.idx, token.idx + 1, "NAME"))
    return found


def find_redactions(doc: Doc, keep: tuple[str, ...] = ()) -> list[Redaction]:
    """All spans to redact in doc.text, sorted and non-overlapping."""
    text = doc.text
    found = _identifier_redactions(text)
    protected = _protected_spans(text, keep)
    taken = [(r.start, r.end) for r in found]
    names = _name_tokens(doc, protected)
    if names:
        pattern = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, names), key=len, reverse=True)) + r")\b")
        for m in pattern.finditer(text):
            if not _overlaps(m.start(), m.end(), taken) and not _overlaps(m.start(), m.end(), protected):
                found.append(Redaction(m.start(), m.end(), "NAME"))
                taken.append((m.start(), m.end()))
    for r in _initials(doc, protected):
        if not _overlaps(r.start, r.end, taken):
            found.append(r)
            taken.append((r.start, r.end))
    return _merge_adjacent_names(text, sorted(found, key=lambda r: r.start))


def _merge_adjacent_names(text: str, redactions: list[Redaction]) -> list[Redaction]:
    """"Sharon Pike" gives one [NAME], not "[NAME] [NAME]"."""
    merged: list[Redaction] = []
    for r in redactions:
        if merged and r.label == "NAME" == merged[-1].label and text[merged[-1].end:r.start].strip() == "":
            merged[-1] = Redaction(merged[-1].start, r.end, "NAME")
        else:
            merged.append(r)
    return merged


def apply_redactions(text: str, redactions: list[Redaction], start: int = 0, end: int | None = None) -> str:
    """text[start:end] with every redaction inside it replaced by its placeholder."""
    end = len(text) if end is None else end
    out, cursor = [], start
    for r in redactions:
        if r.end <= start or r.start >= end:
            continue
        s, e = max(r.start, start), min(r.end, end)
        out.append(text[cursor:s])
        out.append(r.placeholder)
        cursor = e
    out.append(text[cursor:end])
    return "".join(out)


def count_by_type(redactions: list[Redaction]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for r in redactions:
        counts[r.label] = counts.get(r.label, 0) + 1
    return counts


if not Doc.has_extension("redactions"):
    Doc.set_extension("redactions", default=None)
if not Doc.has_extension("redacted_text"):
    Doc.set_extension("redacted_text", getter=lambda doc: apply_redactions(doc.text, doc._.redactions or []))


@Language.factory("gt_redactor", default_config={"keep": []})
def make_redactor(nlp: Language, name: str, keep: list[str]):
    return Redactor(tuple(keep))


class Redactor:
    """Writes doc._.redactions; doc._.redacted_text gives the text with placeholders."""

    def __init__(self, keep: tuple[str, ...] = ()):
        self.keep = keep

    def __call__(self, doc: Doc) -> Doc:
        doc._.redactions = find_redactions(doc, self.keep + tuple(doc.user_data.get("keep", ())))
        return doc

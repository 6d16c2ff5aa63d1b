"""Identifiers by pattern (case refs, DOBs, NHS/NI numbers, phones, emails, postcodes,
addresses, schools) and the Redaction record every layer returns."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

PLACEHOLDERS = {
    "NAME": "[NAME]",
    "CASE-REF": "[CASE-REF]",
    "DOB": "[DOB]",
    "EMAIL": "[EMAIL]",
    "PHONE": "[PHONE]",
    "POSTCODE": "[POSTCODE]",
    "ADDRESS": "[ADDRESS]",
    "NHS-NO": "[NHS-NO]",
    "NI-NO": "[NI-NO]",
    "SCHOOL": "[SCHOOL]",
}

# Identifiers, most specific first: a span claimed by an earlier pattern is not re-read.
_MONTH = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
# Dates as records write them: "9/5/15", "9 May 2015", "May 9, 2015", "2015-05-09", and (round 11)
# the system forms "9-May-2015", "09MAY2015" (any case) and "2015/05/09".
_DATE = (rf"(?:\d{{1,2}}[/.\-]\d{{1,2}}[/.\-]\d{{2,4}}|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\s+\d{{4}}"
         rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}|\d{{4}}/\d{{1,2}}/\d{{1,2}}"
         rf"|\d{{1,2}}(?:-(?i:{_MONTH})-|(?i:{_MONTH}))\d{{2,4}}\b)")
_STREET = (r"(?:Road|Rd|Street|St|Close|Lane|Ln|Avenue|Ave|Drive|Dr|Way|Court|Ct|Crescent|Place|Gardens|Grove|"
           r"Terrace|Walk|Row|Mews|Square|Hill|Park|View|Rise|Parade|Green|Vale|Meadow|Meadows|Fields|Gate|"
           r"Cottages|Cottage|House|Lodge|Mansions|Heights|Buildings|Farm|Fold|Croft|Brow|Chase|Approach|"
           r"Bank|Boulevard|Causeway|Copse|Dale|Drove|Garth|Glade|Glen|Hollow|Mount|Nook|Orchard|Paddock|Quay|Ridge|"
           r"Wharf|Yard|Wynd|Brae|Crest|Leys|Circle|Side|Ginnel|Carr|Ings|Holme|Clough|Beck)")
_BUILDING = r"(?:House|Court|Lodge|Mansions|Tower|Heights|Buildings|Cottages|Point|Place|Towers|Block|Hall)"
IDENTIFIER_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("EMAIL", re.compile(r"\b[\w.+'-]+@[\w-]+(?:\.[\w-]+)+\b")),
    ("DOB", re.compile(
        rf"(?i:\b(?:d\.?o\.?b(?![a-z])\.?|date\s+of\s+birth|born(?:\s+(?:on|in))?)(?![a-z])[\s:;,\-]*(?:is\s+|was\s+)?)"
        rf"(?:{_DATE}|{_MONTH}\s+\d{{4}})")),
    # A date as a field of a slash-separated identity strip ("LCS-1234 / Ada Lee / 3/4/12 / HX1 2AB"):
    # in such a strip a date is the child's, so it goes like a labelled one.
    ("DOB", re.compile(rf"(?<=\S \| )(?:{_DATE})(?= \| )|(?<=\S / )(?:{_DATE})(?= / )")),
    ("PHONE", re.compile(
        r"(?<![\w/])(?:\+44\s?\(?0?\)?\s?|\(?0)(?:\d{2,4}\)?[\s\-]?\d{3,4}[\s\-]?\d{3,4}|7\d{3}\)?[\s\-]?\d{3}[\s\-]?\d{3})(?![\w/])")),
    # NHS numbers: ten digits as 3-3-4 (spaces or hyphens) or run together.
    ("NHS-NO", re.compile(r"(?<![\w/+-])\d{3}([ -]?)\d{3}\1\d{4}(?![\w/-])")),
    # National Insurance numbers: two letters, six digits, A-D ("QQ 12 34 56 C").
    ("NI-NO", re.compile(r"\b[A-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b")),  # any prefix: err towards removal
    # A named school ("Oakfield Primary School", "St Anne's Catholic Primary", "Ravensworth Academy").
    ("SCHOOL", re.compile(
        r"\b(?!(?:Virtual|Special|Independent|Hospital|Forest|Boarding|Residential|Free|Local|The|This|That|"
        r"A|An|Her|His|Their|Our|New|Primary|Secondary|High|Nursery)\b)"
        r"(?:St\.?\s+)?(?:[A-Z][\w'’-]+\s+){1,3}"
        r"(?:(?:C\s+of\s+E|CE|C\s+of\s+E\s+VA|Catholic|RC|Church\s+of\s+England|Community|Methodist)\s+)?"
        r"(?:(?:Primary|Junior|Infant|Infants|Secondary|High|Grammar|Middle|Nursery|Special(?!\s+Guardian))"
        r"(?:\s+(?:School|Academy))?"
        r"|Academy|School|College|Pupil\s+Referral\s+Unit|PRU|Sixth\s+Form(?:\s+College)?)\b"
        r"(?!\s+(?:Nurse|Nurses|Nursing|Counsellor|Counselling)\b)")),  # "FAO School Nurse": a role (round 11)
    ("POSTCODE", re.compile(r"\b(?:[A-Z]{1,2}\d[A-Z\d]?|GIR)\s?\d[A-Z]{2}\b")),
    ("ADDRESS", re.compile(
        rf"\b(?:(?:Flat|Apartment|Apt|Unit)\s+\d+[A-Za-z]?,?\s+)?\d{{1,4}}[A-Za-z]?,?\s+(?:[A-Z][a-z]+\s+){{1,3}}{_STREET}\b"
        rf"|\b(?:Flat|Apartment|Apt|Room)\s+\d+[A-Za-z]?,?\s+(?:[A-Z][a-z]+\s+){{1,3}}{_BUILDING}\b")),
    # A labelled reference of any length ("Case ref: 4418", "LCS ID: 58210", "Mosaic no. AB-1234"):
    # only the value (group "v") is replaced, the label stays readable.
    ("CASE-REF", re.compile(
        r"(?i:\b(?:case\s*(?:ref(?:erence)?|no|number|id)|ref(?:erence)?(?:\s*no)?|"
        r"(?:LCS|ICS|Mosaic|Liquid\s*logic|EHM|CareFirst|Frameworki|Eclipse|Azeus|Paris|child|person|"
        r"client|family|NHS|system|UPN|ULN)\s*(?:id|no|number|ref(?:erence)?)|id)\b\.?\s*(?:[:#]|is\b|was\b)?\s*)"
        r"(?P<v>(?=[A-Z\-/]*\d)[A-Z]{0,4}[\-/]?\d[\d\-/ ]*\d|\d)(?![\w/])")),
    ("CASE-REF", re.compile(r"\b(?:[A-Z]{1,4}[\-/]?)?\d{5,8}\b")),
]



@dataclass(frozen=True)
class Redaction:
    start: int
    end: int
    label: str
    rule: str = field(default="", compare=False)  # which signal fired ("ner", "gazetteer", "dob-pattern" ...)

    @property
    def placeholder(self) -> str:
        return PLACEHOLDERS[self.label]



class Names(dict):
    """Name surface forms found so far, each with the first rule that found it; `rules` keeps
    every rule that found each (a place word is a person's when a rule that sees a person fired)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.rules: dict[str, set[str]] = {}

    def add(self, word: str, rule: str) -> None:
        self.setdefault(word, rule)
        self.rules.setdefault(word, set()).add(rule)


def _overlaps(a_start: int, a_end: int, spans) -> bool:
    return any(a_start < e and s < a_end for s, e in spans)


def _identifier_redactions(text: str) -> list[Redaction]:
    found: list[Redaction] = []
    for label, pattern in IDENTIFIER_PATTERNS:
        group = "v" if "v" in pattern.groupindex else 0
        for m in pattern.finditer(text):
            start, end = m.span(group)
            if label == "SCHOOL" and _council_unit(m[0]):
                continue
            if not _overlaps(start, end, [(r.start, r.end) for r in found]):
                found.append(Redaction(start, end, label, f"{label.lower()}-pattern"))
    return found



def _council_unit(school: str) -> bool:
    """"Rotherham Pupil Referral Unit": a council's own unit, named after the council (a keep
    phrase), not a school that points at a child; "Larchmont Pupil Referral Unit" is a school."""
    m = re.fullmatch(r"(.+?)\s+(?:Pupil\s+Referral\s+Unit|PRU)", school)
    if m is None:
        return False
    from .protect import _places_re
    pattern = _places_re()
    return pattern is not None and pattern.fullmatch(m[1]) is not None

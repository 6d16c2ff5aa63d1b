"""The public redactor: all layers together, placeholders in, the spaCy component."""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from .forms import _unlisted_places
from .name_rules import _TITLES_BEFORE_RE, _name_tokens
from .patterns import Redaction, _identifier_redactions, _overlaps
from .places import place_spans
from .protect import _keep_spans, _person_mentions, _place_spans, _protected_spans
from .recall import _file_names, _initials, _month_as_date, _word_at_sentence_start
from .strong import dob_columns
from .context import TEXT_KEY
from .frames import _listed_first
from .words import _COMMON, _MONTH_ABBREVIATIONS, MONTHS, WORD_NAMES, _function_word, _zipf, not_a_name

def find_redactions(doc: Doc, keep: tuple[str, ...] = ()) -> list[Redaction]:
    """All spans to redact in doc.text, sorted and non-overlapping."""
    doc.user_data[TEXT_KEY] = doc.text  # for the rules' _line_before; removed before returning
    try:
        return _find_redactions(doc, keep, doc.user_data[TEXT_KEY])
    finally:
        doc.user_data.pop(TEXT_KEY, None)


def _find_redactions(doc: Doc, keep: tuple[str, ...], text: str) -> list[Redaction]:
    toks = list(doc)
    found = _identifier_redactions(text)
    found += _file_names(text, [(r.start, r.end) for r in found])
    found += dob_columns(text, [(r.start, r.end) for r in found])
    protected = _protected_spans(doc, text)
    taken = [(r.start, r.end) for r in found]
    # Name candidates first, then the keep phrases: a keep phrase never protects a part of a
    # longer person mention (issue 14: team "e" kept a full name).
    names = _name_tokens(doc, toks, text, protected, taken)
    people = _person_mentions(doc, text, names)
    protected = (protected + _place_spans(text, people, names) + _unlisted_places(text, toks, names)
                 + place_spans(text, toks, names, people))
    if keep:
        protected = protected + _keep_spans(text, keep, people)
    if names:
        pattern = re.compile(r"(?<![\w@.])(?:" + "|".join(sorted(map(re.escape, names), key=len, reverse=True))
                             + r")(?![\w@]|\.\w)")
        for m in pattern.finditer(text):
            if (m[0] in MONTHS or m[0] in _MONTH_ABBREVIATIONS) and _month_as_date(text, m.start(), m.end()):
                continue
            if m[0] in WORD_NAMES and _word_at_sentence_start(doc, m.start(), m.end(), names):
                continue  # "Summer holidays were hard." next to "Summer was placed ..."
            if not _overlaps(m.start(), m.end(), taken) and not _overlaps(m.start(), m.end(), protected):
                found.append(Redaction(m.start(), m.end(), "NAME", names.get(m[0], "propagation")))
                taken.append((m.start(), m.end()))
    # Lower-case repeats in informal notes ("Kayden ... kayden said"), for names that are not words.
    lower = {w.lower(): rule for w, rule in names.items()
             if len(w) > 2 and w[0].isupper() and w not in WORD_NAMES and _zipf(w) < _COMMON}
    if lower:
        pattern = re.compile(r"(?<![\w@.])(?:" + "|".join(sorted(map(re.escape, lower), key=len, reverse=True))
                             + r")(?![\w@]|\.\w)")
        for m in pattern.finditer(text):
            if not _overlaps(m.start(), m.end(), taken) and not _overlaps(m.start(), m.end(), protected):
                found.append(Redaction(m.start(), m.end(), "NAME", lower[m[0]] + "/lower-case-repeat"))
                taken.append((m.start(), m.end()))
    for r in _initials(toks, protected, names):
        if not _overlaps(r.start, r.end, taken):
            found.append(r)
            taken.append((r.start, r.end))
    found = _absorb_particles(text, sorted(found, key=lambda r: r.start))
    found = _absorb_titles(text, found)
    return _merge_adjacent_names(text, found)


# Surname particles: "Mr van der Berg", "Lucia dos Santos", "Ibrahim bin Rashid", "Le Van Thanh".
_PARTICLES = r"(?:van|von|der|den|de|da|dos|das|del|della|di|du|le|la|bin|bint|ibn|al|el|ter|ten|ap)"
_PARTICLES_BEFORE_RE = re.compile(rf"(?:(?<![\w'’])(?:{_PARTICLES}|{_PARTICLES.title()})[ \t]+){{1,3}}$")


def _absorb_particles(text: str, redactions: list[Redaction]) -> list[Redaction]:
    """A particle right before a [NAME] goes with it where a title, another [NAME] or a sentence's
    start stands before the particle (not "the plan de-escalated"; "in de [NAME]" keeps "in")."""
    out: list[Redaction] = []
    for r in redactions:
        if r.label == "NAME":
            floor = out[-1].end if out else 0
            m = _PARTICLES_BEFORE_RE.search(text, floor, r.start)
            if m:
                before = text[floor:m.start()]
                after_name = bool(out) and out[-1].label == "NAME" and before.strip(" \t") == ""
                first = re.search(r"(?<![\w'’-])([A-Z][a-z]+)[ \t]+$", before)  # "Joana dos [NAME]"
                if first and (not_a_name(first[1]) or _function_word(first[1])
                              or not (_listed_first(first[1]) or _zipf(first[1]) < 3.0)):
                    first = None
                if first:
                    r = Redaction(floor + first.start(1), r.end, "NAME", r.rule + "+particle")
                elif (after_name or _TITLES_BEFORE_RE.search(before)
                      or re.search(r"(?:^|[.!?:;]\s*|\n\s*)$", text[:m.start()])):
                    r = Redaction(m.start(), r.end, "NAME", r.rule + "+particle")
        out.append(r)
    return out


def _absorb_titles(text: str, redactions: list[Redaction]) -> list[Redaction]:
    """"Ms Okafor's partner" gives "[NAME]'s partner"; "Mr and Mrs Okafor" one [NAME]."""
    out: list[Redaction] = []
    for r in redactions:
        if r.label == "NAME":
            floor = out[-1].end if out else 0
            m = _TITLES_BEFORE_RE.search(text, floor, r.start)
            if m:
                r = Redaction(m.start(), r.end, "NAME", r.rule)
        out.append(r)
    return out


def _merge_adjacent_names(text: str, redactions: list[Redaction]) -> list[Redaction]:
    """"Sharon Pike" gives one [NAME], not "[NAME] [NAME]"; so do "Ella-Mae" and "Murphy-Jones".
    Never across a line break: findings must not lose their paragraph breaks."""
    merged: list[Redaction] = []
    for r in redactions:
        gap = text[merged[-1].end:r.start] if merged else None
        if (merged and r.label == "NAME" == merged[-1].label
                and (gap.strip(" \t") == "" and "\n" not in gap or gap in ("-", "‐"))):
            rules = dict.fromkeys(merged[-1].rule.split("+") + r.rule.split("+"))
            merged[-1] = Redaction(merged[-1].start, r.end, "NAME", "+".join(x for x in rules if x))
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


def redact_alone(nlp, text: str, keep: tuple[str, ...] = ()) -> tuple[str, list[Redaction]]:
    """A short text (a metadata value, a question) through the pipeline's components up to
    and including the redactor only: the analysis after it is not needed for redaction."""
    doc = nlp.make_doc(text)
    doc.user_data["keep"] = tuple(keep)
    for name, component in nlp.pipeline:
        doc = component(doc)
        if name == "gt_redactor":
            break
    return apply_redactions(text, doc._.redactions or []), list(doc._.redactions or [])


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

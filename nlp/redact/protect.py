"""Keep phrases: team names, services, job titles and a narrative's own team and service
stay readable; the protected list, not the detector, is how they survive."""
from __future__ import annotations

import re

from spacy.tokens import Doc

from .patterns import PLACEHOLDERS
from .words import _function_word, not_a_name

# Protected phrases: teams, services and job titles stay readable.
_TEAM_WORDS = r"(?:Team|Teams|Tm|Hub|Service|Services|Unit|Panel|Board|Partnership|Assess|Safeg)"
_TEAM_RE = re.compile(
    rf"\b(?:[A-Z][\w'&]*\s+){{1,4}}{_TEAM_WORDS}(?:[ \t]+\d+)?\b")
_JOB_TITLES = (
    r"\b(?:Independent Reviewing Officer|Team Manager|Practice Manager|Service Manager|Head of Service|"
    r"Social Worker|Senior Social Worker|Advanced Practitioner|Family Support Worker|Personal Adviser|"
    r"Child Protection Chair|CP Chair|QA Practice Lead|Practice Lead|Designated Teacher|Health Visitor|"
    r"School Nurse|Director of Children's Services|Principal Social Worker|Assistant Director|Moderator|Auditor|"
    r"Deputy Team Manager|Senior Practitioner|Early Help Practitioner|Family Practitioner|Key Worker|"
    r"Supervising Social Worker|Fostering Social Worker|Foster Carer|Virtual School Head|Head Teacher|"
    r"Headteacher|Designated Safeguarding Lead|Youth Worker|Police Officer|Reviewing Officer|"
    r"Senior Manager|Group Manager|Area Manager|Operations Manager|Quality Assurance Officer|"
    r"Child Protection Conference Chair|Conference Chair|Team Leader|Assistant Team Manager)\b")
_JOB_TITLES_RE = re.compile(_JOB_TITLES.replace(" ", r"\s+"))


def _team_like(ent) -> bool:
    """NER's "The Larkspur Family Support Team" (PERSON) is a team; "Sharon Pike Team" is a
    person before a team word."""
    return re.fullmatch(_TEAM_WORDS, ent[-1].text) is not None and any(
        not_a_name(t.text) or _function_word(t.text) for t in ent if t.is_alpha and not re.fullmatch(_TEAM_WORDS, t.text))


def _protected_spans(doc: Doc, text: str) -> list[tuple[int, int]]:
    """Team names (a capitalised phrase ending in a team word) and job titles stay readable."""
    people = [ent for ent in doc.ents if ent.label_ == "PERSON" and not _team_like(ent)]
    spans = []
    for m in _TEAM_RE.finditer(text):
        start = m.start()
        # "Sharon Pike Team Manager": a full name in front of a team word is not the team.
        for ent in people:
            words = [t for t in ent if t.is_alpha and not re.fullmatch(_TEAM_WORDS, t.text)]
            if ent.start_char == start and len(words) >= 2 and words[-1].idx + len(words[-1]) < m.end():
                start = words[-1].idx + len(words[-1])
        start += len(text[start:m.end()]) - len(text[start:m.end()].lstrip())
        spans.append((start, m.end()))
    spans += [(m.start(), m.end()) for m in _JOB_TITLES_RE.finditer(text)]
    return spans


def protected_phrases(text: str) -> list[tuple[int, int]]:
    """Team names and job titles in a short text with no parse (a metadata value)."""
    return ([(m.start(), m.end()) for m in _TEAM_RE.finditer(text)]
            + [(m.start(), m.end()) for m in _JOB_TITLES_RE.finditer(text)])


def usable_keep_phrase(phrase: str) -> bool:
    """A keep phrase (a narrative's team or service) needs two letters and no placeholder:
    team "A" once protected the "A" of every "Aisha" (issue 14)."""
    return (sum(c.isalpha() for c in phrase) >= 2 and "[" not in phrase
            and not any(p in phrase for p in PLACEHOLDERS.values()))


def _keep_spans(text: str, keep: tuple[str, ...], people: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Whole-word, case-sensitive mentions of each full keep phrase, except those that lie in
    (or cut across) a longer mention of a person: "Bramley Rowe" alone is the team, the
    "Rowe" of "Sam Rowe" is not."""
    spans = []
    for phrase in keep:
        if not phrase or not usable_keep_phrase(phrase.strip()):
            continue
        phrase = phrase.strip()
        for m in re.finditer(rf"(?<![\w'’-]){re.escape(phrase)}(?![\w-])", text):
            s, e = m.span()
            if any(ps < e and s < pe and (ps < s or pe > e) for ps, pe in people):
                continue
            spans.append((s, e))
    return spans


def _person_mentions(doc: Doc, text: str, names: set[str]) -> list[tuple[int, int]]:
    """Where NER or a name rule sees a person: NER's PERSON spans and runs of name tokens."""
    spans = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "PERSON" and not _team_like(e)]
    if names:
        pattern = re.compile(r"(?<![\w@.])(?:" + "|".join(sorted(map(re.escape, names), key=len, reverse=True))
                             + r")(?![\w@]|\.\w)")
        runs: list[list[int]] = []
        for m in pattern.finditer(text):
            if runs and text[runs[-1][1]:m.start()] in (" ", "-", "‐", "\t"):
                runs[-1][1] = m.end()
            else:
                runs.append([m.start(), m.end()])
        spans += [(s, e) for s, e in runs]
    return spans



"""Keep phrases: team names, services, job titles and a narrative's own team and service
stay readable; the protected list, not the detector, is how they survive."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc

from nlp.names import listed_first as _first_name

from .ner import _council_like
from .patterns import PLACEHOLDERS
from .words import WORD_NAMES, _common_word, _function_word, not_a_name

# Protected phrases: teams, services and job titles stay readable.
_TEAM_WORDS = (r"(?:Team|Teams|Tm|Hub|Service|Services|Unit|Panel|Board|Partnership|Assess|Safeg|Centre|Center|"
               r"Project|Programme|Clinic|Outreach|Network|Forum|Trust|Foundation|Alliance|Initiative|"
               r"Housing|Surgery|Infirmary|Hospital|Hospice|House|Refuge)")
# A capitalised run ending in a team word; hyphenated words and an age band inside
# ("Edge-of-Care Service", "Leaving Care 16+ Team").
_TEAM_RE = re.compile(
    rf"\b(?:[A-Z][\w'&]*(?:-[\w'&]+)*\s+(?:\d+\+?\s+)?(?:(?:in|of|and|&)\s+(?=[A-Z]))?){{1,4}}{_TEAM_WORDS}"
    rf"(?:[ \t]+\d+)?\b"
    # not a job title's first word ("Ama Bello and Service Manager Kofi": no team "Bello and Service")
    r"(?![ \t]+(?:Manager|Managers|Leader|Chair|Worker|Officer|Lead|Co-ordinator|Coordinator|Adviser|Administrator|"
    r"Member|Secretary)\b)")
# "the Hub", "the Panel's": a team word alone after "the" is the team, no person.
_THE_TEAM_RE = re.compile(rf"(?<=\bthe )(?:the )?{_TEAM_WORDS}\b")
# "the Ivy Lodge assessment unit", "the Holly Grange": a building's name after "the" is no person (round 9).
_THE_BUILDING_RE = re.compile(r"(?<=\b[Tt]he )(?:[A-Z][a-z]+ ){1,2}(?:Lodge|House|Cottage|Court|Hall|Grange|Manor|Villa)\b")
# A language that is also a listed name, where the words around it say language: "speaks only
# Welsh", "in French", "a Nepali interpreter", "Welsh-speaking", "English as an additional
# language". Elsewhere it is a name like any other ("Mr English", "Ruth Welsh").
_NAMED_LANGUAGES = r"(?:English|Welsh|French|German|Cornish|Persian|Nepali|Tagalog|Shona|Akan)"
_LANGUAGE_RE = re.compile(
    rf"\b(?:speaks|speak|spoke|speaking|understands|reads|writes|in|into)"
    rf"(?:[ \t]+(?:only|mainly|some|little|basic|both|fluent))?[ \t]+(?P<lang>{_NAMED_LANGUAGES})\b"
    rf"|\b(?P<before>{_NAMED_LANGUAGES})(?=[ \t-]+(?:speaking|speaker|speakers|language|interpreter|interpreters|"
    rf"translator|translation|version|lessons|classes|medium|as an additional language)\b)")
# Numbered units and items: "Locality 3", "Pod 2", "Item 4", "Section 20" (no name takes a bare number).
_NUMBERED_RE = re.compile(
    r"\b(?:Locality|Team|Pod|Cluster|Area|Unit|Zone|Patch|Hub|Group|Ward|Room|Block|Wing|Sector|District|Division|"
    r"Region|Tier|Phase|Item|Items|Section|Level|Stage|Key Stage|Year|Court|Floor|Bay|Suite|Appendix|Annex|Part|"
    r"Point|Standard|Recommendation|Action|Agenda Item|Paragraph|Page|Step)[ \t]+\d+[A-Za-z]?\b")
_JOB_TITLES = (
    r"\b(?:"
    # "Head of Safeguarding", "Director of Children's Services"
    r"(?:(?:Assistant|Deputy|Executive|Strategic|Interim|Acting|Corporate|Lead|Cabinet|Named|Designated) )?"
    r"(?:Head|Director|Lead|Manager|Chair|Deputy Head|Member|Nurse|Doctor|Officer|Portfolio Holder) (?:of|for) "
    r"(?:Children and Young People|Children and Families|Young People|Children's Services|Children|Safeguarding "
    r"Children|Safeguarding Adults|Safeguarding|Service|Looked After Children|Children in Care|Care Leavers|"
    r"Services|Social Work|Social Care|Quality Assurance|Early Help|Education|Inclusion|Practice|Fostering|"
    r"Adoption|Commissioning|Operations|Children's Social Care|Corporate Parenting|Year \d+)|"
    r"Independent Reviewing Officer|Team Manager|Practice Manager|Service Manager|Head of Service|"
    r"Social Worker|Senior Social Worker|Advanced Practitioner|Family Support Worker|Personal Adviser|"
    r"Child Protection Chair|CP Chair|QA Practice Lead|Practice Lead|Designated Teacher|Health Visitor|"
    r"School Nurse|Director of Children's Services|Principal Social Worker|Assistant Director|Moderator|Auditor|"
    r"Deputy Team Manager|Senior Practitioner|Early Help Practitioner|Family Practitioner|Key Worker|"
    r"Supervising Social Worker|Fostering Social Worker|Foster Carer|Virtual School Head|Head Teacher|"
    r"Headteacher|Designated Safeguarding Lead|Youth Worker|Police Officer|Reviewing Officer|"
    r"Senior Manager|Group Manager|Area Manager|Operations Manager|Quality Assurance Officer|"
    r"Child Protection Conference Chair|Conference Chair|Team Leader|Assistant Team Manager|"
    # any title made of a qualifier and a role ("Educational Psychologist", "Named Nurse")
    r"(?:(?:Senior|Principal|Assistant|Deputy|Lead|Specialist|Consultant|Community|Clinical|Educational|Named|"
    r"Designated|Independent|Advanced|Trainee|Student|Newly Qualified|Acting|Interim|Strategic|Locality|Area|Duty|Family|"
    r"Youth|Child|Children's|Mental Health|School|Health|Safeguarding|Practice|Service|Team|Group|Operations|"
    r"Quality Assurance|Early Help|Social|Support|Participation|Engagement|Edge of Care|Leaving Care|Parenting|"
    r"Attendance|Education|Welfare|Liaison|Placement|Fostering|Adoption|Contact|Court|Case|Missing|Exploitation|"
    r"Domestic Abuse|Progression|Reviewing|Adolescent|Intensive|Justice|Family Group Conference|Child in Care|"
    r"Children in Care|Looked After Children|Permanence|Kinship|Resource|Transitions?|Substance Misuse|Drugs?|"
    r"Alcohol|Housing|Disability|Disabled Children|Outreach|Specialist|Social Work|Apprentice|Independent|"
    r"Psychiatric|Paediatric|Neonatal|Forensic|Registered|Charge|Ward|Staff|Panel|Fostering Panel|Adoption Panel|"
    r"Agency|Decision|Cabinet|Portfolio|Chief|Executive|Business|Partnership|Corporate Parenting|Corporate|"
    r"Programme|Project|Deputy Chief|Cabinet Member|Elected|Lead Member|Minute|Administrative|Business Support|"
    r"Panel Business|Equality|Performance|Data|Information|Complaints|Commissioning|Workforce|Learning) ){1,3}"
    r"(?:Psychologist|Psychiatrist|Paediatrician|Therapist|Nurse|Midwife|Officer|Manager|Worker|Practitioner|"
    r"Adviser|Advisor|Coordinator|Co-ordinator|Director|Consultant|Visitor|Chair|Teacher|Mentor|Counsellor|"
    r"Caseworker|Navigator|Lead|Leader|Head|Assessor|Advocate|Clinician|Supervisor|Apprentice|Champion|"
    r"Visitor|Investigator|Analyst|Specialist|Holder|Maker|Educator|Executive|Member|Taker|Administrator|"
    r"Representative|Commissioner|Partner|Secretary)s?)\b")
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
            words = [t for t in ent if t.is_alpha and not re.fullmatch(_TEAM_WORDS, t.text) and not not_a_name(t.text)]
            # ("Oakhollow Looked After Children Team": NER's "person" with an English word in it is no name)
            if (ent.start_char == start and len(words) >= 2 and words[-1].idx + len(words[-1]) < m.end()
                    and not any(_common_word(w.text) for w in words)):
                start = words[-1].idx + len(words[-1])
        # "Jerguš's Team Around the Family": a possessive that is no English word is a person's, not the team's
        owner = re.match(r"([A-Z][^\W\d_]*)['’]s\s+", text[start:m.end()])
        if owner and not _common_word(owner[1]) and not _listed_town(owner[1]):
            start += owner.end()  # (a listed town that is no first name owns its team: "Widnes's Hub")
        # "a visit by Ilsabet and Children's Services": a rare word or listed first name joined by
        # "and" at the front is a person beside the team (round 11), not "Health and Wellbeing Service"
        joined = re.match(r"([A-Z][^\W\d_]+)\s+(?:and|&)\s+", text[start:m.end()])
        if joined and _person_before_team(joined[1]) and re.search(r"\b(?:by|with)\s+$", text[max(0, start - 6):start]):
            start += joined.end()
        start += len(text[start:m.end()]) - len(text[start:m.end()].lstrip())
        spans.append((start, m.end()))
    spans += [(m.start(), m.end()) for rx in (_JOB_TITLES_RE, _THE_TEAM_RE, _NUMBERED_RE, _THE_BUILDING_RE)
              for m in rx.finditer(text)]
    spans += [m.span("lang" if m["lang"] else "before") for m in _LANGUAGE_RE.finditer(text)]
    return spans


def _person_before_team(word: str) -> bool:
    return not not_a_name(word) and not _listed_town(word) and (_first_name(word) or not _common_word(word))


def protected_phrases(text: str) -> list[tuple[int, int]]:
    """Team names and job titles in a short text with no parse (a metadata value)."""
    return [(m.start(), m.end()) for rx in (_TEAM_RE, _JOB_TITLES_RE, _THE_TEAM_RE, _NUMBERED_RE)
            for m in rx.finditer(text)]


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


def _segments(ent) -> list[tuple[int, int]]:
    """NER's person span cut at a spaced dash, a comma, a bracket or "the": "Cafcass Cymru - Wanjiru"
    and "Kinyanjui Jhaveri - the Targeted Youth Support" are a service beside a person, not one name."""
    out, start = [], None
    for tok in ent:
        cut = tok.lower_ == "the" or (tok.is_punct and not (tok.text in "-‐'’." and not tok.whitespace_
                                                            and tok.i > 0 and not tok.doc[tok.i - 1].whitespace_))
        if cut:
            if start is not None:
                out.append((start, tok.doc[tok.i - 1].idx + len(tok.doc[tok.i - 1])))
            start = None
        elif start is None:
            start = tok.idx
    if start is not None:
        out.append((start, ent.end_char))
    return out


def _person_mentions(doc: Doc, text: str, names: set[str]) -> list[tuple[int, int]]:
    """Where NER or a name rule sees a person: NER's PERSON spans and runs of name tokens."""
    toks = list(doc) if doc.ents else []
    spans = [seg for e in doc.ents if e.label_ == "PERSON" and not _team_like(e) and not _council_like(e, toks)
             for seg in _segments(e)]
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




@lru_cache(maxsize=1)
def _places_re() -> re.Pattern | None:
    """nlp/data/places_councils.txt and protected_services.txt as one whole-word, case-sensitive pattern, longest first."""
    lines = []
    for name in ("places_councils.txt", "protected_services.txt"):
        try:
            lines += (Path(__file__).parent.parent / "data" / name).read_text(encoding="utf-8").splitlines()
        except OSError:
            pass
    if not lines:
        return None
    places = sorted({line.strip() for line in lines if line.strip() and not line.startswith("#")}, key=len, reverse=True)
    return re.compile(r"(?<![\w'’-])(?:" + "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in places) + r")(?![\w-])")


_TITLE_BEFORE_RE = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+$")


# Rules that see a person, not a place that is also a surname ("Mr Preston", "Hull (14)").
_PERSON_RULES = frozenset("title particulars age kin kin-title role-bracket role-apposition addressed name-changed "
                          "beside-placeholder and-family relation-of initials role-or-family-word family-name "
                          "person-object after-title person-predicate asked-what contact-with".split())
# Words before a place ("in Hull", "the Sunderland panel") and after one ("Wigan team", "Lancashire police").
_BEFORE_PLACE = frozenset("in at from to across of near into within around throughout outside the".split())
_AFTER_PLACE = frozenset("""
council councils area areas team teams service services panel panels hub office offices police court courts
partnership partnerships authority authorities la region borough county city district schools school practice
audit audits inspection inspections safeguarding mash front children's cafcass nhs icb ccg hospital hospitals
""".split())
# Before "from" or "to", a word that makes the next word a person ("heard from Devon", "spoke to Devon").
_NOT_PLACE_BEFORE = frozenset("""
heard hear call called phoned rang message email emailed text texted letter note update spoke speak speaks
talked talk talks explained explain wrote write said say listened listen introduced referred sent send
""".split())
_WORD_BEFORE_RE = re.compile(r"([\w'’]+)[ \t]+(?:([\w'’]+)[ \t]+)?$")
_WORD_AFTER_RE = re.compile(r"(?:['’]s)?[ \t]+([\w'’]+)")


def _place_context(text: str, s: int, e: int, names: dict) -> bool:
    """A place where it stands: after "in", "the", "to" (not "spoke to"), before a word of an
    organisation or a capitalised word that is no name ("Bristol City Council")."""
    before = _WORD_BEFORE_RE.search(text, max(0, s - 40), s)
    if before:
        prev, earlier = before[2] or before[1], before[1] if before[2] else ""
        if prev.lower() in _BEFORE_PLACE and earlier.lower() not in _NOT_PLACE_BEFORE:
            return True
    after = _WORD_AFTER_RE.match(text, e)
    if after:
        word = after[1]
        if word.lower() in _AFTER_PLACE or (word[:1].isupper() and word not in names and not word.isupper()):
            return True
    return False


def _place_spans(text: str, people: list[tuple[int, int]], names: dict | None = None) -> list[tuple[int, int]]:
    """Councils, the towns they are named after and national services stay readable where they
    stand as places ("the Sunderland panel", "in Hull", "Bristol City Council"), and anywhere
    when they are no first name and no rule that sees a person found them ("with Kirklees");
    a first name needs a place's context ("Devon told", "visited Devon at home" go). A word
    that is a person's anywhere in the text (after a title, inside a longer mention of a
    person: "Mr Preston", "Amy Preston") is a name in all of it."""
    pattern = _places_re()
    if pattern is None:
        return []
    mentions = [(m.start(), m.end(), m[0]) for m in pattern.finditer(text)]
    names = names or {}
    personal = {w for s, e, w in mentions
                if _TITLE_BEFORE_RE.search(text, max(0, s - 6), s)
                or any(ps <= s and e <= pe and (ps < s or pe > e) for ps, pe in people)}
    rules = getattr(names, "rules", {})
    personal |= {w for w in rules if "family-name" in rules[w]}  # "the Kendal family", "Halifax's family"
    from .places import _PERSON
    services = _services()
    return [(s, e) for s, e, w in mentions
            if w not in personal and (w not in names or _place_context(text, s, e, names)
                                      or (not _first_name(w) and not (rules.get(w, set()) & _PERSON_RULES))
                                      # "Shelter helped the family": an organisation that is also a first
                                      # name, found by NER or the list alone, not by a rule that sees a person
                                      or (w in services and w not in WORD_NAMES and not (rules.get(w, set()) & _PERSON)))]


@lru_cache(maxsize=1)
def _services() -> frozenset[str]:
    """nlp/data/protected_services.txt: organisations and programmes, not places."""
    try:
        lines = (Path(__file__).parent.parent / "data" / "protected_services.txt").read_text(encoding="utf-8").splitlines()
    except OSError:
        return frozenset()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def _listed_town(word: str) -> bool:
    from .places import gb_places
    pattern = _places_re()
    return not _first_name(word) and (word in gb_places() or (pattern is not None and pattern.fullmatch(word) is not None))

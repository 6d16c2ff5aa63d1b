"""Redaction: personal details out, typed placeholders in, before anything is stored.

The statistical NER of the small English pipeline finds most people's names but misses
names that are also words ("Hope told me", "Will was seen") and tags things like
"Annex H" as a person. So the redactor is NER plus rules a reviewer can read:
regular expressions for identifiers (case references, labelled or bare, dates of birth,
phones, emails, postcodes, addresses), a list of first names that are also English words,
single initials standing for a child, and propagation (a name found once is redacted
everywhere in the narrative). Team names, services and job titles are protected.

Names the NER misses are found by what surrounds them, each rule in `_name_tokens`:
a title or a family word before ("Ms Okafor", "Auntie Jo", "her mother, Leanne"), an age
or particulars after ("Tia is 14", "Kayden (6)", "Amelia (LCS ID ...)"), "(name changed)",
a possessive ("Tyler's mum"), a person's verb after an uncommon word ("Keeley said",
"Daisy-Mae Thornton was seen"), a verb of meeting before one ("saw Tyler alone"), and
the rest of a name next to a part already found ("Mason Thistlewood", "Nicola and Ryan").
"Uncommon" is wordfreq's Zipf frequency below 4.3. NER's false people are dropped when
they are domain words (NOT_NAMES, nlp/data's acronym lists) or appear in lower case in the
same narrative. Measured on the demo corpus (tests/fixtures/demo_pii.json): 0 of 349
planted values survive, from 40 with NER and the first rules alone.

Issue 12 made recall the measured target: a name gazetteer (nlp/names.py), unknown
capitalised words in a person's context, hyphenated and lower-case names, names in file
names, NHS and NI numbers and named schools (`_recall_signals`, `_file_names`). Every
Redaction names the rule that fired (`Redaction.rule`). Team and service keep phrases
protect whole-word mentions of the full phrase only, never part of a longer person mention.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Token

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
_DATE = rf"(?:\d{{1,2}}[/.\-]\d{{1,2}}[/.\-]\d{{2,4}}|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\s+\d{{4}}|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})"
_STREET = (r"(?:Road|Rd|Street|St|Close|Lane|Ln|Avenue|Ave|Drive|Dr|Way|Court|Ct|Crescent|Place|Gardens|Grove|"
           r"Terrace|Walk|Row|Mews|Square|Hill|Park|View|Rise|Parade|Green|Vale|Meadow|Meadows|Fields|Gate|"
           r"Cottages|Cottage|House|Lodge|Mansions|Heights|Buildings|Farm)")
_BUILDING = r"(?:House|Court|Lodge|Mansions|Tower|Heights|Buildings|Cottages|Point|Place|Towers|Block|Hall)"
IDENTIFIER_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("EMAIL", re.compile(r"\b[\w.+'-]+@[\w-]+(?:\.[\w-]+)+\b")),
    ("DOB", re.compile(
        rf"(?i:\b(?:d\.?o\.?b(?![a-z])\.?|date\s+of\s+birth|born(?:\s+(?:on|in))?)(?![a-z])[\s:;,\-]*(?:is\s+|was\s+)?)"
        rf"(?:{_DATE}|{_MONTH}\s+\d{{4}})")),
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
        r"(?:(?:Primary|Junior|Infant|Infants|Secondary|High|Grammar|Middle|Nursery|Special)(?:\s+(?:School|Academy))?"
        r"|Academy|School|College)\b")),
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
stated states agreed agrees refused refuses confirmed confirms denied denies went goes
moved moves returned returns needs needed struggles struggled presented presents
became appeared appears seemed seems continues continued remains remained would could
""".split())

# Verbs after which an unknown capitalised word at a sentence start is taken for a person
# ("Keeley said ..."); "is"/"has" are left out: "Ofsted has ...", "Nobody was ...".
SPEECH_VERBS = frozenset("""
told tells said says shared shares expressed expresses explained explains described
describes wants wanted wishes wished feels felt likes liked loves loved enjoys enjoyed
hates hated asked asks disclosed discloses spoke speaks stated states drew draws chose
attends lives stays cried smiled laughed
""".split())

# Words NER tags as people that are not personal details here.
NOT_NAMES = frozenset("""
Nan Nana Nanna Nanny Gran Grandma Grandad Granddad Grandpa Mum Mummy Mom Dad Daddy Auntie
Aunt Uncle Mother Father Baby Sibling Carer Annex Appendix Team Manager Officer Service
Chair Lead Head Worker Practitioner Advocate Ofsted Signs Safety Three Houses
Grade Email E-mail Tel Telephone Mobile Phone Address Postcode Case Ref Reference Record
Child Children Young Person People Social Audit Auditor Auditors Moderator Moderation Plan
Plans Review Reviews Strategy Discussion Meeting Meetings Conference Core Group Police
Health School Schools Education Court Courts Judge Magistrate Magistrates Guardian Council
Authority Local Hospital Nursery College Academy Primary Secondary Virtual Early Help
Family Families Support Assessment Assessments Initial Protection Care Leaver Leavers
Pathway Placement Placements Foster Fostering Adoption Residential Home Homes Contact
Mosaic Liquidlogic LCS ICS EHM Eclipse Section Part Chapter Form Practice Standards
Standard Overall Rating Good Outstanding Inadequate Requires Improvement Summary Findings
Finding Actions Action Recommendations Recommendation Outcome Outcomes Strengths Areas
Development Evidence Voice Wishes Feelings Views Chronology Genogram Supervision
Management Oversight Workers Officers Advocacy Independent Reviewing Designated Teacher
Nurse Visitor Doctor Paediatrician Therapist Counsellor Keyworker Key Mentor Staff Parent
Parents Stepfather Stepmother Stepdad Stepmum Brother Sister Cousin Partner Boyfriend
Girlfriend Husband Wife Son Daughter Grandmother Grandfather Grandparents Kinship Carers
Siblings Twins Infant Toddler Teenager Everyone Nobody Someone Anyone Today Yesterday
Tomorrow Monday Tuesday Wednesday Thursday Friday Saturday Sunday Christmas Easter Covid
Lockdown Wizard Barnardo Barnardos Cafcass Women Men Community County City District
Borough Area Region Street Road Lane North South East West Central Unit Hub Panel Board
Partnership Services Agency Agencies Trust Department Team's Council's Court's Judge's
Rule Act Regulation Regulations Guidance Procedure Procedures Policy Policies Quality
Assurance Framework Tool Toolkit Model Approach Pathways Legal Proceedings Order Orders
Threshold Thresholds Significant Harm Neglect Abuse Domestic Violence Exploitation Missing
Return Interview Statutory Visit Visits Direct Work Life Story Later Letter Portal
Category Score Level Tier Stage Phase Year Key Week Day Number Total Age Page Table Figure
St Saint Drift Delay Interviews Assess Safeg Tm Timescale Timescales Lego Xbox PlayStation Minecraft Fortnite Roblox YouTube TikTok Snapchat
Instagram Facebook WhatsApp Netflix Google Pokemon Disney
Epilepsy Autism Asthma Diabetes Dyslexia Dyspraxia Anxiety Depression Bruising Bruise Bruises
Sundays Mondays Tuesdays Wednesdays Thursdays Fridays Saturdays Makaton PECS
Maths English Science History Geography French Spanish Music Drama Computing PE RE
Majesty Majesty's Inspector Inspectors HMI Eczema Cerebral Palsy Spina Bifida Downs Down's Syndrome Attendance Behaviour Sleep Diet Hygiene
""".split())

TITLES = frozenset("Mr Mrs Ms Miss Mx Dr Master".split())
_MEETING_WORDS = frozenset("""
saw see sees seeing seen visited visit visits visiting met meet meets meeting told tell tells
asked ask asks with supported support helped help encouraged encourage reassured praised
collected accompanied observed
""".split())
_SPEAKING_WORDS = frozenset("spoke speak speaks speaking talked talk talks talking listened listen "
                            "explained explain wrote write read introduced sat worked play played".split())
_SEASON_NOUNS = frozenset("term terms holiday holidays half-term fair camp scheme programme".split())
# After "X's", words that make X an organisation or a place ("Gloucestershire's audit programme").
_INSTITUTIONAL = frozenset("""
audit audits programme programmes performance data figures policy policies strategy approach
framework services teams workforce council model partnership inspection inspections ofsted
improvement quality procedures procedure guidance threshold thresholds front door mash
safeguarding residents population budget
""".split())
_NOT_NAME_PHRASES = frozenset({("Moses", "basket"), ("Down", "syndrome"), ("Asperger", "syndrome")})
# Family words used like titles ("Auntie Jo", "Nanny Pat") and as nouns before a name
# ("her mother, Leanne Harper", "his brother Kai").
KIN_TITLES = frozenset("Auntie Aunty Aunt Uncle Nan Nanny Nana Nanna Gran Granny Grandma Grandad Granddad "
                       "Grandpa Cousin".split())
KIN = frozenset("""
mum mother dad father stepfather stepmother stepdad stepmum step-father step-mother step-dad
step-mum partner boyfriend girlfriend ex-partner husband wife brother sister half-brother
half-sister brothers sisters sibling siblings twin carer carers nan nana nanny gran granny
grandmother grandfather grandma grandad grandparents aunt auntie aunty uncle cousin son
daughter baby friend parents
""".split())
_TITLE = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?"
MONTHS = frozenset("January February March April May June July August September October "
                   "November December".split())

# Words after "X's" that make X a person even at a sentence start ("Tyler's mum said ...").
RELATIONS = frozenset("""
mum mummy mother dad daddy father nan nana nanny gran grandma grandad grandmother
grandfather grandparents grandparent brother brothers sister sisters sibling siblings
half step twin carer carers foster partner boyfriend girlfriend aunt auntie uncle cousin
cousins parent parents family friend friends teacher school nursery class social worker
key voice views wishes feelings needs behaviour presentation safety bedroom room home
house placement plan health education attendance experience lived daily life birth
biological paternal maternal older younger elder baby son daughter child children
pathway care case file record own new previous former current
""".split())

_NAME_CHANGED_RE = re.compile(
    r"(?<![\w'’-])([A-Z][\w'’]*(?:-[A-Z][\w'’]*)?(?:[ \t]+[A-Z][\w'’]*(?:-[A-Z][\w'’]*)?)?)"
    r"[ \t]*\((?:(?:all[ \t]+)?names?[ \t]+(?:(?:has|have)[ \t]+been[ \t]+)?(?:changed|altered|anonymised)"
    r"|not[ \t]+(?:his|her|their|the|a)[ \t]+real[ \t]+name|pseudonym|alias|anonymised)\)", re.IGNORECASE)
_POSSESSIVE_RE = re.compile(r"(?<![\w'’-])([A-Z][a-z]+(?:[-'’][A-Z][a-z]+)*)['’]s\b")
_TITLES_BEFORE_RE = re.compile(rf"(?:\b{_TITLE}[ \t]+(?:(?:and|&)[ \t]+)?)+$")
_NAME_WORD = r"[A-Z][a-z]*(?:['’][A-Z][a-z]+)?(?:-[A-Z][a-z]+)*"
_AGE = (r"(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
        r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|twenty-one)")
# "Kayden (6)", "Amelia (LCS ID 77123, DOB ...)", "Alfie (DOB ...)": a name then its particulars.
_NAME_PAREN_RE = re.compile(rf"(?<![\w'’-])({_NAME_WORD})[ \t]*\(([^()\n]{{0,80}})\)")
_PARTICULARS_RE = re.compile(
    r"(?i:\s*(?:aged?\s+\d|(?:[a-z.]+\s+){0,2}(?:ref(?:erence)?|id|dob|d\.o\.b|no)\b\.?\s*:?\s*\w*\d|born\b|"
    r"dob\b|d\.o\.b|names?\s+(?:changed|altered)))")
# "Tia is 14", "Sophie is nine", "Isla, five, was ...": a name then an age.
_NAME_AGE_RE = re.compile(
    rf"(?<![\w'’-])({_NAME_WORD})(?:[ \t]+(?:is|was|turned|turns)(?:[ \t]+(?:now|nearly|almost|just|only))?[ \t]+"
    rf"|,[ \t]*(?:aged[ \t]+)?(?=(?:{_AGE})[ \t]*,)){_AGE}(?![\w-])(?![ \t]+(?:of|percent|per|%|times|days|weeks|months|hours))")
_BESIDE_PLACEHOLDER_RE = re.compile(
    r"(?<![\w'’-])([A-Z][a-z]+(?:[-'’][A-Z][a-z]+)*)[ \t]+\[NAME\]|\[NAME\][ \t]+([A-Z][a-z]+(?:[-'’][A-Z][a-z]+)*)(?![\w-])")
_COMMON = 4.3  # wordfreq Zipf frequency above which a capitalised word is more likely a word


def _lexicon(filename: str, column: int = 0) -> frozenset[str]:
    """Acronyms and terms listed in nlp/data (jargon, allowlist): never names."""
    from pathlib import Path
    path = Path(__file__).parent / "data" / filename
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return frozenset()
    terms = set()
    for line in lines:
        if line.strip() and not line.startswith("#"):
            term = line.split("\t")[column].strip()
            if term and " " not in term and term != "term":
                terms.add(term)
    return frozenset(terms)


_MONTH_ABBREVIATIONS = frozenset("Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec".split())
# A month's abbreviation is a name too ("Jun", "Mar"): it stays only inside a date.
_ACRONYMS = (_lexicon("acronym_allowlist.txt") | _lexicon("jargon.tsv")) - _MONTH_ABBREVIATIONS


_DOTTED_INITIAL = re.compile(r"[A-Z]\.")  # "J.": spaCy keeps an initial and its full stop together


@lru_cache(maxsize=65536)
def _common_word(word: str) -> bool:
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # pragma: no cover
        return True
    return zipf_frequency(word.lower(), "en") >= _COMMON


@lru_cache(maxsize=65536)
def _function_word(word: str) -> bool:
    """"This", "There", "Everything": too common to be a name for the guessing rules."""
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # pragma: no cover
        return False
    return word not in WORD_NAMES and zipf_frequency(word.lower(), "en") >= 5.5


def not_a_name(word: str) -> bool:
    """Domain words, titles, acronyms and all-capital words: never a name."""
    return (word in NOT_NAMES or word in TITLES or word in _ACRONYMS
            or (word.isupper() and len(word) > 2) or not any(c.isalpha() for c in word))


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
_INITIAL_EXEMPT_BEFORE = frozenset("""
plan annex appendix category tier level grade section part schedule table figure option
phase stage vitamin type group form block wing class year key ward room door floor bay
zone route wave model step hepatitis blood team unit pod house cohort sample criteria
scenario exhibit note paragraph para clause list column row box question item point
standard band priority a an grades rated
""".split())


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
    """Name surface forms found so far, each with the first rule that found it."""

    def add(self, word: str, rule: str) -> None:
        self.setdefault(word, rule)


def _overlaps(a_start: int, a_end: int, spans) -> bool:
    return any(a_start < e and s < a_end for s, e in spans)


def _identifier_redactions(text: str) -> list[Redaction]:
    found: list[Redaction] = []
    for label, pattern in IDENTIFIER_PATTERNS:
        group = "v" if "v" in pattern.groupindex else 0
        for m in pattern.finditer(text):
            start, end = m.span(group)
            if not _overlaps(start, end, [(r.start, r.end) for r in found]):
                found.append(Redaction(start, end, label, f"{label.lower()}-pattern"))
    return found


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


_LIST_MARKER_RE = re.compile(
    r"[\s\xa0]*(?:[(\[]?(?:\d{1,2}(?:\.\d{1,2})*|[a-zA-Z]|[ivxIVX]{1,4})[.):\]]|[-•*–·▪o])?[\s\xa0]*")


_ADVERBS = frozenset("now still also then later recently initially often sometimes never always clearly "
                     "repeatedly consistently previously currently already".split())
_ADVERBS_OR_NOT = _ADVERBS | {"not", "been", "n't"}
_AUXILIARIES = frozenset("has had was is hasn't wasn't isn't".split())
_PARTICIPLES = frozenset("said told shared explained disclosed described expressed asked seen spoken "
                         "visited placed moved referred living staying attending returned".split())


def _capitalised_run(toks: list[Token], i: int, limit: int = 4) -> tuple[list, int]:
    """The capitalised words from token i on ("Daisy", "Mae", "Thornton" in "Daisy-Mae Thornton"),
    and the index of the token after them."""
    run = []
    while i < len(toks) and len(run) < limit:
        token = toks[i]
        if token.is_alpha and token.text[:1].isupper() and len(token) > 1:
            run.append(token)
            i += 1
        elif (token.text in ("-", "‐") and run and toks[i - 1].whitespace_ == "" and token.whitespace_ == ""
              and i + 1 < len(toks) and toks[i + 1].text[:1].isupper()):
            i += 1
        else:
            break
    return run, i


def _person_verb_follows(toks: list[Token], i: int) -> bool:
    """"said", "now lives", "has told", "was seen" from token i on: a person is the subject."""
    while i < len(toks) and toks[i].lower_ in _ADVERBS:
        i += 1
    if i >= len(toks):
        return False
    if toks[i].lower_ in SPEECH_VERBS:
        return True
    if toks[i].lower_ in _AUXILIARIES:
        i += 1
        while i < len(toks) and toks[i].lower_ in _ADVERBS_OR_NOT:
            i += 1
        return i < len(toks) and toks[i].lower_ in _PARTICIPLES
    return False


def _line_before(token, most: int = 6) -> str:
    """The text between the last line break (or the start) and token, if it is at most a few
    tokens long ("a) ", "3. ", "• "); otherwise a word, which is no list marker."""
    doc, parts = token.doc, []
    for i in range(token.i - 1, max(-1, token.i - 1 - most), -1):
        piece = doc[i].text_with_ws
        if "\n" in piece:
            parts.append(piece[piece.rfind("\n") + 1:])
            return "".join(reversed(parts))
        parts.append(piece)
    return "".join(reversed(parts)) if token.i <= most else "x"


def _starts_sentence(token) -> bool:
    """A sentence start, also after a line break or an opening quote (the sentence recogniser
    gives the break its own token and may start the sentence there)."""
    if token.is_sent_start or token.i == 0:
        return True
    if _LIST_MARKER_RE.fullmatch(_line_before(token)):
        return True  # "a) Delayed recording", "3. Deploy the tool", "• Drift"
    prev = token.doc[token.i - 1]
    return (prev.is_space and "\n" in prev.text) or prev.text in ("'", "‘", '"', "“") and (
        token.i < 2 or token.doc[token.i - 2].is_space or token.doc[token.i - 2].is_sent_start)


def _name_tokens(doc: Doc, toks: list[Token], text: str, protected, taken=()) -> set[str]:
    """Surface forms of name tokens: NER, titles, word-names, possessives, "(name changed)",
    "Keeley said", and the surname next to a first name found by any of those. `toks` is
    list(doc) and `text` doc.text, made once (spaCy builds a new Token on each doc[i], and
    doc.text anew on each access)."""
    names = Names()
    blocked = list(protected) + list(taken)

    def free(start: int, end: int) -> bool:
        return not _overlaps(start, end, blocked)

    def add(token_text: str, rule: str) -> None:
        word = re.sub(r"['’]s$", "", token_text).rstrip(".")
        if len(word) > 1 and word[0].isupper() and not not_a_name(word):
            names.add(word, rule)

    lowercase_words = {t.text for t in toks if t.is_lower}
    ents = list(doc.ents)
    in_person = {i for e in ents if e.label_ == "PERSON" for i in range(e.start, e.end)}
    by_start = {t.idx: t for t in toks}
    for ent in ents:
        if ent.label_ != "PERSON":
            continue
        if len(ent) == 1 and ent.text.lower() in lowercase_words and ent.text not in WORD_NAMES:
            continue  # "Timescales were missing" next to "CP timescales": a word, not a name
        if (len(ent) == 1 and ent.end + 1 < len(toks) and toks[ent.end].text in ("'s", "’s")
                and toks[ent.end + 1].lower_ in _INSTITUTIONAL):
            continue  # "Gloucestershire's audit programme"
        for token in ent:
            if token.i > 0 and toks[token.i - 1].text in ("St", "St.", "Saint"):
                continue  # "St Mary's", a school or a church
            if (token.is_alpha or "'" in token.text or "’" in token.text) and free(token.idx, token.idx + len(token)):
                add(token.text, "ner")
    for i, token in enumerate(toks):
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if token.text.rstrip(".") in TITLES and nxt is not None and nxt.text[:1].isupper():
            if free(nxt.idx, nxt.idx + len(nxt)):
                add(nxt.text, "title")
        if token.text in WORD_NAMES and free(token.idx, token.idx + len(token)):
            followed_by_person_verb = nxt is not None and (
                nxt.lower_ in PERSON_VERBS or nxt.text in ("'s", "’s", "(", ",") or nxt.lower_ == "and")
            # "the Royal Hospital", "River Severn": a capitalised word after it that is not
            # itself a name makes a place or an organisation, not a person.
            before_proper = (nxt is not None and nxt.text[:1].isupper() and nxt.is_alpha
                             and nxt.i not in in_person)
            season = nxt is not None and nxt.lower_ in _SEASON_NOUNS  # "the Summer term"
            if followed_by_person_verb or (not _starts_sentence(token) and not before_proper and not season):
                add(token.text, "word-name")
        if token.text.endswith(("'s", "’s")) and token.text[:-2] in WORD_NAMES:
            add(token.text, "word-name")
        # "Keeley said ...": an uncommon capitalised word at a sentence start, then a person's verb.
        if (token.is_alpha and token.text[:1].isupper() and nxt is not None and _starts_sentence(token)
                and _person_verb_follows(toks, token.i + 1) and not _common_word(token.text)
                and not not_a_name(token.text) and free(token.idx, token.idx + len(token))):
            add(token.text, "verb-after")
        # "Daisy-Mae Thornton was seen ...": a run of capitalised words opening a sentence (or
        # after "saw", "with" ...), then a person's verb.
        if (token.is_alpha and token.text[:1].isupper() and len(token) > 1
                and (_starts_sentence(token) or (token.i > 0 and toks[token.i - 1].lower_ in _MEETING_WORDS))):
            run, j = _capitalised_run(toks, token.i)
            if (len(run) >= 2 and _person_verb_follows(toks, j)
                    and not any(not_a_name(w.text) or _function_word(w.text) or w.text in MONTHS for w in run)
                    and any(w.text in WORD_NAMES or not _common_word(w.text) for w in run)
                    and all(free(w.idx, w.idx + len(w)) for w in run)):
                for w in run:
                    add(w.text, "verb-after")
        # "T. Okafor": an initial and a full stop, then an uncommon capitalised word.
        if _DOTTED_INITIAL.fullmatch(token.text) and nxt is not None and nxt.is_alpha and len(nxt) > 1 \
                and nxt.text[:1].isupper() and not _common_word(nxt.text) and free(nxt.idx, nxt.idx + len(nxt)):
            add(nxt.text, "initial-surname")
    # "the social worker saw Tyler alone": an uncommon capitalised word alone, as the object of
    # a verb of meeting or speaking (NER gives such names back as places or nothing at all).
    other_ents = [e for e in ents if e.label_ not in ("PERSON", "ORG", "CARDINAL", "ORDINAL", "QUANTITY")]
    words = [t for t in toks if not t.is_space]
    for w, token in enumerate(words):
        if w < 1 or not token.is_alpha or len(token) < 2 or not token.text[0].isupper() or _starts_sentence(token):
            continue
        if token.text.isupper() or not token.text[1:].islower() or token.text in names:
            continue
        prev, nxt = words[w - 1], (words[w + 1] if w + 1 < len(words) else None)
        before = words[w - 2].lower_ if w >= 2 else ""
        if not (prev.lower_ in _MEETING_WORDS or (prev.lower_ in ("to", "with") and before in _SPEAKING_WORDS)):
            continue
        if nxt is not None and (nxt.text[:1].isupper() and nxt.is_alpha or nxt.text == "-"
                                or (token.text, nxt.lower_) in _NOT_NAME_PHRASES):
            continue  # part of a longer proper noun ("with Early Help")
        if (token.text in MONTHS or not_a_name(token.text) or _common_word(token.text)
                or token.lower_ in lowercase_words or not free(token.idx, token.idx + len(token))):
            continue
        ent = next((e for e in other_ents if e.start <= token.i < e.end), None)
        if ent is not None and not (ent.label_ in ("GPE", "LOC", "FAC") and len(ent) == 1):
            continue
        add(token.text, "meeting-verb")
    # "Aisha [NAME]", "[NAME] Barker": the rest of a name whose other part was redacted
    # (a store written by an older redactor, re-checked).
    for m in _BESIDE_PLACEHOLDER_RE.finditer(text):
        group = 1 if m[1] else 2
        word = m[group]
        if (not not_a_name(word) and not _function_word(word) and word not in MONTHS
                and free(m.start(group), m.end(group))):
            for part in word.split("-"):
                add(part, "name-changed")
    for m in _NAME_CHANGED_RE.finditer(text):
        if free(m.start(1), m.end(1)):
            for word in re.split(r"[ \t]+|-", m[1]):
                add(word, "beside-placeholder")
    for m in _POSSESSIVE_RE.finditer(text):
        word = m[1]
        if not_a_name(word) or not free(m.start(1), m.end(1)) or re.search(r"\b(?:St\.?|Saint)\s+$", text[:m.start(1)]):
            continue  # "St Mary's Primary School"
        token = by_start.get(m.start(1))
        following = re.match(r"\s*([A-Za-z]+)", text[m.end():])
        related = following is not None and following[1].lower() in RELATIONS
        if following is not None and following[1].lower() in _INSTITUTIONAL:
            continue  # "Gloucestershire's audit programme"
        place = token is not None and any(e.label_ not in ("PERSON", "ORG") and e.start <= token.i < e.end
                                          for e in ents)
        if word in MONTHS or (place and not related):
            continue  # "May's audits", "Gloucestershire's audit programme"
        sentence_start = token is None or _starts_sentence(token) or text[:m.start(1)].rstrip()[-1:] in ("", ":", "\n")
        following = re.match(r"\s*([A-Za-z]+)", text[m.end():])
        related = following is not None and following[1].lower() in RELATIONS
        if not sentence_start or related or not _common_word(word):
            for part in re.split(r"-", word):
                add(part, "possessive")
    for m in _NAME_PAREN_RE.finditer(text):
        word, inside = m[1], m[2]
        if len(word) < 2 or not_a_name(word) or _function_word(word) or not free(m.start(1), m.end(1)):
            continue
        if word in MONTHS:
            continue
        labelled = _PARTICULARS_RE.match(inside) is not None
        age = re.fullmatch(rf"\s*(?:aged?\s+)?{_AGE}(?:\s*(?:years?|yrs?)(?:\s*old)?)?\s*", inside) is not None
        after = re.match(r"\s*(['’]s\b|[A-Za-z]+|,)", text[m.end():])
        acts = after is not None and (after[1].lower() in PERSON_VERBS or after[1] in ("and", ",", "'s", "’s"))
        if labelled or _overlaps(m.start(2), m.end(2), taken) or (age and acts):
            for part in word.split("-"):
                add(part, "particulars")
    for m in _NAME_AGE_RE.finditer(text):
        word = m[1]
        if len(word) > 1 and not not_a_name(word) and not _function_word(word) and free(m.start(1), m.end(1)):
            for part in word.split("-"):
                add(part, "age")
    for i, token in enumerate(toks[:-1]):
        nxt = toks[i + 1]
        # "Auntie Jo", "Nanny Pat"
        if token.text in KIN_TITLES and nxt.is_alpha and nxt.text[:1].isupper() and free(nxt.idx, nxt.idx + len(nxt)):
            add(nxt.text, "kin-title")
        # "her mother, Leanne Harper", "his brother Kai", "parents, Nicola and Ryan"
        if token.lower_ in KIN and not token.text[:1].isupper():
            j = i + 2 if nxt.text == "," and i + 2 < len(toks) else i + 1
            cand = toks[j]
            if (cand.is_alpha and cand.text[:1].isupper() and not _starts_sentence(cand) and len(cand) > 1
                    and not not_a_name(cand.text) and not _function_word(cand.text) and cand.text not in MONTHS
                    and free(cand.idx, cand.idx + len(cand))):
                add(cand.text, "kin")
    _recall_signals(doc, toks, names, free, ents)
    # A surname next to a first name found above ("Tyler Okafor", "Liam Murphy-Jones"), and
    # a name joined to one ("Nicola and Ryan", "Becky and [Ryan]").
    changed = True
    while changed:
        changed = False
        for i, token in enumerate(toks[:-2]):
            pair = (token, toks[i + 2]) if toks[i + 1].lower_ in ("and", "&") else None
            if pair is None or (pair[0].text in names) == (pair[1].text in names):
                continue
            other = pair[1] if pair[0].text in names else pair[0]
            if (other.is_alpha and other.text[:1].isupper() and len(other) > 1 and not not_a_name(other.text)
                    and not _function_word(other.text) and other.text not in MONTHS
                    and not (_starts_sentence(other) and _common_word(other.text))
                    and free(other.idx, other.idx + len(other))):
                names.add(other.text, "neighbour")
                changed = True
        for i, token in enumerate(toks[:-1]):
            if token.text not in names:
                continue
            j = i + 2 if toks[i + 1].text in ("-", "‐") and token.whitespace_ == "" else i + 1
            if j >= len(toks) or (j == i + 1 and token.whitespace_ not in (" ", "\t")):
                continue
            nxt = toks[j]
            if (nxt.is_alpha and nxt.text[:1].isupper() and nxt.text not in names and not not_a_name(nxt.text)
                    and nxt.text not in MONTHS and free(nxt.idx, nxt.idx + len(nxt))):
                names.add(nxt.text, "neighbour")
                changed = True
        # ... and the first name in front of a surname found above ("Mason Thistlewood (case ref ...)").
        for i, token in enumerate(toks[1:], start=1):
            prev = toks[i - 1]
            if token.text not in names or prev.text in names or prev.whitespace_ not in (" ", "\t"):
                continue
            if (prev.is_alpha and len(prev) > 1 and prev.text[:1].isupper() and not prev.text.isupper()
                    and not not_a_name(prev.text) and not _function_word(prev.text) and prev.text not in MONTHS
                    and (prev.text in WORD_NAMES or not _common_word(prev.text) or not _starts_sentence(prev))
                    and free(prev.idx, prev.idx + len(prev))):
                names.add(prev.text, "neighbour")
                changed = True
    for word, rule in list(names.items()):  # "Daisy-Mae" -> "Daisy", "Mae"; "O'Neill" -> "Neill"
        for part in re.split(r"-|(?<=^[A-Z])['’]|(?<=^[DL])['’]", word)[1 if "'" in word or "’" in word else 0:]:
            if len(part) > 2 and part[0].isupper() and not not_a_name(part) and part != word:
                names.add(part, rule + "/part")
    return names


_PLACE_PREPOSITIONS = frozenset("in at from to across of near into within around throughout".split())


def _recall_signals(doc: Doc, toks: list[Token], names: Names, free, ents) -> None:
    """Issue 12's recall-first signals, each named: a listed name (the gazetteer, nlp/names.py),
    an unknown capitalised word in a person's context (after a role or family word, before a
    person's verb, before "'s"), hyphenated names, and a listed name in lower case where a
    person would be ("saw tariq at school")."""
    from nlp.names import is_name, uncommon_name

    def org_word(tok) -> bool:  # "Infirmary", "Primary", "Assessment": a word of a place or an organisation
        return tok.text not in names and not is_name(tok.text) and (not_a_name(tok.text) or _zipf(tok.text) >= 3.0)

    placey = set()
    for e in ents:
        if e.label_ in ("PERSON", "CARDINAL", "ORDINAL", "QUANTITY", "DATE", "TIME", "PERCENT", "MONEY"):
            continue
        words = [t for t in e if t.is_alpha]
        if len(words) > 1 and any(org_word(t) for t in words):
            placey.update(range(e.start, e.end))  # "Bradford Royal Infirmary", "Oakfield Primary"
        elif len(words) == 1 and e.start > 0 and toks[e.start - 1].lower_ in _PLACE_PREPOSITIONS:
            placey.add(e.start)  # "in Barnsley"
    n = len(toks)
    for i, token in enumerate(toks):
        t = token.text
        if len(t) < 2 or not token.is_alpha or not free(token.idx, token.idx + len(token)) or t in names:
            continue
        j = i - 1
        while j >= 0 and toks[j].text in (",", "(", ":", "-", "–"):
            j -= 1
        prev = toks[j].lower_ if j >= 0 else ""
        k = i + 1
        if k < n and toks[k].text == "(":  # "Kaz (the older sibling) told ..."
            close = next((m for m in range(k, min(n, k + 12)) if toks[m].text == ")"), None)
            k = close + 1 if close is not None else k
        nxt = toks[k] if k < n else None
        role = prev in ROLE_WORDS or prev in KIN
        owner = (nxt is not None and nxt.text in ("'s", "’s")
                 and not (k + 1 < n and toks[k + 1].lower_ in _INSTITUTIONAL))  # not "Gloucestershire's audit"
        acts = nxt is not None and (nxt.lower_ in PERSON_VERBS or owner or _person_verb_follows(toks, k))
        if token.is_lower:
            after = toks[i + 1].lower_ if i + 1 < n else "."
            if len(t) > 2 and is_name(t) and (
                    (_zipf(t) < 3.5 and (prev in _MEETING_WORDS or prev in KIN or acts))
                    or (_zipf(t) < 5.0 and prev in ("saw", "seen", "visited", "met", "rang", "phoned", "called")
                        and after in (".", ",", "at", "in", "with", "today", "alone", "and", "'s", "’s"))):
                names.add(t, "gazetteer-lower-case")  # "saw kayden at school"
            continue
        if t.isupper() or not_a_name(t) or t in MONTHS or _function_word(t) or i in placey:
            continue
        if nxt is not None and (t, nxt.lower_) in _NOT_NAME_PHRASES:
            continue  # "Moses basket"
        # "Lilly-Ann", "Smith-Ellery": capitalised parts joined by a hyphen, one of them a listed name
        if (i + 2 < n and toks[i + 1].text in ("-", "‐") and token.whitespace_ == "" and toks[i + 1].whitespace_ == ""
                and toks[i + 2].is_alpha and toks[i + 2].text[:1].isupper() and not not_a_name(toks[i + 2].text)
                and (is_name(t) or is_name(toks[i + 2].text)) and not org_word(toks[i + 2])):
            names.add(t, "hyphenated-name")
            names.add(toks[i + 2].text, "hyphenated-name")
            continue
        start = _starts_sentence(token)
        run = []
        for m in range(i + 1, min(n, i + 5)):
            if toks[m].text in ("-", "‐"):
                continue
            if not (toks[m].is_alpha and toks[m].text[:1].isupper()):
                break
            run.append(toks[m])
        if run and any(org_word(x) for x in run) and not acts:
            continue  # "Bradford Royal Infirmary", "Oakfield Primary School"
        following_name = bool(run) and (run[0].text in names or is_name(run[0].text))
        if uncommon_name(t) and (not start or acts or following_name or role):
            names.add(t, "gazetteer")
        elif role and (is_name(t) or not _common_word(t)):
            names.add(t, "role-or-family-word")  # "the social worker, Anna Gravelle,"
        elif acts and not _common_word(t) and (not start or k > i + 1):
            names.add(t, "unknown-capitalised")  # "... when Chidinma said", "Kaz (the older sibling) told"
        elif following_name and is_name(t) and not start and not _common_word(run[0].text):
            names.add(t, "gazetteer")  # "Jean Okafor"


@lru_cache(maxsize=65536)
def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency
    return zipf_frequency(word.lower(), "en")


ROLE_WORDS = frozenset("""
worker workers sw teacher headteacher head iro manager officer nurse gp doctor practitioner chair
inspector inspectors auditor moderator advocate mentor keyworker pa adviser advisor visitor therapist
counsellor paediatrician guardian solicitor interpreter hmi lead senco dsl coordinator supervisor
""".split())


def _initials(toks: list[Token], protected, names: set[str] = frozenset()) -> list[Redaction]:
    """Single capital letters standing for a child: "C was seen", "M's mum", "with C"."""
    found = []
    for i, token in enumerate(toks):
        dotted = _DOTTED_INITIAL.fullmatch(token.text) is not None  # spaCy keeps "J." as one token
        if (len(token.text) != 1 and not dotted) or not token.text[0].isupper() or token.text[0] in ("A", "I"):
            continue
        prev = toks[i - 1].lower_ if i > 0 else ""
        nxt = toks[i + 1].text if i + 1 < len(toks) else ""
        if prev in _INITIAL_EXEMPT_BEFORE or nxt in (".", ")") and prev in ("(",):
            continue
        if nxt in ("-", "&", "/", "+") or prev in ("-", "&", "/", "+"):
            continue  # "X-ray", "T-shirt", "A&E", "B/C"
        if i > 0 and toks[i - 1].whitespace_ == "" and not toks[i - 1].is_punct and not toks[i - 1].is_space:
            continue
        end = token.idx + 1
        j = i + 1 if dotted else (i + 2 if nxt == "." else len(toks))
        after = toks[j] if j < len(toks) else None
        if after is not None and after.text[:1].isupper() and len(after) > 1 and after.idx - end <= 2:
            if after.text in names:
                end = token.idx + 2  # "J. Smith": the initial goes with the name
        if _overlaps(token.idx, end, protected):
            continue
        found.append(Redaction(token.idx, end, "NAME", "initial"))
    return found


def _word_at_sentence_start(doc: Doc, start: int, end: int, names=frozenset()) -> bool:
    """A word-name opening a sentence with no person's verb after it: the word, not the name."""
    span = doc.char_span(start, end)
    if span is None or len(span) != 1:
        return False
    token = span[0]
    if not _starts_sentence(token) or any(e.label_ == "PERSON" and e.start <= token.i < e.end for e in doc.ents):
        return False
    nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
    if nxt is not None and nxt.text in ("-", "‐") and token.whitespace_ == "" and token.i + 2 < len(doc):
        nxt = doc[token.i + 2]  # "Daisy-Mae"
    return not (nxt is not None and (nxt.lower_ in PERSON_VERBS or nxt.text in ("'s", "’s", "(", ",")
                                     or nxt.lower_ == "and" or nxt.text in names))


def _month_as_date(text: str, start: int, end: int) -> bool:
    """"3 May 2019", "May 2019": a month in a date, not a girl called May."""
    return bool(re.search(r"\d(?:st|nd|rd|th)?\s*$", text[max(0, start - 6):start])
                or re.match(r"\s*\d", text[end:end + 3]))


_FILE_RE = re.compile(
    r"(?<![\w/\\.-])([\w'’-]+(?:[_ ][\w'’-]+)*?)(\.(?:docx?|pdf|xlsx?|csv|txt|rtf|odt|msg|eml|jpe?g|png|pptx?))\b"
    r"|(?<![\w/\\.-])([A-Za-z][\w'’-]*_[\w'’-]+)(?![\w/])", re.IGNORECASE)


def _file_names(text: str, taken) -> list[Redaction]:
    """"wei_chen_chronology.docx", "kayden-pike_notes": a file name or an id with a listed name
    in it goes whole (its extension stays)."""
    from nlp.names import is_name, names_in_identifier, words_of_identifier

    found = []
    for m in _FILE_RE.finditer(text):
        group = 1 if m[1] else 3
        stem = m[group]
        if " " in stem:  # "notes on Kayden Pike.docx": only the last words make the name
            stem = stem.split(" ")[-1]
        start = m.end(group) - len(stem)
        words = words_of_identifier(stem)
        if (names_in_identifier(stem) or (len(words) > 1 and any(is_name(w) and _zipf(w) < 5.0 and len(w) > 2 for w in words))) \
                and not _overlaps(start, m.end(group), taken):
            found.append(Redaction(start, m.end(group), "NAME", "file-name"))
    return found


def find_redactions(doc: Doc, keep: tuple[str, ...] = ()) -> list[Redaction]:
    """All spans to redact in doc.text, sorted and non-overlapping."""
    text = doc.text
    toks = list(doc)
    found = _identifier_redactions(text)
    found += _file_names(text, [(r.start, r.end) for r in found])
    protected = _protected_spans(doc, text)
    taken = [(r.start, r.end) for r in found]
    # Name candidates first, then the keep phrases: a keep phrase never protects a part of a
    # longer person mention (issue 14: team "e" kept a full name).
    names = _name_tokens(doc, toks, text, protected, taken)
    if keep:
        protected = protected + _keep_spans(text, keep, _person_mentions(doc, text, names))
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
    found = _absorb_titles(text, sorted(found, key=lambda r: r.start))
    return _merge_adjacent_names(text, found)


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

"""When a word is jargon in context, what an acronym looks like, and how common a word is."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

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

# "step up and step down", "step-up or step-down arrangements", "stepped up or down": the pair
# is the move between levels of service, whatever follows.
_STEP_PAIR = re.compile(r"\bstep(?:ped)?[\s-]+up\s*(?:and|or|/|&)\s*(?:step(?:ped)?[\s-]+)?down\b", re.IGNORECASE)

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
        # Also a contact acted on as a notification: received, progressed, closed, created,
        # responded to, overseen, made or sent to a service; contacts about a child; contacts
        # judged against thresholds.
        also=re.compile(r"\b(?:MASH|front[\s-]+door|screen(?:s|ed|ing)?|RAG[\s-]*rat\w*|risk[\s-]+rat\w*|triag\w*|"
                        r"contacts?\s+(?:and|or)\s+referrals?|referrals?\s+(?:and|or)\s+contacts?|thresholds?|"
                        r"contacts?\s+(?:(?:is|are|was|were|being|been|has\s+been|have\s+been)\s+)?(?:received|"
                        r"progressed|closed|created|logged|processed|accepted|responded\s+to|stepped\s+down)|"
                        r"contacts\s+(?:made\s+)?(?:to|into)\s+the\b|"
                        r"(?:respon(?:se|ses|d|ds|ded|ding)|oversight\s+of(?:\s+all)?(?:\s+the)?)\s+(?:to\s+)?contacts|"
                        r"contacts?\s+(?:about|concerning|regarding)\s+(?:a\s+|the\s+)?(?:child|children|young)|"
                        r"contacts?\s+that\s+raise)\b", re.IGNORECASE),
    ),
    "placement": ContextRule(
        note="'placement' is where a child lives, not a student's or a work placement.",
        block_before=re.compile(r"\b(?:student|work|practice|training|university|college|apprenticeship)\s+$",
                                re.IGNORECASE),
        require=False,
    ),
    "looked after": ContextRule(
        note="'looked after' is jargon as a legal status ('children who are looked after'), not "
             "as ordinary caring ('she looked after her brother'). After a determiner, a possessive "
             "or a preposition it can only be an adjective, so the status ('their looked after "
             "review', 'the council's looked after nurse', 'in looked after reviews').",
        before=re.compile(r"\b(?:are|is|be|been|being|were|was|become|became|becomes|remain|remains|"
                          r"remained|currently|previously|formerly|when|"
                          r"the|a|an|their|his|her|my|its|our|your|these|those|every|each|of|for|in|to|with|among|"
                          r"about|on|at|from|into|[\w-]+['’]s)\s+$", re.IGNORECASE),
        after=re.compile(r"^\s+(?:status|system|population|by\s+(?:the\s+)?(?:local\s+authority|council|LA))\b",
                         re.IGNORECASE),
        block_after=re.compile(r"^\s+(?:him|her|them|me|us|it|himself|herself|themselves|his|their|my|our|"
                               r"your)\b", re.IGNORECASE),
    ),
    "step up": ContextRule(
        note="'step up' as a move between services, not 'she needs to step up'; paired with "
             "'step down' it is always the move between services.",
        after=_STEP_CONTEXT, also=_STEP_PAIR,
    ),
    "stepped up": ContextRule(
        note="'stepped up' as a move between services, not 'stepped up her efforts'.",
        after=_STEP_CONTEXT, also=_STEP_PAIR,
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
CONTEXT_RULES["step-up"] = CONTEXT_RULES["step up"]
CONTEXT_RULES["stepped-up"] = CONTEXT_RULES["stepped up"]
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



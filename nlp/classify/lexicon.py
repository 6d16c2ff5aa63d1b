"""The keyword lexicon written from the taxonomy, and the readable lexicon features built on it."""
from __future__ import annotations

import re
from typing import Sequence

import numpy as np

from nlp.taxonomy import FUNDAMENTALS, STANCES

LABELS: tuple[str, ...] = tuple(FUNDAMENTALS)

# --------------------------------------------------------------------------- keyword lexicon
# Written from ../shared/docs/taxonomy.md (the table's "speaks of" column) and the labelling
# decisions in ../shared/data/README.md. Regular expressions, matched case-insensitively on
# word boundaries. Used as features by the model and alone by eval.baselines' `keywords`.
FUND_KEYWORDS: dict[str, list[str]] = {
    "risk": [r"risks?", r"harm", r"safety plan\w*", r"threshold\w*", r"strategy (?:meeting|discussion)s?", r"s47",
             r"section 47", r"exploit\w*", r"missing", r"domestic (?:abuse|violence)", r"unsafe", r"safe",
             r"protective factors?"],
    "assessment": [r"(?<!risk )assess(?:ment|ments|ed|ing)?", r"(?<!risk )analy[sz]\w*", r"conceptuali[sz]\w*",
                   r"chronolog\w*", r"understanding of (?:the )?child\w*", r"needs? of the child", r"child's needs"],
    "planning": [r"(?<!safety )(?<!improvement )(?<!action )plan(?:s|ning|ned)?", r"c?-?smart", r"contingenc\w*",
                 r"step[- ](?:down|out)", r"closure plans?", r"outcomes?"],
    "intervention": [r"visit\w*", r"direct work", r"interventions?", r"impact", r"purposeful",
                     r"services? (?:offer|delivered|provided)",
                     r"support (?:for|to) (?:the )?(?:child|family|families|parents?)", r"seen"],
    "review": [r"reviews?", r"reviewing", r"conferences?", r"iros?", r"cp chairs?", r"chairs?", r"drift\w*", r"delay\w*",
               r"progress\w*", r"re-?referr\w*", r"repeat (?:referrals?|plans?)", r"escalat\w*", r"drp"],
    "oversight": [r"oversight", r"supervision", r"supervis\w*", r"grip", r"case direction", r"managers?", r"management",
                  r"sign[- ]off", r"challenge\w*", r"direction"],
    "recording": [r"record\w*", r"case notes?", r"case files?", r"summar\w*", r"chronolog\w*", r"written", r"documented",
                  r"files?"],
    "relational": [r"voice", r"wishes and feelings", r"lived experience", r"views?", r"participat\w*",
                   r"relationship\w*", r"relational", r"engag\w*", r"changes? of social worker", r"listened",
                   r"restorative"],
    "permanence": [r"permanen\w*", r"placements?", r"children in care", r"child in care", r"cic", r"lac",
                   r"care leavers?", r"leaving care", r"pathway plans?", r"living arrangements?", r"foster\w*",
                   r"adopt\w*", r"transitions? to adulthood", r"stability", r"residential"],
    "partnership": [r"multi[- ]?agency", r"police", r"health", r"schools?", r"agenc(?:y|ies)", r"partners?",
                    r"partnership", r"core groups?", r"gps?", r"camhs", r"professionals", r"coordinat\w*",
                    r"co-ordinat\w*"],
}
STANCE_KEYWORDS: dict[str, list[str]] = {
    "strength": [r"good", r"outstanding", r"improv(?:ed|ing|ement|ements)", r"effective(?:ly)?", r"strong\w*", r"well",
                 r"positive\w*", r"timely", r"clear(?:ly)?", r"robust", r"better", r"thorough", r"excellent",
                 r"achiev\w*", r"benefit\w*", r"success\w*", r"purposeful", r"reflective", r"insightful",
                 r"increas\w*"],
    "concern": [r"not", r"no", r"lack\w*", r"insufficient\w*", r"inadequate", r"poor\w*", r"weak\w*", r"variable",
                r"inconsisten\w*", r"limited", r"delay\w*", r"drift\w*", r"needs? to", r"require[sd]? improvement",
                r"too", r"gaps?", r"concerns?", r"fail\w*", r"late", r"overdue", r"unclear", r"declin\w*", r"less",
                r"only", r"rare\w*", r"remains?", r"however", r"but", r"unsafe", r"decreas\w*", r"worse",
                r"weaken\w*", r"static", r"few", r"thin", r"superficial", r"patchy", r"uneven", r"ineffective",
                r"shortfalls?", r"underdeveloped"],
    "neutral": [r"will", r"being", r"\d+%?", r"audits?", r"sample\w*", r"report\w*", r"plans? to", r"proposal",
                r"noted", r"training", r"completion", r"auditors?"],
}
CONTRAST = re.compile(r"\b(?:but|however|although|albeit|yet|nevertheless|whereas|though|despite)\b", re.I)


def _compile(table: dict[str, list[str]]) -> dict[str, re.Pattern]:
    return {k: re.compile(r"(?<![\w-])(?:" + "|".join(v) + r")(?![\w-])", re.I) for k, v in table.items()}


FUND_RE = _compile(FUND_KEYWORDS)

# Lexicon version 2: version 1 plus the labelling guide's mapping table (labelling-guide.md §1:
# conferences are risk + review; changes or continuity of worker are relational; section 20,
# sufficiency, entry to care and care leavers' education/employment/accommodation are
# permanence; health assessments, courts and other agencies are partnership; heads of service
# and quality control are oversight; early help and edge of care are intervention; the front
# door is risk). Written from the guide's table, not from labelled sentences.
FUND_KEYWORDS_2: dict[str, list[str]] = {
    "risk": [r"front[- ]door", r"screen(?:ed|ing)", r"referrals?", r"conferences?", r"child protection",
             r"safeguarding", r"contacts? (?:received|screened|progressed)", r"mash", r"neglect\w*", r"abuse"],
    "assessment": [r"single assessments?", r"needs assessments?"],
    "planning": [r"plan(?:s|ning)? (?:are|is|were|was) (?:clear|vague|specific|generic|smart)"],
    "intervention": [r"early help", r"edge[- ]of[- ]care", r"services? (?:for|to) (?:children|families)",
                     r"help (?:for|to) (?:children|families)", r"therap\w*", r"parenting", r"make a difference",
                     r"difference (?:to|for|in) (?:children|families)"],
    "review": [r"timeliness", r"timescales?", r"repeat\w*", r"second or subsequent", r"(?:cp|child protection) chairs?",
               r"independent reviewing officers?"],
    "oversight": [r"heads? of service", r"team managers?", r"quality control", r"tracking", r"managerial",
                  r"practice supervisors?", r"sign[- ]?off"],
    "recording": [r"case records?", r"recorded", r"write[- ]?ups?"],
    "relational": [r"continuity", r"(?:changes?|number) of (?:social )?workers?", r"too many (?:social )?workers",
                   r"same (?:social )?worker", r"know (?:them|the children|children) well", r"(?:their|children's) views",
                   r"feel(?:s|ing)? (?:safe|listened)", r"trusting"],
    "permanence": [r"section 20", r"s20", r"sufficiency", r"entry (?:in)?to care", r"come into care", r"in care",
                   r"education, employment(?: (?:or|and))? training", r"eet", r"neet", r"accommodation",
                   r"staying put", r"special guardian\w*", r"sgos?", r"reunification", r"long[- ]term",
                   r"homes?", r"carers?", r"personal advisers?", r"care[- ]experienced"],
    "partnership": [r"health assessments?", r"courts?", r"judiciary", r"cafcass", r"virtual school", r"health visitors?",
                    r"midwi\w*", r"education", r"nurses?", r"paediatric\w*", r"probation", r"housing",
                    r"mental health", r"joint(?:ly)?", r"together with"],
}
FUND_RE_2 = _compile({k: v + FUND_KEYWORDS_2.get(k, []) for k, v in FUND_KEYWORDS.items()})
STANCE_RE = _compile(STANCE_KEYWORDS)


def _norm(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").replace("\u2018", "'").split())


def keyword_hits(text: str, table: dict[str, re.Pattern] | None = None) -> dict[str, list[str]]:
    """{label: [matched words]} for the labels whose keywords occur in text."""
    out = {}
    for label, pattern in (table or FUND_RE).items():
        found = [m.group(0) for m in pattern.finditer(_norm(text))]
        if found:
            out[label] = found
    return out


def contrast_tail(text: str) -> str:
    """The text after the last contrastive word ("X improved but remains variable" -> "remains variable")."""
    found = list(CONTRAST.finditer(text))
    return text[found[-1].end():] if found else ""


def _fund_lexicon(texts: Sequence[str], version: int = 1) -> np.ndarray:
    table = FUND_RE_2 if version >= 2 else FUND_RE
    return np.array([[bool(table[k].search(t)) for k in LABELS] for t in map(_norm, texts)],
                    dtype=np.float32).reshape(len(texts), len(LABELS))


# --------------------------------------------------------------------------- readable stance cues
# The labelling guide's stance rules, as features a reviewer can read (`stance_cues`).
LEADING = re.compile(r"^(?:although|though|even though|while|whilst|despite|notwithstanding)\b[^,;]*[,;]\s*", re.I)
TURN = re.compile(r"(?:[,;]\s*|\.\s+|\s)(?:but|however|yet|nevertheless|although|though|whilst|while|albeit)\b,?", re.I)
IMPROVE = re.compile(r"(?<![\w-])(?:improv(?:ed|es|ing|ement|ements)|better|strengthen(?:ed|ing)?|stronger|increas(?:ed|ingly)"
                     r"|(?:has|have) risen|rose|grown|more (?:timely|consistent|effective|robust|stable|children|young)"
                     r"|now (?:seen|completed|held|in place|consistently|routinely|regularly|timely|good|effective|strong)"
                     r"|progress(?:ed)? (?:well|has been made)|upward|higher)(?![\w-])", re.I)
WORSEN = re.compile(r"(?<![\w-])(?:deteriorat\w*|worse(?:ned)?|weaken(?:ed|ing)?|declin(?:ed|ing)|slipp(?:ed|ing)|fell|fallen"
                    r"|dropp(?:ed)?|decreas(?:ed|ing)|reduc(?:ed|tion) in (?:the )?(?:quality|number of visits)|lower|fewer"
                    r"|downward)(?![\w-])", re.I)
BAD_METRIC = re.compile(r"(?<![\w-])(?:re-?referrals?|repeat (?:referrals?|plans?|child protection)|second or subsequent"
                        r"|vacanc\w*|agency (?:staff|workers|social workers)|caseloads?|turnover|delay\w*|drift\w*|waiting"
                        r"|backlog\w*|missing|exclusions?|overdue|complaints?|sickness|unallocated|out of area)(?![\w-])", re.I)
FROM_TO = re.compile(r"\bfrom\s+(\d+(?:\.\d+)?)\s*(%|per ?cent)?\s+(?:in\s+\S+\s+)?to\s+(\d+(?:\.\d+)?)\s*(%|per ?cent)?", re.I)
PRAISE = re.compile(r"(?<![\w-])(?:ofsted|inspectors?|inspections?|the inspection|peer review|the review)(?![\w-])[^.;]{0,80}"
                    r"(?<![\w-])(?:judged|rated|graded|found|praised|highlighted|recognised|noted|commended|described)"
                    r"(?![\w-])[^.;]{0,60}(?<![\w-])(?:good|outstanding|strong\w*|effective|positive\w*|strengths?|well|"
                    r"improv\w*|excellent)(?![\w-])", re.I)
CRITICISM = re.compile(r"(?<![\w-])(?:requires? improvement|inadequate|serious weaknesses|widespread or serious)(?![\w-])", re.I)
STILL_FOCUS = re.compile(r"(?<![\w-])(?:(?:still|continues? to be|remains?) (?:a )?(?:key |clear )?(?:priority|focus|"
                         r"being worked on|an area for (?:development|improvement))|more to do|further work is (?:needed|required)"
                         r"|not yet|yet to|needs? to (?:improve|be)|should|must)(?![\w-])", re.I)
TOO_EARLY = re.compile(r"(?<![\w-])(?:too (?:early|soon) to|at an early stage|(?:recently|newly) (?:introduced|established|"
                       r"implemented|launched)|is (?:currently )?under review|plans? (?:is|are) being developed|will be)(?![\w-])",
                       re.I)
INSTRUCTION = re.compile(r"^(?:to |make sure|ensure|introduce|develop|review|continue to|embed|establish|implement)\b", re.I)
NUMBER = re.compile(r"\d")


def main_clause(text: str) -> str:
    """The clause whose judgement decides, by the labelling guide's rule: a leading concession
    ("Although X, Y") does not decide (Y does); after "but / however" or before a trailing
    "although / whilst" clause the final part decides."""
    text = _norm(text)
    rest = LEADING.sub("", text, count=1)
    turns = list(TURN.finditer(rest))
    return rest[turns[-1].end():].strip() if turns else rest


def _direction(text: str, skip_years: bool = False) -> int:
    """+1 where a "from X to Y" figure rises, -1 where it falls, 0 where there is none.
    `skip_years`: a span of years ("from 2021 to 2024") is no figure."""
    total = 0
    for m in FROM_TO.finditer(text):
        a, b = float(m.group(1)), float(m.group(3))
        if skip_years and not (m.group(2) or m.group(4)) and all(1900 <= v <= 2100 and v.is_integer() for v in (a, b)):
            continue
        total += (b > a) - (b < a)
    return (total > 0) - (total < 0)


STANCE_CUES = ("main: strength words", "main: concern words", "main clause differs", "figure rises", "figure falls",
               "trend up", "trend down", "about a bad measure", "rise of a bad measure / fall of a good one",
               "fall of a bad measure / rise of a good one", "inspection praise", "inspection criticism",
               "still a priority / should", "too early / planned", "instruction", "bare figure")


def stance_cues(text: str) -> list[float]:
    """The readable stance features of one text, in STANCE_CUES order."""
    t = _norm(text)
    main = main_clause(t)
    direction = _direction(t)
    up, down = bool(IMPROVE.search(t)), bool(WORSEN.search(t))
    bad = bool(BAD_METRIC.search(t))
    rising = direction > 0 or (up and not down)
    falling = direction < 0 or (down and not up)
    judged = bool(STANCE_RE["strength"].search(t) or STANCE_RE["concern"].search(t))
    return [float(v) for v in (
        bool(STANCE_RE["strength"].search(main)), bool(STANCE_RE["concern"].search(main)), main != t,
        direction > 0, direction < 0, up, down, bad,
        (rising and bad) or (falling and not bad and direction != 0),
        (falling and bad) or (rising and not bad and direction != 0),
        bool(PRAISE.search(t)), bool(CRITICISM.search(t)), bool(STILL_FOCUS.search(main)),
        bool(TOO_EARLY.search(t)), bool(INSTRUCTION.search(t)), bool(NUMBER.search(t)) and not judged)]


# Cue set 2: what cue set 1 missed by its own definitions. A figure that moves ("from 58% to
# 91%", "rose", "fell") is a judged figure, not a bare one (the issue's largest error); a leading
# concession is named so the model can learn that it does not decide; the main clause's
# judgement is also given one-sided (strength words and no concern words, or the reverse).
STANCE_CUES_2 = ("moving figure (not bare)", "leading concession", "main: strength only", "main: concern only")


def stance_cues_2(text: str) -> list[float]:
    """Cue set 2's extra features (STANCE_CUES_2 order); set 2 also drops "bare figure" where a
    figure moves (see _stance_row)."""
    t = _norm(text)
    main = main_clause(t)
    moving = bool(NUMBER.search(t)) and (_direction(t) != 0 or bool(IMPROVE.search(t)) or bool(WORSEN.search(t)))
    good, bad = bool(STANCE_RE["strength"].search(main)), bool(STANCE_RE["concern"].search(main))
    return [float(v) for v in (moving, bool(LEADING.match(t)), good and not bad, bad and not good)]


def figure_judgement(text: str) -> str | None:
    """"strength" / "concern" where the main clause moves a figure "from X to Y" (a rise of a
    good measure or a fall of a bad one is a strength, the reverse a concern), else None. The
    issue's largest error: improvements reported through figures read as bare statistics."""
    main = main_clause(_norm(text))
    direction = _direction(main, skip_years=True)
    if not direction:
        return None
    bad = bool(BAD_METRIC.search(main))
    return "strength" if (direction > 0) != bad else "concern"


def _stance_row(t: str, cue_set: int) -> list[float]:
    cues = stance_cues(t)
    if cue_set < 2:
        return cues
    extra = stance_cues_2(t)
    if extra[0]:
        cues[STANCE_CUES.index("bare figure")] = 0.0
    return cues + extra


def _stance_lexicon(texts: Sequence[str], fund: np.ndarray | None = None, cues: bool = True,
                    cue_set: int = 1) -> np.ndarray:
    """`fund`: _fund_lexicon(texts), if already computed (the block ends with it). `cues`: add
    the readable stance cues (stance_cues; `cue_set` 2 adds stance_cues_2)."""
    fund = _fund_lexicon(texts) if fund is None else fund
    rows = []
    for t in map(_norm, texts):
        tail = contrast_tail(t)
        row = ([bool(STANCE_RE[s].search(t)) for s in STANCES] + [bool(STANCE_RE[s].search(tail)) for s in STANCES]
               + [bool(CONTRAST.search(t))])
        rows.append(row + (_stance_row(t, cue_set) if cues else []))
    width = (2 * len(STANCES) + 1 + (len(STANCE_CUES) + (len(STANCE_CUES_2) if cue_set >= 2 else 0) if cues else 0))
    rows = np.array(rows, dtype=np.float32).reshape(len(texts), width)
    return np.hstack([rows, fund]).astype(np.float32)

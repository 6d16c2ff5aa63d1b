"""Propagation: the rest of a name next to a part already found, and the parts of
hyphenated and apostrophe names."""
from __future__ import annotations

import re

from nlp.names import listed_first as _listed_first

from .context import _starts_sentence
from .patterns import Names
from .words import MONTHS, WORD_NAMES, _common_word, _function_word, not_a_name


def _propagate(toks, names: Names, free) -> None:
    """Grow `names` until nothing changes: neighbours across "and", the word after a name and
    the word before it; then the parts of hyphen and apostrophe names."""
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
            if _is_place(pair[0].text if other is pair[1] else pair[1].text):
                continue  # "Redcar and Cleveland", "Brighton and Hove": places in pairs
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
            if (j == i + 2 and j < len(toks) and toks[j].is_lower and toks[j].is_alpha and toks[i + 1].whitespace_ == ""
                    and _lower_part(toks[j].text) and free(toks[j].idx, toks[j].idx + len(toks[j]))):
                # "Jenny-ellen Moss": a hyphenated first name whose second half is in lower case
                compound = token.text + toks[i + 1].text + toks[j].text
                if compound not in names:
                    names.add(compound, "hyphenated-name")
                    changed = True
                j += 1
                if toks[j - 1].whitespace_ not in (" ", "\t"):
                    continue
            if j >= len(toks) or (j == i + 1 and token.whitespace_ not in (" ", "\t")):
                continue
            nxt = toks[j]
            after = toks[j + 1] if j + 1 < len(toks) else None
            fused = _FUSED_STOP.fullmatch(nxt.text)  # "for Madhav Sen.": the tokenizer's "Sen." (Senator)
            if fused and (after is None or after.is_space or after.text[:1].isupper()) and fused[1] not in names \
                    and not not_a_name(fused[1]) and not _function_word(fused[1]) and fused[1] not in MONTHS \
                    and free(nxt.idx, nxt.idx + len(fused[1])):
                names.add(fused[1], "neighbour")
                changed = True
                continue
            # a listed surname that is also a domain word ("Akeem Young was sober"), unless a
            # capitalised word follows ("Akeem Young Carers")
            surname_word = (not_a_name(nxt.text) and _listed_last(nxt.text) and nxt.text not in _COMPASS
                            and not (after is not None and (after.text[:1].isupper() or after.text[:1].isdigit())))
            if ((nxt.is_alpha or _APOSTROPHE_NAME.fullmatch(nxt.text)) and nxt.text[:1].isupper()
                    and nxt.text not in names and (not not_a_name(nxt.text) or surname_word)
                    and not nxt.text.isupper() and nxt.text not in MONTHS and free(nxt.idx, nxt.idx + len(nxt))):
                names.add(nxt.text, "neighbour")
                changed = True
        # ... and the first name in front of a surname found above ("Mason Thistlewood (case ref ...)").
        for i, token in enumerate(toks[1:], start=1):
            prev = toks[i - 1]
            if token.text not in names or prev.text in names or prev.whitespace_ not in (" ", "\t"):
                continue
            if (prev.is_alpha and len(prev) > 1 and prev.text[:1].isupper() and not prev.text.isupper()
                    and not not_a_name(prev.text) and not _function_word(prev.text) and prev.text not in MONTHS
                    and (prev.text in WORD_NAMES or not _common_word(prev.text) or not _starts_sentence(prev)
                         or (_listed_first(prev.text) and not _common_word(token.text)
                             and prev.lower_ not in _GREETING_OR_CUE))  # "India McGuirl was", not "Hi Risper"
                    and free(prev.idx, prev.idx + len(prev))):
                names.add(prev.text, "neighbour")
                changed = True
    for word, rule in list(names.items()):  # "Daisy-Mae" -> "Daisy", "Mae"; "O'Neill" -> "Neill"
        for part in re.split(r"-|(?<=^[A-Z])['’]|(?<=^[DL])['’]", word)[1 if "'" in word or "’" in word else 0:]:
            if len(part) > 2 and part[0].isupper() and not not_a_name(part) and part != word:
                names.add(part, rule + "/part")


# Words before a name that are no part of it, though the name lists hold some ("Hi", "Dear").
_GREETING_OR_CUE = frozenset("dear hi hello hiya thanks cheers regards from to cc fao attn re".split())
_FUSED_STOP = re.compile(r"([A-Z][a-z]+)\.")


_COMPASS = frozenset("North South East West Central Upper Lower Greater".split())  # "Stroud North 11-25": a team
_APOSTROPHE_NAME = re.compile(r"[A-Z][a-z]*['’][A-Z][a-z]+")  # "O'Rourke", "D'Souza"


def _listed_last(word: str) -> bool:
    from nlp.names import gazetteer, key
    return key(word) in gazetteer()[1]


def _lower_part(word: str) -> bool:
    """The lower-case half of a hyphenated first name ("ellen" in "Jenny-ellen"): a listed first
    name, or no common word."""
    from nlp.names import gazetteer, key
    return len(word) > 1 and (key(word) in gazetteer()[0] or not _common_word(word))


def _is_place(word: str) -> bool:
    from .protect import _places_re
    pattern = _places_re()
    return pattern is not None and pattern.fullmatch(word) is not None

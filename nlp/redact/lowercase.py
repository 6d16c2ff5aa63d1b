"""Names typed in lower case that no list holds (issue 12, round 11).

Why: eval/data/redaction_dev5.jsonl's terse notes ("cn: sw visited, ama martinová not home",
"Subject: stefano aranda - plan", "Record 123: nzima, wanja - closed", "tc re mercyline not in
school") let through lower-case names the listed-first-name rule cannot know. Three signals, each
a word English does not use (wordfreq knows it not at all) or a listed name that is rare as a word:
- `lower-case-neighbour`: the word next to a lower-case name already found ("ama martinová");
- `lower-case-pair`: two such words side by side, or with a comma between ("nzima, wanja"), or
  a listed first name before a listed surname, both rare ("stefano aranda"), or one unknown
  word beside a listed name rare as a word ("obratov, frederic");
- `unknown-lower-case`: a word English does not use in a person's slot of a note: after a verb
  of seeing or contact, "re", "for", "with", "by", a family or role word, or before "said", "not",
  "alone" and the like ("seen ekavir alone", "re mercyline not in school").
A listed name, or two, between a slot's words (`lower-case-slot`: "re alfred not in school",
"visited, jhalak sheth not home"). An email's subject line that is two such words or listed names before a dash is a person
(`lower-case-subject`: "Subject: jorge castaneda - plan"). Capitalised words, words with digits and the acronym lists are left to the other rules.
"""
from __future__ import annotations

from spacy.tokens import Token

from nlp.names import is_name, listed_first

from .words import _ACRONYMS, KIN, ROLE_WORDS, _function_word, _zipf

_UNKNOWN = 0.5   # below this Zipf frequency wordfreq does not know the word at all
_RARE = 2.5      # a lower-case word this rare next to a name is its other half
_LISTED_RARE = 3.5
_RARE_PAIR = 3.0
_LISTED_NEIGHBOUR = 4.5  # a listed name this common as a word still goes beside a lower-case name found
_BEFORE = frozenset("seen saw see visited met re for with by told asked called rang phoned texted about and "
                    "sw fsw sees meet visit".split())
_AFTER = frozenset("said says is was not alone seen quiet told has had wants wanted and says disclosed "
                   "refused declined seemed looked".split())


def _word(tok: Token) -> bool:
    t = tok.text
    return (tok.is_lower and tok.is_alpha and len(t) >= 3 and not _function_word(t) and t not in KIN
            and t not in ROLE_WORDS and t.upper() not in _ACRONYMS and t not in _ACRONYMS)


def _lower_case_names(toks: list[Token], names, free) -> None:
    """The three signals of the module's docstring, added to `names`."""
    n = len(toks)

    def take(tok: Token, rule: str) -> None:
        if tok.text not in names and free(tok.idx, tok.idx + len(tok)):
            names.add(tok.text, rule)

    for i, tok in enumerate(toks):
        if not _word(tok):
            continue
        z = _zipf(tok.text)
        # the other half of a lower-case name found ("ama martinová", "neylon, johanne")
        for j in (i - 1, i + 1, i - 2, i + 2):
            if not 0 <= j < n or toks[j].text not in names or not toks[j].is_lower:
                continue
            if abs(j - i) == 2 and toks[(i + j) // 2].text != ",":
                continue
            if z < _RARE or (is_name(tok.text) and z < _LISTED_NEIGHBOUR):
                take(tok, "lower-case-neighbour")  # "walker, birsen": a listed surname beside one
        # two rare lower-case words side by side ("nzima, wanja", "stefano aranda")
        k = i + 2 if i + 2 < n and toks[i + 1].text == "," else i + 1
        if k < n and _word(toks[k]) and (tok.whitespace_ if k == i + 1 else toks[i + 1].whitespace_):
            z2 = _zipf(toks[k].text)
            named1, named2 = is_name(tok.text), is_name(toks[k].text)
            both_unknown = z < _UNKNOWN and z2 < _UNKNOWN
            first_last = (named1 and named2 and z < _LISTED_RARE and z2 < _LISTED_RARE
                          and (listed_first(tok.text) or listed_first(toks[k].text)))
            one_unknown = min(z, z2) < _UNKNOWN and max(z, z2) < _LISTED_RARE and (named1 or named2)
            if both_unknown or first_last or one_unknown:
                take(tok, "lower-case-pair")
                take(toks[k], "lower-case-pair")
        # an email's subject naming a person in lower case ("Subject: jorge castaneda - plan")
        if i >= 2 and toks[i - 1].text == ":" and toks[i - 2].lower_ in ("subject", "re", "fw", "fwd") \
                and i + 2 < n and _word(toks[i + 1]) and toks[i + 2].text in ("-", "–", ":", ","):
            pair = (tok, toks[i + 1])
            if all(is_name(t.text) or _zipf(t.text) < _RARE for t in pair) and min(_zipf(t.text) for t in pair) < _LISTED_RARE:
                take(tok, "lower-case-subject")
                take(toks[i + 1], "lower-case-subject")
        # a listed name, or two, between a slot's words ("re alfred not in school", "visited, jhalak
        # sheth not home"): both sides say person, so a name common as a word goes too
        prev = toks[i - 1].lower_ if i > 0 else ""
        if prev in _BEFORE or prev in KIN or prev == ",":
            for k2 in (i, i + 1):
                if k2 + 1 < n and toks[k2 + 1].lower_ in _AFTER and all(_word(t) for t in toks[i:k2 + 1]):
                    group = toks[i:k2 + 1]
                    listed = [is_name(t.text) for t in group]
                    if all(l or _zipf(t.text) < _RARE for t, l in zip(group, listed)) \
                            and all(_zipf(t.text) < _LISTED_NEIGHBOUR for t in group) and (prev != "," or len(group) == 2):
                        for t in group:
                            take(t, "lower-case-slot")
        # an unknown word in a person's slot of a note ("seen ekavir alone", "re mercyline not")
        if z < _UNKNOWN:
            prev = toks[i - 1].lower_ if i > 0 else ""
            nxt = toks[i + 1].lower_ if i + 1 < n else ""
            if prev in _BEFORE or prev in KIN or nxt in _AFTER:
                take(tok, "unknown-lower-case")
            # with a rare word beside it before the slot's word ("qareeb talwar not home")
            for a, b in ((i + 1, i + 2), (i - 1, i + 1)):
                if 0 <= a < n and b < n and a != i and _word(toks[a]) and _zipf(toks[a].text) < _RARE_PAIR \
                        and toks[b].lower_ in _AFTER and (a > i or toks[a].whitespace_):
                    take(tok, "unknown-lower-case")
                    take(toks[a], "unknown-lower-case")

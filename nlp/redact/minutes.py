"""Names in minutes and action lists (issue 12, round 8).

Why: panel minutes, margin notes and action logs name the owner of an action at a sentence's
start with no verb of speech: "Kimanzi to discuss with the IRO.", "Ujunwa and Ross to chase the
health assessment." The sentence start hides the word from the rules for rare capitalised words
(a sentence's first word is capitalised anyway). A capitalised word there, before "to" and a verb
of an action, is the action's owner, a person, unless it is a common word, an acronym, a domain
term, a listed place or a protected service ("Panel to discuss", "Cafcass to confirm").
"""
from __future__ import annotations

from spacy.tokens import Token

from .context import _starts_sentence
from .words import MONTHS, _common_word, _function_word, not_a_name

# Verbs of an action an owner takes ("X to discuss", "X to chase").
_ACTIONS = frozenset("""
discuss contact ring call phone speak talk visit chase check update arrange share send email write complete
book confirm review liaise meet seek ask raise convene circulate provide inform feed refer invite escalate
follow consider explore agree draft prepare attend lead present source request obtain make take give offer
support progress ensure add amend record upload case-note casenote see tell let organise""".split())
_OWNER_OPENERS = frozenset(": ; - – • * ( action actions".split())


def _owner_word(tok: Token, names) -> bool:
    from nlp.names import is_name

    from .unlisted import _place_listed
    t = tok.text
    return (tok.is_alpha and len(t) > 1 and t[:1].isupper() and not t.isupper() and not not_a_name(t)
            and t not in MONTHS and not _function_word(t) and not _place_listed(t)
            and (t in names or is_name(t) or not _common_word(t)))


def _action_owners(toks: list[Token], names, free) -> None:
    """`action-owner`: one or two capitalised words (or two joined by "and") opening a sentence or
    an item, before "to" and a verb of an action."""
    n = len(toks)
    for i, tok in enumerate(toks):
        if tok.lower_ != "to" or i + 1 >= n or toks[i + 1].lower_ not in _ACTIONS or i == 0:
            continue
        # the owner's words: back from "to" over capitalised words and "and"/"&"
        j, words = i - 1, []
        while j >= 0 and (toks[j].text == "&" or (toks[j].is_alpha and (toks[j].text[:1].isupper()
                                                                       or toks[j].lower_ == "and"))):
            words.append(toks[j])
            if _starts_sentence(toks[j]):
                break
            j -= 1
        if not words or len(words) > 5:
            continue
        first = words[-1]
        opened = _starts_sentence(first) or (first.i > 0 and toks[first.i - 1].lower_ in _OWNER_OPENERS)
        people = [w for w in words if w.lower_ not in ("and", "&")]
        if not opened or not people or not all(_owner_word(w, names) for w in people):
            continue
        for w in people:
            if free(w.idx, w.idx + len(w)):
                names.add(w.text, "action-owner")


# Before "for": a case's noun, a plan's capitalised name or an acronym ("the review for X", "NFA for X").
_CASE_NOUNS = frozenset("""
plan plans review reviews update referral referrals assessment assessments decision decisions meeting conference
order orders application applications request requests consent placement placements report nfa
""".split())


def _for_at_clause_end(toks: list[Token], names, free) -> None:
    """`person-object`: one or two capitalised words after "for" that close a clause ("agreed a
    Family Group Conference for Chelsea.", "NFA for Yasaar;"), after a case's noun, a capitalised
    plan or an acronym; a listed first name, or a word rare in English and no listed place."""
    from nlp.names import listed_first

    from .protect import _places_re
    from .unlisted import RARE_ZIPF, _place_listed
    from .words import _zipf
    n = len(toks)
    for i, tok in enumerate(toks[:-1]):
        if tok.lower_ != "for" or i == 0:
            continue
        before = toks[i - 1]
        if not (before.lower_ in _CASE_NOUNS or (before.is_alpha and before.text[:1].isupper())):
            continue
        run = toks[i + 1:i + 3]
        run = run[:1] if len(run) < 2 or not (run[1].is_alpha and run[1].text[:1].isupper()) else run
        end = run[-1].i + 1 - toks[0].i
        if end < n and toks[end].text not in (".", ";", ",", ":", ")", "-", "–"):
            continue
        head = run[0]
        if not (head.is_alpha and head.text[:1].isupper() and not head.text.isupper() and not not_a_name(head.text)
                and head.text not in MONTHS and not _function_word(head.text)
                and not (len(head.text) <= 4 and sum(c.isupper() for c in head.text) >= 2)):  # "TfC", "CiN"
            continue
        council = _places_re() is not None and _places_re().fullmatch(head.text) is not None  # "for London"
        if (listed_first(head.text) and not council) or (_zipf(head.text) < RARE_ZIPF
                                                                and not _place_listed(head.text)):
            for t in run:
                if t.is_alpha and free(t.idx, t.idx + len(t)) and not not_a_name(t.text):
                    names.add(t.text, "person-object")

"""Names where a note is signed, a reader is addressed, or a child is listed with a school
(issue 12, round 11).

Why: eval/data/redaction_dev5.jsonl's notes and emails let through three shapes no rule read:
- `signed-initials`: a note that ends in its writer's initials ("... said all ok. FN");
- `addressed`: a capitalised word that opens a sentence and is then spoken to ("Siobhain, can
  you update the plan?", "Kwasi, please ring mum");
- `beside-school`: a child's name in a record's list before a named school ("Audit of 4417:
  Christie, Beckside Primary" - a school next to a child points at the child);
- `beside-identifier`: a word opening a sentence before its own identifier's label ("Salomey -
  NHS 485 777 3456", "Kit, DOB 3/4/15");
- `before-colon`: a rare word or listed first name opening a sentence before a colon and lower
  case ("Marcelino: risks are ..."), where headings are common words ("Analysis: ...");
- `after-note-verb`: the person after a note's opening verb ("Discussed Tariq - plan to
  continue", "Visited Oyelaran at home");
- `joined-to-service`: after "by" or "with", a name joined by "and" to a service ("a joint
  visit by Ilsu and Children's Services", "with Duke and the GP practice");
- `and-role`: the person joined by "and" to a job title ("Ekundayo Scolaighe and Family
  Support Worker Ama Bello attended").
Each takes a word that is no acronym, no domain word and, where it could be a word, not a common one.
"""
from __future__ import annotations

import re

from spacy.tokens import Token

from nlp.names import listed_first as _listed_first

from .context import _starts_sentence
from .protect import _JOB_TITLES_RE
from .patterns import IDENTIFIER_PATTERNS
from .words import _ACRONYMS, NOT_NAMES, WORD_NAMES, _common_word, _function_word, _zipf, not_a_name

_SIGNED = re.compile(r"(?:^|[.;!?]\s+|\s[-–/]\s+)([A-Z]{2,3})\.?\s*$")
_SPOKEN_TO = re.compile(r",\s+(?:(?:can|could|would|will|did|are|have)\s+you\b|please\b|thanks\b|thank\s+you\b)",
                        re.IGNORECASE)
_ID_LABEL = re.compile(r"\s*[-–,:]\s*(?:NHS|NI|DOB|D\.O\.B|Ref|ID|Case\s+ref)\b\.?\s*(?:no\.?|number)?\s*:?\s*\S*\d")
_NOTE_VERBS = frozenset("Discussed Visited Saw Met Phoned Rang Texted Emailed Called Spoke".split())
_COLON_LOWER = re.compile(r":[ \t]+[a-z]")
_SCHOOL = next(p for label, p in IDENTIFIER_PATTERNS if label == "SCHOOL")


def _name_like(tok: Token) -> bool:
    t = tok.text
    return (tok.is_alpha and len(t) > 1 and t[:1].isupper() and not t.isupper() and not not_a_name(t)
            and t not in NOT_NAMES and not _function_word(t)
            and (not _common_word(t) or _listed_first(t) or t in WORD_NAMES))


def _signoff_names(text: str, toks: list[Token], names, free) -> None:
    """The three signals of the module's docstring, added to `names`."""
    m = _SIGNED.search(text)
    if m and m[1] not in _ACRONYMS and free(m.start(1), m.end(1)):
        names.add(m[1], "signed-initials")
    for i, tok in enumerate(toks):
        if tok.text in names or not _name_like(tok) or not free(tok.idx, tok.idx + len(tok)):
            continue
        end = tok.idx + len(tok)
        opens = _starts_sentence(tok) or (i > 0 and toks[i - 1].text in (":", "-", "–"))
        if opens and _SPOKEN_TO.match(text, end):
            names.add(tok.text, "addressed")
        elif opens and _ID_LABEL.match(text, end):
            names.add(tok.text, "beside-identifier")
        elif (_starts_sentence(tok) and _COLON_LOWER.match(text, end)
              and (_zipf(tok.text) < 2.5 or (_listed_first(tok.text) and _zipf(tok.text) < 4.0))):
            names.add(tok.text, "before-colon")
        elif i > 0 and toks[i - 1].text in _NOTE_VERBS and _starts_sentence(toks[i - 1]):
            names.add(tok.text, "after-note-verb")  # "Discussed Tariq - plan to continue"
        elif (i > 0 and toks[i - 1].lower_ in ("by", "with") and i + 2 < len(toks) and toks[i + 1].text == "and"
              and (toks[i + 2].lower_ == "the" or not free(toks[i + 2].idx, toks[i + 2].idx + len(toks[i + 2]))
                   or (toks[i + 2].text[:1].isupper() and toks[i + 2].text not in names and not _name_like(toks[i + 2])))):
            names.add(tok.text, "joined-to-service")  # "a visit by Ilsu and Children's Services"
        elif (i > 0 and toks[i - 1].text in (":", "for", "re")
              and re.match(r",[ \t]+", text[end:end + 3]) and _SCHOOL.match(text, end + 2)):
            names.add(tok.text, "beside-school")
    for i, tok in enumerate(toks):
        if tok.lower_ != "and" or i + 1 >= len(toks) or not _JOB_TITLES_RE.match(text, toks[i + 1].idx):
            continue
        run = []
        j = i - 1
        while j >= 0 and len(run) < 3:
            t = toks[j]
            if not (t.is_alpha and t.text[:1].isupper() and (t.text in names or _name_like(t))):
                break
            run.insert(0, t)
            if _starts_sentence(t):
                break
            j -= 1
        if not run:
            continue
        before = toks[run[0].i - 1].text if run[0].i > 0 else ""
        if (_starts_sentence(run[0]) or before in (":", ";", ",", "by", "with")) \
                and all(free(t.idx, t.idx + len(t)) for t in run):
            for t in run:
                names.add(t.text, "and-role")

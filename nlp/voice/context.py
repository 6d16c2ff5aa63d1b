"""One doc's view (tokens, sentences, paragraphs, names) built for the child's-voice rules; its parts and who is
speaking (nlp.voice.view, nlp.voice.who, nlp.voice.modality) are re-exported here."""
from __future__ import annotations

from spacy.tokens import Doc

from nlp.voice.modality import DIRECTIVE_RE, _directive, _hypothetical_before, _negated_before
from nlp.voice.names import CHILD, _names
from nlp.voice.view import (_GENDERED_CHILD, _Ctx, _child_gender, _paragraphs, _quoted, _sent_start,
                            _sentences)
from nlp.voice.who import (_MENTION_WORDS, _after_preposition, _clause_subject, _compatible, _compound,
                           _is_possessive, _mention, _noun_use, _passive, _previous_subject,
                           _resolve_other_pronoun, _resolve_pronoun, _subject)

__all__ = ["_Ctx", "_sentences", "_paragraphs", "_context", "_GENDERED_CHILD", "_child_gender", "_name_genders",
           "_quoted", "_sent_start", "_is_possessive", "_after_preposition", "_MENTION_WORDS", "_mention",
           "_compound", "_resolve_pronoun", "_compatible", "_previous_subject", "_resolve_other_pronoun",
           "_noun_use", "_passive", "_subject", "_clause_subject", "_negated_before", "_hypothetical_before",
           "DIRECTIVE_RE", "_directive"]


def _context(doc: Doc) -> _Ctx:
    toks = list(doc)
    lower = [t.lower_ for t in toks]
    sent = _sentences(doc, toks)
    text = doc.text
    ctx = _Ctx(doc, lower, sent, _paragraphs(toks), _names(doc, toks, lower, sent), _quoted(doc, text), text=text,
               toks=toks)
    ctx.name_gender = _name_genders(ctx)
    return ctx



def _name_genders(ctx: _Ctx) -> dict[str, str]:
    """A child's name is "he" or "she" by the first he/his/him or she/her after it, in its
    sentence or the next, with no other person in between ("Zain is 11 ... He lives with his
    parents")."""
    votes: dict[str, list[str]] = {}
    pronoun_gender = {"he": "m", "his": "m", "him": "m", "himself": "m",
                      "she": "f", "her": "f", "hers": "f", "herself": "f"}
    n = len(ctx.doc)
    for i, role in ctx.names.items():
        tok = ctx.toks[i]
        if role != CHILD or not tok.is_alpha or (i + 1 < n and (i + 1) in ctx.names):
            continue
        last_sent = ctx.sent[i] + 1
        for k in range(i + 1, min(n, i + 60)):
            if ctx.sent[k] > last_sent:
                break
            if k in ctx.quoted:
                continue
            if ctx.lower[k] in pronoun_gender:
                votes.setdefault(tok.text, []).append(pronoun_gender[ctx.lower[k]])
                break
            if k in ctx.names or _mention(ctx, k) not in (None, "thing"):
                break
    # The most frequent pronoun; on a tie the first one seen (max over set(v) broke ties by
    # string hash order, which changes from one process to the next).
    return {name: max(v, key=v.count) for name, v in votes.items()}

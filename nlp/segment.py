"""Finding segmentation: a narrative becomes findings a QA officer can cite one by one.

A finding is a sentence, or a short run where a sentence only makes sense with its
neighbour: a lead-in ending in a colon with what follows, a fragment ("Good.") with the
next sentence, a short follow-on that points back ("This was not recorded.") with the
one before. Findings never cross a paragraph break.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from nlp.redact import apply_redactions

POINTS_BACK = re.compile(
    r"^(?:This|These|That|Those|It|They|However|As a result|Therefore|Consequently|Despite this|"
    r"In addition|Also|Because of this|Again)\b")

if not Doc.has_extension("findings"):
    Doc.set_extension("findings", default=None)
if not Span.has_extension("redacted_text"):
    Span.set_extension(
        "redacted_text",
        getter=lambda span: " ".join(apply_redactions(
            span.doc.text, span.doc._.redactions or [], span.start_char, span.end_char).split()))


def _words(span: Span) -> int:
    return sum(1 for t in span if t.is_alpha or t.like_num)


def _pieces(doc: Doc) -> list[Span]:
    """Sentences, cut again at paragraph breaks, blank ones dropped."""
    pieces = []
    for sent in doc.sents:
        start = sent.start
        for token in sent:
            if token.is_space and token.text.count("\n") >= 2 and token.i > start:
                pieces.append(doc[start:token.i])
                start = token.i + 1
        pieces.append(doc[start:sent.end])
    out = []
    for p in pieces:
        while len(p) and p[0].is_space:
            p = doc[p.start + 1:p.end]
        while len(p) and p[-1].is_space:
            p = doc[p.start:p.end - 1]
        if len(p) and any(not t.is_punct for t in p):
            out.append(p)
    return out


def _same_paragraph(text: str, a: Span, b: Span) -> bool:
    """`text`: doc.text (spaCy builds it anew on each access, so it is passed in once)."""
    return "\n\n" not in text[a.end_char:b.start_char].replace("\r", "")


def segment_findings(doc: Doc, max_sentences: int = 3, short: int = 4, follow_on: int = 12) -> list[Span]:
    pieces = _pieces(doc)
    text = doc.text if len(pieces) > 1 else ""  # read only between two pieces
    groups: list[list[Span]] = []
    for piece in pieces:
        prev = groups[-1] if groups else None
        joinable = prev is not None and len(prev) < max_sentences and _same_paragraph(text, prev[-1], piece)
        lead_in = joinable and (prev[-1].text.rstrip().endswith(":") or _words(prev[-1]) < short)
        points_back = joinable and _words(piece) <= follow_on and POINTS_BACK.match(piece.text) is not None
        if lead_in or points_back:
            prev.append(piece)
        else:
            groups.append([piece])
    findings = [doc[g[0].start:g[-1].end] for g in groups]
    # A trailing fragment ("Good.") that had nothing to lead into joins the finding before it.
    merged: list[Span] = []
    for span in findings:
        if merged and _words(span) < short and _same_paragraph(text, merged[-1], span):
            merged[-1] = doc[merged[-1].start:span.end]
        else:
            merged.append(span)
    return merged


@Language.factory("gt_findings", default_config={"max_sentences": 3, "short": 4, "follow_on": 12})
def make_finding_segmenter(nlp: Language, name: str, max_sentences: int, short: int, follow_on: int):
    def segment(doc: Doc) -> Doc:
        doc._.findings = segment_findings(doc, max_sentences, short, follow_on)
        return doc
    return segment

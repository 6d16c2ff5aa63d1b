"""The `gt_child_voice` component: each finding's label and the narrative's."""
from __future__ import annotations


from spacy.language import Language
from spacy.tokens import Doc, Span

from nlp.voice.words import FLAG_NO_VOICE, NONVERBAL_RE, NOT_EVIDENCE, PREVERBAL_RE, _build_matcher
from nlp.voice.context import _context
from nlp.voice.evidence import _about, _child_quoted, _child_speaks, _phrase_evidence

# =======================================================================================
# Labelling
# =======================================================================================
def _label(evidence: list[dict], about: str) -> str:
    if any(e["rule"] not in NOT_EVIDENCE for e in evidence):
        return "present"
    return "absent" if about == "individual" else "not_applicable"


def _dedupe(items: list[dict]) -> list[dict]:
    out: list[dict] = []
    for e in sorted(items, key=lambda e: (e["start"], -(e["end"] - e["start"]))):
        if not any(o["start"] == e["start"] and o["end"] == e["end"] for o in out):
            out.append(e)
    return out


class ChildVoice:
    """Writes span._.child_voice for each finding (doc._.findings, else the sentences) and
    doc._.child_voice for the narrative."""

    def __init__(self, vocab, context: bool = True):
        self.matcher = _build_matcher(vocab)
        self.context = context

    def __call__(self, doc: Doc) -> Doc:
        findings = doc._.findings if doc.has_extension("findings") else None
        if findings is None:
            findings = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
        self.label(doc, findings, self.context)
        return doc

    def label(self, doc: Doc, findings: list[Span], context: bool = True) -> dict:
        """Label `findings` (Spans of doc). With context, a finding that says nothing of who it
        is about takes its paragraph's child or the narrative's."""
        ctx = _context(doc)
        finding_of = [-1] * len(doc)
        for k, f in enumerate(findings):
            for i in range(f.start, f.end):
                finding_of[i] = k
        by_finding: list[list] = [[] for _ in findings]
        for match in self.matcher(doc) if findings else []:
            if finding_of[match[1]] >= 0:
                by_finding[finding_of[match[1]]].append(match)
        # A baby in a finding makes its whole paragraph about a baby (with context).
        in_finding = [len(f) > 0 and PREVERBAL_RE.search(ctx.text[f.start_char:f.end_char]) is not None
                      for f in findings]
        baby_paragraphs = {ctx.paragraph[f.start] for f, baby in zip(findings, in_finding) if baby and context}
        nonverbal_narrative = context and NONVERBAL_RE.search(ctx.text) is not None
        results: list[dict] = []
        for k, f in enumerate(findings):
            about = _about(ctx, f) if len(f) else "none"
            p = ctx.paragraph[f.start] if len(f) else -1
            preverbal = (p in baby_paragraphs or in_finding[k] or nonverbal_narrative, in_finding[k])
            group = about == "group"
            evidence = _child_speaks(ctx, f, group) + _child_quoted(ctx, f) + \
                _phrase_evidence(ctx, f, by_finding[k], group, preverbal)
            results.append({"evidence": _dedupe(evidence), "about": about})
        abouts = [r["about"] for r in results]
        n_individual, n_group = abouts.count("individual"), abouts.count("group")
        case_narrative = context and n_individual > 0 and n_individual >= n_group
        for k, f in enumerate(findings):
            about = results[k]["about"]
            if context and about in ("none", "child") and len(f):
                p = ctx.paragraph[f.start]
                earlier = [results[j]["about"] for j in range(k) if len(findings[j])
                           and ctx.paragraph[findings[j].start] == p and results[j]["about"] in ("individual", "group")]
                if (earlier and earlier[-1] == "individual") or (case_narrative and not earlier):
                    about = "individual"
            if about in ("none", "child") and any(e["rule"] == "missing_voice" for e in results[k]["evidence"]):
                about = "individual"  # "The child's voice needs to be stronger."
            results[k]["label"] = _label(results[k]["evidence"], about)
        for f, r in zip(findings, results):
            f._.child_voice = {"label": r["label"], "evidence": r["evidence"]}
        doc._.child_voice = narrative_result([f._.child_voice for f in findings], case_narrative)
        return doc._.child_voice


def narrative_result(finding_results: list[dict], about_one_child: bool) -> dict:
    """A narrative's label from its findings': present if any finding is; absent, flagged, when
    the narrative is about one child and nothing evidences the voice; else not_applicable."""
    evidence = [e for r in finding_results for e in r.get("evidence", [])]
    if any(r["label"] == "present" for r in finding_results):
        return {"label": "present", "evidence": evidence}
    if about_one_child:
        return {"label": "absent", "evidence": evidence, "flag": FLAG_NO_VOICE}
    return {"label": "not_applicable", "evidence": evidence}


if not Span.has_extension("child_voice"):
    Span.set_extension("child_voice", default=None)
if not Doc.has_extension("child_voice"):
    Doc.set_extension("child_voice", default=None)


def make_child_voice(nlp: Language, name: str, context: bool):
    """`context`: a finding that says nothing of who it is about takes its paragraph's or its
    narrative's child (True, for narratives); False judges each finding on its own."""
    return ChildVoice(nlp.vocab, context)


if not Language.has_factory("gt_child_voice"):  # also when run as `python -m nlp.voice`
    Language.factory("gt_child_voice", default_config={"context": True}, func=make_child_voice)



"""Span metrics (exact and overlap) and the jargon evaluation on the dev findings.

`span_scores(gold, pred)`: one list of (start, end) character spans per text, gold and
predicted. Exact: a predicted span counts only if a gold span has the same start and end.
Overlap: a predicted span is correct if it overlaps any gold span (precision), and a gold
span is found if any predicted span overlaps it (recall).

`jargon_scores(nlp, findings)` runs a pipeline with `gt_jargon` over the findings (one doc
each) and scores doc._.jargon against their `jargon` spans, twice: with every flag, and
without the `rare_word` flags. The headline number is the one *without* rare words: the dev
set's annotator marked glossary terms and acronyms, not every uncommon word, so rare-word
flags are mostly "false" positives by construction (a word a child may not know that the
glossary did not list). They stay on in the product, reported beside the others at
severity `low`; the metric leaves them out so it measures the lexicon and the rules.

    python -m eval.spans [--real] [--errors]    # dev-set jargon scores
    python -m eval.spans --kinds FILE.jsonl...  # every flag vs the hard-to-understand kind only
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Iterable, Sequence

Spans = Sequence[tuple[int, int]]
DEV_FINDINGS = Path(__file__).resolve().parents[2] / "shared" / "data" / "findings_dev.jsonl"


def _prf(tp_p: int, n_pred: int, tp_g: int, n_gold: int) -> dict:
    p = tp_p / n_pred if n_pred else 0.0
    r = tp_g / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def span_scores(gold: Sequence[Spans], pred: Sequence[Spans]) -> dict:
    """{"exact": {precision, recall, f1}, "overlap": {...}, "gold": n, "pred": n}."""
    if len(gold) != len(pred):
        raise ValueError(f"{len(gold)} gold texts but {len(pred)} predicted")
    n_gold = n_pred = exact = ov_pred = ov_gold = 0
    for g, p in zip(gold, pred):
        g = [tuple(x) for x in g]
        p = [tuple(x) for x in p]
        n_gold += len(g)
        n_pred += len(p)
        gset = set(g)
        exact += sum(1 for x in set(p) if x in gset)
        ov_pred += sum(1 for ps, pe in p if any(ps < ge and gs < pe for gs, ge in g))
        ov_gold += sum(1 for gs, ge in g if any(ps < ge and gs < pe for ps, pe in p))
    return {"exact": _prf(exact, n_pred, exact, n_gold),
            "overlap": _prf(ov_pred, n_pred, ov_gold, n_gold),
            "gold": n_gold, "pred": n_pred}


def load_findings(path: str | Path = DEV_FINDINGS) -> list[dict]:
    rows = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as error:
                    raise ValueError(f"{path}, line {n}: not JSON ({error.msg})") from None
    return rows


def hard_kind_scores(nlp, findings: Iterable[dict]) -> dict:
    """Span scores of the `hard_to_understand` kind only (the jargon policy's flags that follow
    the labelling guide's lexicon) against the findings' `jargon` spans."""
    findings = list(findings)
    gold = [[(j["start"], j["end"]) for j in f.get("jargon", [])] for f in findings]
    docs = nlp.pipe([f["text"] for f in findings], batch_size=64)
    pred = [[(x.start, x.end) for x in (d._.jargon or []) if x.kind == "hard_to_understand"] for d in docs]
    return span_scores(gold, pred)


def jargon_scores(nlp, findings: Iterable[dict], exclude: tuple[str, ...] = ("rare_word",)) -> dict:
    """Scores of doc._.jargon on findings ({"text", "jargon": [{"start", "end"}...]}):
    {"all": span_scores with every flag, "without": span_scores without the `exclude`d
    categories, "errors": [...]} (errors: per finding, missed gold and unmatched flags of
    the `without` run)."""
    findings = list(findings)
    gold = [[(j["start"], j["end"]) for j in f.get("jargon", [])] for f in findings]
    flags = [doc._.jargon or [] for doc in nlp.pipe([f["text"] for f in findings], batch_size=64)]
    pred_all = [[(x.start, x.end) for x in fl] for fl in flags]
    pred_wo = [[(x.start, x.end) for x in fl if x.category not in exclude] for fl in flags]
    errors = []
    for f, g, p in zip(findings, gold, pred_wo):
        missed = [f["text"][s:e] for s, e in g if (s, e) not in p]
        extra = [f["text"][s:e] for s, e in p if (s, e) not in g]
        if missed or extra:
            errors.append({"id": f.get("id"), "missed": missed, "extra": extra})
    return {"all": span_scores(gold, pred_all), "without": span_scores(gold, pred_wo),
            "excluded": list(exclude), "errors": errors}


def _blank_pipeline():
    import spacy

    import nlp.jargon  # noqa: F401
    pipeline = spacy.blank("en")
    pipeline.add_pipe("sentencizer")
    pipeline.add_pipe("gt_jargon")
    return pipeline


def _real_pipeline():
    import inspect

    import nlp.jargon  # noqa: F401
    from nlp import pipeline as shared
    params = inspect.signature(shared.build).parameters
    pipeline = shared.build(redact=False, analyse=False) if "analyse" in params else shared.build()
    if "gt_jargon" not in pipeline.pipe_names:
        pipeline.add_pipe("gt_jargon")
    return pipeline


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    pipeline = _real_pipeline() if "--real" in argv else _blank_pipeline()
    if "--kinds" in argv:
        rows = [r for path in argv if not path.startswith("--") for r in load_findings(path)]
        print(json.dumps({"files": [a for a in argv if not a.startswith("--")], "findings": len(rows),
                          "every_flag_but_rare_words": jargon_scores(pipeline, rows)["without"],
                          "hard_to_understand_kind": hard_kind_scores(pipeline, rows)}, indent=2))
        return 0
    scores = jargon_scores(pipeline, load_findings())
    errors = scores.pop("errors")
    print(json.dumps(scores, indent=2))
    if "--errors" in argv:
        for e in errors:
            print(e["id"], "missed:", e["missed"], "extra:", e["extra"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Scores of predicted against gold voice labels, and findings judged one by one."""
from __future__ import annotations


from spacy.language import Language

# =======================================================================================
# Scores
# =======================================================================================
def voice_scores(gold_labels: list[str], pred_labels: list[str]) -> dict:
    """Present vs absent over the rows whose gold label is not not_applicable: precision,
    recall and F1 of `present` (a prediction of absent or not_applicable is "not present"),
    F1 of `absent`, their mean (macro F1); and the 3-way accuracy over all rows."""
    if len(gold_labels) != len(pred_labels):
        raise ValueError("gold and predicted labels differ in length")
    pairs = [(g, p) for g, p in zip(gold_labels, pred_labels) if g != "not_applicable"]

    def prf(label: str) -> tuple[float, float, float]:
        tp = sum(g == label and p == label for g, p in pairs)
        fp = sum(g != label and p == label for g, p in pairs)
        fn = sum(g == label and p != label for g, p in pairs)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        return precision, recall, (2 * precision * recall / (precision + recall) if precision + recall else 0.0)

    p, r, f1 = prf("present")
    _, _, f1_absent = prf("absent")
    n = len(gold_labels)
    return {
        "n": n,
        "n_present_or_absent": len(pairs),
        "precision_present": round(p, 4),
        "recall_present": round(r, 4),
        "f1_present": round(f1, 4),
        "f1_absent": round(f1_absent, 4),
        "macro_f1": round((f1 + f1_absent) / 2, 4),
        "accuracy_3way": round(sum(g == q for g, q in zip(gold_labels, pred_labels)) / n, 4) if n else 0.0,
    }


def label_findings(nlp: Language, texts: list[str]) -> list[dict]:
    """Each text is one finding judged on its own (as in the labelled files): its result.
    `nlp` must have gt_child_voice."""
    voice = nlp.get_pipe("gt_child_voice")
    out = []
    for doc in nlp.pipe(texts):
        finding = doc[:]
        voice.label(doc, [finding], context=False)
        out.append(finding._.child_voice)
    return out


def _main(paths: list[str]) -> None:  # pragma: no cover
    import json
    import time

    from nlp.pipeline import build

    try:
        nlp = build(analyse=False)
    except TypeError:  # an older build() without the analysis switch
        nlp = build()
    if "gt_child_voice" not in nlp.pipe_names:
        nlp.add_pipe("gt_child_voice")
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            rows = [json.loads(line) for line in handle if line.strip()]
        started = time.perf_counter()
        pred = [r["label"] for r in label_findings(nlp, [row["text"] for row in rows])]
        seconds = time.perf_counter() - started
        scores = voice_scores([row["child_voice"] for row in rows], pred)
        print(json.dumps({"file": path, **scores,
                          "ms_per_finding_whole_pipeline": round(1000 * seconds / len(rows), 3)}))

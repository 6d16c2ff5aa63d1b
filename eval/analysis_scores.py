"""Scores of the label evaluation: each task per system, per data file, and the child's-voice and jargon components run as they are."""
from __future__ import annotations

from typing import Sequence

import numpy as np

from nlp.classify import fundamentals_scores, stance_scores

SYSTEMS = ("pipeline", "keywords", "tfidf", "zeroshot")
TASKS = ("fundamentals", "stance", "child_voice", "jargon")


def _voice_and_jargon(rows: Sequence[dict], notes: list[str]) -> tuple[dict | None, dict | None]:
    """The pipeline's child's-voice and jargon scores, or None (with a note) where the
    component is not there yet."""
    try:
        import spacy  # noqa: F401

        from nlp import pipeline as shared
    except ImportError as error:  # pragma: no cover
        notes.append(f"child_voice, jargon: no spaCy pipeline ({error})")
        return None, None
    voice = jargon = None
    components = []
    try:
        import nlp.voice as voice_mod  # noqa: F401
        components.append("gt_child_voice")
    except ImportError:
        voice_mod = None
        notes.append("child_voice: nlp.voice (gt_child_voice) is not there yet; reported as null")
    try:
        import nlp.jargon  # noqa: F401
        from eval.spans import jargon_scores
        components.append("gt_jargon")
    except ImportError:
        jargon_scores = None
        notes.append("jargon: nlp.jargon (gt_jargon) or eval.spans is not there yet; reported as null")
    if not components:
        return None, None
    try:
        nlp = shared.build(redact=False, analyse=False)
    except TypeError:  # an older build() without the switches
        nlp = shared.build()
    for name in components:
        if name not in nlp.pipe_names:
            nlp.add_pipe(name)
    if voice_mod is not None:
        voice_rows = [r for r in rows if r.get("child_voice")]
        if voice_rows:
            if hasattr(voice_mod, "label_findings"):
                pred = [v["label"] for v in voice_mod.label_findings(nlp, [r["text"] for r in voice_rows])]
            else:
                pred = [(d[:]._.child_voice or {}).get("label", "not_applicable")
                        for d in nlp.pipe([r["text"] for r in voice_rows])]
            voice = _voice_scores([r["child_voice"] for r in voice_rows], pred)
    if jargon_scores is not None:
        jargon_rows = [r for r in rows if "jargon" in r]
        if jargon_rows:
            scores = jargon_scores(nlp, jargon_rows)
            jargon = {**scores["without"], "excluded": scores.get("excluded", []), "with_every_flag": scores["all"]}
    return voice, jargon


def _voice_scores(gold: list[str], pred: list[str]) -> dict:
    try:
        from nlp.voice import voice_scores
    except ImportError:
        voice_scores = None
    if voice_scores is not None:
        return voice_scores(gold, pred)
    pairs = [(g, p) for g, p in zip(gold, pred) if g != "not_applicable"]
    tp = sum(g == p == "present" for g, p in pairs)
    fp = sum(g != "present" and p == "present" for g, p in pairs)
    fn = sum(g == "present" and p != "present" for g, p in pairs)
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    return {"n_present_or_absent": len(pairs), "precision_present": round(prec, 4), "recall_present": round(rec, 4),
            "f1_present": round(2 * prec * rec / (prec + rec) if prec + rec else 0.0, 4)}


def _span_scores(gold, pred) -> dict:
    from eval.spans import span_scores

    return span_scores(gold, pred)


# --------------------------------------------------------------------------- evaluation
def _task_scores(rows: Sequence[dict], preds: Sequence[dict]) -> dict:
    out = {"fundamentals": fundamentals_scores([r["fundamentals"] for r in rows], [p["fundamentals"] for p in preds]),
           "stance": stance_scores([r["stance"] for r in rows], [p["stance"] for p in preds]),
           "child_voice": None, "jargon": None}
    voiced = [(r["child_voice"], p.get("child_voice")) for r, p in zip(rows, preds) if r.get("child_voice")]
    if voiced and all(v[1] is not None for v in voiced):
        out["child_voice"] = _voice_scores([g for g, _ in voiced], [p for _, p in voiced])
    spans = [(r, p.get("jargon")) for r, p in zip(rows, preds) if "jargon" in r]
    if spans and all(s[1] is not None for s in spans):
        try:
            out["jargon"] = _span_scores([[(j["start"], j["end"]) for j in r["jargon"]] for r, _ in spans],
                                         [p for _, p in spans])
        except ImportError:
            out["jargon"] = None
    return out



def _scores_by_system(systems, rows, preds: dict) -> dict:
    result = {}
    for name in systems:
        p = preds[name]
        if name == "pipeline":
            for x in p:
                x.setdefault("child_voice", None)
                x.setdefault("jargon", None)
        result[name] = _task_scores(rows, p)
        if name in ("tfidf", "zeroshot"):
            result[name]["jargon"] = None
    return result


def _subsets(rows: Sequence[dict]) -> dict[str, np.ndarray]:
    """Row indices per data file, plus one joint subset per family of files (findings_ofsted_a
    and _b -> findings_ofsted_*), so that figures can be read per source of text."""
    names = sorted({r["_file"] for r in rows})
    out = {n: np.array([i for i, r in enumerate(rows) if r["_file"] == n]) for n in names}
    families: dict[str, list[str]] = {}
    for n in names:
        stem = n.rsplit(".", 1)[0]
        if "_" in stem:
            families.setdefault(stem.rsplit("_", 1)[0] + "_*", []).append(n)
    for fam, members in families.items():
        if len(members) > 1:
            out[fam] = np.array([i for i, r in enumerate(rows) if r["_file"] in members])
    return out if len(names) > 1 else {}


def _per_subset(systems, rows, preds: dict) -> dict:
    out = {}
    for name, idx in _subsets(rows).items():
        sub = [rows[i] for i in idx]
        out[name] = {"rows": len(idx), **{
            s: {"fundamentals": fundamentals_scores([r["fundamentals"] for r in sub],
                                                    [preds[s][i]["fundamentals"] for i in idx]),
                "stance": stance_scores([r["stance"] for r in sub], [preds[s][i]["stance"] for i in idx])}
            for s in systems}}
    return out

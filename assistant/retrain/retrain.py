"""`goldenthread train --with-corrections`: retrain the classifier's heads on the shipped rows
plus the council's corrections, compare it with the current model by grouped CV, and switch
only if it is not worse (assistant.retrain.compare states the rule). The new model, its card
(with the council's correction counts and the before/after figures) and the corrections it
learnt from are kept in `<data>/models/<version>/`; the previous model stays and can be
restored. One line per retrain goes to `<data>/models/history.jsonl`."""
from __future__ import annotations

import json
import os
import shutil
from collections import Counter
from pathlib import Path
from typing import Callable, Sequence

from assistant.retrain import versions
from assistant.retrain.compare import RULE, TASKS, Vectors, compare, decide
from assistant.retrain.rows import check_corrections, council_corrections, merge, model_meta, shipped_rows
from nlp.classify import DEFAULT_MODEL, LABELS, Config, load, model_card, read_rows, sha256_file, train
from nlp.classify.council import MODEL_FILE
from nlp.taxonomy import STANCES

CORRECTIONS_FILE = "corrections.jsonl"


def correction_counts(corrections: Sequence[dict]) -> dict:
    """How many corrections carry each label, and from how many narratives."""
    funds = Counter(f for c in corrections for f in c["fundamentals"])
    return {"narratives": len({c["source"] for c in corrections}),
            "fundamentals": {lab: funds.get(lab, 0) for lab in LABELS},
            "no_fundamental": sum(1 for c in corrections if not c["fundamentals"]),
            "stance": {s: sum(1 for c in corrections if c["stance"] == s) for s in STANCES}}


def _current_corrections(folder: Path, current: str) -> list[dict]:
    if current == versions.PACKAGED:
        return []
    path = folder / current / CORRECTIONS_FILE
    return check_corrections(read_rows(path)) if path.exists() else []


def retrain(data_dir: str | Path, corrections: Sequence[dict] | None = None, base_files: Sequence[Path] | None = None,
            folds: int = 5, seed: int = 0, tolerance: float = 0.0, by: str = "cli",
            progress: Callable[[int, int], None] | None = None) -> dict:
    """Retrain on the corrections (default: the council's, from its reviews database), compare,
    switch if not worse; returns the history entry. `base_files`: labelled files standing in for
    the shipped training data (a smaller set in tests)."""
    data_dir = Path(data_dir)
    with versions.locked(data_dir) as folder:
        corrections = check_corrections(corrections) if corrections is not None else council_corrections(data_dir)
        if not corrections:
            raise ValueError("no corrections to learn from yet: correct some findings' labels first")
        current = versions.current_version(data_dir)
        current_corrections = _current_corrections(folder, current)
        config = Config.from_json(model_meta(DEFAULT_MODEL).get("config", {}))
        shipped, files = shipped_rows(DEFAULT_MODEL, base_files)
        vectors = Vectors(_shipped_encoder(), (model_meta(DEFAULT_MODEL).get("encoder") or {}).get("sha256"))

        def step(done: int, total: int) -> None:
            if progress:
                progress(done, total + 1)

        result = compare(shipped, current_corrections, corrections, config, folds, seed, vectors, step)
        switched, reason = decide(result, tolerance)
        steps = 2 * result["folds"] + 1
        version = versions.new_version(data_dir)
        entry = {"version": version, "created_at": versions.now(), "corrections": len(corrections),
                 "before": {t: result["before"]["all"][t] for t in TASKS},
                 "after": {t: result["after"]["all"][t] for t in TASKS},
                 "switched": switched, "previous": current, "reason": reason, "rule": RULE, "tolerance": tolerance,
                 "checks": {"before": result["before"], "after": result["after"]},
                 "folds": result["folds"], "seed": seed, "by": by, "counts": correction_counts(corrections)}
        if switched:
            _build(folder, version, shipped, files, corrections, config, vectors, entry)
            versions.set_current(data_dir, version)
        else:
            entry["version_kept"] = current
        versions.append_history(data_dir, entry)
        if progress:
            progress(steps, steps)
    return entry


def _redacted_examples(model, rows: Sequence[dict]) -> None:
    """The evidence texts a user sees, redacted: corrections are stored (redacted) text; shipped
    rows take the packaged model's redacted example of the same id; the rest go through the
    redactor."""
    packaged = {e["id"]: e["text"] for e in load(DEFAULT_MODEL).examples}
    todo = []
    for example, row in zip(model.examples, rows):
        if row.get("redacted"):
            continue
        if example["id"] in packaged:
            example["text"] = packaged[example["id"]]
        else:
            todo.append(example)
    if todo:
        from nlp.classify import redact_texts

        for example, text in zip(todo, redact_texts([e["text"] for e in todo])):
            example["text"] = text
    model.meta["examples_redacted"] = True


def _build(folder: Path, version: str, shipped, files, corrections, config: Config, vectors: Vectors,
           entry: dict) -> Path:
    """Train on every row, write the model, its card and its corrections to a temporary folder,
    then rename it to models/<version>."""
    from nlp.classify.files import build_predictions

    rows, replaced = merge(shipped, corrections)
    model = train(rows, config, vectors=vectors.of(rows))
    _redacted_examples(model, rows)
    tmp = folder / f".{version}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    encoder = model_meta(DEFAULT_MODEL).get("encoder")
    if vectors.encoder is not None and encoder:  # the shipped tuned layers, beside the council's model
        _link_or_copy(DEFAULT_MODEL.parent / encoder["file"], tmp / encoder["file"])
        model.meta["encoder"] = dict(encoder)
        model.meta["embedding_model"] = model_meta(DEFAULT_MODEL).get("embedding_model")
    corr_path = tmp / CORRECTIONS_FILE
    corr_path.write_text("".join(json.dumps({k: v for k, v in c.items() if k != "redacted"}) + "\n"
                                 for c in corrections), encoding="utf-8")
    entry["replaced"] = replaced
    model.meta["training_files"] = list(files) + [{"name": CORRECTIONS_FILE, "path": f"{version}/{CORRECTIONS_FILE}",
                                                   "sha256": sha256_file(corr_path), "rows": len(corrections)}]
    model.meta["council"] = {"version": version, "created_at": entry["created_at"], "corrections": len(corrections),
                             "replaced": replaced, "counts": entry["counts"], "before": entry["before"],
                             "after": entry["after"], "checks": entry["checks"], "previous": entry["previous"],
                             "rule": RULE, "tolerance": entry["tolerance"], "folds": entry["folds"]}
    model.meta["build_predictions"] = build_predictions(model)
    out = model.save(tmp / MODEL_FILE)
    (tmp / "MODEL_CARD.md").write_text(model_card(model, out, council_card(model.meta["council"])), encoding="utf-8")
    os.replace(tmp, folder / version)
    return folder / version / MODEL_FILE


def _shipped_encoder():
    """The shipped classifier's tuned encoder (checked against its sha256), or None when the
    shipped model reads the packaged encoder alone."""
    if not model_meta(DEFAULT_MODEL).get("encoder"):
        return None
    return load(DEFAULT_MODEL)._encoder()


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:  # another file system, or links not allowed
        shutil.copyfile(source, target)


def council_card(c: dict) -> str:
    """The model card's section on the council's corrections and the before/after figures."""
    counts = c["counts"]
    lines = ["## This council's corrections", "",
             f"Retrained by `goldenthread train --with-corrections` on {c['created_at']}: the shipped rows plus "
             f"**{c['corrections']} corrections** from {counts['narratives']} narratives ({c['replaced']} of them "
             f"replaced a shipped row of the same text). Previous model: `{c['previous']}`.", "",
             "| label | corrections carrying it |", "|---|---|"]
    lines += [f"| {lab} | {n} |" for lab, n in counts["fundamentals"].items()]
    lines += [f"| (no fundamental) | {counts['no_fundamental']} |"]
    lines += [f"| stance {s} | {n} |" for s, n in counts["stance"].items()]
    lines += ["", f"## Before and after ({c['folds']}-fold grouped cross-validation, same folds)", "",
              "Each corrected narrative and each source document on one side of a fold; both models refitted "
              "inside each fold; gold labels are the human ones for corrected findings.", "",
              "| rows | n | fundamentals before | after | stance before | after |", "|---|---|---|---|---|---|"]
    for part in ("all", "reference", "corrections"):
        b, a = c["checks"]["before"].get(part), c["checks"]["after"].get(part)
        if b:
            lines.append(f"| {part} | {b['rows']} | {b['fundamentals']:.3f} | {a['fundamentals']:.3f} | "
                         f"{b['stance']:.3f} | {a['stance']:.3f} |")
    lines += ["", f"Rule: {c['rule']} (tolerance {c['tolerance']})."]
    return "\n".join(lines)

"""Build a classifier with a named variant's config into a data folder of its own, as a council
model (models/current points at it), so `goldenthread bench analyse` can time the analysis with
it without touching the shipped model in nlp/models:

    python eval/scripts/adapter_model_2026_12_07.py "VARIANT NAME" /tmp/adapter-data
    GOLDENTHREAD_DATA=/tmp/adapter-data goldenthread bench analyse --n 1000   # this model
    GOLDENTHREAD_DATA=/tmp/empty-data goldenthread bench analyse --n 1000     # the shipped one

Trained as `build_shipped_model` trains (the project's rows + the three real files, fold seed
0, no CV), but the card goes into the folder, not nlp/models/MODEL_CARD.md.
"""
from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from eval.model_build import PROJECT_TRAIN, VARIANTS, real_paths  # noqa: E402
from nlp.classify import Config, sha256_file, train_from_files  # noqa: E402


def main(name: str, folder: str) -> None:
    config = replace(Config(), **VARIANTS[name], seed=0)
    version = "adapter"
    out = Path(folder) / "models" / version / "findings_classifier.npz"
    out.parent.mkdir(parents=True, exist_ok=True)
    summary = train_from_files([PROJECT_TRAIN, *real_paths()], out, config, cv_folds=0)
    pointer = {"version": version, "file": f"{version}/{out.name}", "sha256": sha256_file(out)}
    (Path(folder) / "models" / "current").write_text(json.dumps(pointer), encoding="utf-8")
    print(json.dumps({"variant": name, "model": str(out), "sha256": summary.get("sha256")}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

"""Which classifier a data folder uses: the council's own (retrained on its QA corrections) or
the packaged one.

A council model lives in the data folder, `<data>/models/<version>/findings_classifier.npz`,
and `<data>/models/current` (JSON: version, file, sha256) names the one in use. When there is
no pointer, the packaged model (nlp/models/findings_classifier.npz) is used. The pointer's
sha256 is checked when a model is first read (offline, no pickle: `model.load`), so a model
file changed after it was chosen is refused rather than used.

The data folder is the one `use_data_dir` was given (assistant.service.Workspace sets it),
else $GOLDENTHREAD_DATA, else ./data, as the rest of goldenthread reads it. This layer only
reads the pointer; assistant.retrain writes it.
"""
from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path

from nlp.classify.data import sha256_file
from nlp.classify.model import DEFAULT_MODEL, FindingClassifier, load, load_cached

MODELS = "models"
POINTER = "current"
MODEL_FILE = "findings_classifier.npz"
_DATA_DIR: Path | None = None


def use_data_dir(path: str | Path | None) -> None:
    """The data folder whose council model the pipeline uses (None: back to the default)."""
    global _DATA_DIR
    _DATA_DIR = Path(path) if path is not None else None


def data_dir() -> Path:
    return _DATA_DIR or Path(os.environ.get("GOLDENTHREAD_DATA") or "data")


def pointer(folder: str | Path | None = None) -> dict | None:
    """The data folder's `models/current` ({"version", "file", "sha256"}), or None."""
    path = Path(folder or data_dir()) / MODELS / POINTER
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as error:
        raise ValueError(f"{path}: cannot read the council model pointer ({error.strerror})") from None
    try:
        found = json.loads(text)
        if not all(isinstance(found.get(k), str) for k in ("version", "file", "sha256")):
            raise ValueError
    except (ValueError, AttributeError):
        raise ValueError(f"{path}: not a council model pointer (goldenthread model restore VERSION "
                         "writes a good one)") from None
    return found


def model_path(folder: str | Path | None = None) -> Path:
    """The classifier file the data folder uses: its council model, else the packaged one."""
    found = pointer(folder)
    if found is None:
        return DEFAULT_MODEL
    return (Path(folder or data_dir()) / MODELS / found["file"]).resolve()


def version(folder: str | Path | None = None) -> str:
    """The name of the model in use: a council version, or "packaged"."""
    found = pointer(folder)
    return found["version"] if found else "packaged"


@lru_cache(maxsize=8)
def _checked(path: str, mtime: float, sha256: str) -> FindingClassifier:
    if sha256_file(path) != sha256:
        raise ValueError(f"{path}: sha256 differs from the one recorded when this council model was chosen; "
                         "restore a model (goldenthread model list / restore)")
    return load(path)


def load_current(folder: str | Path | None = None) -> FindingClassifier:
    """The classifier this data folder uses (read once per file and change)."""
    found = pointer(folder)
    if found is None:
        return load_cached()
    path = model_path(folder)
    if not path.exists():
        raise FileNotFoundError(f"{path}: the council model named by models/current is missing; "
                                "goldenthread model restore packaged (or another version) fixes it")
    return _checked(str(path), path.stat().st_mtime, found["sha256"])

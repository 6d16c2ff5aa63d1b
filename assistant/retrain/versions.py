"""A data folder's council models: one folder per version, a `current` pointer, the history of
retrains, and restoring an earlier model (or the packaged one).

    <data>/models/<version>/findings_classifier.npz (+ .json, MODEL_CARD.md, corrections.jsonl)
    <data>/models/current        {"version", "file", "sha256"} (nlp.classify.council reads it)
    <data>/models/history.jsonl  one line per retrain: version, created_at, corrections, before,
                                 after ({"fundamentals", "stance"} macro-F1), switched, ...
    <data>/models/restores.jsonl one line per restore

Every write is to a temporary name, then renamed, under one lock per data folder, so a
killed retrain leaves the previous model in use and the folder readable.
"""
from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
from contextlib import contextmanager
from pathlib import Path

from nlp.classify import DEFAULT_MODEL, sha256_file
from nlp.classify.council import MODEL_FILE, MODELS, POINTER, pointer

HISTORY = "history.jsonl"
RESTORES = "restores.jsonl"
PACKAGED = "packaged"


def models_dir(data_dir: Path) -> Path:
    return Path(data_dir) / MODELS


@contextmanager
def locked(data_dir: Path):
    """One retrain, restore or relabel at a time for this data folder."""
    folder = models_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ValueError("another retrain, restore or relabel is running on this data folder; "
                             "wait for it to finish") from None
        try:
            yield folder
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def new_version(data_dir: Path) -> str:
    """council-YYYYMMDD-HHMMSS (a suffix if that name is taken)."""
    base = "council-" + dt.datetime.now(dt.timezone.utc).strftime("%Y%m%d-%H%M%S")
    name, n = base, 1
    while (models_dir(data_dir) / name).exists():
        n += 1
        name = f"{base}-{n}"
    return name


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def set_current(data_dir: Path, version: str) -> dict | None:
    """Point the data folder at a kept version ("packaged": remove the pointer)."""
    folder = models_dir(data_dir)
    if version == PACKAGED:
        (folder / POINTER).unlink(missing_ok=True)
        return None
    path = folder / version / MODEL_FILE
    if not version or "/" in version or version.startswith(".") or not path.is_file():
        known = ", ".join(v["version"] for v in list_versions(data_dir))
        raise ValueError(f"no kept model {version!r} in {folder}; known: {known}")
    record = {"version": version, "file": f"{version}/{MODEL_FILE}", "sha256": sha256_file(path)}
    _write_atomic(folder / POINTER, json.dumps(record) + "\n")
    return record


def current_version(data_dir: Path) -> str:
    found = pointer(data_dir)
    return found["version"] if found else PACKAGED


def history(data_dir: Path, name: str = HISTORY) -> list[dict]:
    path = models_dir(data_dir) / name
    if not path.exists():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            out.append(json.loads(line))
        except json.JSONDecodeError:  # a line cut by a killed write: skipped, the rest still read
            continue
    return out


def append_history(data_dir: Path, entry: dict, name: str = HISTORY) -> None:
    path = models_dir(data_dir) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(entry) + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def list_versions(data_dir: Path) -> list[dict]:
    """The packaged model and every kept council model, oldest first, with the one in use marked."""
    current = current_version(data_dir)
    out = [{"version": PACKAGED, "path": str(DEFAULT_MODEL), "current": current == PACKAGED, "corrections": 0,
            "created_at": None}]
    folder = models_dir(data_dir)
    if folder.is_dir():
        for sub in sorted(p for p in folder.iterdir() if (p / MODEL_FILE).is_file()):
            meta_path = (sub / MODEL_FILE).with_suffix(".json")
            council = {}
            try:
                council = json.loads(meta_path.read_text(encoding="utf-8")).get("council", {})
            except (OSError, ValueError):
                pass
            out.append({"version": sub.name, "path": str(sub / MODEL_FILE), "current": current == sub.name,
                        "corrections": council.get("corrections", 0), "created_at": council.get("created_at"),
                        "after": council.get("after")})
    return out


def restore(data_dir: Path, version: str, by: str = "cli") -> dict:
    """Use a kept model again; the restore is a line in restores.jsonl."""
    with locked(data_dir):
        before = current_version(data_dir)
        set_current(data_dir, version)
        entry = {"kind": "restore", "version": version, "previous": before, "created_at": now(), "by": by}
        append_history(data_dir, entry, RESTORES)
    return entry

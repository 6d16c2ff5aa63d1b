"""Labelled rows: reading and checking them (errors name file and line), ids, hashes, and the scores."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Sequence

from nlp.classify.lexicon import LABELS
from nlp.taxonomy import CHILD_VOICE, FUNDAMENTALS, STANCES

SYNTHETIC_SOURCES = ("goldenthread-written",)


# --------------------------------------------------------------------------- rows
def _is_synthetic(row: dict) -> bool:
    return row.get("source") in SYNTHETIC_SOURCES


def validate_row(row, where: str) -> dict:
    """A labelled row checked against the taxonomy; ValueError names `where` (file: line n)."""
    if not isinstance(row, dict):
        raise ValueError(f"{where}: expected a JSON object")
    text = row.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"{where}: \"text\" must be a non-empty string")
    funds = row.get("fundamentals")
    if not isinstance(funds, list) or not all(isinstance(f, str) for f in funds):
        raise ValueError(f"{where}: \"fundamentals\" must be a list of ids (may be empty)")
    unknown = [f for f in funds if f not in FUNDAMENTALS]
    if unknown:
        raise ValueError(f"{where}: unknown fundamental {unknown[0]!r}; expected ids from: {', '.join(FUNDAMENTALS)}")
    if len(set(funds)) != len(funds):
        raise ValueError(f"{where}: a fundamental is listed twice")
    if len(funds) > 3:
        raise ValueError(f"{where}: {len(funds)} fundamentals; the taxonomy allows at most 3")
    if row.get("stance") not in STANCES:
        raise ValueError(f"{where}: \"stance\" must be one of {', '.join(STANCES)} (got {row.get('stance')!r})")
    if "child_voice" in row and row["child_voice"] is not None and row["child_voice"] not in CHILD_VOICE:
        raise ValueError(f"{where}: \"child_voice\" must be one of {', '.join(CHILD_VOICE)}")
    return row


def read_rows(path: str | Path) -> list[dict]:
    """Labelled findings from a JSONL file, each validated; errors name the file and line."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise ValueError(f"{path}: cannot read ({error})") from None
    rows = []
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            raise ValueError(f"{path}: line {n}: not valid JSON ({error.msg})") from None
        row = validate_row(row, f"{path}: line {n}")
        row = {**row, "id": str(row.get("id") or f"{path.stem}:{n}"), "_where": f"{path}: line {n}"}
        rows.append(row)
    if not rows:
        raise ValueError(f"{path}: no labelled rows")
    return rows


def _check_ids(rows: Sequence[dict]) -> None:
    seen: dict[str, str] = {}
    for row in rows:
        where = row.get("_where", "row")
        if row["id"] in seen:
            raise ValueError(f"{where}: id {row['id']!r} was already used at {seen[row['id']]}")
        seen[row["id"]] = where


def sha256_file(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()




def fundamentals_scores(gold: Sequence[Sequence[str]], pred: Sequence[Sequence[str]]) -> dict:
    """Per-label precision/recall/F1 and macro-F1 (the mean over the 10 labels)."""
    per = {}
    for lab in LABELS:
        tp = sum(lab in g and lab in p for g, p in zip(gold, pred))
        fp = sum(lab not in g and lab in p for g, p in zip(gold, pred))
        fn = sum(lab in g and lab not in p for g, p in zip(gold, pred))
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        per[lab] = {"precision": round(prec, 4), "recall": round(rec, 4), "f1": round(f1, 4), "support": tp + fn}
    exact = sum(set(g) == set(p) for g, p in zip(gold, pred)) / len(gold) if gold else 0.0
    return {"per_label": per, "macro_f1": round(sum(v["f1"] for v in per.values()) / len(LABELS), 4),
            "exact_match": round(exact, 4)}


def stance_scores(gold: Sequence[str], pred: Sequence[str]) -> dict:
    per = {}
    for s in STANCES:
        tp = sum(g == s and p == s for g, p in zip(gold, pred))
        fp = sum(g != s and p == s for g, p in zip(gold, pred))
        fn = sum(g == s and p != s for g, p in zip(gold, pred))
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        per[s] = round(2 * prec * rec / (prec + rec) if prec + rec else 0.0, 4)
    acc = sum(g == p for g, p in zip(gold, pred)) / len(gold) if gold else 0.0
    return {"accuracy": round(acc, 4), "macro_f1": round(sum(per.values()) / len(STANCES), 4), "f1": per}



"""The rows a council retrain learns from: the shipped model's training rows plus the
council's corrections, a corrected finding replacing a shipped row of the same text."""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Sequence

from nlp.classify import DEFAULT_MODEL, _norm, read_rows, sha256_file, validate_row
from nlp.classify.data import _is_synthetic

CORRECTION_GROUP = "correction:"
FALLBACK_DOC_ROWS = 20  # rows per pseudo-document when only the model's own examples are there


def text_key(text: str) -> str:
    """Texts count as the same finding when they match after whitespace and case."""
    return re.sub(r"\s+", " ", _norm(text)).strip().lower()


def model_meta(path: Path = DEFAULT_MODEL) -> dict:
    side = Path(path).with_suffix(".json")
    if side.exists():
        return json.loads(side.read_text(encoding="utf-8"))
    from nlp.classify import load

    return load(path).meta


def shipped_rows(model: Path = DEFAULT_MODEL, files: Sequence[Path] | None = None) -> tuple[list[dict], list[dict]]:
    """(rows, files): the labelled rows the shipped model was trained on, from the files its
    card names (found by sha256 in the repository or ../shared/data). `files`: other labelled
    files instead (tests, or a council's own base set). When a named file is not on this
    machine (an installed copy has no ../shared), the model's own stored examples are used:
    its whole training set, redacted, without `source`; a pseudo-document of FALLBACK_DOC_ROWS
    consecutive rows of one file prefix stands in for the source document when grouping."""
    if files:
        rows, info = [], []
        for p in files:
            got = read_rows(p)
            rows += got
            info.append({"name": Path(p).name, "path": str(p), "sha256": sha256_file(p), "rows": len(got)})
        return rows, info
    from nlp.classify.files import resolve_training_file

    meta = model_meta(model)
    found = [(entry, resolve_training_file(entry)) for entry in meta.get("training_files", [])]
    if found and all(path is not None for _, path in found):
        rows = [r for _, path in found for r in read_rows(path)]
        return rows, [dict(entry) for entry, _ in found]
    from nlp.classify import load

    examples = load(model).examples
    rows = []
    for e in examples:
        prefix, _, number = e["id"].rpartition("-")
        synthetic = e["id"].startswith("gt-")
        doc = "goldenthread-written" if synthetic else (
            f"{prefix}#{int(number) // FALLBACK_DOC_ROWS}" if number.isdigit() else e["id"])
        rows.append({"id": e["id"], "text": e["text"], "fundamentals": list(e["fundamentals"]),
                     "stance": e["stance"], "source": doc, "redacted": True})
    return rows, [{"name": "the packaged model's stored examples (redacted)", "path": str(model),
                   "sha256": sha256_file(model), "rows": len(rows)}]


def check_corrections(rows: Sequence[dict], where: str = "correction") -> list[dict]:
    """Validated correction rows (taxonomy checks; errors name the row), each with an id and a
    `source` (its narrative). The last correction of a text wins."""
    out: dict[str, dict] = {}
    for n, row in enumerate(rows, start=1):
        place = row.get("_where") if isinstance(row, dict) and row.get("_where") else f"{where} {n}"
        validate_row(row, place)
        if not str(row.get("source") or "").strip():
            raise ValueError(f"{place}: \"source\" (the narrative id) is needed to keep a narrative on one side "
                             "of a fold")
        if row.get("source") in ("goldenthread-written",):
            raise ValueError(f"{place}: \"source\" must be the narrative id, not the hand-written set's name")
        clean = {k: v for k, v in row.items() if not k.startswith("_")}
        clean["id"] = str(row.get("id") or f"correction-{n}")
        clean["redacted"] = True  # corrections are stored text: redacted at ingest
        out[text_key(clean["text"])] = clean
    ids: dict[str, int] = {}
    for row in out.values():  # ids unique among corrections
        ids[row["id"]] = ids.get(row["id"], 0) + 1
        if ids[row["id"]] > 1:
            row["id"] = f"{row['id']}~{ids[row['id']]}"
    return list(out.values())


def read_corrections(path: str | Path) -> list[dict]:
    """Corrections from a JSONL file in the labelled-row format (errors name file and line)."""
    return check_corrections(read_rows(path))


def council_corrections(data_dir: Path) -> list[dict]:
    """The council's corrections from its reviews database (assistant.corrections, part of the
    corrections feature); a clear error where that is not installed."""
    try:
        from assistant.corrections import export_training_rows
    except ImportError:
        raise ValueError("this installation has no corrections store yet; pass the corrections as a file "
                         "(--corrections FILE.jsonl)") from None
    return check_corrections(export_training_rows(Path(data_dir)))


def merge(shipped: Sequence[dict], corrections: Sequence[dict]) -> tuple[list[dict], int]:
    """(training rows, shipped rows replaced): a correction takes the place of the shipped row(s)
    with the same text (in place, so the rest of the training order is unchanged); the other
    corrections are added at the end."""
    by_text = {text_key(c["text"]): c for c in corrections}
    ids = {r["id"] for r in shipped}
    out, used, replaced = [], set(), 0
    for row in shipped:
        key = text_key(row["text"])
        if key not in by_text:
            out.append(row)
            continue
        replaced += 1
        if key not in used:  # a text listed twice in the shipped rows becomes one corrected row
            used.add(key)
            out.append(by_text[key])
    for key, c in by_text.items():
        if key not in used:
            out.append(dict(c, id=c["id"] if c["id"] not in ids else f"{c['id']}~correction"))
    return out, replaced


def group_of(row: dict, corrected: dict[str, str]) -> str:
    """A row's fold group: the corrected narrative for a corrected text, else its source."""
    key = text_key(row["text"])
    if key in corrected:
        return CORRECTION_GROUP + corrected[key]
    return str(row.get("source") or f"row:{row['id']}")


def is_synthetic(row: dict) -> bool:
    return _is_synthetic(row)

"""What the corrections say: counts per label and per month, the labels the model most often
gets wrong here (the model's label -> the person's), the retrains' before/after figures
(`<data_dir>/models/history.jsonl`, written by the retrain), and the "check these" list:
the findings of the latest audit month the model is least sure about."""
from __future__ import annotations

import json
import math
from collections import Counter
from pathlib import Path

from assistant.corrections.store import all_corrections, corrected_keys, latest_per_finding

NONE = "(none)"
HISTORY = Path("models") / "history.jsonl"


def _changes(model_funds: list[str], new_funds: list[str]) -> tuple[list[str], list[str]]:
    return [f for f in new_funds if f not in model_funds], [f for f in model_funds if f not in new_funds]


def summary(ws) -> dict:
    """Counts over every correction (per label, per month) and, per finding, the model's
    first label against the latest correction (the confusions)."""
    rows = all_corrections(ws)
    per_label: dict[str, Counter] = {}
    per_month = Counter()
    for r in rows:
        per_month[r["created_at"][:7]] += 1
        added, removed = _changes(r["old_fundamentals"], r["new_fundamentals"])
        for f in added:
            per_label.setdefault(f, Counter())["added"] += 1
        for f in removed:
            per_label.setdefault(f, Counter())["removed"] += 1
        if r["old_stance"] != r["new_stance"]:
            per_label.setdefault(f"stance: {r['new_stance']}", Counter())["added"] += 1
            per_label.setdefault(f"stance: {r['old_stance']}", Counter())["removed"] += 1
        if r["voice_verdict"]:
            per_label.setdefault("child's voice", Counter())[r["voice_verdict"]] += 1
    confusions = Counter()
    kept = 0
    for r in latest_per_finding(ws):
        added, removed = _changes(r["model_fundamentals"], r["new_fundamentals"])
        if not added and not removed and r["model_stance"] == r["new_stance"]:
            kept += 1
        for old, new in _pairs(removed, added):
            confusions[("fundamental", old, new)] += 1
        if r["model_stance"] != r["new_stance"]:
            confusions[("stance", r["model_stance"] or NONE, r["new_stance"])] += 1
    labels = [{"label": k, "added": v["added"], "removed": v["removed"], "right": v["right"], "wrong": v["wrong"],
               "total": sum(v.values())} for k, v in per_label.items()]
    return {
        "corrections": len(rows),
        "findings": len({(r["narrative_id"], r["position"]) for r in rows}),
        "confirmed": kept,
        "per_label": sorted(labels, key=lambda x: (-x["total"], x["label"])),
        "per_month": [{"month": m, "corrections": n} for m, n in sorted(per_month.items())],
        "confusions": [{"kind": k, "model": o, "corrected": n, "count": c}
                       for (k, o, n), c in sorted(confusions.items(), key=lambda x: (-x[1], x[0]))[:15]],
        "retrains": history(ws.data_dir),
    }


def _pairs(removed: list[str], added: list[str]) -> list[tuple[str, str]]:
    """A removed label stands against an added one (planning -> assessment), the rest against none."""
    pairs = list(zip(removed, added))
    pairs += [(f, NONE) for f in removed[len(added):]] + [(NONE, f) for f in added[len(removed):]]
    return pairs


def history(data_dir: Path) -> dict:
    """The retrains recorded in models/history.jsonl, oldest first; a line that cannot be read
    is counted and named by its number, never shown."""
    path = Path(data_dir) / HISTORY
    out = {"rows": [], "unreadable_lines": []}
    if not path.is_file():
        return out
    for n, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            row = {"version": str(item.get("version", "")), "created_at": str(item.get("created_at", "")),
                   "corrections": int(item.get("corrections") or 0), "switched": bool(item.get("switched")),
                   "before": _figures(item.get("before")), "after": _figures(item.get("after"))}
        except (ValueError, TypeError, AttributeError):
            out["unreadable_lines"].append(n)
            continue
        out["rows"].append(row)
    return out


def _figures(value) -> dict:
    value = value or {}
    return {k: (round(float(value[k]), 3) if isinstance(value.get(k), (int, float)) else None)
            for k in ("fundamentals", "stance")}


def check_these(ws, month: str | None = None, limit: int = 20) -> dict:
    """The findings of one audit month (default: the latest month in the store) the model is
    least sure about, not yet corrected. Sureness is the smaller of two distances of a
    calibrated probability from where the decision would flip: the closest fundamental's
    probability to its threshold, and the stance's probability above one half."""
    frame = ws.store.columns().frame
    if not len(frame) or "date" not in frame:
        return {"month": month, "months": [], "findings": []}
    months = sorted({d[:7] for d in frame["date"].dropna() if isinstance(d, str) and len(d) >= 7}, reverse=True)
    month = month if month in months else (months[0] if months else None)
    rows = frame[frame["date"].fillna("").str.startswith(month or "\0")]
    if "labels_source" in rows:
        rows = rows[rows["labels_source"].fillna("") != "human"]
    done = corrected_keys(ws)
    out = []
    for _, row in rows.iterrows():
        if (row["narrative_id"], int(row["position"])) in done:
            continue
        margin = row.get("fundamentals_margin")
        margin = None if margin is None or (isinstance(margin, float) and math.isnan(margin)) else float(margin)
        score = row.get("stance_score")
        stance_margin = None if score is None or (isinstance(score, float) and math.isnan(score)) else float(score) - 0.5
        parts = [m for m in (margin, stance_margin) if m is not None]
        if not parts:
            continue
        out.append({"id": row["id"], "narrative_id": row["narrative_id"], "position": int(row["position"]),
                    "text": row["text"], "date": row["date"], "stance": row.get("stance"),
                    "fundamentals": [f for f in (row.get("fundamentals") or "").split(",") if f],
                    "stance_score": stance_margin + 0.5 if stance_margin is not None else None,
                    "fundamentals_margin": margin, "sureness": round(min(parts), 4)})
    out.sort(key=lambda r: (r["sureness"], r["narrative_id"], r["position"]))
    return {"month": month, "months": months, "findings": out[:limit]}

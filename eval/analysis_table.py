"""The label evaluation as a plain-text table: systems as columns, metrics as rows, k-fold and per-file figures below."""
from __future__ import annotations

from eval.analysis_scores import SYSTEMS
from nlp.classify import LABELS


def _fmt(value) -> str:
    return "-" if value is None else f"{value:.3f}"


def format_table(result: dict, per_label: bool = True) -> str:
    """Systems as columns, metrics as rows (`-` where a system does not do that task)."""
    systems = [s for s in SYSTEMS if s in result]

    def get(system: str, *keys):
        value = result[system]
        for k in keys:
            if value is None:
                return None
            value = value.get(k) if isinstance(value, dict) else None
        return value

    lines: list[tuple[str, list]] = [("fundamentals macro-F1", [get(s, "fundamentals", "macro_f1") for s in systems])]
    if per_label:
        lines += [(f"  {lab} F1", [get(s, "fundamentals", "per_label", lab, "f1") for s in systems]) for lab in LABELS]
    lines += [("stance macro-F1", [get(s, "stance", "macro_f1") for s in systems]),
              ("stance accuracy", [get(s, "stance", "accuracy") for s in systems]),
              ("child's voice F1 (present)", [get(s, "child_voice", "f1_present") for s in systems]),
              ("child's voice F1 (absent)", [get(s, "child_voice", "f1_absent") for s in systems]),
              ("jargon exact F1", [get(s, "jargon", "exact", "f1") for s in systems]),
              ("jargon overlap F1", [get(s, "jargon", "overlap", "f1") for s in systems])]
    width = max(len(name) for name, _ in lines)
    col = max(9, *(len(s) for s in systems))
    out = [f"{'':<{width}}  " + "  ".join(f"{s:>{col}}" for s in systems),
           f"{'-' * width}  " + "  ".join("-" * col for _ in systems)]
    out += [f"{name:<{width}}  " + "  ".join(f"{_fmt(v):>{col}}" for v in values) for name, values in lines]
    out += _extra_tables(result, systems, width, col)
    if "message" in result:
        out.append("")
        out.append(result["message"])
    return "\n".join(out)


def _extra_tables(result: dict, systems: list[str], width: int, col: int) -> list[str]:
    """The k-fold figures beside grouped ones, and the figures per data file."""
    out = []

    def row(name, values):
        return f"{name:<{width}}  " + "  ".join(f"{_fmt(v):>{col}}" for v in values)

    if result.get("kfold"):
        out += ["", f"{'k-fold (rows shuffled, not grouped)':<{width}}"]
        for task in ("fundamentals", "stance"):
            out.append(row(f"{task} macro-F1", [((result["kfold"].get(s) or {}).get(task) or {}).get("macro_f1")
                                                for s in systems]))
    for name, block in (result.get("per_file") or {}).items():
        out += ["", f"{name} ({block['rows']} rows, same folds)"]
        for task in ("fundamentals", "stance"):
            out.append(row(f"{task} macro-F1", [((block.get(s) or {}).get(task) or {}).get("macro_f1")
                                                for s in systems]))
    return out

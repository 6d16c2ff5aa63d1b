"""Rows of a hand-written redaction check set (eval/data/redaction_fresh*.jsonl) from
(text, names, identifiers, keep) tuples: each secret and keep-term checked to be in its text,
written as JSONL, counts printed. Shared by the make_redaction_fresh*.py scripts."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Callable, Sequence

DATA = Path(__file__).resolve().parents[1] / "data"


def write_rows(spec: Sequence[tuple], prefix: str, identifier_type: Callable[[str], str], out_name: str,
               unique_names: bool = False) -> Path:
    """`identifier_type(value)` names each identifier's secret type; `unique_names` lists a name
    said twice in one row once."""
    rows = []
    for i, (text, names, ids, keep, *meta) in enumerate(spec):
        words = list(dict.fromkeys(names.split())) if unique_names else names.split()
        secrets = [{"type": "name", "value": n} for n in words]
        secrets += [{"type": identifier_type(v), "value": v} for v in ids]
        for s in secrets:
            assert s["value"] in text, (s, text)
        for k in keep:
            assert k in text, (k, text)
        extra = {k: v for m in meta for k, v in m.items() if k in ("team", "service")}
        for v in extra.values():
            assert v in text, (v, text)
        rows.append({"id": f"{prefix}-{i:03d}", "text": text, "secrets": secrets, "keep": keep, **extra})
    out = DATA / out_name
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(len(rows), sum(len(r["secrets"]) for r in rows), sum(len(r["keep"]) for r in rows))
    return out

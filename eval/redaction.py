"""Redaction eval: how many planted secrets survive ingest, and how many keep-terms are lost.

Rows are {"id", "text", "secrets": [{"type", "value"} or "value"], "keep": [...]} (optional
"team"/"service" metadata, as ingest would get them). Everything is ingested into a temporary
store through the real path (redact, segment, analyse, embed, stage, commit), then each
secret is looked for in what a user can reach: the stored narrative and findings, `export`,
search results (a BM25 search for the secret itself and one for the row's words) and the
narrative page. Names are matched as whole words, case-sensitive, each hyphenated part on
its own ("[NAME]-Rose" leaks "Rose"); identifiers as the exact string. Recall is by secret
occurrence (row x secret). `score_texts` scores any redactor's output the same way, so a
peer (Presidio, eval/scripts/bench_presidio.py) is measured with the same ruler.
"""
from __future__ import annotations

import json
import re
import tempfile
from collections import Counter
from pathlib import Path

SURFACES = ("stored", "export", "search", "page")


def read_rows(path: str | Path) -> list[dict]:
    """Rows of a redaction eval file; ValueError naming the file and line on bad input."""
    rows = []
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise ValueError(f"{path}: cannot read ({error.__class__.__name__})") from None
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError:
            raise ValueError(f"{path}: line {n}: not JSON") from None
        if not isinstance(row, dict) or not isinstance(row.get("text"), str) or not row["text"].strip():
            raise ValueError(f"{path}: line {n}: needs a non-empty \"text\"")
        secrets = []
        for s in row.get("secrets") or []:
            if isinstance(s, str):
                s = {"type": "other", "value": s}
            if not isinstance(s, dict) or not isinstance(s.get("value"), str) or not s["value"].strip():
                raise ValueError(f"{path}: line {n}: each secret is a string or {{\"type\", \"value\"}}")
            secrets.append({"type": str(s.get("type") or "other"), "value": s["value"]})
        keep = row.get("keep") or []
        if not isinstance(keep, list) or not all(isinstance(k, str) for k in keep):
            raise ValueError(f"{path}: line {n}: \"keep\" is a list of strings")
        rows.append({"id": str(row.get("id") or f"row-{n}"), "text": row["text"], "secrets": secrets,
                     "keep": keep, **{k: row[k] for k in ("team", "service") if isinstance(row.get(k), str)}})
    if not rows:
        raise ValueError(f"{path}: no rows")
    return rows


def survives(secret: dict, text: str) -> bool:
    value = secret["value"]
    if secret["type"] == "name":
        parts = [p for p in re.split(r"[\s\-]+", value) if len(p) > 1] or [value]
        return any(re.search(rf"(?<![^\W\d_]){re.escape(p)}(?![^\W\d_])", text) for p in parts)
    return value in text


def lost(term: str, before: str, after: str) -> bool:
    return after.count(term) < before.count(term)


def score_texts(rows: list[dict], outputs: list[str]) -> dict:
    """Survivors by type and keep-terms lost, for one output text per row."""
    total, left, keep_total, keep_lost = Counter(), Counter(), 0, 0
    for row, out in zip(rows, outputs):
        for s in row["secrets"]:
            total[s["type"]] += 1
            left[s["type"]] += survives(s, out)
        for term in row["keep"]:
            keep_total += 1
            keep_lost += lost(term, row["text"], out)
    return _summary(total, left, keep_total, keep_lost)


def _summary(total: Counter, left: Counter, keep_total: int, keep_lost: int) -> dict:
    by_type = {t: {"secrets": total[t], "survived": left[t],
                   "recall": round(1 - left[t] / total[t], 4) if total[t] else None} for t in sorted(total)}
    all_total, all_left = sum(total.values()), sum(left.values())
    return {"by_type": by_type, "secrets": all_total, "survived": all_left,
            "recall": round(1 - all_left / all_total, 4) if all_total else None,
            "keep_terms": keep_total, "keep_lost": keep_lost,
            "keep_lost_rate": round(keep_lost / keep_total, 4) if keep_total else None}


def redact_rows(rows: list[dict], nlp) -> list[str]:
    """The redactor alone (no store), keep phrases from the row's team/service as at ingest."""
    out = []
    for row in rows:
        doc = nlp.make_doc(row["text"])
        doc.user_data["keep"] = tuple(v for v in (row.get("team"), row.get("service")) if v)
        out.append(nlp(doc)._.redacted_text)
    return out


def evaluate(path: str | Path, data_dir: str | Path | None = None, progress=None, limit: int | None = None) -> dict:
    """Ingest the rows into a temporary store; secrets surviving on every surface. Ingest
    (analysis and embedding of every row) is the cost: 1,800 rows take tens of minutes on a
    shared 2-core machine, so `limit` bounds it to the file's first rows."""
    from fastapi.testclient import TestClient

    from api.app import create_app
    from assistant.ingest import ingest
    from assistant.narratives import Narrative
    from assistant.service import Workspace, export_rows, search

    rows = read_rows(path)[:limit] if limit else read_rows(path)
    with tempfile.TemporaryDirectory(prefix="gt-redaction-eval-") as tmp:
        ws = Workspace(Path(data_dir or tmp))
        narratives = [Narrative(id=r["id"], text=r["text"], team=r.get("team"), service=r.get("service"))
                      for r in rows]
        report = ingest(ws.store, narratives, ws.nlp, ws.embedder, progress)
        id_of = dict(zip((r["id"] for r in rows), report.ids))
        exported: dict[str, list[str]] = {}
        for row in export_rows(ws):
            exported.setdefault(row["narrative_id"], []).append(json.dumps(row, ensure_ascii=False))
        app = create_app(ws)
        app.state.accounts.add_user("redaction-eval", "qa")
        token = app.state.accounts.create_token("redaction-eval")
        total = Counter()
        left = {s: Counter() for s in SURFACES}
        keep_total = keep_lost = 0
        with TestClient(app, headers={"Authorization": f"Bearer {token}"}) as client:
            for row in rows:
                nid = id_of[row["id"]]
                record = ws.store.narrative(nid) or {"text": "", "metadata": {}}
                stored = "\n".join([record["text"], json.dumps(record["metadata"], ensure_ascii=False)]
                                   + [f.text for f in ws.store.findings_of(nid)])
                page = client.get(f"/narratives/{nid}/view").text
                queries = [s["value"] for s in row["secrets"]][:3] + [row["text"][:200]]
                found = "\n".join(json.dumps(search(ws, q, k=5, mode="bm25"), ensure_ascii=False) for q in queries)
                texts = {"stored": stored, "export": "\n".join(exported.get(nid, [])), "search": found, "page": page}
                for s in row["secrets"]:
                    total[s["type"]] += 1
                    for surface, text in texts.items():
                        left[surface][s["type"]] += survives(s, text)
                for term in row["keep"]:
                    keep_total += 1
                    keep_lost += lost(term, row["text"], record["text"])
    result = {"file": str(path), "rows": len(rows),
              "surfaces": {s: _summary(total, left[s], keep_total, keep_lost) for s in SURFACES}}
    anywhere = Counter({t: max(left[s][t] for s in SURFACES) for t in total})
    result["anywhere"] = _summary(total, anywhere, keep_total, keep_lost)
    return result


def format_table(result: dict) -> str:
    lines = [f"{result['file']}: {result['rows']} rows"]
    lines.append(f"{'type':<12} {'secrets':>8} " + " ".join(f"{s:>8}" for s in SURFACES) + "   recall")
    surfaces = result["surfaces"]
    for t, row in result["anywhere"]["by_type"].items():
        lines.append(f"{t:<12} {row['secrets']:>8} "
                     + " ".join(f"{surfaces[s]['by_type'][t]['survived']:>8}" for s in SURFACES)
                     + f"   {row['recall']:.4f}")
    a = result["anywhere"]
    lines.append(f"{'all':<12} {a['secrets']:>8} " + " ".join(f"{surfaces[s]['survived']:>8}" for s in SURFACES)
                 + f"   {a['recall']:.4f}")
    lines.append(f"keep-terms lost: {a['keep_lost']} of {a['keep_terms']} ({a['keep_lost_rate']:.2%})")
    lines.append("(columns: secrets surviving in the stored text, export, search results, narrative page)")
    return "\n".join(lines)

"""One analysed text as the JSON shape `goldenthread analyse` and `POST /analyse` return.
Offsets are into the text as given (analysis does not redact; ingest does)."""
from __future__ import annotations


def _doc_stance(doc) -> dict | None:
    """A text's stance: the most confident non-neutral finding's, else the most confident."""
    stances = [f._.stance for f in (doc._.findings or []) if f._.stance]
    if not stances:
        return None
    judged = [s for s in stances if s["label"] != "neutral"]
    best = max(judged or stances, key=lambda s: s["score"])
    return {"label": best["label"], "score": round(float(best["score"]), 4)}


def analysis_json(doc, text_id=None) -> dict:
    fundamentals = doc._.fundamentals or []
    voice = doc._.child_voice or {"label": "not_applicable", "evidence": []}
    return {
        "id": text_id,
        "fundamentals": [{"label": f["label"], "score": round(float(f["score"]), 4)} for f in fundamentals],
        "stance": _doc_stance(doc),
        "child_voice": {k: v for k, v in voice.items()},
        "jargon": [flag.to_json() for flag in (doc._.jargon or [])],
        "readability": doc._.readability,
        "findings": [
            {"start": f.start_char, "end": f.end_char,
             "fundamentals": [{"label": x["label"], "score": round(float(x["score"]), 4),
                               "evidence": x.get("evidence", [])} for x in (f._.fundamentals or [])],
             "stance": f._.stance, "child_voice": f._.child_voice}
            for f in (doc._.findings or [])
        ],
    }


def analyse(nlp, rows: list[dict]) -> list[dict]:
    """rows of {"id", "text"} in, one analysis each out (batched through nlp.pipe)."""
    docs = nlp.pipe([r["text"] for r in rows], batch_size=32)
    return [analysis_json(doc, row.get("id")) for row, doc in zip(rows, docs)]

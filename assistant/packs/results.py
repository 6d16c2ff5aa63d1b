"""A pack's answers aggregated back for the QA team."""
from __future__ import annotations


from assistant import service
from assistant.packs.store import ANSWERS, MARK_KINDS, QUESTIONS, connect_reviews
from assistant.packs.read import _pack_json


# --------------------------------------------------------------------------- results

def _counts() -> dict:
    return {q: {a: 0 for a in ANSWERS} for q in QUESTIONS}


def pack_results(ws: service.Workspace, pack_id: int) -> dict:
    """For the QA team: answers counted per question and per narrative, marked phrases with
    their counts (by kind), and each Ambassador's progress. Comments are already redacted."""
    with connect_reviews(ws) as conn:
        info = _pack_json(conn, pack_id)
        if info is None:
            raise LookupError(f"no pack {pack_id}")
        reviews = conn.execute("SELECT * FROM reviews WHERE pack_id = ?", (pack_id,)).fetchall()
        marks = conn.execute("SELECT * FROM marks WHERE pack_id = ? ORDER BY narrative_id, start", (pack_id,)).fetchall()
    overall = _counts()
    per = {n: {"narrative_id": n, "reviews": 0, "answers": _counts(), "comments": []} for n in info["narrative_ids"]}
    for r in reviews:
        row = per.setdefault(r["narrative_id"], {"narrative_id": r["narrative_id"], "reviews": 0,
                                                 "answers": _counts(), "comments": []})
        row["reviews"] += 1
        if r["comment"]:
            row["comments"].append(r["comment"])
        for q in QUESTIONS:
            if r[q]:
                overall[q][r[q]] += 1
                row["answers"][q][r[q]] += 1
    phrases: dict[str, dict] = {}
    for m in marks:
        key = " ".join(m["phrase"].lower().split())
        entry = phrases.setdefault(key, {"phrase": " ".join(m["phrase"].split()), "count": 0,
                                         "kinds": {k: 0 for k in MARK_KINDS}, "narrative_ids": [],
                                         "comments": [], "better_wordings": [], "suggestion_id": m["suggestion_id"]})
        entry["count"] += 1
        entry["kinds"][m["kind"]] += 1
        if m["narrative_id"] not in entry["narrative_ids"]:
            entry["narrative_ids"].append(m["narrative_id"])
        for field_, target in (("comment", "comments"), ("better_wording", "better_wordings")):
            if m[field_]:
                entry[target].append(m[field_])
    total = len(info["narrative_ids"])
    completion = [{"username": a["username"], "reviewed": a["reviewed"], "of": total,
                   "submitted": a["submitted_at"] is not None, "submitted_at": a["submitted_at"]}
                  for a in info["ambassadors"]]
    return {"pack": info, "questions": QUESTIONS, "answers": overall, "by_narrative": list(per.values()),
            "marks": sorted(phrases.values(), key=lambda p: (-p["count"], p["phrase"])),
            "completion": completion}

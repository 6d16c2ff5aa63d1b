"""A large real store for benchmarks, made by replicating a smaller really-ingested one.

Encoding 100k findings on a small shared machine takes hours, and the model's output is not
what a store-size benchmark measures. So a store ingested for real (eval/bench_ingest.py
keeps one) is copied, whole narratives at a time, into a new store of N findings through the
same stage / columns / commit path the ingest uses. What a copy changes: the narrative and
finding ids (`~r<copy>`), the month (three months earlier per copy, over ten years), the team
(` R<copy mod 12>` added) and the vector (Gaussian noise, sigma 0.02, renormalised).
The texts, labels and other metadata are the real ingest's.

Run as `python -m eval.bench_store SOURCE TARGET N [--chroma-url URL]` (SOURCE may be `-` when
TARGET already holds a store, which is then reused). The serve benchmark runs it in a child
process, so the building does not count in the serving process's RSS, and so that process
first opens the store after it is written: an embedded Chroma client that had opened the empty
store before another process wrote under a thousand findings into it failed every query
("Error creating hnsw segment reader: Nothing found on disk"; seen at 202 and 600 findings).
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np


def shift_month(date: str, back: int) -> str:
    year, month = map(int, date.split("-")[:2])
    total = year * 12 + month - 1 - back
    return f"{total // 12}-{total % 12 + 1:02d}"


def replicate_store(source_dir: Path | None, target_dir: Path, n: int, chroma_url: str | None = None,
                    seed: int = 0, log=print) -> dict:
    """Build a store of about n findings in target_dir, or reuse the one already there."""
    from index.columns import Columns, new_token, prune
    from index.search import month_number
    from index.store import NARRATIVES, Store, finding_key

    target = Store(target_dir, chroma_url)
    have = target.findings.count()
    if have:
        return {"reused": True, "findings": have}
    if source_dir is None:
        raise ValueError(f"{target_dir} holds no store: give --source (a store from `bench ingest --data`)")
    source = Store(source_dir)
    src = source.columns()
    if not len(src):
        raise ValueError(f"no findings in {source_dir}: run `goldenthread bench ingest --data DIR` first")
    records = source._get_all(source.narratives, where={"kind": "narrative"},
                              include=["documents", "metadatas", "embeddings"])
    narratives = {m["narrative_id"]: (d, m, e) for d, m, e in zip(
        records["documents"], records["metadatas"], records["embeddings"])}
    frame = src.frame
    src.tokens()  # left on disk by Columns.load
    vectors = np.asarray(src.vectors)
    groups = frame.groupby("narrative_id", sort=True).indices  # narrative -> row numbers (in order)
    rng = np.random.default_rng(seed)
    ids, texts, metas, tokens, vecs = [], [], [], [], []
    n_ids, n_texts, n_metas, n_vecs = [], [], [], []
    copy = 0
    start = time.perf_counter()
    with target.writing():
        while len(ids) < n:
            for nid, rows in groups.items():
                if len(ids) >= n:
                    break
                doc, nmeta, nvec = narratives[nid]
                new_id = nid if copy == 0 else f"{nid}~r{copy}"
                back = (3 * copy) % 120
                changed = {"narrative_id": new_id}
                if nmeta.get("date"):
                    changed["date"] = shift_month(nmeta["date"], back)
                    changed["month"] = month_number(changed["date"])
                if copy and nmeta.get("team"):
                    changed["team"] = f"{nmeta['team']} R{copy % 12}"
                for r in rows:
                    meta = {**json.loads(frame["meta"].iat[r]), **changed}
                    ids.append(finding_key(new_id, meta["version"], meta["position"]))
                    texts.append(frame["text"].iat[r])
                    metas.append(meta)
                    tokens.append(frame["tokens"].iat[r])
                    v = vectors[r] + (rng.normal(0, 0.02, vectors.shape[1]).astype(np.float32) if copy else 0)
                    vecs.append(v / (np.linalg.norm(v) or 1.0))
                n_ids.append(new_id)
                n_texts.append(doc)
                n_metas.append({**nmeta, **changed})
                n_vecs.append(np.asarray(nvec, dtype=np.float32))
            copy += 1
        order = sorted(range(len(ids)), key=lambda i: (metas[i]["narrative_id"], metas[i]["position"]))
        ids, texts, metas, tokens = ([xs[i] for i in order] for xs in (ids, texts, metas, tokens))
        vecs = np.asarray(vecs, dtype=np.float32)[order]
        log(f"replicated {len(ids)} findings ({copy} copies) in {time.perf_counter() - start:.1f} s; staging")
        for s in range(0, len(ids), 20_000):
            target.stage(ids[s:s + 20_000], texts[s:s + 20_000], metas[s:s + 20_000], vecs[s:s + 20_000])
            log(f"staged {min(s + 20_000, len(ids))} / {len(ids)} ({time.perf_counter() - start:.0f} s)")
        token = new_token()
        Columns.from_rows(1, token, ids, texts, metas, vecs, tokens).save(target.data_dir)
        target.commit(n_ids, n_texts, n_metas, np.vstack(n_vecs), token)
        prune(target.data_dir, target.head())
    log(f"committed {len(n_ids)} narratives in {time.perf_counter() - start:.1f} s")
    return {"reused": False, "findings": len(ids), "narratives": len(n_ids), "copies": copy, "source_findings": len(src),
            "collection": NARRATIVES, "seconds": round(time.perf_counter() - start, 1)}


def main(args: list[str]) -> int:
    url = None
    if "--chroma-url" in args:
        at = args.index("--chroma-url")
        url = args[at + 1]
        del args[at:at + 2]
    try:
        built = replicate_store(None if args[0] == "-" else Path(args[0]), Path(args[1]), int(args[2]), url,
                                log=lambda m: print(m, file=sys.stderr, flush=True))
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(json.dumps(built))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

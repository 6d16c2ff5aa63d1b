"""Benchmark: theme summaries over a large corpus, and how their cost grows with the slice.

The demo corpus's findings (with their real vectors and labels) are replicated to N
findings, spread over more months and teams, and each copy's vector is nudged by a little
noise so that clustering has real work to do. A summary is then timed over slices of
growing size; seconds per 1,000 findings staying flat (or falling) means the cost grows no
faster than linearly. Reading the store into columns happens once per store revision
(`Workspace.corpus()`), so it is timed apart.
"""
from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pandas as pd


def replicate(corpus, n: int, seed: int = 0):
    """A Corpus of n findings made from copies of `corpus`'s findings, over 120 months."""
    from assistant.themes import Corpus

    rng = np.random.default_rng(seed)
    base = corpus.frame
    picks = np.arange(n) % len(base)
    frame = base.iloc[picks].reset_index(drop=True).copy()
    copy_no = np.arange(n) // len(base)
    frame["id"] = [f"{i}~{c}" for i, c in zip(frame["id"], copy_no)]
    frame["narrative_id"] = [f"{i}~{c}" for i, c in zip(frame["narrative_id"], copy_no)]
    months = pd.period_range("2015-01", periods=120, freq="M").astype(str)
    frame["date"] = months[(copy_no * 7 + picks // 12) % len(months)]
    frame["team"] = [f"{t} {c % 12}" for t, c in zip(frame["team"], copy_no)]
    vectors = corpus.vectors[picks] + rng.normal(0, 0.02, (n, corpus.vectors.shape[1])).astype(np.float32)
    metadatas = frame.drop(columns=["id", "text"]).to_dict("records")
    return Corpus.from_rows(corpus.revision, frame["id"], frame["text"], metadatas, vectors)


def bench_summary(data_dir: Path, n: int = 100_000, theme: str = "planning", repeats: int = 3) -> dict:
    from assistant import service
    from assistant.themes import summary

    ws = service.Workspace(Path(data_dir))
    start = time.perf_counter()
    source = ws.corpus()
    read_s = time.perf_counter() - start
    if not len(source):
        raise ValueError(f"no findings in {data_dir}: load the demo corpus first (goldenthread load-demo --data ...)")
    start = time.perf_counter()
    big = replicate(source, n)
    build_s = time.perf_counter() - start
    months = big.months()
    rows = []
    for share in (0.125, 0.25, 0.5, 1.0):
        last = months[max(int(len(months) * share) - 1, 0)]
        filters = service.make_filters(months[0], last)
        summary(big, theme, filters)  # warm (imports, first KMeans)
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            result = summary(big, theme, filters)
            times.append(time.perf_counter() - start)
        best = min(times)
        slice_n = result["counts"]["findings"]
        rows.append({"months": f"{months[0]}..{last}", "slice_findings": slice_n, "seconds": round(best, 3),
                     "ms_per_1000_findings": round(1000 * best / max(slice_n, 1) * 1000, 1)})
    return {"corpus_findings": len(big), "theme": theme, "store_read_seconds": round(read_s, 3),
            "replicate_seconds": round(build_s, 3), "slices": rows,
            "within_2s": all(r["seconds"] < 2 for r in rows)}


def format_table(result: dict) -> str:
    lines = [f"corpus: {result['corpus_findings']} findings; theme: {result['theme']}; "
             f"store read {result['store_read_seconds']} s (once per revision)",
             f"{'months':<18}{'slice findings':>16}{'seconds':>10}{'ms / 1k findings':>18}"]
    for r in result["slices"]:
        lines.append(f"{r['months']:<18}{r['slice_findings']:>16}{r['seconds']:>10.3f}{r['ms_per_1000_findings']:>18.1f}")
    lines.append(f"every summary under 2 s: {'yes' if result['within_2s'] else 'NO'}")
    return "\n".join(lines)

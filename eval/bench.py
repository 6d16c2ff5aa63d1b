"""Benchmarks: analysis throughput against the bare embedding encode of the same texts, in
one run, so the ratio holds on any machine. Absolute figures are this machine's only.

The encode is the embedder alone at its normal settings (`nlp.embed.get_embedder()`: batch
size 64, normalised, the process's torch threads), the same object the classifier uses inside
the analysis. The two are timed in alternating rounds (encode, analyse, encode, analyse...),
so a burst of load from another process hits both sides alike; each side's figure is its
median round, and the ratio is the median of the rounds' ratios (every round is reported).
"""
from __future__ import annotations

import json
import resource
import statistics
import time
from pathlib import Path

DEFAULT_TEXTS = Path(__file__).resolve().parents[1] / "nlp" / "data" / "train_findings.jsonl"


def load_texts(path: Path | None, n: int) -> list[str]:
    rows = [json.loads(line)["text"] for line in Path(path or DEFAULT_TEXTS).read_text().splitlines() if line.strip()]
    return [rows[i % len(rows)] for i in range(n)]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_analyse(n: int = 1000, path: Path | None = None, batch_size: int = 64, rounds: int = 3) -> dict:
    import torch

    from nlp.embed import get_embedder
    from nlp.pipeline import load_analysis

    texts = load_texts(path, n)
    embedder = get_embedder()
    nlp = load_analysis()
    embedder(texts[:32])  # warm both up outside the timings
    list(nlp.pipe(texts[:32]))
    timings = []
    for _ in range(max(1, rounds)):
        start = time.perf_counter()
        embedder(texts)
        encode_s = time.perf_counter() - start
        start = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=batch_size):
            pass
        analyse_s = time.perf_counter() - start
        timings.append({"encode_seconds": round(encode_s, 3), "analyse_seconds": round(analyse_s, 3),
                        "ratio": round(analyse_s / encode_s, 3)})
    encode_s = statistics.median(t["encode_seconds"] for t in timings)
    analyse_s = statistics.median(t["analyse_seconds"] for t in timings)
    return {"findings": n, "encode_seconds": round(encode_s, 3), "analyse_seconds": round(analyse_s, 3),
            "encode_per_second": round(n / encode_s, 1), "analyse_per_second": round(n / analyse_s, 1),
            "ratio": round(statistics.median(t["ratio"] for t in timings), 3), "rounds": timings,
            "peak_rss_mb": round(peak_rss_mb(), 1), "torch_threads": torch.get_num_threads(),
            "pipeline": nlp.pipe_names}

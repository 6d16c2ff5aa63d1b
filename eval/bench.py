"""Benchmarks: analysis throughput against the bare embedding encode of the same texts, in
one run, so the ratio holds on any machine. Absolute figures are this machine's only.

The encode is the embedder alone at its normal settings (`nlp.embed.get_embedder()`: batch
size 64, normalised, the process's torch threads), the same object the classifier uses inside
the analysis. The two alternate: within a round the texts are cut into chunks (`chunk`, 250
by default) and each chunk is encoded and analysed back to back, the order flipped from one
chunk to the next (encode-analyse, analyse-encode, ...), so a burst of load from another
process (these machines are shared) lands on both sides alike instead of on one side's whole
round. A round's ratio is its analysis seconds over its encode seconds; the reported ratio is
the median of the rounds' ratios (every round is reported), and each side's seconds its median
round. Process CPU time is reported beside wall time (`cpu_ratio`): a second reading, not the
target's.
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


def _timed(fn) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def bench_analyse(n: int = 1000, path: Path | None = None, batch_size: int = 64, rounds: int = 3,
                  chunk: int = 250) -> dict:
    import torch

    from nlp.embed import get_embedder
    from nlp.pipeline import load_analysis

    texts = load_texts(path, n)
    embedder = get_embedder()
    nlp = load_analysis()
    embedder(texts[:32])  # warm both up outside the timings
    list(nlp.pipe(texts[:32]))

    def encode(part):
        return lambda: embedder(part)

    def analyse(part):
        return lambda: [None for _ in nlp.pipe(part, batch_size=batch_size)]

    chunks = [texts[s:s + chunk] for s in range(0, len(texts), max(1, chunk))]
    timings = []
    for _ in range(max(1, rounds)):
        enc = [0.0, 0.0]
        ana = [0.0, 0.0]
        for k, part in enumerate(chunks):
            steps = [(enc, encode(part)), (ana, analyse(part))]
            for total, fn in (steps if k % 2 == 0 else steps[::-1]):
                wall, cpu = _timed(fn)
                total[0] += wall
                total[1] += cpu
        timings.append({"encode_seconds": round(enc[0], 3), "analyse_seconds": round(ana[0], 3),
                        "ratio": round(ana[0] / enc[0], 3), "cpu_ratio": round(ana[1] / enc[1], 3)})
    encode_s = statistics.median(t["encode_seconds"] for t in timings)
    analyse_s = statistics.median(t["analyse_seconds"] for t in timings)
    return {"findings": n, "encode_seconds": round(encode_s, 3), "analyse_seconds": round(analyse_s, 3),
            "encode_per_second": round(n / encode_s, 1), "analyse_per_second": round(n / analyse_s, 1),
            "ratio": round(statistics.median(t["ratio"] for t in timings), 3),
            "cpu_ratio": round(statistics.median(t["cpu_ratio"] for t in timings), 3), "rounds": timings,
            "chunk": chunk, "peak_rss_mb": round(peak_rss_mb(), 1), "torch_threads": torch.get_num_threads(),
            "pipeline": nlp.pipe_names}

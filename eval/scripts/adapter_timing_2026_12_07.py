"""The analysis cost of several classifier models against the bare encode, in one process, by
wall time AND by this process's CPU time (all its threads): on a shared machine other work
stretches wall time unevenly between rounds, CPU time much less. Same texts, batch size and
pipeline as `goldenthread bench analyse --n 1000` (eval.bench); each model is a council model
in its own data folder (eval/scripts/adapter_model_2026_12_07.py), "packaged" the shipped one.

    python eval/scripts/adapter_timing_2026_12_07.py packaged /tmp/adapter-data /tmp/base-data

Each round: for each model (order rotated every round), an encode then that model's analysis;
a model's ratio in a round is its analysis over the encode just before it. Medians of rounds.
"""
from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))


def _timed(fn):
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def main(folders: list[str], rounds: int = 3, n: int = 1000) -> dict:
    from eval.bench import load_texts, peak_rss_mb
    from nlp.classify import council
    from nlp.classify.model import load_cached
    from nlp.embed import get_embedder
    from nlp.pipeline import load_analysis

    texts = load_texts(None, n)
    embedder = get_embedder()
    pipes = {}
    for folder in folders:
        nlp = load_analysis()
        component = nlp.get_pipe("gt_classifier")
        component._fixed = load_cached() if folder == "packaged" else load_cached(council.model_path(folder))
        pipes[folder] = nlp
        embedder(texts[:32])
        list(nlp.pipe(texts[:32]))
    out = {f: {"wall": [], "cpu": []} for f in folders}
    for r in range(rounds):
        order = folders[r % len(folders):] + folders[:r % len(folders)]
        for folder in order:
            ew, ec = _timed(lambda: embedder(texts))
            aw, ac = _timed(lambda: [None for _ in pipes[folder].pipe(texts, batch_size=64)])
            out[folder]["wall"].append(round(aw / ew, 3))
            out[folder]["cpu"].append(round(ac / ec, 3))
            print(json.dumps({"round": r + 1, "model": folder, "encode_wall": round(ew, 2), "encode_cpu": round(ec, 2),
                              "analyse_wall": round(aw, 2), "analyse_cpu": round(ac, 2)}), flush=True)
    summary = {f: {"median_wall_ratio": statistics.median(v["wall"]), "median_cpu_ratio": statistics.median(v["cpu"]),
                   "wall_ratios": v["wall"], "cpu_ratios": v["cpu"]} for f, v in out.items()}
    summary["peak_rss_mb"] = round(peak_rss_mb(), 1)
    print(json.dumps(summary, indent=1))
    return summary


if __name__ == "__main__":
    main(sys.argv[1:])

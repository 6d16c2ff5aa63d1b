"""Does retraining on a council's corrections help on the rest of its text? A simulation.

The Ofsted files' councils (`source` in ../shared/data/findings_ofsted_a.jsonl and _b) are
shuffled (per seed) into `groups` groups. For each held-out group: the start model is trained,
with the shipped configuration, on everything else (the project's hand-written rows,
findings_dev.jsonl and the other groups' councils). The group's councils are split in two, by
council: a correction pool and a test part. Corrections come from the pool in a random order
(its gold labels standing in for a QA officer), in batches of `batch`; after each batch the
model is retrained (assistant.retrain.merge + nlp.classify.train, the code path of
`goldenthread train --with-corrections` without its switch check) and scored on the test part,
whose councils it never saw. The curve is the mean over seeds and groups.

    goldenthread eval corrections-sim [--seeds 0,1,2] [--groups 2] [--batch 50]
    python -m eval.corrections_sim [--seeds 0,1,2] [--groups 2] [--batch 50] [--group G] [--max N] [--out PATH]
    python -m eval.corrections_sim --combine A.json B.json ...   # runs made in parallel processes

Writes eval/corrections_sim.json (every run's figures) and eval/corrections_curve.png.
Sentence vectors are computed once per file (nlp.classify.tuning caches them by text).
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np

from assistant.retrain.rows import merge
from eval.model_build import PROJECT_TRAIN, SHARED_DATA
from nlp.classify import DEFAULT_MODEL, Config, fundamentals_scores, read_rows, stance_scores, train

OUT_JSON = Path(__file__).resolve().parent / "corrections_sim.json"
OUT_PNG = Path(__file__).resolve().parent / "corrections_curve.png"
OFSTED = ("findings_ofsted_a.jsonl", "findings_ofsted_b.jsonl")


def _config() -> Config:
    meta = json.loads(DEFAULT_MODEL.with_suffix(".json").read_text(encoding="utf-8"))
    return Config.from_json(meta["config"])


def _scores(gold, pred) -> dict:
    return {"fundamentals": fundamentals_scores([g["fundamentals"] for g in gold],
                                                [p["fundamentals"] for p in pred])["macro_f1"],
            "stance": stance_scores([g["stance"] for g in gold], [p["stance"] for p in pred])["macro_f1"]}


def simulate(seeds=(0, 1, 2), groups: int = 2, batch: int = 50, pool_share: float = 2 / 3, log=print,
             partial=None, only_groups=None, most: int | None = None) -> dict:
    """`partial(runs)`: called after each run (the command saves what is done so far)."""
    from nlp.classify.tuning import base_vectors

    config = _config()
    fixed = read_rows(PROJECT_TRAIN) + read_rows(SHARED_DATA / "findings_dev.jsonl")
    ofsted = [r for name in OFSTED for r in read_rows(SHARED_DATA / name)]
    vec = {}
    for rows in (read_rows(PROJECT_TRAIN), read_rows(SHARED_DATA / "findings_dev.jsonl"), *[
            read_rows(SHARED_DATA / n) for n in OFSTED]):
        for r, v in zip(rows, base_vectors([r["text"] for r in rows])):
            vec[r["id"]] = v

    def vectors(rows):
        return np.vstack([vec[r["id"]] for r in rows])

    councils = sorted({r["source"] for r in ofsted})
    runs = []
    started = time.perf_counter()
    for seed in seeds:
        rng = np.random.default_rng(seed)
        order = list(rng.permutation(councils))
        for g in range(groups):
            if only_groups is not None and g not in only_groups:
                continue
            held = order[g::groups]
            n_pool = int(round(len(held) * pool_share))
            pool_c, test_c = set(held[:n_pool]), set(held[n_pool:])
            base = fixed + [r for r in ofsted if r["source"] not in pool_c | test_c]
            pool = [r for r in ofsted if r["source"] in pool_c]
            pool = [pool[i] for i in rng.permutation(len(pool))][:most]
            test = [r for r in ofsted if r["source"] in test_c]
            test_vecs = vectors(test)
            points = []
            for used in range(0, len(pool) + 1, batch):
                rows, _ = merge(base, pool[:used])
                model = train(rows, config, vectors=vectors(rows))
                figures = _scores(test, model.predict_labels([r["text"] for r in test], test_vecs))
                points.append({"corrections": used, **figures})
                log(f"seed {seed} group {g}: {used:3d} corrections -> fundamentals {figures['fundamentals']:.3f}, "
                    f"stance {figures['stance']:.3f} ({time.perf_counter() - started:.0f} s)")
            runs.append({"seed": seed, "group": g, "pool_councils": len(pool_c), "pool_rows": len(pool),
                         "test_councils": len(test_c), "test_rows": len(test), "base_rows": len(base),
                         "points": points})
            if partial:
                partial(runs)
    return {"runs": runs, "curve": curve(runs), "batch": batch, "groups": groups, "seeds": list(seeds),
            "pool_share": pool_share, "config": config.to_json(), "seconds": round(time.perf_counter() - started)}


def curve(runs: list[dict]) -> list[dict]:
    """Mean (and spread) over the runs at each number of corrections every run reached."""
    reached = min(len(r["points"]) for r in runs)
    out = []
    for k in range(reached):
        pts = [r["points"][k] for r in runs]
        row = {"corrections": pts[0]["corrections"], "runs": len(pts)}
        for task in ("fundamentals", "stance"):
            values = np.array([p[task] for p in pts])
            gains = values - np.array([r["points"][0][task] for r in runs])
            row[task] = round(float(values.mean()), 4)
            row[f"{task}_gain"] = round(float(gains.mean()), 4)
            row[f"{task}_gain_sd"] = round(float(gains.std(ddof=1)) if len(gains) > 1 else 0.0, 4)
            row[f"{task}_runs_up"] = int((gains > 0).sum())
        out.append(row)
    return out


def plot(result: dict, path: Path = OUT_PNG) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6.4, 4.0), dpi=120)
    for task, colour in (("fundamentals", "#1b6ca8"), ("stance", "#c0392b")):
        for run in result["runs"]:
            ax.plot([p["corrections"] for p in run["points"]], [p[task] for p in run["points"]], color=colour,
                    alpha=0.15, linewidth=1)
        xs = [p["corrections"] for p in result["curve"]]
        ax.plot(xs, [p[task] for p in result["curve"]], color=colour, marker="o", linewidth=2,
                label=f"{task} (mean of {result['curve'][0]['runs']} runs)")
    ax.set_xlabel(f"corrections used (batches of {result['batch']})")
    ax.set_ylabel("macro-F1 on the held-out councils")
    ax.set_title("Retraining on a council group's corrections")
    ax.grid(alpha=0.3)
    ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


def format_table(result: dict) -> str:
    lines = [f"{'corrections':>11}  {'fundamentals':>12}  {'gain':>7}  {'stance':>7}  {'gain':>7}  runs up (f/s)"]
    for p in result["curve"]:
        lines.append(f"{p['corrections']:>11}  {p['fundamentals']:>12.3f}  {p['fundamentals_gain']:>+7.3f}  "
                     f"{p['stance']:>7.3f}  {p['stance_gain']:>+7.3f}  {p['fundamentals_runs_up']}/{p['stance_runs_up']}"
                     f" of {p['runs']}")
    return "\n".join(lines)


def combine(paths) -> dict:
    """One result from several runs' files (e.g. seeds run as parallel processes)."""
    parts = [json.loads(Path(p).read_text(encoding="utf-8")) for p in paths]
    runs = sorted((r for p in parts for r in p["runs"]), key=lambda r: (r["seed"], r["group"]))
    pts = runs[0]["points"]
    batch = pts[1]["corrections"] - pts[0]["corrections"] if len(pts) > 1 else 50
    return {"runs": runs, "curve": curve(runs), "batch": batch, "groups": 2, "pool_share": 2 / 3,
            "config": _config().to_json(), "seeds": sorted({r["seed"] for r in runs}),
            "combined_from": [str(p) for p in paths]}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)

    def opt(name, default):
        return argv[argv.index(name) + 1] if name in argv else default

    out = Path(opt("--out", OUT_JSON))
    if "--combine" in argv:
        result = combine([a for a in argv[argv.index("--combine") + 1:] if not a.startswith("--")])
    else:
        def partial(runs):  # what is done so far, readable by --combine
            out.write_text(json.dumps({"partial": True, "runs": runs, "curve": curve(runs)}, indent=1) + "\n",
                           encoding="utf-8")

        only = opt("--group", None)
        result = simulate(tuple(int(s) for s in str(opt("--seeds", "0,1,2")).split(",")), int(opt("--groups", 2)),
                          int(opt("--batch", 50)), log=lambda m: print(m, flush=True), partial=partial,
                          only_groups=None if only is None else {int(g) for g in only.split(",")},
                          most=int(opt("--max", 0)) or None)
    out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    plot(result, out.with_suffix(".png") if out != OUT_JSON else OUT_PNG)
    print(format_table(result))
    print(f"wrote {out} and its plot")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

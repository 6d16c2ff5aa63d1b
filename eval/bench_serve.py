"""Benchmark: what a user of a store of N findings waits for, measured in one run.

The store is built (or reused) first: from a really-ingested store by replication
(eval/bench_store.py, in a child process). Then, in this process (so peak RSS is a serving
process's): cold start (a fresh `goldenthread search` process, start to answer), the first
store read, search p50/p95 per mode (dense, BM25, hybrid) without and with filters (period
and legal status; fundamental and stance) beside a bare Chroma query of the same vector and
`where`, theme summaries (all findings and a filtered slice) cold and warm, stats, export.
"""
from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

# Questions of the QA-officer kind, written for this benchmark (not from any data set).
QUERIES = [
    "management oversight of plans", "child's voice in assessments", "drift and delay for children in care",
    "quality of supervision", "care leavers accommodation", "pathway plans for young people",
    "neglect recognised late", "strategy meetings and section 47 enquiries", "exploitation and going missing",
    "return home interviews", "permanence planning", "domestic abuse risk assessment",
    "caseloads and workforce stability", "early help assessments", "contingency planning",
    "life story work", "private fostering arrangements", "disabled children", "unaccompanied asylum seeking children",
    "independent reviewing officer challenge",
]


def percentiles(times: list[float]) -> dict:
    ms = sorted(1000 * t for t in times)
    return {"p50_ms": round(statistics.median(ms), 1),
            "p95_ms": round(ms[min(len(ms) - 1, int(round(0.95 * (len(ms) - 1))))], 1)}


def timed(fn, *args, **kwargs) -> tuple[float, object]:
    start = time.perf_counter()
    out = fn(*args, **kwargs)
    return time.perf_counter() - start, out


def ensure_store(data_dir: Path, findings: int, source: Path | None, chroma_url: str | None) -> dict:
    """Build the store (or find it built) in a child process: this one opens it only afterwards
    (eval/bench_store.py says why)."""
    cmd = [sys.executable, "-m", "eval.bench_store", str(source) if source else "-", str(data_dir), str(findings)]
    cmd += ["--chroma-url", chroma_url] if chroma_url else []
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=Path(__file__).resolve().parents[1])
    if done.returncode:
        said = [line for line in done.stderr.splitlines() if line.startswith("error: ")]
        raise RuntimeError(said[-1][len("error: "):] if said else f"building the store failed: {done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def bench_serve(data_dir: Path, findings: int, source: Path | None = None, chroma_url: str | None = None,
                repeats: int = 1) -> dict:
    from assistant import service
    from index.search import Searcher

    built = ensure_store(Path(data_dir), findings, source, chroma_url)
    out: dict = {"store": built}
    script = Path(sys.executable).parent / "goldenthread"
    cmd = [str(script), "search", QUERIES[0], "--json", "--data", str(data_dir)]
    cmd += ["--chroma-url", chroma_url] if chroma_url else []
    seconds, done = timed(subprocess.run, cmd, capture_output=True, text=True)
    out["cold_start_search_s"] = round(seconds, 2) if done.returncode == 0 else f"failed: {done.stderr[-300:]}"

    ws = service.Workspace(Path(data_dir), chroma_url)
    seconds, columns = timed(ws.store.columns)
    out["first_store_read_s"] = round(seconds, 2)
    out["findings"] = len(columns)
    seconds, _ = timed(lambda: ws.embedder(["load"]))
    out["model_load_s"] = round(seconds, 2)
    months = sorted(m for m in columns.frame["date"].unique() if isinstance(m, str) and m)
    last_year = months[-12] if len(months) >= 12 else months[0]
    filter_sets = {
        "none": service.make_filters(),
        "period+legal status": service.make_filters(date_from=last_year, date_to=months[-1], legal_status="CP"),
        "fundamental+stance": service.make_filters(fundamental="planning", stance="concern"),
    }
    # the query as dense search embeds it (the query itself; BM25 reads the expanded one)
    vectors = {q: ws.embedder([q])[0] for q in QUERIES}
    by_text = dict(vectors)
    encode = [timed(ws.embedder, [q])[0] for q in QUERIES]
    out["query_encode"] = percentiles(encode)
    rows = []
    for name, filters in filter_sets.items():
        where = filters.where()
        clause = where or None  # as Store.dense asks (the findings collection holds only findings)
        service.search(ws, QUERIES[-1], 10, "hybrid", filters)  # warm
        bare = []
        for _ in range(repeats):
            for q in QUERIES:
                bare.append(timed(ws.store.findings.query, query_embeddings=[vectors[q].tolist()], n_results=10,
                                  where=clause, include=["documents", "metadatas", "distances"])[0])
        row = {"filters": name, "bare_chroma": percentiles(bare)}
        for mode in ("dense", "bm25", "hybrid"):
            times = [timed(service.search, ws, q, 10, mode, filters)[0] for _ in range(repeats) for q in QUERIES]
            row[mode] = percentiles(times)
        # the same hybrid search given the query's vector (as the bare query is): the store's own cost
        given = Searcher(ws.store, lambda text: by_text[text])
        given._bm25 = ws.searcher._bm25
        times = [timed(given.search, q, 10, "hybrid", filters)[0] for _ in range(repeats) for q in QUERIES]
        row["hybrid_vector_given"] = percentiles(times)
        row["hybrid_given_over_bare_p95"] = round(
            row["hybrid_vector_given"]["p95_ms"] / max(row["bare_chroma"]["p95_ms"], 1e-3), 2)
        rows.append(row)
    out["search"] = rows

    summaries = {}
    # The "10% slice" at 1M: the last 12 months (replication spreads the copies over ten
    # years); each slice's share of the whole store is reported beside it.
    for name, filters in (("all findings", service.make_filters()),
                          ("last 12 months", service.make_filters(date_from=last_year, date_to=months[-1])),
                          ("CP, last 24 months", service.make_filters(
                              date_from=months[-24] if len(months) >= 24 else months[0], date_to=months[-1],
                              legal_status="CP"))):
        fresh = service.Workspace(Path(data_dir), chroma_url)
        fresh.__dict__["embedder"] = ws.embedder  # the model is loaded once per process anyway
        cold, result = timed(service.theme_summary, fresh, "planning", filters)
        warm = [timed(service.theme_summary, fresh, "planning", filters)[0] for _ in range(3)]
        mask = columns.mask(filters)
        share = 1.0 if mask is None else float(mask.mean())
        summaries[name] = {"slice_findings": result["counts"]["findings"], "share_of_store": round(share, 3),
                           "cold_s": round(cold, 2), "warm_s": round(statistics.median(warm), 2)}
    out["summary_planning"] = summaries
    out["stats_s"] = round(timed(service.stats, ws)[0], 2)
    with open(os.devnull, "w") as sink:
        out["export_s"] = round(timed(lambda: [sink.write(json.dumps(r, sort_keys=True) + "\n")
                                               for r in service.export_rows(ws)])[0], 2)
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    out["chroma"] = chroma_url or "embedded"
    return out


def format_table(r: dict) -> str:
    lines = [f"store: {r['findings']} findings ({r['chroma']}); cold start (process to first search answer) "
             f"{r['cold_start_search_s']} s; first store read {r['first_store_read_s']} s; "
             f"query encode p50 {r['query_encode']['p50_ms']} ms",
             f"{'filters':<22}{'bare Chroma':>16}{'dense':>16}{'BM25':>16}{'hybrid':>16}{'hybrid, vector':>16}"
             "   (p50 / p95 ms)"]
    for row in r["search"]:
        cells = "".join(f"{row[k]['p50_ms']:>8.1f}/{row[k]['p95_ms']:<7.1f}"
                        for k in ("bare_chroma", "dense", "bm25", "hybrid", "hybrid_vector_given"))
        lines.append(f"{row['filters']:<22}{cells}")
    for name, s in r["summary_planning"].items():
        share = f" ({s['share_of_store']:.0%} of the store)" if "share_of_store" in s else ""
        lines.append(f"summary 'planning', {name}{share}: {s['slice_findings']} findings, cold {s['cold_s']} s, "
                     f"warm {s['warm_s']} s")
    lines.append(f"stats {r['stats_s']} s; export {r['export_s']} s; peak RSS {r['peak_rss_mb']:.0f} MB")
    return "\n".join(lines)

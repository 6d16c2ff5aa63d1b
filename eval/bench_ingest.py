"""Benchmark: `goldenthread ingest` of N findings' worth of narratives cut from the Ofsted
reports (eval/ofsted_corpus.py), against the bare embedding encode of the same texts in the
same run. The encode is the floor of an ingest's cost: every finding must be embedded once
(with its neighbours, as the index stores it). Also peak RSS and the store's size on disk.

One ingest, then one bare encode of the exact texts the index embedded (each finding with
its neighbours, read back from the store). The two are timed one after the other, not
interleaved: on a shared machine read the ratio with the load in mind.

A second reading beside it: the ingest against every encode it has to make, each bare — the
contexts above, each record's whole text in windows (index.ranking.record_windows) and each
finding alone (the classifier's input). It says how much of an ingest is encoding at all. The
other two encodes came to 0.85 of the contexts' (2,000 findings' worth, 2026-12-08), so the
first reading could not pass about 0.54 even if nothing but the encodes cost anything (README,
"The store at scale").
"""
from __future__ import annotations

import resource
import shutil
import tempfile
import time
from pathlib import Path


def folder_size_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file()) / 1e6


def bench_ingest(n: int, data_dir: Path | None = None, reports: Path | None = None, progress=None) -> dict:
    from assistant.ingest import ingest
    from assistant.narratives import Narrative
    from assistant.service import Workspace
    from eval.ofsted_corpus import OFSTED, base_narratives, narratives
    from index.ranking import record_windows
    from index.search import findings_by_narrative, with_context

    rows = narratives(n, reports or OFSTED)
    one_pass = len(base_narratives(reports or OFSTED))
    owned = data_dir is None
    data_dir = Path(data_dir or tempfile.mkdtemp(prefix="gt-bench-ingest-"))
    try:
        ws = Workspace(data_dir)
        nlp, embedder = ws.nlp, ws.embedder
        embedder(["warm up the model"] * 8)
        list(nlp.pipe(["Warm up the pipeline. It has two sentences."]))
        start = time.perf_counter()
        report = ingest(ws.store, [Narrative(**r) for r in rows], nlp, embedder, progress)
        ingest_s = time.perf_counter() - start
        snap = ws.store.snapshot()
        records = findings_by_narrative(snap)
        contexts = [c for texts in records for c in with_context(texts)]
        start = time.perf_counter()
        embedder(contexts)
        encode_s = time.perf_counter() - start
        windows = [w for texts in records for w in record_windows(texts)]
        start = time.perf_counter()
        embedder(windows)
        embedder(list(snap.texts))
        other_encodes_s = time.perf_counter() - start
        findings = len(snap.ids)
        return {
            "narratives": len(rows), "narratives_replicated": max(0, len(rows) - one_pass), "findings": findings,
            "ingest_seconds": round(ingest_s, 1), "encode_seconds": round(encode_s, 1),
            "ingest_findings_per_second": round(findings / ingest_s, 1),
            "encode_findings_per_second": round(findings / encode_s, 1),
            "ratio_to_encode": round(encode_s / ingest_s, 3),
            "all_encodes_seconds": round(encode_s + other_encodes_s, 1),
            "ratio_to_all_encodes": round((encode_s + other_encodes_s) / ingest_s, 3),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "store_mb": round(folder_size_mb(data_dir), 1), "data_dir": str(data_dir),
            "added": report.added,
        }
    finally:
        if owned:
            shutil.rmtree(data_dir, ignore_errors=True)


def format_table(r: dict) -> str:
    return "\n".join([
        f"narratives {r['narratives']} ({r['narratives_replicated']} replicated), findings {r['findings']}",
        f"ingest  {r['ingest_seconds']:>8.1f} s  {r['ingest_findings_per_second']:>8.1f} findings/s",
        f"encode  {r['encode_seconds']:>8.1f} s  {r['encode_findings_per_second']:>8.1f} findings/s (bare, same texts)",
        f"all encodes {r['all_encodes_seconds']:>5.1f} s  (contexts, record windows and findings alone, bare)",
        f"ingest / all its encodes: {r['ratio_to_all_encodes']:.3f}",
        f"ingest / encode speed: {r['ratio_to_encode']:.3f}   peak RSS {r['peak_rss_mb']:.0f} MB   "
        f"store {r['store_mb']:.0f} MB on disk"])

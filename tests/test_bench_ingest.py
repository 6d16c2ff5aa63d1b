"""`bench ingest`: an ingest of report paragraphs into a real store, against the bare encodes of
what it stored. (Speed itself is a benchmark figure, never asserted here.)"""
from __future__ import annotations

from eval.bench_ingest import bench_ingest, format_table
from index.search import findings_by_narrative
from index.store import Snapshot

PARAGRAPH = ("Leaders in the council have a clear picture of {what}. Social workers visit children "
             "regularly and most plans are reviewed on time. Managers' oversight of {what} is not yet "
             "consistent, and some records do not show the child's wishes. Work with partners has "
             "improved since the last inspection.")


def _reports(folder):
    folder.mkdir()
    for k, (council, what) in enumerate([("northfold", "early help"), ("eastmere", "care leavers' housing")]):
        text = "\n\n".join(PARAGRAPH.format(what=what) + f" Paragraph {p} of report {k}." for p in range(3))
        (folder / f"{council}-2024-0{k + 3}-12.txt").write_text(text, encoding="utf-8")
    return folder


def _snapshot(texts, narrative_ids):
    return Snapshot(revision=1, ids=[f"f{i}" for i in range(len(texts))], texts=texts,
                    metadatas=[{"narrative_id": n} for n in narrative_ids])


def test_findings_are_cut_per_record_in_store_order():
    assert findings_by_narrative(_snapshot(["a", "b", "c", "d"], ["n1", "n1", "n2", "n3"])) == [["a", "b"], ["c"], ["d"]]
    assert findings_by_narrative(_snapshot([], [])) == []


def test_bench_ingest_reports_both_readings(tmp_path):
    result = bench_ingest(20, data_dir=tmp_path / "store", reports=_reports(tmp_path / "reports"))
    assert result["added"] == result["narratives"] > 0 and result["findings"] >= 20
    assert result["ingest_seconds"] > 0 and result["encode_seconds"] > 0
    # every encode the ingest makes, bare: more than the contexts' alone
    assert result["all_encodes_seconds"] > result["encode_seconds"]
    assert result["ratio_to_all_encodes"] > result["ratio_to_encode"]
    table = format_table(result)
    assert "ingest / all its encodes" in table and "ingest / encode speed" in table


def test_bench_serve_measures_a_replicated_store_and_its_slices(tmp_path):
    """`bench serve` over a store replicated from a kept ingest: every mode and filter set is
    timed, and each summary slice says how much of the store it covers."""
    from eval.bench_serve import bench_serve, format_table as serve_table

    bench_ingest(20, data_dir=tmp_path / "source", reports=_reports(tmp_path / "reports"))
    result = bench_serve(tmp_path / "big", 200, source=tmp_path / "source")
    assert result["store"]["reused"] is False and result["findings"] >= 200
    assert isinstance(result["cold_start_search_s"], float)  # a fresh process answered
    assert [row["filters"] for row in result["search"]] == ["none", "period+legal status", "fundamental+stance"]
    for row in result["search"]:
        for mode in ("bare_chroma", "dense", "bm25", "hybrid", "hybrid_vector_given"):
            assert 0 < row[mode]["p50_ms"] <= row[mode]["p95_ms"]
    slices = result["summary_planning"]
    assert slices["all findings"]["share_of_store"] == 1.0
    assert 0 < slices["last 12 months"]["share_of_store"] < 1.0  # the copies are spread over years
    assert "of the store" in serve_table(result)
    again = bench_serve(tmp_path / "big", 200)  # the store is reused, no source needed
    assert again["store"] == {"reused": True, "findings": result["findings"]}


def test_bench_serve_without_a_store_or_a_source_says_what_to_give(tmp_path):
    import pytest

    from eval.bench_serve import bench_serve

    with pytest.raises(RuntimeError, match="give --source"):
        bench_serve(tmp_path / "empty", 200)

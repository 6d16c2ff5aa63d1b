"""`bench analyse`: both sides time the same texts, chunk by chunk, alternating; the ratio is the
median of the rounds' ratios. (Speed itself is a benchmark figure, never asserted here.)"""
from __future__ import annotations

import json
import statistics

from typer.testing import CliRunner

import eval.bench as bench
from assistant.cli import app


def test_encode_and_analyse_alternate_over_the_same_chunks(monkeypatch):
    """Every chunk is encoded and analysed back to back, the order flipped from chunk to chunk, so
    a burst of load lands on both sides."""
    from nlp.embed import get_embedder

    real = get_embedder()
    seen = []

    class Spy:  # the real embedder, with its calls recorded
        def __getattr__(self, name):
            return getattr(real, name)

        def __call__(self, texts, *args, **kwargs):
            seen.append(("encode", list(texts)))
            return real(texts, *args, **kwargs)

    monkeypatch.setattr("nlp.embed.get_embedder", lambda: Spy())
    result = bench.bench_analyse(n=30, rounds=2, chunk=12)
    texts = bench.load_texts(None, 30)
    encoded = [t for kind, t in seen if kind == "encode"][1:]  # the first call is the warm-up
    assert encoded == [texts[0:12], texts[12:24], texts[24:30]] * 2
    assert len(result["rounds"]) == 2 and result["chunk"] == 12
    assert result["ratio"] == round(statistics.median(r["ratio"] for r in result["rounds"]), 3)
    for r in result["rounds"]:
        assert r["encode_seconds"] > 0 and r["analyse_seconds"] > 0 and r["cpu_ratio"] > 0
        assert abs(r["ratio"] - r["analyse_seconds"] / r["encode_seconds"]) < 0.01


def test_cli_prints_every_round():
    out = CliRunner().invoke(app, ["bench", "analyse", "--n", "20", "--rounds", "2", "--chunk", "10"])
    assert out.exit_code == 0, out.output
    assert "median of 2 rounds" in out.output and "CPU time" in out.output
    assert len(out.output.split("rounds (wall ratio): ")[1].split(",")) == 2
    got = CliRunner().invoke(app, ["bench", "analyse", "--n", "20", "--rounds", "1", "--json"])
    assert json.loads(got.output)["findings"] == 20


def test_loaded_pipeline_is_out_of_the_cycle_collectors_reach():
    """load_analysis() runs a text through (the models load on first use) and freezes what is
    alive: a full collection no longer walks the models' objects (it cost 0.1-0.5 s a time)."""
    import gc

    from nlp.pipeline import load_analysis

    nlp = load_analysis()
    assert nlp.get_pipe("gt_classifier").model.embedder is not None  # warmed: the encoder is loaded
    assert gc.get_freeze_count() > 100_000
    tracked_models = [o for o in gc.get_objects() if type(o).__name__ in ("TunedEncoder", "FindingClassifier")]
    assert tracked_models == []  # frozen: not in any generation the collector scans
    docs = list(nlp.pipe(["The social worker saw the child alone and recorded her wishes."]))
    assert docs[0]._.findings

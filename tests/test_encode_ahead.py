"""gt_encode_ahead: the classifier's encode of a batch runs in a background thread while the rule
components work through the same docs, and the analysis comes out exactly as without it."""
from __future__ import annotations

import threading

import pytest

from nlp.classify.ahead import KEY, finding_spans, take

TEXTS = [
    "The social worker visited twice and the plan was reviewed. Progress is slow.",
    "Attendance rose from 71% to 88% this term, and the school says Jo is settled.",
    "There was no record of the child's wishes.\n\nThe chronology was not up to date.",
    "Supervision is regular and reflective; managers' oversight is clear on file.",
    "",
]


@pytest.fixture(scope="module")
def nlp():
    from nlp.pipeline import load_analysis

    return load_analysis()


def _analysis(docs):
    return [(d._.redactions and [(r.start, r.end, r.label) for r in d._.redactions], d._.fundamentals,
             [(s._.fundamentals, s._.stance, s._.fundamentals_margin, s._.child_voice, None if s._.gt_vector is None
               else s._.gt_vector.tolist()) for s in (d._.findings or [])], d._.child_voice) for d in docs]


def test_findings_are_cut_and_encoding_starts_before_ner_and_the_redactor(nlp):
    from nlp.pipeline import load

    for pipeline in (nlp, load()):
        names = pipeline.pipe_names
        assert names.index("gt_findings") < names.index("gt_encode_ahead") < names.index("gt_redactor")
        assert names.index("gt_encode_ahead") < names.index("gt_classifier")
    ingest = load().pipe_names
    assert ingest.index("gt_encode_ahead") < ingest.index("ner")


def test_same_analysis_with_and_without_encoding_ahead(nlp):
    ahead = _analysis(nlp.pipe(TEXTS * 3))
    with nlp.select_pipes(disable=["gt_encode_ahead"]):
        inline = _analysis(nlp.pipe(TEXTS * 3))
    assert ahead == inline
    assert any(f for row in ahead for f in row[2])  # findings were labelled at all


def test_the_encode_runs_in_the_background_while_the_redactor_works(nlp, monkeypatch):
    model = nlp.get_pipe("gt_classifier").model
    real_encode, redactor = model.vectors_for, nlp.get_pipe("gt_redactor")
    encoding = threading.Event()
    encodes: list[str] = []
    redactions: list[tuple[str, bool]] = []

    def encode(texts):
        encodes.append(threading.current_thread().name)
        encoding.set()
        return real_encode(texts)

    class Redactor:  # the real redactor; the first doc waits until the encode has started (or 20 s)
        def __getattr__(self, name):
            return getattr(redactor, name)

        def __call__(self, doc):
            redactions.append((threading.current_thread().name, encoding.wait(timeout=0 if redactions else 20)))
            return redactor(doc)

    monkeypatch.setattr(model, "vectors_for", encode)
    monkeypatch.setattr(nlp, "_components", [(n, Redactor() if n == "gt_redactor" else c) for n, c in nlp._components])
    docs = list(nlp.pipe(TEXTS * 2))
    assert len(encodes) == 1 and encodes[0].startswith("gt-encode-ahead")  # one batch, not in the classifier
    # encoding had begun before the first doc was redacted (inline, it would start only after the last)
    assert redactions and all(started for _, started in redactions)
    assert {thread for thread, _ in redactions} == {threading.main_thread().name}
    assert all(KEY not in d.user_data for d in docs)  # the hand-off is not left on the docs
    assert all(s._.stance for d in docs for s in finding_spans(d))


def test_an_encode_error_reaches_the_caller(nlp, monkeypatch):
    model = nlp.get_pipe("gt_classifier").model

    def broken(texts):
        raise RuntimeError("encoder failed")

    monkeypatch.setattr(model, "vectors_for", broken)
    with pytest.raises(RuntimeError, match="encoder failed"):
        list(nlp.pipe(TEXTS))


def test_vectors_from_another_batch_or_model_are_not_taken(nlp):
    from concurrent.futures import Future

    docs = [nlp.make_doc(t) for t in ("One finding.", "Another finding.")]
    done: Future = Future()
    done.set_result("vectors")
    model = object()
    for doc in docs:
        doc.user_data[KEY] = (done, ["One finding.", "Another finding."], model)
    assert take(docs, ["One finding.", "Another finding."], object()) is None  # the model changed
    assert all(KEY not in d.user_data for d in docs)
    for doc in docs:
        doc.user_data[KEY] = (done, ["One finding.", "Another finding."], model)
    assert take(docs[:1], ["One finding."], model) is None  # a batch cut elsewhere
    docs[1].user_data.pop(KEY)
    for doc in docs:
        doc.user_data[KEY] = (done, ["One finding.", "Another finding."], model)
    assert take(docs, ["One finding.", "Another finding."], model) == "vectors"


def test_a_forked_child_encodes_ahead_too(nlp):
    """The pipeline loaded (its worker thread started) before a fork still analyses in the
    child: the pool is made again there instead of waiting on the parent's thread."""
    import os

    list(nlp.pipe(TEXTS[:2]))  # the parent's worker thread exists
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: analyse, report through the pipe, exit without cleanup
        code = 1
        try:
            docs = list(nlp.pipe(TEXTS[:2]))
            code = 0 if all(s._.stance for d in docs for s in finding_spans(d)) else 1
        finally:
            os.write(write, bytes([code]))
            os._exit(0)
    os.close(write)
    import select

    ready, _, _ = select.select([read], [], [], 120)
    got = os.read(read, 1) if ready else b""
    os.waitpid(pid, 0) if ready else os.kill(pid, 9)
    assert got == b"\x00", "the forked child did not finish its analysis"

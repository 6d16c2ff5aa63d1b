"""Filtered search at scale: a filter as one row mask over the columns, exact dense search
among the rows it allows, and BM25 with the mask. On the real demo store (real Chroma, real
encoder): the mask agrees with the per-finding test row for row, and filtered results are the
ones Chroma's own `where` query and the row-by-row BM25 give."""
import numpy as np
import pytest

from index.exact import dense_among
from index.filters import Filters

FILTERS = [
    Filters(date_from="2018-06"),
    Filters(date_to="2018-09"),
    Filters(date_from="2018-03", date_to="2018-10", legal_status=["CP"]),
    Filters(team=["Wrenford Children in Care Team", "Harrowfield CP Team 1"]),
    Filters(rating=["good"]),
    Filters(fundamental=["risk"]),
    Filters(fundamental=["relational", "permanence"], stance=["concern"]),
    Filters(child_voice=["absent"]),
    Filters(service=["no such service"]),
    Filters(team=["no such team"], fundamental=["risk"]),
]
QUERIES = ["safety planning after missing episodes", "the child's wishes and feelings",
           "management oversight and supervision", "IRO challenge about drift"]


@pytest.fixture(scope="module")
def columns(demo_workspace):
    return demo_workspace.store.columns()


def test_the_mask_agrees_with_the_per_finding_test_on_every_row(columns):
    metadatas = columns.snapshot().metadatas
    assert len(columns) > 500
    for f in FILTERS:
        expected = np.array([f.matches(metadatas[i]) for i in range(len(columns))])
        assert (f.mask(columns.frame) == expected).all(), f
        assert (columns.mask(f) == expected).all(), f  # with the fundamentals' masks it keeps
    assert any(f.mask(columns.frame).sum() for f in FILTERS[:8])  # the filters do select rows
    assert Filters().mask(columns.frame) is None


def test_filtered_dense_search_finds_what_chroma_where_finds(demo_workspace, columns):
    store, embed = demo_workspace.store, demo_workspace.embedder
    for query in QUERIES:
        vector = embed(query)
        for f in FILTERS:
            exact = dense_among(columns, vector, 10, columns.mask(f))
            chroma = store.dense(vector, 10, f.where())
            assert [h.id for h in exact] == [h.id for h in chroma], (query, f)
            assert np.allclose([h.score for h in exact], [h.score for h in chroma], atol=1e-4)
            assert all(f.matches(h.metadata) for h in exact)


def test_filtered_bm25_with_the_mask_is_the_row_by_row_answer(demo_workspace, columns):
    index = demo_workspace.searcher.bm25()
    for query in QUERIES:
        for f in FILTERS:
            masked = index.top(query, 25, f, columns.mask(f))
            one_by_one = index.top(query, 25, f)
            assert [(h.id, h.score) for h in masked] == [(h.id, h.score) for h in one_by_one], (query, f)
        unfiltered = index.top(query, 25, Filters())
        scores = [h.score for h in unfiltered]
        assert unfiltered and scores == sorted(scores, reverse=True)


def test_hybrid_search_with_filters_returns_only_allowed_findings(demo_workspace):
    f = Filters(date_from="2018-03", date_to="2018-10", legal_status=["CP"])
    hits = demo_workspace.searcher.search("safety plans", 10, "hybrid", f)
    assert hits and all(f.matches(h.metadata) for h in hits)
    assert demo_workspace.searcher.search("safety plans", 10, "dense", Filters(team=["no such team"])) == []

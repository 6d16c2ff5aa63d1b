"""BM25 weighting: common words give way to distinctive ones, and a query made only of a
common word still finds something."""
from index.search import BM25Index, Filters
from index.store import Snapshot

# Six one-finding narratives: "child" is in five of them (over half), "supervision" in two.
TEXTS = [
    "The child was seen alone at every visit.",
    "The child's plan was reviewed on time.",
    "Supervision of the child's case was monthly and reflective.",
    "The child moved to a new foster home.",
    "The child's school attendance improved.",
    "Supervision notes were brief and undated.",
]


def index() -> BM25Index:
    return BM25Index(Snapshot(revision=1, ids=[f"f{i}" for i in range(len(TEXTS))], texts=TEXTS,
                              metadatas=[{"narrative_id": f"n{i}"} for i in range(len(TEXTS))]))


def test_a_word_in_most_findings_does_not_outweigh_a_distinctive_one():
    hits = index().top("child supervision", 10, Filters())
    # only the two findings about supervision score: "child" is in 5 of 6 and weighs nothing
    assert {h.id for h in hits} == {"f2", "f5"}


def test_a_query_of_one_common_word_still_finds_the_findings_that_have_it():
    hits = index().top("child", 10, Filters())
    assert {h.id for h in hits} == {"f0", "f1", "f2", "f3", "f4"}


def test_an_unknown_word_finds_nothing():
    assert index().top("exploitation", 10, Filters()) == []

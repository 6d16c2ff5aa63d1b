"""Theme summaries over the demo corpus, checked against the store itself (not against
numbers written down here): counts, tables, clusters, quotes and the previous period."""
from __future__ import annotations

import json
import re

import pytest

from assistant import service
from assistant.themes import RATINGS, previous_period, resolve_theme


@pytest.fixture(scope="module")
def findings(demo_workspace):
    """Every stored finding by id, as `goldenthread export` would give it."""
    return {row["id"]: row for row in service.export_rows(demo_workspace)}


@pytest.fixture(scope="module")
def planning(demo_workspace):
    filters = service.make_filters("2019-09", "2019-11")
    return service.theme_summary(demo_workspace, "planning", filters)


def in_slice(row: dict, fundamental: str, start: str, end: str) -> bool:
    return fundamental in row["fundamentals"].split(",") and start <= row.get("date", "") <= end


def test_counts_are_the_stores(planning, findings):
    expected = [i for i, row in findings.items() if in_slice(row, "planning", "2019-09", "2019-11")]
    assert sorted(planning["finding_ids"]) == sorted(expected)
    counts = planning["counts"]
    assert counts["findings"] == len(expected) > 20
    assert counts["strength"] + counts["concern"] + counts["neutral"] == counts["findings"]
    assert counts["concern"] == sum(findings[i]["stance"] == "concern" for i in expected)
    assert counts["narratives"] == len({findings[i]["narrative_id"] for i in expected})


def test_ratings_tables_count_audits_once(planning, findings):
    by_month = planning["ratings_by_month"]
    assert [row["month"] for row in by_month] == ["2019-09", "2019-10", "2019-11"]
    assert sum(row["total"] for row in by_month) == planning["counts"]["narratives"]
    for row in by_month:
        assert set(row["counts"]) == set(RATINGS)
        assert sum(row["counts"].values()) == row["total"]  # every demo audit has a rating
        assert sum(row["percent"].values()) == pytest.approx(100, abs=0.5)
    audits = {findings[i]["narrative_id"]: findings[i] for i in planning["finding_ids"]}
    cic = [a for a in audits.values() if a["legal_status"] == "CiC"]
    row = next(r for r in planning["ratings_by_legal_status"] if r["legal_status"] == "CiC")
    assert row["total"] == len(cic)


def test_previous_period_has_the_same_length(planning, findings):
    assert previous_period("2019-09", "2019-11", []) == ("2019-06", "2019-08")
    assert previous_period("2019-01", "2019-01", []) == ("2018-12", "2018-12")
    before = planning["previous"]
    assert (before["from"], before["to"]) == ("2019-06", "2019-08")
    expected = [i for i, row in findings.items() if in_slice(row, "planning", "2019-06", "2019-08")]
    assert before["counts"]["findings"] == len(expected)
    assert planning["change"]["findings"] == planning["counts"]["findings"] - len(expected)


def test_clusters_cover_the_concerns_and_quote_them_verbatim(planning, findings):
    clusters = planning["concern_clusters"]
    assert len(clusters) >= 2
    assert sum(c["size"] for c in clusters) == planning["counts"]["concern"]
    seen = set()
    for cluster in clusters:
        assert cluster["key_phrases"], "every cluster is named"
        assert not any("[" in p or "name" == p for p in cluster["key_phrases"])  # placeholders never name a cluster
        assert not seen & set(cluster["finding_ids"])
        seen |= set(cluster["finding_ids"])
        for quote in cluster["quotes"]:
            stored = findings[quote["finding_id"]]
            assert quote["text"] == stored["text"]
            assert stored["stance"] == "concern" and quote["finding_id"] in cluster["finding_ids"]
            assert quote["month"] == stored["date"] and quote["team"] == stored["team"]
        quoted_audits = [q["narrative_id"] for q in cluster["quotes"]]
        if cluster["narratives"] >= len(quoted_audits):
            assert len(set(quoted_audits)) == len(quoted_audits), "quotes spread across audits (MMR)"


def test_what_good_looks_like_is_strengths_and_teams_listed_have_three_concerns(planning, findings):
    assert planning["what_good_looks_like"]
    for quote in planning["what_good_looks_like"]:
        assert findings[quote["finding_id"]]["stance"] == "strength"
    for team in planning["teams_with_concerns"]:
        assert team["concerns"] >= 3
        assert all(findings[i]["team"] == team["team"] and findings[i]["stance"] == "concern" for i in team["finding_ids"])
    concerns_by_team = {}
    for i in planning["finding_ids"]:
        if findings[i]["stance"] == "concern":
            concerns_by_team[findings[i]["team"]] = concerns_by_team.get(findings[i]["team"], 0) + 1
    assert {t["team"] for t in planning["teams_with_concerns"]} == {t for t, n in concerns_by_team.items() if n >= 3}


def test_recommendations_are_actions_on_the_theme(planning):
    recommendations = planning["recommendations"]
    assert recommendations
    assert set(q["finding_id"] for q in recommendations) <= set(planning["finding_ids"])
    assert re.match(r"(Actions?|Recommendations?)\b", recommendations[0]["text"])


def test_filters_narrow_the_slice(demo_workspace, findings):
    filters = service.make_filters("2019-09", "2019-11", legal_status="care leaver")
    result = service.theme_summary(demo_workspace, "planning", filters)
    assert result["finding_ids"]
    assert all(findings[i]["legal_status"] == "care leaver" for i in result["finding_ids"])
    rated = service.theme_summary(demo_workspace, "planning", service.make_filters(rating="RI"))
    assert all(findings[i]["rating"] == "requires improvement" for i in rated["finding_ids"])


def test_free_text_theme_matches_by_meaning_and_words(demo_workspace, findings):
    result = service.theme_summary(demo_workspace, "going missing and exploitation")
    assert result["theme"]["kind"] == "free_text"
    texts = [findings[i]["text"].lower() for i in result["finding_ids"]]
    on_topic = re.compile(r"missing|exploit|abscond|return (home )?interview|rhi|cce|episode|nrm")
    assert len(texts) >= 10
    assert sum(bool(on_topic.search(t)) for t in texts) / len(texts) >= 0.6


def test_theme_names_and_synonyms_resolve():
    assert resolve_theme("Management oversight")["id"] == "oversight"
    assert resolve_theme("Permanence & living arrangements")["id"] == "permanence"
    assert resolve_theme("family time with siblings")["kind"] == "free_text"
    with pytest.raises(ValueError):
        resolve_theme("   ")


def test_overview_lists_every_fundamental_with_a_trend(demo_workspace, findings):
    themes = service.themes_overview(demo_workspace, service.make_filters("2019-09", "2019-11"))
    assert len(themes) == 10
    planning = next(t for t in themes if t["id"] == "planning")
    assert planning["findings"] == sum(in_slice(r, "planning", "2019-09", "2019-11") for r in findings.values())
    assert [p["month"] for p in planning["trend"]] == ["2019-09", "2019-10", "2019-11"]
    assert planning["previous"]["findings"] == sum(in_slice(r, "planning", "2019-06", "2019-08") for r in findings.values())


def test_summary_command_prints_figures_and_citations(cli, demo_workspace):
    result = cli("summary", "planning", "--from", "2019-09", "--to", "2019-11", "--data", demo_workspace.data_dir)
    assert result.exit_code == 0, result.stderr
    assert "Theme: Planning" in result.stdout and "Recurring concerns:" in result.stdout
    assert re.search(r"\[demo-\d{3}#[0-9a-f]{12}#\d{4}; 2019-(09|10|11)", result.stdout)
    assert "does not score risk to any child" in result.stdout
    as_json = cli("summary", "planning", "--from", "2019-09", "--to", "2019-11", "--json", "--data", demo_workspace.data_dir)
    assert json.loads(as_json.stdout)["counts"]["findings"] > 0
    bad = cli("summary", "planning", "--from", "September-ish", "--data", demo_workspace.data_dir)
    assert bad.exit_code == 2 and "error:" in bad.stderr


def test_a_cluster_whose_findings_share_no_phrase_is_still_named():
    from assistant.themes import key_phrases

    named = key_phrases([["The contingency plan was missing for the weekend.",
                          "The contingency plan was not shared with the school."],
                         ["Transport to family time was cancelled twice."]])
    assert "contingency plan" in named[0]
    words = set("transport to family time was cancelled twice".split())
    assert named[1] and all(set(p.split()) <= words for p in named[1])  # its own words name it


def test_action_flags_are_read_only_for_the_rows_asked_and_kept():
    """A summary reads whether a finding recommends an action only for its slice, once."""
    import numpy as np

    from assistant.themes import Corpus

    texts = ["Actions: the plan should name a date.", "The child was seen alone.",
             "The manager must review the plan.", "Next step agreed with the school.", "Visits were regular."]
    corpus = Corpus.from_rows(1, [f"f{i}" for i in range(5)], texts,
                              [{"narrative_id": f"n{i}", "fundamentals": "planning"} for i in range(5)],
                              np.eye(5, dtype=np.float32))
    recommends, opens_with_action = corpus.action_flags(np.array([0, 1, 2]))
    assert recommends.tolist() == [True, False, True] and opens_with_action.tolist() == [True, False, False]
    assert (corpus._actions[3:] == -1).all()  # rows not asked for are not read
    corpus.frame.loc[0, "text"] = "changed"  # a kept answer is not read again
    assert corpus.action_flags(np.array([0, 3]))[0].tolist() == [True, True]

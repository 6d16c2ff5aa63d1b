"""The `goldenthread` CLI end to end: real spaCy pipeline, real sentence-transformers model,
real Chroma, each store in its own temporary --data folder.

Most commands run in-process through typer's CliRunner (the models load once per session);
the kill test runs the installed console script in real processes, because it has to
SIGKILL one. Every narrative, name and reference here is fictional.
"""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import threading
from collections import Counter
from pathlib import Path

import pytest

from assistant.narratives import normalise_legal_status, normalise_rating
from conftest import CONSOLE_SCRIPT, REPO, subprocess_env  # noqa: E402  (tests/ is on sys.path)

# --- a small corpus with planted personal details ---------------------------------------

PLANTED_NAMES = ["Tyler", "Okafor", "Leanne", "Brooklyn", "Ashworth", "Dean", "Keeley", "Marsh",
                 "Kayden", "Priya", "Grace", "Hope", "Jayden", "Sharon", "Pike"]
PLANTED_VALUES = {
    "CASE-REF": ["4418203", "58210", "6620841"],
    "DOB": ["12/03/2011", "4 March 2012"],
    "EMAIL": ["dean.ashworth@example.org"],
    "PHONE": ["07700 900123", "01632 960 481"],
    "POSTCODE": ["GL1 2AB"],
    "ADDRESS": ["14 Larkspur Close"],
}

CORPUS = [
    {"id": "aud-01", "date": "2019-01", "team": "Cotswolds Assessment Team", "legal_status": "Child in Need",
     "rating": "Good",
     "text": "Tyler Okafor (case ref 4418203) was seen alone on every visit and his views shaped the plan.\n\n"
             "Tyler's mum, Leanne Okafor, said the support had helped. The chronology was up to date."},
    {"id": "aud-02", "date": "2019-02", "team": "Gloucester Team 3", "legal_status": "LAC", "rating": "RI",
     "text": "Brooklyn Ashworth (DOB 12/03/2011) has lived with foster carers since 2017. Her father, "
             "Dean Ashworth, can be reached on 07700 900123 or dean.ashworth@example.org.\n\n"
             "Life story work has not started and the care plan has no timescales."},
    {"id": "aud-03", "date": "2019-03", "team": "Cotswolds Assessment Team", "legal_status": "CP",
     "rating": "Requires Improvement",
     "text": "The s47 enquiry was started the same day and the strategy discussion included the police and "
             "the school. Keeley Marsh's mum was not spoken to before the decision was made."},
    {"id": "aud-04", "date": "2019-04", "team": "Eastmere Early Help Hub", "legal_status": "CiN",
     "rating": "Inadequate",
     "text": "Kayden (LCS ID: 58210) is eight. Drift in the plan meant that the family waited five months "
             "for a parenting course. Management oversight did not challenge the delay."},
    {"id": "aud-05", "date": "2019-05", "team": "Gloucester Team 3", "legal_status": "child protection",
     "rating": "Good",
     "text": "The ICPC was held within fifteen working days and the plan was shared with the family in "
             "plain language. Priya said she understood why the conference was worried."},
    {"id": "aud-06", "date": "2019-06", "team": "Cotswolds Assessment Team", "legal_status": "looked after",
     "rating": "requires improvement",
     "text": "Grace (date of birth: 4 March 2012) moved placement twice this year. Her family live at "
             "14 Larkspur Close, GL1 2AB, and contact is supervised.\n\nThe reasons for each move are not "
             "recorded and the Independent Reviewing Officer did not escalate."},
    {"id": "aud-07", "date": "2019-07", "team": "Eastmere Early Help Hub", "legal_status": "CiN",
     "rating": "Good",
     "text": "Hope told her worker she feels safer now. The family plan in Annex H sets out who does what "
             "and by when, and the Team Manager reviewed it monthly."},
    {"id": "aud-08", "date": "2019-08", "team": "Harrowfield CP Team 1", "legal_status": "CP",
     "rating": "Inadequate",
     "text": "Harrowfield CP Team 1 - 6620841\n\nSharon Pike's partner moved into the home and no checks "
             "were completed. Jayden (name changed) was not seen alone for three months; ring 01632 960 481."},
    # a narrative id and a source that carry a name: both must be replaced, never stored
    {"id": "tyler-okafor-2019", "date": "2019-09", "team": "Cotswolds Assessment Team",
     "legal_status": "CiN", "rating": "Good", "source": "Okafor family file.docx",
     "text": "Tyler Okafor was supported to attend the review and his wishes were recorded in his words."},
]
EXPECTED_REDACTIONS = {label: len(values) for label, values in PLANTED_VALUES.items()}


def planted_left(text: str) -> list[str]:
    """Planted names (whole words, case-sensitive) and values found in text."""
    found = [n for n in PLANTED_NAMES if re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", text)]
    found += [v for values in PLANTED_VALUES.values() for v in values if v in text]
    return found


def export_rows(cli, data: Path) -> list[dict]:
    result = cli("export", "--data", data)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def search_hits(cli, data: Path, query: str, *options: str) -> list[dict]:
    result = cli("search", query, "--json", "--data", data, *options)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def report_numbers(stdout: str) -> dict[str, int]:
    m = re.search(r"added (\d+), updated (\d+), unchanged (\d+)", stdout)
    assert m, stdout
    return dict(zip(("added", "updated", "unchanged"), map(int, m.groups())))


# --- a shared store (read-only for the tests that use it) --------------------------------

@pytest.fixture(scope="session")
def corpus_store(tmp_path_factory, cli, write_jsonl):
    root = tmp_path_factory.mktemp("corpus")
    source = write_jsonl(root / "narratives.jsonl", CORPUS)
    data = root / "data"
    result = cli("ingest", source, "--data", data)
    assert result.exit_code == 0, result.output
    return data, result


def test_ingest_prints_a_redaction_report_and_stores_nothing_planted(corpus_store, cli):
    data, result = corpus_store
    assert f"narratives: {len(CORPUS)} (added {len(CORPUS)}, updated 0, unchanged 0)" in result.stdout
    line = next(line for line in result.stdout.splitlines() if line.startswith("redaction report:"))
    counts = dict((k, int(v)) for k, v in re.findall(r"([A-Z-]+) (\d+)", line))
    for label, expected in EXPECTED_REDACTIONS.items():
        assert counts.get(label) == expected, (label, line)
    # one [NAME] per mention: a full name is one, "Tyler's" is one
    assert counts.get("NAME") == 13, line
    assert "staged" in result.stderr

    rows = export_rows(cli, data)
    dumped = "\n".join(json.dumps(row) for row in rows)
    assert not planted_left(dumped), planted_left(dumped)
    assert "okafor" not in dumped.lower()  # the id and the source that named him were replaced
    ids = {row["narrative_id"] for row in rows}
    assert len(ids) == len(CORPUS) and "tyler-okafor-2019" not in ids
    hashed = next(row for row in rows if row["date"] == "2019-09")
    assert hashed["narrative_id"].startswith("n-") and hashed["source"] == "[NAME] family file.docx"
    # placeholders are what is left, and the protected words survive
    assert "[NAME]" in dumped and "[CASE-REF]" in dumped and "[DOB]" in dumped
    for kept in ("Harrowfield CP Team 1 - [CASE-REF]", "Annex H", "s47", "ICPC", "Independent Reviewing Officer",
                 "Team Manager"):
        assert kept in dumped, kept


def test_stats_json_counts_match_the_corpus(corpus_store, cli):
    data, _ = corpus_store
    result = cli("stats", "--json", "--data", data)
    assert result.exit_code == 0, result.output
    stats = json.loads(result.stdout)
    rows = export_rows(cli, data)
    assert stats["narratives"] == len(CORPUS)
    assert stats["findings"] == len(rows) > len(CORPUS)
    assert stats["revision"] == 1
    by = stats["narratives_by"]
    assert by["date"] == dict(Counter(n["date"] for n in CORPUS))
    assert by["team"] == dict(Counter(n["team"] for n in CORPUS))
    assert by["legal_status"] == dict(Counter(normalise_legal_status(n["legal_status"]) for n in CORPUS))
    assert by["rating"] == dict(Counter(normalise_rating(n["rating"]) for n in CORPUS))
    assert sum(stats["findings_by"]["team"].values()) == len(rows)
    per_narrative = Counter(row["narrative_id"] for row in rows)
    assert all(row["n_findings"] == per_narrative[row["narrative_id"]] for row in rows)


# --- search ------------------------------------------------------------------------------

def test_search_json_lines_carry_ids_score_text_and_metadata(corpus_store, cli):
    data, _ = corpus_store
    hits = search_hits(cli, data, "care plan without timescales", "--k", "5")
    assert 0 < len(hits) <= 5
    for hit in hits:
        assert {"id", "narrative_id", "score", "text", "position"} <= set(hit)
        assert {"date", "team", "legal_status", "rating"} <= set(hit)  # the metadata, flat
        assert isinstance(hit["score"], float) and hit["text"].strip()
        assert hit["id"].startswith(hit["narrative_id"] + "#")
    scores = [h["score"] for h in hits]
    assert scores == sorted(scores, reverse=True)


def _all_hits(cli, data, *filters):
    """Dense mode with a k above the store's size returns every finding that passes the filters."""
    return search_hits(cli, data, "the plan and the child", "--mode", "dense", "--k", "200", *filters)


def _expected_ids(rows, predicate):
    return {row["narrative_id"] for row in rows if predicate(row)}


@pytest.mark.parametrize("options,predicate", [
    (("--from", "2019-03", "--to", "2019-05"), lambda r: "2019-03" <= r["date"] <= "2019-05"),
    (("--team", "Gloucester Team 3"), lambda r: r["team"] == "Gloucester Team 3"),
    (("--team", "gloucester team 3"), lambda r: r["team"] == "Gloucester Team 3"),
    (("--legal-status", "LAC"), lambda r: r["legal_status"] == "CiC"),
    (("--legal-status", "CP"), lambda r: r["legal_status"] == "CP"),
    (("--rating", "RI"), lambda r: r["rating"] == "requires improvement"),
    (("--rating", "RI", "--rating", "Inadequate"), lambda r: r["rating"] in ("requires improvement", "inadequate")),
    (("--legal-status", "CiN", "--rating", "Good", "--from", "2019-07"),
     lambda r: r["legal_status"] == "CiN" and r["rating"] == "good" and r["date"] >= "2019-07"),
], ids=["dates", "team", "team-any-case", "LAC", "CP", "RI", "two-ratings", "combined"])
def test_search_filters_restrict_results(corpus_store, cli, options, predicate):
    data, _ = corpus_store
    rows = export_rows(cli, data)
    expected = _expected_ids(rows, predicate)
    assert expected and expected != {row["narrative_id"] for row in rows}
    hits = _all_hits(cli, data, *options)
    assert {h["narrative_id"] for h in hits} == expected
    assert len(hits) == sum(1 for row in rows if predicate(row))
    # hybrid (the default) honours the same filters
    hybrid = search_hits(cli, data, "the plan and the child", "--k", "50", *options)
    assert hybrid and {h["narrative_id"] for h in hybrid} <= expected


def test_export_of_an_unchanged_store_is_byte_identical(corpus_store, cli):
    data, _ = corpus_store
    outputs = {cli("export", "--data", data).stdout for _ in range(3)}
    assert len(outputs) == 1


def test_search_rejects_an_unknown_rating(corpus_store, cli):
    data, _ = corpus_store
    result = cli("search", "plan", "--rating", "Excellent", "--data", data)
    assert result.exit_code == 2
    assert "unknown rating" in result.stderr


@pytest.mark.parametrize("term,narrative", [("s47", "aud-03"), ("ICPC", "aud-05"), ("Annex H", "aud-07")])
def test_bm25_finds_an_exact_acronym(corpus_store, cli, term, narrative):
    data, _ = corpus_store
    hits = search_hits(cli, data, term, "--mode", "bm25", "--k", "10")
    assert hits, term
    # only the narrative that has the term; BM25 reads each finding with its neighbours
    # (index.search.CONTEXT_RADIUS), so the finding next to it may tie with it
    assert {h["narrative_id"] for h in hits} == {narrative}
    top = [h for h in hits if h["score"] == hits[0]["score"]]
    assert any(term in h["text"] for h in top), [h["text"] for h in hits]


# --- re-running, editing ------------------------------------------------------------------

def test_ingesting_the_same_file_twice_adds_nothing(tmp_path, cli, write_jsonl):
    source = write_jsonl(tmp_path / "in.jsonl", CORPUS[:4])
    data = tmp_path / "data"
    first = cli("ingest", source, "--data", data)
    assert first.exit_code == 0, first.output
    assert report_numbers(first.stdout) == {"added": 4, "updated": 0, "unchanged": 0}
    before = export_rows(cli, data)
    second = cli("ingest", source, "--data", data)
    assert second.exit_code == 0, second.output
    assert report_numbers(second.stdout) == {"added": 0, "updated": 0, "unchanged": 4}
    assert "staged" not in second.stderr
    assert export_rows(cli, data) == before
    assert json.loads(cli("stats", "--json", "--data", data).stdout)["revision"] == 1


def test_an_edited_narrative_replaces_its_old_findings(tmp_path, cli, write_jsonl):
    data = tmp_path / "data"
    original = CORPUS[:3]
    edited = [dict(n) for n in original]
    edited[1]["text"] = ("Brooklyn now lives with her aunt under a special guardianship order. "
                         "The revised plan names who will support the aunt.\n\nContact with her father is monthly.")
    assert cli("ingest", write_jsonl(tmp_path / "v1.jsonl", original), "--data", data).exit_code == 0
    before = export_rows(cli, data)
    result = cli("ingest", write_jsonl(tmp_path / "v2.jsonl", edited), "--data", data)
    assert result.exit_code == 0, result.output
    assert report_numbers(result.stdout) == {"added": 0, "updated": 1, "unchanged": 2}
    after = export_rows(cli, data)

    mine = [row for row in after if row["narrative_id"] == "aud-02"]
    assert [row["text"] for row in mine] == [
        "[NAME] now lives with her aunt under a special guardianship order.",
        "The revised plan names who will support the aunt.",
        "Contact with her father is monthly.",
    ]
    assert [row["position"] for row in mine] == [0, 1, 2] and all(row["n_findings"] == 3 for row in mine)
    assert not any("foster carers" in row["text"] for row in after)
    # the other narratives are untouched
    assert [r for r in after if r["narrative_id"] != "aud-02"] == [r for r in before if r["narrative_id"] != "aud-02"]
    hits = search_hits(cli, data, "foster carers life story work timescales", "--mode", "bm25")
    assert all(h["narrative_id"] != "aud-02" or "revised" in h["text"] or "father" in h["text"] for h in hits)


# --- bad input ------------------------------------------------------------------------------

BAD_ROW_TEXT = "Brooklyn Ashworth (case ref 4418203) disclosed that Dean Ashworth hit her"


@pytest.fixture(scope="module")
def base_store(tmp_path_factory, cli, write_jsonl):
    root = tmp_path_factory.mktemp("base")
    data = root / "data"
    result = cli("ingest", write_jsonl(root / "base.jsonl", CORPUS[2:5]), "--data", data)
    assert result.exit_code == 0, result.output
    return data


def _bad_csv(path: Path, write_csv) -> Path:
    """Header on line 1; a quoted two-line narrative on lines 2-3; good row on line 4; the row
    on line 5 has one field too many."""
    return write_csv(path, ["id", "text", "date", "team", "rating"], [
        ["csv-01", "Visits were regular.\nThe plan was reviewed on time.", "2019-10", "Gloucester Team 3", "Good"],
        ["csv-02", "Supervision was monthly and reflective.", "2019-10", "Gloucester Team 3", "Good"],
        ["csv-03", BAD_ROW_TEXT, "2019-10", "Gloucester Team 3", "Good", "Keeley Marsh"],
    ])


def _truncated_pdf(path: Path, write_pdf) -> Path:
    write_pdf(path, ["Audit of the work with Brooklyn Ashworth.", "Case ref 4418203 was reviewed."])
    data = path.read_bytes()
    path.write_bytes(data[: len(data) * 2 // 3])
    return path


def _assert_no_planted_text(*outputs: str) -> None:
    joined = "\n".join(outputs)
    for word in ("Brooklyn", "Ashworth", "4418203", "Dean", "Keeley", "Marsh", "disclosed", "Audit of the work"):
        assert word not in joined, word


def test_a_malformed_csv_row_stops_the_ingest_and_changes_nothing(tmp_path, base_store, cli, write_csv,
                                                                  write_jsonl):
    before = export_rows(cli, base_store)
    bad = _bad_csv(tmp_path / "audits.csv", write_csv)
    good = write_jsonl(tmp_path / "good.jsonl", CORPUS[:1])
    result = cli("ingest", good, bad, "--data", base_store)
    assert result.exit_code == 2, result.output
    assert f"{bad}: row 5: expected 5 fields, found 6" in result.stderr
    assert "store is unchanged" in result.stderr
    _assert_no_planted_text(result.stdout, result.stderr)
    assert export_rows(cli, base_store) == before  # not even the good file went in


def test_a_stray_quote_in_a_csv_is_an_error_not_merged_rows(tmp_path, base_store, cli):
    """A lenient parser read this file as 3 narratives (row 4 inside row 3's text), exit 0."""
    before = export_rows(cli, base_store)
    bad = tmp_path / "quotes.csv"
    bad.write_text('id,text,date\nq-1,Visits were weekly and purposeful.,2019-09\n'
                   'q-2,"Mum asked for help with the plan,2019-10\n'
                   'q-3,Supervision was monthly and reflective",2019-11\n'
                   'q-4,The review was held on time.,2019-12\n', encoding="utf-8")
    result = cli("ingest", bad, "--data", base_store)
    assert result.exit_code == 2, result.output
    assert f"{bad}: row 3: malformed CSV" in result.stderr and "quote" in result.stderr
    assert export_rows(cli, base_store) == before
    skipped = cli("ingest", bad, "--skip-bad", "--json", "--data", base_store)
    assert skipped.exit_code == 0, skipped.output
    report = json.loads(skipped.stdout)
    assert report["narratives"] == 2 and len(report["bad"]) == 1 and "row 3" in report["bad"][0]
    unclosed = tmp_path / "unclosed.csv"
    unclosed.write_text('id,text\nu-1,The plan was clear.\nu-2,"Left open at the end\n', encoding="utf-8")
    result = cli("ingest", unclosed, "--data", base_store)
    assert result.exit_code == 2 and f"{unclosed}: row 3: malformed CSV" in result.stderr


def test_an_invalid_value_names_the_row_and_field(tmp_path, base_store, cli, write_csv):
    before = export_rows(cli, base_store)
    bad = write_csv(tmp_path / "ratings.csv", ["id", "text", "rating"], [
        ["r-1", "The plan was clear.", "Good"],
        ["r-2", BAD_ROW_TEXT, "Excellent"],
    ])
    result = cli("ingest", bad, "--data", base_store)
    assert result.exit_code == 2, result.output
    assert f"{bad}: row 3: rating: unknown rating" in result.stderr
    _assert_no_planted_text(result.stdout, result.stderr)
    assert export_rows(cli, base_store) == before


def test_an_unreadable_pdf_stops_the_ingest_and_changes_nothing(tmp_path, base_store, cli, write_pdf):
    before = export_rows(cli, base_store)
    broken = _truncated_pdf(tmp_path / "moderation-notes.pdf", write_pdf)
    result = cli("ingest", broken, "--data", base_store)
    assert result.exit_code == 2, result.output
    assert f"{broken}: unreadable PDF" in result.stderr
    _assert_no_planted_text(result.stdout, result.stderr)
    assert export_rows(cli, base_store) == before


def test_a_duplicate_id_error_does_not_echo_an_identifying_id(tmp_path, base_store, cli, write_jsonl):
    rows = [{"id": "brooklyn-ashworth-2019", "text": "Brooklyn Ashworth was seen alone."},
            {"id": "brooklyn-ashworth-2019", "text": "Brooklyn Ashworth was seen again."}]
    result = cli("ingest", write_jsonl(tmp_path / "dup.jsonl", rows), "--data", base_store)
    assert result.exit_code == 2, result.output
    assert "duplicate narrative id" in result.stderr
    assert "ashworth" not in (result.stdout + result.stderr).lower()


def test_stats_counts_every_narrative_the_ingest_added(tmp_path, cli, write_jsonl):
    data = tmp_path / "data"
    rows = [{"id": "blank-1", "text": "-"}, {"id": "real-1", "text": "The plan was clear and reviewed monthly."}]
    result = cli("ingest", write_jsonl(tmp_path / "rows.jsonl", rows), "--data", data)
    if result.exit_code == 2:  # rejecting a text with no words is a fix too
        assert "blank-1" in result.stderr or "line 1" in result.stderr
        return
    added = report_numbers(result.stdout)["added"]
    stats = json.loads(cli("stats", "--json", "--data", data).stdout)
    assert stats["narratives"] == added


def test_skip_bad_loads_the_good_rows_and_lists_the_bad(tmp_path, cli, write_csv, write_jsonl, write_pdf):
    data = tmp_path / "data"
    good = write_jsonl(tmp_path / "good.jsonl", CORPUS[:2])
    bad = _bad_csv(tmp_path / "audits.csv", write_csv)
    broken = _truncated_pdf(tmp_path / "notes.pdf", write_pdf)
    result = cli("ingest", good, bad, broken, "--skip-bad", "--data", data)
    assert result.exit_code == 0, result.output
    assert report_numbers(result.stdout) == {"added": 4, "updated": 0, "unchanged": 0}
    assert "skipped 2 bad input(s):" in result.stdout
    assert f"{bad}: row 5: expected 5 fields, found 6" in result.stdout
    assert f"{broken}: unreadable PDF" in result.stdout
    _assert_no_planted_text(result.stdout, result.stderr)
    rows = export_rows(cli, data)
    assert {row["narrative_id"] for row in rows} == {"aud-01", "aud-02", "csv-01", "csv-02"}
    assert not planted_left("\n".join(json.dumps(r) for r in rows))


# --- killed mid-way -----------------------------------------------------------------------

FIRST_NAMES = ["Mason", "Ruby", "Kai", "Isla", "Reuben", "Esme", "Theo", "Nia", "Otis", "Mabel", "Ezra", "Freya"]
SURNAMES = ["Thistlewood", "Brannigan", "Okonjo", "Featherstone", "Quennell", "Maddox"]
TEAMS = ["Cotswolds Assessment Team", "Gloucester Team 3", "Eastmere Early Help Hub"]


def generated(count: int, edited: bool = False) -> list[dict]:
    rows = []
    for i in range(count):
        child = f"{FIRST_NAMES[i % len(FIRST_NAMES)]} {SURNAMES[i % len(SURNAMES)]}"
        text = (f"{child} (case ref {7100000 + i}) was seen at home and at school. "
                f"The plan was reviewed in month {i % 12 + 1} and actions were carried forward.\n\n"
                f"Supervision notes for this child were brief and did not set timescales.")
        if edited:
            text += "\n\nRevisited: the quarantined kestrel marker shows this is the edited version."
        rows.append({"id": f"gen-{i:03d}", "date": f"2019-{i % 12 + 1:02d}", "team": TEAMS[i % 3],
                     "legal_status": ["CiN", "CP", "LAC"][i % 3], "rating": ["Good", "RI"][i % 2], "text": text})
    return rows


def test_a_killed_ingest_leaves_the_store_as_it_was(tmp_path, write_jsonl, goldenthread):
    data = tmp_path / "data"
    base = write_jsonl(tmp_path / "base.jsonl", generated(40))
    bigger = write_jsonl(tmp_path / "bigger.jsonl", generated(120, edited=True))
    query = ("kestrel marker edited supervision timescales", "--mode", "hybrid", "--k", "20", "--json")

    def export() -> list[dict]:
        result = goldenthread("export", "--data", data)
        assert result.returncode == 0, result.stderr
        return [json.loads(line) for line in result.stdout.splitlines()]

    def search() -> list[dict]:
        result = goldenthread("search", *query, "--data", data)
        assert result.returncode == 0, result.stderr
        return [json.loads(line) for line in result.stdout.splitlines()]

    first = goldenthread("ingest", base, "--data", data)
    assert first.returncode == 0, first.stderr
    assert report_numbers(first.stdout) == {"added": 40, "updated": 0, "unchanged": 0}
    export_before, search_before = export(), search()
    assert len(export_before) == 40 * 3 and search_before

    process = subprocess.Popen([str(CONSOLE_SCRIPT), "ingest", str(bigger), "--data", str(data)], cwd=REPO,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=subprocess_env())
    watchdog = threading.Timer(240, process.kill)
    watchdog.start()
    try:
        seen = []
        for line in process.stderr:
            seen.append(line)
            if line.startswith("staged "):
                os.kill(process.pid, signal.SIGKILL)
                break
        process.wait(timeout=60)
    finally:
        watchdog.cancel()
    assert process.returncode == -signal.SIGKILL, ("the ingest finished before it could be killed", seen)
    assert re.match(r"staged \d+ findings from 32 narratives", seen[-1]), seen

    assert export() == export_before
    assert search() == search_before
    assert not any("kestrel" in hit["text"] for hit in search_before)

    rerun = goldenthread("ingest", bigger, "--data", data)
    assert rerun.returncode == 0, rerun.stderr
    assert report_numbers(rerun.stdout) == {"added": 80, "updated": 40, "unchanged": 0}
    assert len(re.findall(r"^staged ", rerun.stderr, re.M)) == 4
    again = goldenthread("ingest", bigger, "--data", data)
    assert again.returncode == 0, again.stderr
    assert report_numbers(again.stdout) == {"added": 0, "updated": 0, "unchanged": 120}
    rows = export()
    assert len({r["narrative_id"] for r in rows}) == 120 and len(rows) == 120 * 4
    assert sum("kestrel marker" in r["text"] for r in rows) == 120
    dumped = "\n".join(r["text"] for r in rows)
    assert not any(name in dumped for name in FIRST_NAMES + SURNAMES)
    assert not re.search(r"71000\d\d", dumped)

    from index.store import Store  # the killed run's staged debris is gone
    store = Store(data)
    assert store.stale_count() == 0 and store.findings.count() == len(rows)

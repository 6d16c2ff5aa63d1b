"""The chat question parser on hand-written questions (every intent, every period phrasing
with a fixed today, legal statuses, ratings, teams, follow-ups, pasted text), and
`goldenthread eval chat` on the project's question set. All questions are fictional."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from assistant.parse import demo_teams, parse_question

REPO = Path(__file__).resolve().parent.parent
TODAY = date(2019, 12, 15)
TEAMS = list(demo_teams())


def read(question: str, today: date = TODAY, previous: dict | None = None, teams=TEAMS) -> dict:
    return parse_question(question, today=today, previous=previous, known_teams=teams)


@pytest.mark.parametrize("question, intent", [
    ("Show me examples of reflective supervision", "search"),
    ("Find quotes about fathers being involved", "search"),
    ("Anything on chronologies?", "search"),
    ("Summarise the findings on pathway plans", "summary"),
    ("Give me an overview of core group working", "summary"),
    ("How are we doing on visits?", "summary"),
    ("What are the recurring concerns about thresholds?", "summary"),
    ("Tell me about placement stability", "summary"),
    ("How many findings mention the IRO?", "count"),
    ("What percentage of audits were judged inadequate?", "count"),
    ("Number of concerns about case notes", "count"),
    ("What proportion of findings are about drift?", "count"),
    ("Compare recording in CiN and CP cases", "compare"),
    ("CiC versus care leavers on permanence", "compare"),
    ("Are we better at planning or at reviews?", "compare"),
    ("Has supervision improved since last year?", "compare"),
    ("Is the child's voice weaker in inadequate audits than in good ones?", "compare"),
    ("What is the difference between Harrowfield CP Team 1 and Harrowfield CiN Team 2?", "compare"),
    ("Which team has the most concerns about visits?", "count"),  # the convention: a count by team
])
def test_intents(question, intent):
    assert read(question)["intent"] == intent


@pytest.mark.parametrize("question, theme", [
    ("show findings about management oversight", "oversight"),
    ("anything on manager grip", "oversight"),
    ("are plans SMART?", "planning"),
    ("examples of care plans", "planning"),
    ("examples of pathway plans", "permanence"),
    ("findings on the voice of the child", "relational"),
    ("quotes about wishes and feelings", "relational"),
    ("direct work examples", "intervention"),
    ("home visits that were late", "intervention"),
    ("findings on drift and delay", "review"),
    ("conferences and IRO oversight of progress", "review"),
    ("multi-agency meetings", "partnership"),
    ("did the police share information", "partnership"),
    ("core groups", "partnership"),
    ("case notes not up to date", "recording"),
    ("chronologies", "assessment"),  # taxonomy.md names chronologies under assessment only
    ("safety plans", "risk"),
    ("s47 enquiries", "risk"),
    ("exploitation", "risk"),
    ("quality of analysis", "assessment"),
    ("placement stability and permanence", "permanence"),
])
def test_themes_from_synonyms_and_plurals(question, theme):
    assert read(question)["filters"]["theme"] == theme


@pytest.mark.parametrize("question, status", [
    ("findings for children in care", "CiC"),
    ("looked after children", "CiC"),
    ("audits of LAC", "CiC"),
    ("CLA findings", "CiC"),
    ("children in need", "CiN"),
    ("CiN audits", "CiN"),
    ("child protection audits", "CP"),
    ("children on a protection plan", "CP"),
    ("care leavers", "care leaver"),
    ("young people leaving care", "care leaver"),
    ("disabled children", "disabled children"),
    ("children with disabilities", "disabled children"),
    ("cases still at assessment", "assessment"),
])
def test_legal_status_phrasings(question, status):
    assert read(question)["filters"]["legal_status"] == status


@pytest.mark.parametrize("question, rating", [
    ("audits rated inadequate", "Inadequate"),
    ("RI audits", "Requires Improvement"),
    ("cases that require improvement", "Requires Improvement"),
    ("practice that needs improvement", None),  # a judgement of practice, not a grade
    ("audits requiring improvement", "Requires Improvement"),
    ("cases judged good", "Good"),
    ("outstanding audits", "Outstanding"),
    ("graded as requires improvement", "Requires Improvement"),
    ("good direct work", None),  # praise, not a grade
    ("outstanding actions from the review", None),
])
def test_rating_phrasings(question, rating):
    got = read(question)["filters"]["rating"]
    assert got == rating


def test_praise_is_stance_not_rating():
    parsed = read("Show me examples of good direct work")
    assert parsed["filters"]["rating"] is None and parsed["stance"] == "strength"


@pytest.mark.parametrize("question, today, start, end", [
    ("visits in the last three months", date(2019, 12, 1), "2019-09", "2019-11"),
    ("visits in the past 6 months", TODAY, "2019-06", "2019-11"),
    ("visits last month", date(2020, 2, 10), "2020-01", "2020-01"),
    ("visits this year", TODAY, "2019-01", "2019-12"),
    ("visits last year", TODAY, "2018-01", "2018-12"),
    ("visits since September 2019", TODAY, "2019-09", "2019-12"),
    ("visits since September", date(2020, 2, 10), "2019-09", "2020-02"),  # up to now: this month
    ("visits in November", date(2020, 2, 10), "2019-11", "2019-11"),
    ("visits in December", TODAY, "2019-12", "2019-12"),
    ("visits for October 2019", TODAY, "2019-10", "2019-10"),
    ("visits during Q3 2019", TODAY, "2019-07", "2019-09"),
    ("visits between September and November 2019", TODAY, "2019-09", "2019-11"),
    ("visits from Sept to Nov 2019", TODAY, "2019-09", "2019-11"),
    ("visits from November 2018 to February 2019", TODAY, "2018-11", "2019-02"),
    ("visits between Nov and Feb", date(2019, 3, 10), "2018-11", "2019-02"),
    ("visits in 2019", TODAY, "2019-01", "2019-12"),
    ("visits in Autumn 2019", TODAY, "2019-09", "2019-11"),
    ("visits in winter 2018", TODAY, "2018-12", "2019-02"),
    ("visits in the last quarter", TODAY, "2019-07", "2019-09"),
    ("visits in the last quarter", date(2020, 1, 5), "2019-10", "2019-12"),
    ("visits in 2019-09", TODAY, "2019-09", "2019-09"),
    ("visits before March 2019", TODAY, None, "2019-02"),
    ("visits up to June 2019", TODAY, None, "2019-06"),
    ("visits after June 2019", TODAY, "2019-07", "2019-12"),
    ("visits in the last financial year", TODAY, "2018-04", "2019-03"),
    ("visits in 2019/20", TODAY, "2019-04", "2020-03"),
    ("visits in the past twelve months", TODAY, "2018-12", "2019-11"),
    ("visits from 14/03/2019 onwards", TODAY, "2019-03", "2019-12"),
])
def test_periods(question, today, start, end):
    filters = read(question, today=today)["filters"]
    assert (filters["from"], filters["to"]) == (start, end)
    assert filters["theme"] == "intervention"


@pytest.mark.parametrize("question, start, end", [
    ("audits from October 2019 to now", "2019-10", "2019-12"),
    ("visits in the first half of 2019", "2019-01", "2019-06"),
    ("visits in Q4 last year", "2018-10", "2018-12"),
    ("visits in October last year", "2018-10", "2018-10"),
    ("visits in the 3 months to November", "2019-09", "2019-11"),
    ("visits since last summer", "2019-06", "2019-12"),
])
def test_more_periods(question, start, end):
    filters = read(question)["filters"]
    assert (filters["from"], filters["to"]) == (start, end)


def test_may_the_verb_is_not_a_month():
    assert read("findings that may show drift")["filters"]["from"] is None
    assert read("findings from May 2019")["filters"]["from"] == "2019-05"


def test_known_teams_matched_case_insensitively_and_not_read_as_filters():
    parsed = read("show me visits in the harrowfield cp team 1")
    assert parsed["filters"]["team"] == "Harrowfield CP Team 1"
    assert parsed["filters"]["legal_status"] is None  # the CP in the team's name is not a filter
    parsed = read("findings from Cotterdale Assessment Team 3")
    assert parsed["filters"]["team"] == "Cotterdale Assessment Team 3" and parsed["filters"]["theme"] is None
    parsed = read("Overview of the Oakhurst Disabled Children's Team")
    assert parsed["filters"]["team"] == "Oakhurst Disabled Children's Team"
    assert parsed["filters"]["legal_status"] is None


def test_known_team_named_in_short():
    assert read("findings about the kestrel brook team")["filters"]["team"] == "Kestrel Brook Assessment Team"
    assert read("visits by the Wrenford CiC team")["filters"]["team"] == "Wrenford Children in Care Team"
    # a kind of team names a team only where one known team is of that kind
    assert read("visits by the CP team")["filters"]["team"] == "Harrowfield CP Team 1"
    two = TEAMS + ["Eastmere CP Team 4"]
    assert read("visits by the CP team", teams=two)["filters"]["team"] is None
    assert read("visits by the Harrowfield team")["filters"]["team"] is None  # two Harrowfield teams


def test_unknown_team_by_generic_pattern():
    assert read("Show findings for the Northvale Fostering Team", teams=[])["filters"]["team"] == "Northvale Fostering Team"
    assert read("Compare Ashby CP Team 4 on visits", teams=[])["filters"]["team"] == "Ashby CP Team 4"
    assert read("Summarise the Brackenfield Front Door Hub", teams=[])["filters"]["team"] == "Brackenfield Front Door Hub"


def test_question_with_nothing_to_filter():
    parsed = read("Show me some findings")
    assert parsed["intent"] == "search"
    assert set(parsed["filters"].values()) == {None}
    assert parsed["follow_up"] is False


def test_search_keeps_residual_words():
    parsed = read("Show me findings about teenagers and their grandparents in 2019")
    assert "teenagers" in parsed["query"] and "grandparents" in parsed["query"]
    assert "2019" not in parsed["query"]


@pytest.mark.parametrize("question, pasted", [
    ('Check this for jargon: "The LAC review agreed NFA and step down to CiN."',
     "The LAC review agreed NFA and step down to CiN."),
    ("is this clear: We will hold a core group and review the threshold next month.",
     "We will hold a core group and review the threshold next month."),
    ("Any jargon in 'contact with mum is supervised at the centre'?", "contact with mum is supervised at the centre"),
])
def test_language_check_takes_pasted_text_and_sets_no_filters(question, pasted):
    parsed = read(question)
    assert parsed["intent"] == "language"
    assert parsed["text"] == pasted
    assert set(parsed["filters"].values()) == {None}


def test_short_quote_is_a_search_phrase_not_pasted_text():
    parsed = read('find findings that say "seen alone"')
    assert parsed["intent"] == "search" and parsed["text"] is None


def test_compare_spells_out_what_is_compared():
    parsed = read("Compare planning in CP and CiN cases")
    assert parsed["compare"] == {"dimension": "legal_status", "values": ["CP", "CiN"]}
    assert parsed["filters"]["legal_status"] is None and parsed["filters"]["theme"] == "planning"
    parsed = read("Compare September versus October 2019 on direct work")
    assert parsed["compare"]["dimension"] == "period"
    assert [v["from"] for v in parsed["compare"]["values"]] == ["2019-09", "2019-10"]
    parsed = read("Has recording improved since March?")
    assert (parsed["filters"]["from"], parsed["filters"]["to"]) == ("2019-03", "2019-12")
    assert parsed["compare"]["values"][0] == {"from": "2019-03", "to": "2019-03"}


def test_compare_periods_relative_to_each_other():
    parsed = read("Compare the last 3 months with the 3 months before")
    assert parsed["compare"]["values"] == [{"from": "2019-06", "to": "2019-08"}, {"from": "2019-09", "to": "2019-11"}]
    assert (parsed["filters"]["from"], parsed["filters"]["to"]) == ("2019-06", "2019-11")
    parsed = read("visits in Q3 2019 compared with the same period last year")
    assert parsed["compare"]["values"] == [{"from": "2018-07", "to": "2018-09"}, {"from": "2019-07", "to": "2019-09"}]
    parsed = read("What changed between the first and second half of 2019 on drift?")
    assert parsed["compare"]["values"] == [{"from": "2019-01", "to": "2019-06"}, {"from": "2019-07", "to": "2019-12"}]


def test_follow_ups_keep_context_and_replace_what_they_name():
    first = read("Summarise the concerns about management oversight for CP cases")
    assert (first["intent"], first["filters"]["theme"], first["filters"]["legal_status"]) == ("summary", "oversight", "CP")
    second = read("and for care leavers?", previous=first)
    assert second["follow_up"] is True
    assert (second["intent"], second["filters"]["theme"], second["filters"]["legal_status"]) == \
        ("summary", "oversight", "care leaver")
    third = read("what about October?", previous=second)
    assert (third["filters"]["from"], third["filters"]["to"]) == ("2019-10", "2019-10")
    assert third["filters"]["legal_status"] == "care leaver"
    fourth = read("same for the Harrowfield CP Team 1", previous=third)
    assert fourth["filters"]["team"] == "Harrowfield CP Team 1" and fourth["filters"]["legal_status"] == "care leaver"
    only = read("only concerns", previous=fourth)
    assert only["stance"] == "concern" and only["filters"] == fourth["filters"]
    strengths = read("and strengths?", previous=only)
    assert strengths["stance"] == "strength"
    counted = read("how many is that?", previous=strengths)
    assert counted["intent"] == "count" and counted["filters"] == fourth["filters"]


def test_compare_follow_ups_set_old_against_new():
    first = read("Summarise recording concerns for CiN")
    compared = read("And how does that compare with CP?", previous=first)
    assert compared["intent"] == "compare" and compared["follow_up"] is True
    assert compared["compare"] == {"dimension": "legal_status", "values": ["CiN", "CP"]}
    assert compared["filters"]["legal_status"] is None and compared["filters"]["theme"] == "recording"
    first = read("Summarise visits for the Milbury Family Support Team")
    second = read("now the Thornley Youth Support Team", previous=first)
    both = read("compare them", previous=second)
    assert both["compare"] == {"dimension": "team",
                               "values": ["Milbury Family Support Team", "Thornley Youth Support Team"]}


def test_grade_before_a_legal_status():
    parsed = read("overview for inadequate CP audits")
    assert (parsed["filters"]["rating"], parsed["filters"]["legal_status"]) == ("Inadequate", "CP")


def test_a_question_that_stands_on_its_own_starts_fresh():
    first = read("Show me planning findings for CiN in 2019")
    fresh = read("Summarise risk findings for disabled children", previous=first)
    assert fresh["follow_up"] is False
    assert fresh["filters"] == {"theme": "risk", "from": None, "to": None, "team": None,
                                "legal_status": "disabled children", "rating": None}


def test_eval_chat_on_the_question_set(cli):
    questions = REPO / "eval" / "data" / "chat_questions.jsonl"
    assert sum(1 for line in questions.read_text().splitlines() if line.strip()) >= 90
    result = cli("eval", "chat", questions, "--today", "2019-12-15", "--json")
    assert result.exit_code == 0, result.stderr
    scores = json.loads(result.stdout)
    # 0.94, not 0.95: the learned intent reader (assistant/parse/intent.py) gives up some accuracy
    # on this set, which the rules were fixed on block by block (rules 0.995, learned 0.948), for
    # questions nobody fixed it on (blind set: rules 0.845, learned 0.932 as first measured).
    assert scores["intent_accuracy"] >= 0.94, scores["misses"]
    assert scores["filter_exact_match"] >= 0.90, scores["misses"]
    table = cli("eval", "chat", questions, "--today", "2019-12-15")
    assert "intent accuracy" in table.stdout and "filter exact-match" in table.stdout


def test_parse_command(cli):
    result = cli("parse", "How many audits were rated inadequate last year?", "--today", "2019-12-15", "--json",
                 "--data", REPO / "no-store-here")
    assert result.exit_code == 0, result.stderr
    parsed = json.loads(result.stdout)
    assert parsed["intent"] == "count"
    assert parsed["filters"]["rating"] == "Inadequate"
    assert (parsed["filters"]["from"], parsed["filters"]["to"]) == ("2018-01", "2018-12")
    bad = cli("parse", "anything", "--today", "15/12/2019")
    assert bad.exit_code == 2


@pytest.mark.parametrize("question, team", [
    ("what did audits find about visits in Milbury?", "Milbury Family Support Team"),
    ("poor recording in kestrel brook last month", "Kestrel Brook Assessment Team"),
    ("compare eastmere's ratings in 2018 and 2019", "Eastmere Early Help Hub"),
    ("findings for Harrowfield", None),  # two Harrowfield teams: the place names neither
    ("findings for Wrenford", None),
])
def test_a_team_named_by_its_place_alone(question, team):
    assert read(question)["filters"]["team"] == team


@pytest.mark.parametrize("question, team", [
    ("visits by the leaving care team last month", "Wrenford Leaving Care Team"),
    ("what have audits said about chronologies in the CiN team?", "Harrowfield CiN Team 2"),
    ("how is the disabled children's team doing on transitions", "Oakhurst Disabled Children's Team"),
    ("what did the assessment team get wrong", None),  # two assessment teams: the kind names neither
    ("team around the family meetings", None),
])
def test_a_team_named_by_its_kind_where_one_team_is_of_that_kind(question, team):
    parsed = read(question)
    assert parsed["filters"]["team"] == team
    if team:
        assert parsed["filters"]["legal_status"] is None  # "leaving care" named the team, not the children


@pytest.mark.parametrize("question, span", [
    ("How has supervision changed over the last six months?", ("2019-06", "2019-11")),  # change within it
    ("how has drift for care leavers changed during 2018?", ("2018-01", "2018-12")),
    ("Is drift worse than in Q1?", ("2019-01", "2019-12")),  # measured against it: from then to now
    ("Are visits more timely now than last spring?", ("2019-03", "2019-12")),  # "now": up to this month
    ("Has recording improved since March?", ("2019-03", "2019-12")),
    ("has direct work got better since we brought in the new model in May?", ("2019-05", "2019-12")),
])
def test_a_compare_within_one_period_keeps_it_a_compare_against_one_opens_it(question, span):
    parsed = parse_question(question, today=TODAY, known_teams=TEAMS, learned=False)  # the rules' compare
    assert parsed["intent"] == "compare"
    assert (parsed["filters"]["from"], parsed["filters"]["to"]) == span


def test_a_compare_within_one_period_sets_its_halves_against_each_other():
    parsed = parse_question("how have chronologies changed over the last six months", today=TODAY, known_teams=TEAMS,
                            learned=False)
    assert parsed["compare"]["values"] == [{"from": "2019-06", "to": "2019-08"}, {"from": "2019-09", "to": "2019-11"}]


def test_so_far_ends_a_period_at_this_month():
    parsed = read("count the concerns about visits in 2019/20 so far")
    assert (parsed["filters"]["from"], parsed["filters"]["to"]) == ("2019-04", "2019-12")


@pytest.mark.parametrize("question, status", [
    ("overview of IRO challenge to CP plans for looked after children", "CiC"),
    ("how do CP conference chairs hear from disabled young people", "disabled children"),
    ("compare CP plans with CiN plans", None),  # both qualify plans: a compare of the two
])
def test_the_status_of_the_children_asked_about_wins_over_one_that_qualifies_a_noun(question, status):
    assert read(question)["filters"]["legal_status"] == status


def test_a_grade_an_audit_came_out_with_is_a_rating():
    assert read("how many chronology audits came out good")["filters"]["rating"] == "Good"


# --- classes of misses of the second blind set (2026-12-07); every question here is new wording ---

@pytest.mark.parametrize("question, today, span", [
    ("supervision findings since the new year", date(2023, 3, 9), ("2023-01", "2023-03")),
    ("Has analysis got any better since 2022?", date(2024, 5, 2), ("2022-01", "2024-05")),
    ("contingency plans since April", date(2021, 8, 19), ("2021-04", "2021-08")),
    ("how many audits from October onwards", date(2020, 1, 20), ("2019-10", "2020-01")),
    ("is drift worse than it was last year?", date(2020, 10, 5), ("2019-01", "2020-10")),
    ("do we see fewer late visits this year than last?", date(2022, 9, 9), ("2021-01", "2022-09")),
    ("H1 against H2 2024 on pathway plans", date(2025, 3, 1), ("2024-01", "2024-12")),
    ("did the quality of plans improve after Q1?", date(2021, 10, 4), ("2021-01", "2021-10")),
    ("risk findings in the past six months", date(2021, 10, 4), ("2021-04", "2021-09")),  # whole past months
    ("drift findings over the last year", date(2024, 6, 12), ("2023-06", "2024-05")),  # as "the past year"
    ("neglect findings since Christmas", date(2024, 6, 12), ("2023-12", "2024-06")),
    ("how many audits between April and now", date(2024, 6, 12), ("2024-04", "2024-06")),
])
def test_a_period_running_up_to_now_ends_this_month(question, today, span):
    filters = read(question, today=today)["filters"]
    assert (filters["from"], filters["to"]) == span


@pytest.mark.parametrize("question", [
    "alternatives to 'robust'?",
    "Is there a kinder word for respite when I write to a carer?",
    "how should I explain 'core group' to a mum",
    "is 'presenting needs' jargon?",
    "what does PLO stand for",
    "we have been asked to stop saying 'placement', what could we say instead?",
    "a plainer phrase for 'step down' please",
])
def test_a_question_about_one_word_is_a_language_question(question):
    parsed = read(question)
    assert parsed["intent"] == "language" and parsed["text"] is None
    assert not any(parsed["filters"].values())


@pytest.mark.parametrize("question", ["What alternatives to care were considered for teenagers?",
                                      "how do we explain the drop in visits to the board"])
def test_a_question_that_only_sounds_like_one_about_words_is_not(question):
    assert read(question)["intent"] != "language"


@pytest.mark.parametrize("question, team", [
    ("what did auditors find at Wrenford CiC on life story work", "Wrenford Children in Care Team"),
    ("drift in harrowfield cin", "Harrowfield CiN Team 2"),
    ("Wrenford leaving care audits rated good", "Wrenford Leaving Care Team"),
    ("supervision findings for Oakhurst DCT", "Oakhurst Disabled Children's Team"),
    ("findings from the leaving care team", "Wrenford Leaving Care Team"),
    ("disabled children's team audits on short breaks", "Oakhurst Disabled Children's Team"),
    ("Early help hub audits in March", "Eastmere Early Help Hub"),
    ("findings for the Riverside Edge of Care Team", "Riverside Edge of Care Team"),  # not the leaving care team
])
def test_a_team_named_by_place_and_kind_without_team_is_that_team_and_not_a_status(question, team):
    parsed = read(question)
    assert parsed["filters"]["team"] == team
    assert parsed["filters"]["legal_status"] is None


def test_two_teams_of_one_place_named_by_kind_are_compared():
    parsed = read("Harrowfield CP versus Harrowfield CiN on planning")
    assert parsed["compare"]["values"] == ["Harrowfield CP Team 1", "Harrowfield CiN Team 2"]
    assert parsed["filters"]["legal_status"] is None


@pytest.mark.parametrize("question", ["timeliness for children in assessment",
                                      "how many audits of young people in assessment in 2019"])
def test_children_in_assessment_is_the_assessment_status(question):
    parsed = read(question)
    assert parsed["filters"]["legal_status"] == "assessment"


@pytest.mark.parametrize("question", [
    "Are escalations by IROs increasing?",
    "trend in missing episodes over the last six months",
    "is case recording getting worse?",
    "Have concerns about visits gone down since Q2?",
    "has the number of late reviews dropped since the spring",
    "more or fewer concerns about plans than in 2018?",
])
def test_a_change_over_time_is_a_compare(question):
    assert read(question)["intent"] == "compare"


@pytest.mark.parametrize("question", [
    "where did auditors praise life story work?",
    "Where have we recorded what the child wanted?",
    "instances of good contingency planning for disabled children",
])
def test_where_auditors_said_and_instances_of_are_searches(question):
    assert read(question)["intent"] == "search"


@pytest.mark.parametrize("question, theme", [
    ("quality of chronologies in CP cases", "assessment"),
    ("step down plans to early help", "planning"),
    ("short breaks for disabled children", "intervention"),
    ("did young people participate in their reviews", "relational"),
    ("are TMs giving clear direction", "oversight"),
    ("has Thornley got better at recording wishes and feelings", "relational"),
    ("ahead of an Ofsted focused visit, what about pathway plans?", "permanence"),
])
def test_theme_words_follow_the_taxonomy(question, theme):
    assert read(question)["filters"]["theme"] == theme


def test_two_grades_or_a_grade_or_better_set_no_rating():
    assert read("how many audits were graded Good or better")["filters"]["rating"] is None
    assert read("find strengths in audits rated good or outstanding")["filters"]["rating"] is None
    assert read("how many audits were graded good")["filters"]["rating"] == "Good"

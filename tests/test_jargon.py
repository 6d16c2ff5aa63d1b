"""gt_jargon: lexicon, acronyms, context rules, names, placeholders, rarity, live additions,
and the dev-set span scores. Every name and case in these texts is fictional."""
from __future__ import annotations

import inspect
import os
from pathlib import Path

import pytest
import spacy

import nlp.jargon  # noqa: F401  (registers gt_jargon)
import nlp.readability  # noqa: F401  (registers gt_readability)
from eval.spans import hard_kind_scores, jargon_scores, load_findings, span_scores
from nlp.jargon import CONTEXT_RULES, KINDS, JargonEntry, JargonFlag, entry_kind, load_allowlist, load_lexicon

# ../shared/data beside the repo; GOLDENTHREAD_SHARED_DATA overrides it (as eval/voice_eval.py).
DEV = Path(os.environ.get("GOLDENTHREAD_SHARED_DATA") or Path(__file__).resolve().parents[2] / "shared" / "data") \
    / "findings_dev.jsonl"
GUIDE_LABELLED = [DEV.with_name("findings_ofsted_a.jsonl"), DEV.with_name("findings_ofsted_b.jsonl")]


def _blank(**config):
    pipeline = spacy.blank("en")
    pipeline.add_pipe("sentencizer")
    pipeline.add_pipe("gt_jargon", config=config)
    pipeline.add_pipe("gt_readability")
    return pipeline


@pytest.fixture(scope="module")
def nlp_blank():
    return _blank()


@pytest.fixture(scope="module")
def flags(nlp_blank):
    def run(text: str) -> list[JargonFlag]:
        return nlp_blank(text)._.jargon
    return run


@pytest.fixture(scope="module")
def spans(flags):
    def run(text: str, category: str | None = None) -> list[str]:
        return [f.span for f in flags(text) if category is None or f.category == category]
    return run


# ---------------------------------------------------------------- lexicon

def test_lexicon_loads_with_sources_and_valid_rows():
    entries = load_lexicon()
    assert len(entries) > 250
    for e in entries:
        assert e.term and e.source, e
        assert e.severity in ("high", "medium", "low"), e
        assert e.category in ("acronym", "care_language", "shorthand", "abstract"), e


def test_lexicon_terms_carry_plain_alternatives(flags):
    found = {f.span: f for f in flags(
        "Kez moved to a new placement after the placement breakdown and has respite with his "
        "siblings at the weekend. The LAC review noted the drift.")}
    assert found["placement"].plain == "home"
    assert found["placement breakdown"].plain.startswith("a move")
    assert found["respite"].plain == "short break"
    assert found["siblings"].plain == "brothers and sisters"
    assert found["LAC review"].plain == "my review meeting"
    assert found["drift"].category == "abstract" and found["drift"].severity == "low"
    assert all(f.why and f.source for f in found.values())


def test_plural_variants_and_case_of_ordinary_words(spans):
    assert "chronologies" in spans("The chronologies were out of date.")
    assert "Drift" in spans("Drift was evident in three cases.")
    assert "Core Group" in spans("The Core Group met twice.")


@pytest.mark.parametrize("text,term,plain", [
    ("Ellis is open to CiN services.", "CiN", "child in need"),
    ("A s47 enquiry was started on Monday.", "s47", "child protection enquiry"),
    ("The ICPC was held within timescales.", "ICPC", "first child protection meeting"),
    ("Rhea has been LAC since 2021.", "LAC", "child in care"),
    ("Both ICPCs were quorate.", "ICPCs", "first child protection meeting"),
    ("The CIN plan was reviewed.", "CIN", "child in need"),
])
def test_social_care_acronyms(flags, text, term, plain):
    found = {f.span: f for f in flags(text)}
    assert term in found, found
    assert found[term].plain == plain
    assert found[term].category in ("acronym", "care_language")


def test_acronyms_match_case_sensitively(spans):
    assert "CP" in spans("The CP plan ended.")
    assert spans("The cp plan ended.") == []
    assert spans("She had a smart phone.") == []
    assert "SMART" in spans("Plans were not SMART.")


def test_acronym_compounds_plurals_possessives(spans):
    assert spans("The IRO-CP service chaired it.") == ["IRO-CP"]
    assert spans("The IRO's view was recorded.") == ["IRO's"]
    assert spans("Two IROs attended.") == ["IROs"]
    assert spans("A 0.5fte post was added.") == ["0.5fte"]


# ---------------------------------------------------------------- context: "contact"

@pytest.mark.parametrize("text,flagged", [
    ("Contact with her mum takes place every Saturday.", True),
    ("Milo enjoys contact with his grandparents.", True),
    ("Family contact has gone well.", True),
    ("Contact arrangements were agreed at the review.", True),
    ("Supervised contact happens at the contact centre.", True),
    ("The plan is to promote contact between the children and their father.", True),
    ("Telephone contact was made with the school.", False),
    ("The social worker made contact with her mother by phone.", False),
    ("Her contact details were updated.", False),
    ("Ravi is in contact with the school about attendance.", False),
    ("There was purposeful contact with the child.", False),
])
def test_contact_only_when_it_means_family_time(flags, text, flagged):
    hits = [f for f in flags(text) if "contact" in f.span.lower()]
    assert bool(hits) is flagged, (text, hits)
    for f in hits:
        assert "family" in (f.plain or "")


def test_context_rules_are_documented():
    assert "contact" in CONTEXT_RULES
    for term, rule in CONTEXT_RULES.items():
        assert rule.note, term


def test_looked_after_as_status_not_as_caring(spans):
    assert spans("Asha looked after her brother when their mum was ill.") == []
    assert "looked after" in spans("Children who are looked after should be visited.")
    assert "looked after children" in spans("The looked after children were consulted.")


def test_looked_after_as_an_adjective_is_the_status(spans):
    """After a determiner, a possessive or a preposition 'looked after' can only be an adjective."""
    assert "looked after" in spans("Kai's social worker went to his looked after review in June.")
    assert "looked after" in spans("The borough's looked after nurse saw every new arrival.")
    assert "looked after" in spans("Plans were discussed in looked after reviews twice a year.")
    assert spans("Her aunt looked after them at weekends.") == []
    assert spans("Grandad looked after the twins while Mum worked.") == []


def test_contact_as_a_notification_to_the_front_door(flags):
    """The guide's second sense: a contact received, progressed, closed or responded to."""
    for text in ("Most contacts to the Westbrook advice line were passed on the same day.",
                 "Contacts received overnight are read by a manager by nine.",
                 "Responses to contacts about older teenagers were slower.",
                 "Several contacts were closed without a check of earlier history.",
                 "Partner agencies understand thresholds, so contacts are usually appropriate."):
        assert [f for f in flags(text) if f.span.lower().startswith("contact")], text
    for text in ("The worker stayed in contact with the school nurse.",
                 "Telephone contact was made with Mum on Friday.",
                 "Her contact details were checked."):
        assert not [f for f in flags(text) if f.span.lower().startswith("contact")], text


def test_step_up_paired_with_step_down(spans):
    assert "step up" in spans("Decisions on step up and step down are made within a week.")
    assert "step-up" in spans("Weekly meetings keep step-up and step-down moves smooth.")
    assert spans("Dad has started to step up and take the children to school.") == []


def test_forms_of_guide_terms(flags):
    kinds = {f.span: f.kind for f in flags("Leaders are conceptualising the model; the presenting need was "
                                           "housing.")}
    assert kinds.get("conceptualising") == "hard_to_understand", kinds
    assert kinds.get("presenting need") == "hard_to_understand", kinds


def test_step_down_not_resigning(spans):
    assert "stepped down" in spans("The case was stepped down to early help.")
    assert spans("The chair stepped down as chair in May.") == []


# ---------------------------------------------------------------- names and placeholders

def test_team_names_not_flagged_but_their_acronyms_are(spans):
    assert spans("Rowan was referred to the Eastmere Early Help Hub.") == []
    assert spans("The Eastmere Leaving Care Service met Dani.") == []
    assert spans("Dani is leaving care next year.") == ["leaving care"]
    assert spans("The MASH team passed the referral on.") == ["MASH"]
    assert spans("The Northvale QA Team moderated the audit.") == ["QA"]


def test_organisations_and_systems_not_flagged(spans):
    assert spans("Ofsted and CAFCASS were told; the NHS trust and the GP agreed.") == []
    assert spans("Notes are kept on Liquid Logic and GCC shared them with the LSCB.") == []


def test_placeholders_never_flagged(spans):
    text = ("[NAME] (ref [CASE-REF], born [DOB]) lives at [ADDRESS]; call [PHONE] or [EMAIL]. "
            "NAME and CASE-REF are placeholders.")
    assert spans(text) == []


# ---------------------------------------------------------------- acronym detector, allow-list

def test_unknown_acronym_detector(flags):
    found = {f.span: f for f in flags("The PQRT panel and the ZfX worker reviewed the s31 order and the s.88 notice.")}
    for term in ("PQRT", "ZfX", "s.88"):
        assert term in found, found
        assert found[term].category == "acronym"
        assert found[term].severity == "medium"
        assert found[term].plain is None
    assert found["s31"].plain == "care order"  # in the lexicon


def test_detector_skips_shouting_numerals_and_team_abbreviations(spans):
    assert spans("The IMPACT of the work was clear.") == []
    assert spans("It was NOT clear who held the case.") == []
    assert spans("SUMMARY OF AUDIT FINDINGS FOR MAY") == []
    assert spans("Her PhD and the USA trip, ASAP.") == []
    assert spans("Part II of the report.") == []
    assert spans("Cases came from FoD Assess and Chelt Assess.") == []


def test_less_common_word_in_capitals_inside_prose_is_an_acronym(spans):
    """'MAST' or 'MEGA' in lower-case prose is a service's acronym, not shouting."""
    assert spans("Referrals go to the MAST duty desk first.") == ["MAST"]
    assert spans("The MEGA panel meets monthly.") == ["MEGA"]
    assert spans("MAST DUTY DESK ROTA") == []


def test_allowlist_file_is_used(tmp_path):
    assert "Ofsted" in load_allowlist() and "NAME" in load_allowlist()
    allow = tmp_path / "allow.txt"
    allow.write_text("# local\nPQRT\n", encoding="utf-8")
    pipeline = _blank(allowlist_path=str(allow))
    assert pipeline("The PQRT panel met.")._.jargon == []


# ---------------------------------------------------------------- rarity

def test_rare_word_flagged_low(flags):
    found = [f for f in flags("The worker doubted the perspicacity of the plan.") if f.category == "rare_word"]
    assert [f.span for f in found] == ["perspicacity"]
    assert found[0].severity == "low" and found[0].plain is None


def test_rare_word_skips_names_and_common_british_spellings(spans):
    assert spans("The worker met Mrs Quilliamson at home.", "rare_word") == []
    assert spans("Visits were prioritised and formalised.", "rare_word") == []
    assert spans("Nothing was unassessed.", "rare_word") == []


def test_rare_words_can_be_switched_off():
    pipeline = _blank(rare_words=False)
    assert pipeline("The worker doubted the perspicacity of the plan.")._.jargon == []


# ---------------------------------------------------------------- output shape

def test_flags_sorted_non_overlapping_longest_wins(flags):
    text = "Supervised contact with the birth family happens at the contact centre after the CP conference."
    found = flags(text)
    assert [f.span for f in found][:1] == ["Supervised contact"]
    assert "contact centre" in [f.span for f in found]
    for a, b in zip(found, found[1:]):
        assert a.end <= b.start
    for f in found:
        assert text[f.start:f.end] == f.span


def test_to_json_and_span_extension(nlp_blank):
    doc = nlp_blank("Jo met the IRO. Nothing else happened. The placement is stable.")
    first, second, third = list(doc.sents)
    assert [f.span for f in first._.jargon] == ["IRO"]
    assert second._.jargon == []
    assert [f.span for f in third._.jargon] == ["placement"]
    data = doc._.jargon[0].to_json()
    assert set(data) == {"start", "end", "span", "plain", "category", "severity", "why", "source", "kind"}
    assert data["span"] == "IRO"


def test_jargon_is_none_before_the_component_runs():
    pipeline = spacy.blank("en")
    doc = pipeline("The IRO met Jo.")
    assert doc._.jargon is None
    assert doc[0:2]._.jargon is None


# ---------------------------------------------------------------- live additions

def test_add_entries_takes_effect_without_restart():
    pipeline = _blank()
    text = "Sol went to the lollipop panel on Friday."
    assert pipeline(text)._.jargon == []
    flagger = pipeline.get_pipe("gt_jargon")
    added = flagger.add_entries([{
        "term": "lollipop panel", "plain": "the meeting that decides on short breaks",
        "category": "shorthand", "severity": "medium",
        "why": "Suggested by an Ambassador: nobody knew what it was.", "source": "Ambassador review (fictional)"}])
    assert added[0].term == "lollipop panel"
    found = pipeline(text)._.jargon
    assert [f.span for f in found] == ["lollipop panel"]
    assert found[0].plain == "the meeting that decides on short breaks"
    # a replaced entry's new plain wording is used too
    flagger.add_entries([JargonEntry("lollipop panel", "short breaks meeting", "shorthand", "medium", "why", "QA")])
    assert pipeline(text)._.jargon[0].plain == "short breaks meeting"
    with pytest.raises(ValueError):
        flagger.add_entries([{"term": "x", "severity": "urgent"}])


def test_component_pickles_and_keeps_added_entries():
    import pickle
    pipeline = _blank()
    flagger = pipeline.get_pipe("gt_jargon")
    flagger.add_entries([JargonEntry("wobble board", "balance board", "shorthand", "low", "test", "test")])
    copy = pickle.loads(pickle.dumps(flagger))
    doc = copy(pipeline.make_doc("She used the wobble board and the CP plan."))
    assert [f.span for f in doc._.jargon] == ["wobble board", "CP"]


def test_custom_lexicon_path(tmp_path):
    lex = tmp_path / "lex.tsv"
    lex.write_text("term\tplain\tcategory\tseverity\twhy\tsource\n"
                   "wibble\tplain word\tabstract\tlow\ttest\ttest\n", encoding="utf-8")
    pipeline = _blank(lexicon_path=str(lex), rare_words=False)
    assert [f.span for f in pipeline("A wibble and a placement.")._.jargon] == ["wibble"]


# ---------------------------------------------------------------- real pipeline

@pytest.fixture(scope="module")
def nlp_real():
    from nlp import pipeline as shared
    params = inspect.signature(shared.build).parameters
    pipeline = shared.build(analyse=False) if "analyse" in params else shared.build()
    for name in ("gt_jargon", "gt_readability"):
        if name not in pipeline.pipe_names:
            pipeline.add_pipe(name)
    return pipeline


def test_real_pipeline(nlp_real):
    text = ("Keeley was seen alone at school. The CiN plan was reviewed and family time was "
            "arranged.\n\nIt was agreed that contact with her dad would be supervised by the "
            "Eastmere Early Help Hub, and the s47 enquiry was closed with NFA.")
    doc = nlp_real(text)
    found = {f.span: f for f in doc._.jargon}
    assert {"CiN", "contact", "s47", "NFA"} <= set(found), found
    assert "Keeley" not in found
    assert found["contact"].plain == "family time"
    findings = doc._.findings
    assert findings and sum(len(f._.jargon) for f in findings) == len(doc._.jargon)
    assert doc._.readability["accessibility"]["parts"]["jargon_density"] is not None
    assert findings[-1]._.readability["passive_voice"]["sentences"] >= 1


# ---------------------------------------------------------------- metric and dev set

def test_span_scores():
    gold = [[(0, 2), (10, 15)], [(3, 8)]]
    pred = [[(0, 2), (11, 13), (20, 22)], []]
    s = span_scores(gold, pred)
    assert s["exact"]["precision"] == pytest.approx(1 / 3, abs=1e-3)
    assert s["exact"]["recall"] == pytest.approx(1 / 3, abs=1e-3)
    assert s["overlap"]["precision"] == pytest.approx(2 / 3, abs=1e-3)
    assert s["overlap"]["recall"] == pytest.approx(2 / 3, abs=1e-3)
    assert span_scores([[]], [[]])["exact"]["f1"] == 0.0
    with pytest.raises(ValueError):
        span_scores([[]], [])


@pytest.mark.skipif(not DEV.exists(), reason="shared dev data not present")
def test_dev_set_overlap_f1(nlp_blank):
    scores = jargon_scores(nlp_blank, load_findings(DEV))
    assert scores["without"]["overlap"]["f1"] >= 0.85, scores["without"]
    assert scores["all"]["overlap"]["f1"] >= 0.85, scores["all"]
    assert scores["without"]["exact"]["f1"] >= 0.85, scores["without"]


# --------------------------------------------------------------------------- jargon policy: two kinds

def test_each_flag_has_a_kind_of_the_policy(flags):
    text = ("The care leavers met their IRO about the placement; the plan was robustly reviewed and "
            "her siblings asked about permanence. The triage was perfunctory.")
    kinds = {f.span: f.kind for f in flags(text)}
    assert kinds["IRO"] == kinds["placement"] == kinds["robustly"] == "hard_to_understand"
    assert kinds["care leavers"] == kinds["siblings"] == kinds["permanence"] == "may_not_feel_right"
    assert all(k in KINDS for k in kinds.values())
    rare = [f for f in flags(text) if f.category == "rare_word"]
    assert rare and all(f.kind == "uncommon_word" for f in rare)


def test_kind_follows_the_guide_unless_the_lexicon_says(tmp_path):
    def entry(term, category="shorthand", kind=""):
        return JargonEntry(term, None, category, "medium", "", "", kind)
    assert entry_kind(entry("stepped down")) == "hard_to_understand"   # guide §4.2
    assert entry_kind(entry("foster placement")) == "hard_to_understand"  # built on a guide term
    assert entry_kind(entry("UASC", "acronym")) == "hard_to_understand"  # every acronym, §4.1
    assert entry_kind(entry("corporate parenting")) == "may_not_feel_right"
    assert entry_kind(entry("leaving care", kind="hard_to_understand")) == "hard_to_understand"
    path = tmp_path / "lex.tsv"
    path.write_text("term\tplain\tcategory\tseverity\twhy\tsource\tkind\nfoo bar\tx\tshorthand\tlow\tw\ts\tsideways\n")
    with pytest.raises(ValueError, match="kind of 'foo bar'"):
        load_lexicon(path)


@pytest.mark.skipif(not all(p.exists() for p in GUIDE_LABELLED), reason="shared guide-labelled data not present")
def test_hard_kind_against_the_guide_labelled_findings(nlp_blank):
    """The guide-labelled files (findings_ofsted_a/b): the hard-to-understand kind scores >= 0.85
    overlap F1 where every flag (care language included) does not."""
    rows = [r for p in GUIDE_LABELLED for r in load_findings(p)]
    hard = hard_kind_scores(nlp_blank, rows)
    every = jargon_scores(nlp_blank, rows)["without"]
    assert hard["overlap"]["f1"] >= 0.85, hard
    assert every["overlap"]["f1"] < hard["overlap"]["f1"], every

"""Child's voice: does a finding (and a narrative) show what the child said, felt, wished or
experienced? "Every file should have a golden thread of the child's voice."

Contract: ../shared/docs/taxonomy.md §3. The `gt_child_voice` component writes, for each
finding, `span._.child_voice`, and for the narrative, `doc._.child_voice`:

    {"label": "present" | "absent" | "not_applicable",
     "evidence": [{"start", "end", "text", "rule"}, ...]}      # char offsets into doc.text

plus, on the narrative when it is about one child and nothing evidences the voice,
`"flag": "no evidence of the child's voice"`.

Everything is a rule a reviewer can read. Each rule has a name (the evidence's `rule`),
listed in `RULES` with what it matches; its words are in the tables right after it. The
pipeline has no parser, tagger or lemmatizer (senter, and ner at ingest only), so the rules use
lower-case words, a spaCy `Matcher` for the phrases, and short token windows: the subject of a
verb is the nearest person word a few tokens before it in the same sentence, skipping
possessives ("Rhys's mother said" is the mother) and objects of prepositions ("the report on
Lee describes" is no one). They also run on `spacy.blank("en")` + `sentencizer`; names then
come from `[NAME]` placeholders, the redactor's NAME spans, initials and capitalised words
(no PERSON entities), as in `load_analysis()`, which runs the redactor's rules but not NER.

A finding's label:
- `present`: a positive rule fired (any rule but `missing_voice`);
- `absent`: no positive rule, and the finding is about one child: a child's name, `[NAME]`, an
  initial, an age ("2 year old"), a baby; or, when it is not about a group, he/she, "his plan",
  "her mum", "this child", "the child's case". A finding with no marker either way ("The
  standard of interventions has been good.", "The child's plan is not SMART.") takes its
  paragraph's child (the case vignette it sits in), or the narrative's when the narrative as a
  whole is about one child. A `missing_voice` finding with no marker either way is about the
  child in front of the reader ("The child's voice needs to be stronger.");
- `not_applicable`: otherwise: groups ("children", "cases", "families", "most", "in 5 of the
  8"), the audit process, teams, aggregated feedback ("50% of young people said..."), voice in
  general ("Children's views are increasingly being captured").

A narrative is `present` when any finding is, `absent` (and flagged) when it is about one child
(more findings about one child than about groups) and no finding evidences the voice, else
`not_applicable`. Config `context` (default True) turns the paragraph / narrative inheritance
off for findings judged one by one (`label_findings`, the labelled files).

Classifier hook: `combine(rule_result, classifier_probability)`; policy in its docstring.
Scores: `voice_scores(gold, pred)`; `python -m nlp.voice FILE.jsonl...` prints them for
labelled findings, each judged on its own.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span, Token

# =======================================================================================
# The rules: name -> what it matches. A rule's name is the `rule` of its evidence.
# =======================================================================================
RULES: dict[str, str] = {
    "child_speaks": "a child is the subject of a speaking or feeling verb (VOICE_VERBS: said, told, "
                    "shared, expressed, explained, described, wants, wishes, feels, likes, loves, enjoys, "
                    "worries, asked, drew, chose, disclosed, reported, wrote, hopes, thinks...; 'is worried "
                    "that', 'was scared of'; 'spoke about'; 'sent a text'; 'did not want'; 'would like'; "
                    "'was able to say'): the nearest person word up to 8 tokens before the verb in its "
                    "sentence (auxiliaries and adverbs allowed: 'has said', 'clearly told'; a second verb "
                    "after 'and' takes its clause's subject); the child is a name, [NAME], an initial, child / "
                    "young person / baby / boy / girl..., or he / she / they pointing back to one (the "
                    "subject of a speaking verb just before: 'Hope told her worker she...'; else the person "
                    "before it, or the first person of the sentence before, whose gender fits); not passive "
                    "('was told', 'was described as'); not after 'nothing', 'without', 'no one', 'silent "
                    "on', 'not ... what' (missing_voice), nor 'whether', 'if', 'should', 'Actions:'",
    "child_quoted": "a quote of two or more words (“...”, \"...\", '...') attributed to a child: after a "
                    "child's speaking verb, before 'said X', or in the first person ('I ...', 'my ...') "
                    "with a child the nearest person before it",
    "wishes_feelings": "'wishes and feelings' recorded / captured / explored / gathered / sought..., "
                       "'recorded her wishes and feelings', wishes and feelings work / worksheet / booklet",
    "seen_alone": "'seen alone', 'spoke to X alone', 'seen on her own', 'met Zara alone' (past tense: "
                  "'see Tyler alone' is an action, not evidence)",
    "own_words": "'in her own words', 'in his words', 'quotes him', 'is quoted', 'direct quotes'",
    "views_recorded": "a child's views / wishes / worries / voice ... recorded, clear, sought, heard "
                      "('her views were clearly recorded', 'recorded Sami's wish')",
    "voice_evident": "'voice is clear / evident / strong / heard', 'voice comes / runs through'",
    "direct_work_tool": "a direct-work tool (TOOLS): three houses, all about me, bubble work, my world "
                        "triangle, life story work, feelings cards, body map, drawing, Mind of My Own "
                        "(MOMO), words and pictures, talking mat, feelings thermometer, scaling...",
    "preverbal_observation": "a baby, infant, toddler or unborn child ('months old', '(10 weeks)') in the "
                             "finding or its paragraph, or a child who does not use speech anywhere in the "
                             "narrative, and what was observed of them (PREVERBAL_CUES): babbling (alone "
                             "enough), smiled, settled, reached for, responded to, eye contact, interaction "
                             "with mum; 'observed', 'presentation', 'routines' only with the baby in the same "
                             "finding",
    "missing_voice": "NOT evidence: about a missing voice ('the child's voice needs to be stronger', "
                     "'voice is not evident', 'no evidence of the child's voice', 'wishes and feelings "
                     "were not recorded', 'was not seen alone', 'did not ask', 'views were not sought', "
                     "'without asking what she wanted', 'was never asked'); any positive rule with a "
                     "negation next to it becomes this; kept so a reviewer sees why",
}
NOT_EVIDENCE = frozenset({"missing_voice"})

# --- child_speaks -------------------------------------------------------------------------
VOICE_VERBS = frozenset("""
said says told tells shared shares expressed expresses explained explains described describes
wants wanted wishes wished feels felt feeling likes liked loves loved enjoys enjoyed worries
asked asks asking drew draws chose chooses disclosed discloses reported reports hates hated
misses wrote writes complained complains stated states rated scored listed requested pointed signed
hopes hoped dreams thinks thought
""".split())
# Feelings the child has "is worried that", "was scared of", "is clear that" (only with what they
# are about: "is happy at school" is the worker's view).
FEELING_ADJ = frozenset("""worried scared frightened upset anxious excited proud angry lonely sad happy unhappy
nervous afraid confused glad pleased keen desperate clear adamant relieved embarrassed ashamed""".split())
FEELING_OBJECT = frozenset("that about of to when because by for".split())
# "sent a text saying", "left a voice note": a message from the child.
MESSAGE_VERBS = frozenset("sent sends texted emailed left".split())
MESSAGES = frozenset("text texts message messages letter letters note email emails card voice".split())
# -ing forms take an object pronoun as their subject: "records describe him choosing ...".
ING_FORMS = frozenset("choosing signing saying telling pointing explaining sharing expressing "
                      "describing".split())
# Base forms count only after "able to" / "chose to" ("was able to say"), "would" ("would
# like") or do-support ("did not want").
BASE_SPEAK = frozenset("say tell share express explain describe disclose talk articulate".split())
BASE_WISH = frozenset("want like feel wish enjoy love".split())
# Feeling verbs keep their meaning under negation: "she did not want to go" is her voice;
# "he has not said" is not.
FEELING = frozenset("want wants wanted like likes liked feel feels felt feeling wish wishes wished enjoy "
                    "enjoys enjoyed love loves loved hates hated misses".split())
TALK_VERBS = frozenset("spoke speaks spoken talked talks talking speaking".split())  # + about/of
SHOW_VERBS = frozenset("showed shows".split())                 # + a person: "showed her worker"
# Participles that are passive after be: "was told", "was described as".
PASSIVE_FORMS = frozenset("told asked described reported shared expressed chosen explained listed rated "
                          "scored requested stated thought".split())
# "says nothing", "said little": no voice.
NOTHING_AFTER = frozenset("nothing little".split())

# --- person words -----------------------------------------------------------------------
CHILD_NOUNS = frozenset("child kid baby infant toddler teenager teen boy girl youngster newborn son daughter "
                        "brother sister sibling twin".split())
CHILD_GROUP_NOUNS = frozenset("children kids siblings boys girls brothers sisters twins babies".split())
ADULT_FEMALE = frozenset("mum mummy mom mother mothers nan nana nanna nanny gran granny grandma grandmother "
                         "aunt auntie aunty stepmum stepmother step-mum step-mother girlfriend wife "
                         "woman lady".split())
ADULT_MALE = frozenset("dad daddy father fathers grandad granddad grandpa grandfather uncle stepdad "
                       "stepfather step-dad step-father boyfriend husband man".split())
ADULT_NEUTRAL = frozenset("""
parent parents carer carers grandparent grandparents partner worker workers practitioner practitioners
manager managers teacher teachers senco nurse visitor gp doctor paediatrician police officer officers iro
iros chair chairs auditor auditors moderator moderators ambassador ambassadors head director directors
professional professionals staff school schools nursery college agency agencies team teams service
services someone anyone everyone nobody adviser advisor pa mentor therapist counsellor clinician keyworker
guardian solicitor cafcass interpreter family families member members committee leader leaders lead we
colleague colleagues panel court judge assessor reviewer people adult adults camhs hospital midwife
cousin friend friends neighbour inspector consultant trainer ofsted
""".split())
ADULT_WORDS = ADULT_FEMALE | ADULT_MALE | ADULT_NEUTRAL
PLURAL_ADULTS = frozenset("parents carers grandparents workers managers professionals staff auditors we "
                          "practitioners agencies families fathers mothers teachers officers members "
                          "schools teams services".split())
GROUP_PERSONS = frozenset("children kids people families parents carers".split())
TITLES = frozenset("mr mrs ms miss mx dr mr. mrs. ms. dr.".split())
SUBJECT_PRONOUNS = {"he": "m", "she": "f", "they": "n"}
OTHER_PRONOUNS = {"him": "m", "his": "m", "himself": "m", "her": "f", "hers": "f", "herself": "f",
                  "them": "n", "their": "n", "themselves": "n"}
POSSESSIVE_S = frozenset({"'s", "’s", "'", "’"})
DETERMINERS = frozenset("the a an this that these those his her their its my our your any no each every "
                        "some own young little older younger elder new".split())
PREPOSITIONS = frozenset("for of about to with from by on at in into towards toward against around "
                         "regarding concerning than like between among".split())
FIRST_PERSON = frozenset("i i'm i've i'd i'll im me my mine myself we we're us our".split())
BE = frozenset("is was were are been being be am 're".split())
AUXILIARIES = frozenset("has have had 's 've 'd did does do will would could can may might should must is was "
                        "were are been being be not n't never also still now later clearly repeatedly "
                        "consistently always often previously initially recently just only even further again "
                        "spontaneously openly happily proudly quietly readily directly first".split())

# Subjects that are no one: "one [note] says", "the plan explains", "it was felt".
THING_SUBJECTS = frozenset("""it this which one record records note notes plan plans file files report
reports assessment assessments minutes chronology analysis summary letter tool form""".split())

# --- negation and hypotheticals -----------------------------------------------------------
# Next to a phrase rule (in it, or a few tokens before): the voice is missing.
NEGATIONS = frozenset("not n't never no nothing none nobody without lack lacking lacks absent missing "
                      "limited little unclear unknown nor failed fail fails delay delayed awaiting "
                      "waiting rarely seldom unable".split())
# In or before a phrase rule: no statement of fact ("should be seen alone").
HYPOTHETICAL = frozenset("should must need needs could would will whether if ought expected expect "
                         "expects ensure directed recommended advised requested planned".split())
# Before a child's verb in the same sentence: "nothing he said", "without asking what she
# wanted", "no one has tried to find out what he feels", "we do not know what she thinks".
EMBEDDING_NEGATION = frozenset("nothing nobody without unclear unknown anyone neither silent".split())
WH_WORDS = frozenset("what how whether who why when where".split())
NO_WHAT = frozenset("one record evidence sense idea description understanding mention indication".split())
# ... the recorder's verbs only: "the plan does not reflect what he has told his worker" is his
# voice, unused; "the records do not tell us what he feels" is no voice.
NEGATED_KNOWING = frozenset("know known clear say said record recorded show shows describe described ask "
                            "asked explore explored find capture captured evident tell told sought seek "
                            "understand understood tried".split())

# --- about one child, or a group ----------------------------------------------------------
GROUP_WORDS = frozenset("""
children kids families cases files audits auditors audited sample samples cohort teams workers managers
practitioners agencies schools most many several majority minority proportion percent every often
rarely seldom frequently routinely increasingly generally usually occasionally across quarter
template templates tool standards guidance policy training workforce service services people parents
carers assessments
""".split())
GROUP_BIGRAMS = frozenset({("young", "people"), ("each", "child"), ("every", "child"), ("a", "child"),
                           ("any", "child"), ("another", "child"), ("not", "always"), ("some", "children"),
                           ("some", "cases"), ("all", "children"), ("all", "cases")})
# Plurals that are also verbs ("who visits", "she records"): group markers only after a
# preposition or in a list ("in records, plans or reviews").
GENERIC_PLURALS = frozenset("records plans reviews visits".split())
# Plurals that are no group marker when someone's: "his records", "Tia's plans".
POSSESSABLE = frozenset("files plans assessments reviews records visits parents carers teams schools "
                        "services".split())
AGE_RE = re.compile(r"(?i)\b(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                    r"thirteen|fourteen|fifteen|sixteen|seventeen)[\s-]*(?:years?|yrs?|months?|weeks?)"
                    r"[\s-]*old\b|\b\d{1,2}\s*yrs?\s+old\b|\baged\s+\d{1,2}\b|\(\s*names?\s+(?:changed|altered)\s*\)")
# A child who does not use speech: what is observed of them is their voice, throughout the narrative.
_NONVERBAL = (r"\b(?:pre-?verbal|non-?verbal|(?:does|did)\s+not\s+(?:use\s+)?(?:speech|speak|talk)|"
              r"communicates\s+(?:through|using|with|via|by)|makaton|pecs|eye[\s-]pointing)\b")
NONVERBAL_RE = re.compile("(?i)" + _NONVERBAL)
# A baby ("4 months old", "(10 weeks)"), or a child who does not use speech.
PREVERBAL_RE = re.compile(r"(?i)\b(?:bab(?:y|ies)|infants?|toddlers?|new-?borns?|unborn|"
                          r"\d{1,2}[\s-]*(?:months?|weeks?)[\s-]*old|aged\s+\d{1,2}\s+(?:months|weeks))\b|"
                          r"\(\s*\d{1,2}\s*(?:months?|weeks?)\s*\)|" + _NONVERBAL)
BABY_WORDS = frozenset("baby infant toddler newborn unborn".split())
# One family's adults: "Mum said ...", "her father", "the mother's drinking".
FAMILY_SINGULAR = frozenset("mum mummy mother dad daddy father stepdad stepfather stepmum stepmother nan "
                            "nana nanny gran granny grandma grandad grandmother grandfather".split())

# --- phrase rules (spaCy Matcher) -----------------------------------------------------------
# Tokens: `word`, `a|b|c` (any of), `<set>` (a set below), `.` (any token); a suffix `?`,
# `*`, `+` or `{0,3}` repeats the token.
SETS: dict[str, frozenset] = {
    "poss": frozenset("his her their 's ’s".split()),
    "mid": frozenset("is was were are been being be has have had not n't never also clearly well fully "
                     "consistently regularly routinely carefully sensitively thoroughly always often now "
                     "still then".split()),
    "capture": frozenset("recorded captured explored gathered sought obtained heard documented evident clear "
                         "reflected included considered ascertained elicited noted taken listened "
                         "represented central visible understood used quoted woven respected acted honoured "
                         "followed".split()),
    "capture_act": frozenset("record records recorded capture captures captured explore explores explored "
                             "gather gathers gathered sought seek seeks obtain obtained ascertain ascertained "
                             "elicit elicited reflect reflects reflected include includes included consider "
                             "considered completed undertook undertaken shaped informed noted notes".split()),
    "wf_work": frozenset("work worksheet worksheets booklet booklets session sessions tool tools form forms "
                         "sheet sheets".split()),
    "seen": frozenset("seen saw spoken spoke speaking talked talking visited met seeing".split()),
    "views": frozenset("views view wishes wish feelings worries worry voice words account perspective "
                       "opinion opinions thoughts comments questions".split()),
    "evident": frozenset("clear clearer evident strong heard captured present central visible threaded "
                         "throughout loud prominent reflected recorded powerful vivid apparent".split()),
    "quote_verb": frozenset("quote quotes quoted quoting".split()),
    "needs": frozenset("needs need could would requires require".split()),
    "comparative": frozenset("stronger clearer better more strengthened improved".split()),
    "better": frozenset("stronger clearer evident heard visible strengthened improved captured better more "
                        "strong clear".split()),
    "lacking": frozenset("not absent missing lacking limited weak lost unclear invisible".split()),
}
PHRASES: list[tuple[str, str]] = [
    ("wishes_feelings", "wishes and|& feelings <mid>{0,4} <capture>"),
    ("wishes_feelings", "<capture_act> .{0,3} wishes and|& feelings"),
    ("wishes_feelings", "wishes and|& feelings <wf_work>"),
    ("seen_alone", "<seen> .{0,5} alone"),
    ("seen_alone", "<seen> to? .{0,5} on his|her|their own"),
    ("own_words", "<poss> own words"),
    ("own_words", "in <poss> words"),
    ("own_words", "<quote_verb> him|her|them"),
    ("own_words", "is|was|are|were|being quoted"),
    ("own_words", "direct quotes|quotations"),
    ("views_recorded", "<poss> <views> .{0,3} <mid>{1,4} <capture>"),
    ("views_recorded", "<capture_act> <poss> <views>"),
    ("views_recorded", "<poss> <views> shaped|informed|influenced|guided|drove|led|changed"),
    ("views_recorded", "<capture_act> . <poss> <views>"),
    ("voice_evident", "voice <mid>{0,3} .? <evident>"),
    ("voice_evident", "voice comes|came|shines|shone|runs|ran|threads|is through|out|throughout"),
    ("missing_voice", "voice .{0,3} <needs> .{0,2} be|been|more .{0,2} <better>"),
    ("missing_voice", "voice .{0,3} should|must .{0,2} be|been .{0,2} <comparative>"),
    ("missing_voice", "voice <mid>{0,3} <lacking>"),
    ("missing_voice", "voice of the|a child|young|baby person? <mid>{0,3} <lacking>"),
    ("missing_voice", "no|little|limited|lack|lacking|without|absence|insufficient evidence? of .{0,3} "
                      "voice|views|wishes"),
    ("missing_voice", "did|does|do|has|have|had|was|were not|n't|never .? ask|asked|consulted|sought|seen|spoken"),
    ("missing_voice", "without asking|seeking|consulting|hearing|speaking|talking"),
    ("missing_voice", "no one .{0,2} asked|sought|listened|spoke"),
    ("missing_voice", "nobody .{0,2} asked|sought|listened|spoke"),
    ("missing_voice", "nothing .{0,3} he|she|they|child said|says|feels|felt|thinks|wants"),
]
# Direct-work tools, matched on lower case.
TOOLS: list[str] = [
    "three houses", "3 houses", "all about me", "bubble work", "wishes and feelings worksheet",
    "my world triangle", "life story work", "life story book", "life story", "feelings cards",
    "feeling cards", "body map", "drawing", "drawings", "painting", "mind of my own", "momo",
    "words and pictures", "talking mat", "feelings thermometer", "feelings jar", "scaling tool",
    "scaling question", "scaling questions", "scale", "worries sheet", "worry monster", "wizards and fairies",
    "fairies and wizards", "puppets", "sand tray", "symbol cards", "child 's words", "child ’s words",
    "worry scale", "feelings wheel", "comic strip", "picture timetable", "picture cards", "emotion cards",
    "feelings faces", "happy face", "sad face", "talking tin", "voice note", "scaling", "worry jar",
    "worries jar",
]
NOT_A_TOOL_AFTER = frozenset("up on upon together attention conclusions out from".split())  # "drawing up"
# Pre-verbal observation: strong cues stand alone ("babbling"); the rest need a baby in the
# finding or its paragraph.
PREVERBAL_STRONG = frozenset("babble babbles babbled babbling coo coos cooed cooing gurgle gurgles gurgled "
                             "gurgling".split())
# Weak cues need the baby in the same finding ("the baby's presentation and routines").
PREVERBAL_WEAK = frozenset("observed presentation routine routines attachment responses cues choice choices".split())
PREVERBAL_CUES: list[str] = [
    "observed", "smiled", "smiles", "smiling", "settled", "settles", "settling", "reached for",
    "reaching for", "reaches for", "reached out", "responded to", "responds to", "responding to",
    "responses", "response to", "eye contact", "interaction with", "interactions with",
    "interaction between", "interacting with", "presentation", "routine", "routines", "cues",
    "turned towards", "turns towards", "fed calmly", "fed well", "flinch", "flinched", "went quiet",
    "go quiet", "cried", "crying", "giggled", "laughed", "crawled", "crawling", "comforted",
    "sought comfort", "seeks comfort", "attachment", "cuddled", "cuddles", "body language", "smile",
    "turning away", "turned away", "choice", "choices", "pointed", "vocalised", "tracked", "alert",
    "startled", "grasped",
    "vocalising",
]

FLAG_NO_VOICE = "no evidence of the child's voice"
LABELS = ("present", "absent", "not_applicable")  # as nlp.taxonomy.CHILD_VOICE

# =======================================================================================
# Matcher
# =======================================================================================


def _token_spec(spec: str) -> dict:
    m = re.fullmatch(r"(.+?)(\?|\*|\+|\{\d*,\d*\})?", spec)
    body, op = m[1], m[2]
    if body == ".":
        token: dict = {}
    elif body.startswith("<") and body.endswith(">"):
        token = {"LOWER": {"IN": sorted(SETS[body[1:-1]])}}
    elif "|" in body:
        token = {"LOWER": {"IN": body.split("|")}}
    else:
        token = {"LOWER": body}
    if op:
        token["OP"] = op
    return token


class _PhraseRules:
    """The phrase rules' matches in a doc: (match_id, start, end), as a spaCy Matcher gives them.
    PHRASES (sets, wildcards, repeats) go to a Matcher; the fixed word sequences (TOOLS,
    PREVERBAL_CUES, PREVERBAL_STRONG) to a PhraseMatcher on LOWER, the same test ({"LOWER": w})
    at a fraction of the cost: one Matcher holding all 133 patterns was about 40% of the
    component's time. The two lists are concatenated; `_phrase_evidence` orders the matches
    itself (rule priority, start, length), and no two patterns of one rule match the same span."""

    def __init__(self, vocab):
        self.matcher = Matcher(vocab)
        for i, (rule, text) in enumerate(PHRASES):
            self.matcher.add(f"{rule}#{i}", [[_token_spec(s) for s in text.split()]])
        self.phrases = PhraseMatcher(vocab, attr="LOWER")
        for tool in TOOLS:
            self.phrases.add("direct_work_tool#" + tool, [Doc(vocab, words=tool.split())])
        for cue in PREVERBAL_CUES:
            self.phrases.add("preverbal_observation#" + cue, [Doc(vocab, words=cue.split())])
        self.phrases.add("preverbal_observation#strong", [Doc(vocab, words=[w]) for w in sorted(PREVERBAL_STRONG)])

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        return self.matcher(doc) + self.phrases(doc)


def _build_matcher(vocab) -> _PhraseRules:
    return _PhraseRules(vocab)


# =======================================================================================
# Names
# =======================================================================================
CHILD, ADULT, GROUP = "child", "adult", "group"
_COMMON = 4.3           # wordfreq Zipf frequency above which a capitalised word is a word, not a name
_MONTHS_DAYS = frozenset("""January February March April May June July August September October November
December Monday Tuesday Wednesday Thursday Friday Saturday Sunday""".split())
_FUNCTION_CAPS = frozenset("""The This That These Those It Its They Their There Then When Where While What
Which Who Why How He She His Her We Our You Your I A An And But Or So If As At In On Of For To From By With
No Not All Some Most Many Each Every Both Overall However Also Although Despite Since After Before During
Throughout Following Further Good Poor Clear Nobody Everyone Someone Anyone Recording Outcomes Analysis
Positives Negatives Areas Strengths Themes Learning Impact Improvement""".split())
_TEAM_WORDS = frozenset("team teams tm service services hub unit panel board partnership assess safeg c&f "
                        "council trust school academy college nursery hospital centre center".split())
_NON_PERSON_ENTS = frozenset("DATE TIME CARDINAL ORDINAL MONEY PERCENT QUANTITY".split())
_INITIAL_EXEMPT = frozenset("""plan annex appendix category tier level grade section part schedule table
figure option phase stage vitamin type group form block wing class year key ward room door floor bay zone
route wave model step team unit house cohort sample criteria scenario note paragraph para clause list
column row box question item point standard band priority a an grades rated""".split())
_JOB_NEAR = frozenset("""manager worker officer chair head director lead practitioner auditor moderator
ambassador nurse visitor teacher advisor adviser senco iro mentor consultant inspector trainer
consultants inspectors moderators auditors trainers""".split())
# After "X's": X is a person ("Tyler's mum", "Phoebe's assessment").
_RELATIONS = frozenset("""mum mummy mother dad daddy father nan nana nanny gran grandma grandad grandmother
grandfather brother sister sibling siblings carer carers plan views wishes feelings voice words worries
school teacher worker social case file record records assessment review safety home bedroom room placement
progress transition chronology needs own life health behaviour care cin cp pathway step contact""".split())
# A verb after a capitalised word at a sentence start makes it a person ("Sami moved",
# "Reuben has had"); plural-noun look-alikes ("returns", "needs", "reports") are left out.
_PERSON_NEXT = frozenset("""is was has had will would could can did does lives lived moved went attended
attends remains remained continues continued stays stayed became appeared seemed sent took made gave got
came ran left kept saw met began brought thought found knew held slept won lost hid fell broke told said
says tells wants wanted felt feels shared explained described expressed disclosed asked drew chose spoke
wrote loves likes enjoys hates""".split())
# Before a name in the middle of a sentence: "the plan for Riley", "visited Lola".
_PERSON_BEFORE = frozenset("""for with about saw see seen visited visit met meet supported helped asked
told encouraged reassured collected accompanied observed and""".split())
_MEET_WITH = frozenset("""work worked working spoke spoken speak speaking met meet time session sessions visit
visits sat played talked talking relationship spent""".split())
_NOT_NAME_SUFFIXES = ("ing", "ly", "tion", "tions", "ment", "ments", "ness", "ity", "ities", "ies", "ism",
                      "ance", "ence", "ships", "ship", "atic", "ical", "ive", "ous", "ful", "less", "able",
                      "ible")


@lru_cache(maxsize=8192)
def _common(word: str) -> bool:
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # pragma: no cover
        return True
    return zipf_frequency(word.lower(), "en") >= _COMMON


@lru_cache(maxsize=1)
def _known_words() -> tuple[frozenset, frozenset, frozenset]:
    """The redactor's lists: words that are never names (lower case), first names that are
    also words, and a person's verbs."""
    try:
        from nlp.redact import _ACRONYMS, NOT_NAMES, PERSON_VERBS, WORD_NAMES
    except ImportError:  # pragma: no cover
        return frozenset(), frozenset(), frozenset()
    not_names = {w.lower() for w in NOT_NAMES} | {w.lower() for w in _ACRONYMS}
    return frozenset(not_names), frozenset(WORD_NAMES), frozenset(PERSON_VERBS)


def _redaction_tokens(doc: Doc) -> dict[int, int]:
    """Token index -> redaction number, for the redactor's NAME spans."""
    out: dict[int, int] = {}
    redactions = doc._.redactions if doc.has_extension("redactions") else None
    for n, r in enumerate(redactions or []):
        if getattr(r, "label", None) == "NAME":
            span = doc.char_span(r.start, r.end, alignment_mode="expand")
            if span is not None:
                for i in range(span.start, span.end):
                    out[i] = n
    return out


def _adverb(word: str) -> bool:
    return word.endswith("ly") and len(word) > 4


_OPENERS = frozenset({"“", '"', "(", "‘", "’", "'", "[", "-", "–", "•"})
_INSTITUTIONAL = frozenset("""audit audits programme programmes performance data figures policy policies
strategy approach framework services teams workforce council model partnership inspection improvement
quality procedures guidance threshold thresholds mash safeguarding residents population budget""".split())


def _looks_like_name(toks: list[Token], lower: list[str], i: int, starts: bool, redacted=frozenset()) -> bool:
    """A capitalised word as a person's name: NER's PERSON or the redactor's NAME, checked
    against the words around it, or an uncommon word where a person stands ("the plan for
    Riley", "Sami moved")."""
    t = toks[i]
    text = t.text
    not_names, word_names, _ = _known_words()
    if not (t.is_alpha and len(text) > 1 and t.is_title) or lower[i] in not_names or text in _FUNCTION_CAPS \
            or text in _MONTHS_DAYS or lower[i] in ADULT_WORDS or lower[i] in CHILD_NOUNS \
            or lower[i] in CHILD_GROUP_NOUNS or lower[i] in TITLES:
        return False
    n = len(toks)
    j = i + 1
    while j + 1 < n and _hyphen_glued(toks, j) and toks[j + 1].is_title:
        j += 2  # "Ellie-Mae": the context after the whole name
    while j < n and _adverb(lower[j]):
        j += 1
    nxt = lower[j] if j < n else ""
    nxt2 = lower[j + 1] if j + 1 < n else ""
    if nxt in _TEAM_WORDS or (nxt2 in _TEAM_WORDS and j < n and toks[j].is_title):
        return False  # "Gloucester Team 3", "Chelt Assess", "Stroud C&F"
    if nxt in POSSESSIVE_S and nxt2 in _INSTITUTIONAL:
        return False  # "Gloucestershire's audit programme"
    before_verb = nxt in VOICE_VERBS or nxt in _PERSON_NEXT or (nxt.endswith("ed") and j < n and toks[j].is_lower) \
        or (nxt == "(" and j + 1 < n and toks[j + 1].like_num)  # "Kayden (6)"
    possessive = nxt in POSSESSIVE_S and (not starts or nxt2 in _RELATIONS or not _common(text))
    prev = lower[i - 1] if i else ""
    after_person_word = not starts and prev in _PERSON_BEFORE
    # Part of a Title Case phrase ("Purposeful Visits", "Nil Returns", "Requiring Improvement"),
    # unless the neighbour is a name too ("Tyler Okafor").
    phrase = any(0 <= k < n and toks[k].is_title and toks[k].is_alpha and not (k == i - 1 and starts)
                 and lower[k] not in TITLES
                 and toks[k].ent_type_ != "PERSON" and k not in redacted for k in (i - 1, i + 1))
    if phrase:
        return False
    # At a sentence start a name is followed by a verb, "'s", a comma, "and" or a surname
    # ("Dip samples are chosen ..." is no one).
    if starts and not (before_verb or possessive or nxt in (",", "(", "and", "who", "-", ")")
                       or (j < n and toks[j].is_title and toks[j].is_alpha and len(toks[j]) > 1)):
        return False
    related = possessive and nxt2 in _RELATIONS
    if text in word_names and related:
        return True  # "Summer's mother" (NER: a DATE)
    if t.ent_type_ in _NON_PERSON_ENTS:
        return False
    if t.ent_type_ and t.ent_type_ not in ("PERSON", "NORP"):
        # NER's ORG, GPE...: a name only where it acts like a person ("Sami moved", "for Riley").
        if j < n and toks[j].ent_iob_ == "I" and lower[j] not in POSSESSIVE_S:
            return False  # part of a longer entity
        if nxt in VOICE_VERBS:
            return True
        if text in word_names:
            return before_verb or possessive
        prev2 = lower[i - 2] if i > 1 else ""
        met = prev in ("with", "to") and prev2 in _MEET_WITH  # "direct work with Harley", "spoken to Imogen"
        return (before_verb or possessive or met or (after_person_word and prev not in ("with", "and"))) and (
            not _common(text) or related)
    if _in_place_list(toks, i):
        return False
    if i in redacted or t.ent_type_ == "PERSON":
        return True
    if text in word_names:
        return (not starts) or before_verb or possessive
    if _common(text) or lower[i].endswith(_NOT_NAME_SUFFIXES):
        plural = lower[i].endswith("s") and _common(lower[i][:-1])  # "Concerns reported ..."
        return (_speaks_next(toks, lower, j) and not plural) or related or _age_follows(toks, lower, j)
    # An uncommon capitalised word mid-sentence, then a lower-case word or punctuation ("that
    # Ava sleeps well", "with Kofi."): a name; not after an article or a number ("the
    # Gloucester team", "2 Gloucester children").
    return before_verb or possessive or after_person_word or (
        not starts and j < n and (toks[j].is_lower or toks[j].is_punct and toks[j].text not in ("-", "&", "/"))
        and prev not in DETERMINERS and not toks[i - 1].like_num)


_DOTTED_INITIAL = re.compile(r"[A-Z]\.")


def _initial(toks: list[Token], lower: list[str], sent: list[int], i: int) -> bool:
    """A single capital standing for a child: "C said", "with M", not "Plan B", "A&E", "Glos S"."""
    text = toks[i].text
    if not ((len(text) == 1 or _DOTTED_INITIAL.fullmatch(text)) and text[0].isupper() and text[0] not in "AI"):
        return False
    prev = lower[i - 1] if i else ""
    nxt = toks[i + 1].text if i + 1 < len(toks) else ""
    glued = i > 0 and toks[i - 1].whitespace_ == "" and not toks[i - 1].is_space and prev not in ("(", "[", "“", '"')
    after_capital = i > 0 and toks[i - 1].is_title and toks[i - 1].is_alpha and sent[i - 1] == sent[i]
    return (prev not in _INITIAL_EXEMPT and nxt not in ("-", "&", "/", "+") and prev not in ("-", "&", "/", "+")
            and not glued and not after_capital)


def _speaks_next(toks: list[Token], lower: list[str], j: int) -> bool:
    """A speaking or feeling verb from token j on ("Tom is worried that", "Adam has spoken
    about"): the word before is a person."""
    n = len(toks)
    while j < n and lower[j] in ("has", "have", "had", "is", "was", "'s", "also", "now", "clearly", "always",
                                 "repeatedly", "consistently", "previously", "recently"):
        j += 1
    if j >= n:
        return False
    w, nxt = lower[j], (lower[j + 1] if j + 1 < n else "")
    passive = w in PASSIVE_FORMS and lower[j - 1] in BE  # "Tom was told" says nothing of Tom
    return (w in VOICE_VERBS and not passive) or (w in TALK_VERBS and nxt in ("about", "of")) or (
        w in FEELING_ADJ and nxt in FEELING_OBJECT)


_AGE_WORDS = frozenset("one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
                       "fifteen sixteen seventeen eighteen nineteen".split())


def _age_follows(toks: list[Token], lower: list[str], j: int) -> bool:
    """"Maria is two and ...", "Tia is 14.": a name and an age."""
    if j + 2 >= len(toks) or lower[j] not in ("is", "was", "turned", "aged"):
        return False
    age, after = lower[j + 1], lower[j + 2]
    return (age in _AGE_WORDS or (age.isdigit() and int(age) < 26)) and after in ("and", ",", ".", "years", "(")


def _hyphen_glued(toks: list[Token], i: int) -> bool:
    """Token i is a hyphen joining two words with no spaces ("Ellie-Mae")."""
    return 0 < i < len(toks) - 1 and toks[i].text in ("-", "‐") and not toks[i - 1].whitespace_ \
        and not toks[i].whitespace_


def _in_place_list(toks: list[Token], i: int) -> bool:
    """"from Forest, Stroud, Cotswold and Tewkesbury": a list of places, not of people."""
    places = ("GPE", "LOC", "ORG", "FAC")
    for a, b in ((i - 1, i - 2), (i + 1, i + 2)):
        if 0 <= b < len(toks) and toks[a].text in (",", "and") and toks[b].ent_type_ in places:
            return True
    return False


def _names(doc: Doc, toks: list[Token], lower: list[str], sent: list[int]) -> dict[int, str]:
    """Token index -> CHILD or ADULT, for every token of a name, [NAME] or initial. `toks`:
    list(doc), made once (each doc[i] builds a new Token object)."""
    redacted = _redaction_tokens(doc)
    n = len(toks)
    found: set[int] = set()
    for i in sorted(redacted):
        t = toks[i]
        if len(t.text) == 1 and t.text.isupper():
            if _initial(toks, lower, sent, i):
                found.add(i)  # an initial the redactor found
        elif t.is_alpha:
            starts = i == 0 or sent[i - 1] != sent[i] or toks[i - 1].text in _OPENERS
            if _looks_like_name(toks, lower, i, starts, redacted):
                found.update(k for k, r in redacted.items() if r == redacted[i])
    for t in toks:
        i = t.i
        if t.text == "NAME" and 0 < i < n - 1 and toks[i - 1].text == "[" and toks[i + 1].text == "]":
            found.update((i - 1, i, i + 1))
        elif _initial(toks, lower, sent, i):
            found.add(i)
        elif i not in found:
            starts = i == 0 or sent[i - 1] != sent[i] or toks[i - 1].text in _OPENERS
            if i not in redacted and _looks_like_name(toks, lower, i, starts, redacted):
                found.add(i)
    # A word found once is a name everywhere in the narrative (unless also written in lower case).
    lowercase = {t.text for t in toks if t.is_lower}
    surfaces = {toks[i].text for i in found if toks[i].is_alpha and len(toks[i]) > 1 and toks[i].is_title}
    for t in toks:
        if (t.text in surfaces and t.i not in found and t.lower_ not in lowercase
                and t.ent_type_ not in _NON_PERSON_ENTS):
            found.add(t.i)
    for i in sorted(found):  # "Ellie-Mae": both halves of a hyphenated name
        if i + 2 < n and _hyphen_glued(toks, i + 1) and toks[i + 2].is_title:
            found.update((i + 1, i + 2))
        if i >= 2 and _hyphen_glued(toks, i - 1) and toks[i - 2].is_title:
            found.update((i - 2, i - 1))
    # Runs of adjacent name tokens are one name; each gets a role.
    roles: dict[int, str] = {}
    runs: list[list[int]] = []
    for i in sorted(found):
        if runs and (i == runs[-1][-1] + 1 and (redacted.get(i, -1) == redacted.get(runs[-1][-1], -2)
                                                or toks[i].text in ("]", "NAME") or toks[i - 1].text == "["
                                                or toks[i].is_title and toks[i - 1].is_title
                                                or _hyphen_glued(toks, i) or _hyphen_glued(toks, i - 1))):
            runs[-1].append(i)
        else:
            runs.append([i])
    adult_surfaces: set[str] = set()
    for run in runs:
        role = _name_role(doc, toks, lower, run)
        for i in run:
            roles[i] = role
        if role == ADULT:
            adult_surfaces.update(toks[i].text for i in run if toks[i].is_alpha and len(toks[i]) > 1)
    for i in roles:
        if toks[i].text in adult_surfaces:
            roles[i] = ADULT
    return roles


def _name_role(doc: Doc, toks: list[Token], lower: list[str], run: list[int]) -> str:
    """A child's name unless a title, a family word or a job stands next to it, it follows
    "by", or it is a first name and a surname ("Steve Hart") with no child's particulars."""
    n = len(toks)
    first, last = run[0], run[-1]
    adult_word = ADULT_FEMALE | ADULT_MALE | _JOB_NEAR | {"parent", "carer", "partner"}
    j = first - 1
    while j >= 0 and lower[j] in ("(", "the", "external", "senior", "-"):
        j -= 1
    if j >= 0 and (lower[j] in TITLES or lower[j] in adult_word or lower[j] == "by"):
        return ADULT  # "Ms Okafor", "mum Leanne", "moderator Steve Hart", "seen by Sarah"
    if j >= 1 and lower[j] in ("and", "&") and lower[j - 1] in TITLES:
        return ADULT  # "Mr and Mrs Okafor"
    closed = last + 1 >= n or lower[last + 1] in (",", ")", "(", ".")
    if j >= 1 and lower[j] == "," and lower[j - 1] in adult_word and closed:
        return ADULT  # "her mother, Leanne, said"
    k = last + 1
    while k < n and k <= last + 5 and (lower[k] in (",", "(", "the", "a", "her", "his", "-", "our", "is", "as")
                                       or toks[k].is_title and lower[k] not in _JOB_NEAR
                                       and lower[k] not in ADULT_WORDS):
        k += 1
    if k < n and k > last + 1 and (lower[k] in _JOB_NEAR or lower[k] in ADULT_FEMALE | ADULT_MALE
                                   or lower[k] in ("parent", "carer")):
        return ADULT
    words = [i for i in run if toks[i].is_alpha and len(toks[i]) > 1 and toks[i].text != "NAME"
             and (i == first or toks[i - 1].whitespace_)]  # "Poppy-Jo" is one word
    if len(words) >= 2:
        after = doc[last + 1:last + 4].text
        if not re.match(r"\s*(?:\(|,\s*(?:aged?\s+)?\d|is\s+\d)", after):
            return ADULT
    return CHILD


# =======================================================================================
# One doc's view
# =======================================================================================
@dataclass
class _Ctx:
    doc: Doc
    lower: list[str]
    sent: list[int]            # sentence number per token
    paragraph: list[int]       # paragraph number per token
    names: dict[int, str]      # token -> CHILD | ADULT
    quoted: frozenset = frozenset()  # tokens inside quotation marks
    name_gender: dict = None   # a child's name -> "m" | "f", from the pronouns that follow it
    text: str = ""             # doc.text (spaCy builds it anew on each access)
    toks: list = None          # list(doc): doc[i] builds a new Token object on each access


def _sentences(doc: Doc, toks: list[Token]) -> list[int]:
    """Sentence numbers; a line break or ';' also ends one; "[NAME]" is never split."""
    has_sents = doc.has_annotation("SENT_START")
    ids, current = [], 0
    for t in toks:
        if t.i > 0:
            prev = toks[t.i - 1]
            new = (has_sents and t.is_sent_start and prev.text != "[" and t.text not in ("]", "NAME"))
            if new or (prev.is_space and "\n" in prev.text) or prev.text == ";" or "\n" in prev.whitespace_:
                current += 1
        ids.append(current)
    return ids


def _paragraphs(toks: list[Token]) -> list[int]:
    ids, current = [], 0
    for t in toks:
        ids.append(current)
        if t.is_space and t.text.replace("\r", "").count("\n") >= 2:
            current += 1
    return ids


def _context(doc: Doc) -> _Ctx:
    toks = list(doc)
    lower = [t.lower_ for t in toks]
    sent = _sentences(doc, toks)
    text = doc.text
    ctx = _Ctx(doc, lower, sent, _paragraphs(toks), _names(doc, toks, lower, sent), _quoted(doc, text), text=text,
               toks=toks)
    ctx.name_gender = _name_genders(ctx)
    return ctx


_GENDERED_CHILD = {"boy": "m", "son": "m", "brother": "m", "girl": "f", "daughter": "f", "sister": "f"}


def _child_gender(ctx: _Ctx, k: int) -> str | None:
    """"m", "f" or None for a child mention: boy / girl, or a name's pronouns."""
    if ctx.lower[k] in _GENDERED_CHILD:
        return _GENDERED_CHILD[ctx.lower[k]]
    if k in ctx.names and ctx.name_gender:
        return ctx.name_gender.get(ctx.toks[k].text)
    return None


def _name_genders(ctx: _Ctx) -> dict[str, str]:
    """A child's name is "he" or "she" by the first he/his/him or she/her after it, in its
    sentence or the next, with no other person in between ("Zain is 11 ... He lives with his
    parents")."""
    votes: dict[str, list[str]] = {}
    pronoun_gender = {"he": "m", "his": "m", "him": "m", "himself": "m",
                      "she": "f", "her": "f", "hers": "f", "herself": "f"}
    n = len(ctx.doc)
    for i, role in ctx.names.items():
        tok = ctx.toks[i]
        if role != CHILD or not tok.is_alpha or (i + 1 < n and (i + 1) in ctx.names):
            continue
        last_sent = ctx.sent[i] + 1
        for k in range(i + 1, min(n, i + 60)):
            if ctx.sent[k] > last_sent:
                break
            if k in ctx.quoted:
                continue
            if ctx.lower[k] in pronoun_gender:
                votes.setdefault(tok.text, []).append(pronoun_gender[ctx.lower[k]])
                break
            if k in ctx.names or _mention(ctx, k) not in (None, "thing"):
                break
    # The most frequent pronoun; on a tie the first one seen (max over set(v) broke ties by
    # string hash order, which changes from one process to the next).
    return {name: max(v, key=v.count) for name, v in votes.items()}


def _quoted(doc: Doc, text: str) -> frozenset:
    """Tokens inside quotation marks. `text`: doc.text (built anew on each access)."""
    inside: set[int] = set()
    for m in _QUOTE_RE.finditer(text):
        span = doc.char_span(m.start() + 1, m.end() - 1, alignment_mode="expand")
        if span is not None:
            inside.update(range(span.start, span.end))
    return frozenset(inside)


def _sent_start(ctx: _Ctx, i: int) -> int:
    k = i
    while k > 0 and ctx.sent[k - 1] == ctx.sent[i]:
        k -= 1
    return k


# =======================================================================================
# Who: the subject of a verb, the referent of a pronoun
# =======================================================================================
def _is_possessive(ctx: _Ctx, j: int) -> bool:
    n = len(ctx.doc)
    if j + 1 < n and ctx.lower[j + 1] in POSSESSIVE_S:
        return True
    return ctx.toks[j].text == "NAME" and j + 2 < n and ctx.lower[j + 2] in POSSESSIVE_S


def _after_preposition(ctx: _Ctx, j: int) -> bool:
    """"the report on Lee", "with her mum": a person after a preposition is not a subject."""
    k = j - 1
    if ctx.toks[j].text == "NAME":
        k -= 1
    steps = 0
    while k >= 0 and steps < 3 and (ctx.lower[k] in DETERMINERS or ctx.lower[k] in POSSESSIVE_S
                                    or ctx.lower[k] in ("social", "foster", "key", "class", "birth", "]")
                                    or k in ctx.names):
        k -= 1
        steps += 1
    return k >= 0 and ctx.lower[k] in PREPOSITIONS and ctx.sent[k] == ctx.sent[j]


# The words _mention can take for a person or a thing; any other word (not a name) is None.
_MENTION_WORDS = (CHILD_NOUNS | CHILD_GROUP_NOUNS | GROUP_PERSONS | ADULT_WORDS | TITLES | THING_SUBJECTS
                  | frozenset(SUBJECT_PRONOUNS) | {"person", "people", "man", "woman", "mrs", "ms", "miss", "mrs.",
                                                   "ms.", "mr", "mr."})


def _mention(ctx: _Ctx, j: int) -> str | None:
    """Token j as a person: CHILD, ADULT, "adult_f", "adult_m", GROUP, "pron" (he/she/they),
    "thing" (it/this), or None."""
    w = ctx.lower[j]
    if j in ctx.names:
        return ctx.names[j]
    if w not in _MENTION_WORDS:
        return None  # most words: no need for the checks below
    tok = ctx.toks[j]
    prev = ctx.lower[j - 1] if j else ""
    nxt_title = j + 1 < len(ctx.doc) and ctx.toks[j + 1].is_title
    if tok.is_title and (w in CHILD_NOUNS or w in CHILD_GROUP_NOUNS or w == "young") and (
            nxt_title or j + 1 < len(ctx.doc) and ctx.lower[j + 1] == "in"
            or (j > 0 and ctx.sent[j - 1] == ctx.sent[j] and not ctx.toks[j - 1].is_punct)):
        return None  # "Child Protection Plan", "Children in Care", "the Children's Services report"
    if _compound(ctx, j):
        return None  # "a child in need plan", "child protection", "child-centred"
    if w == "person" and prev == "young":
        return CHILD
    if w == "people" and prev == "young":
        return GROUP
    if w in ("man", "woman") and prev == "young":
        return CHILD
    if w in CHILD_NOUNS:
        return CHILD
    if w in CHILD_GROUP_NOUNS:
        # "the children", "both children", "her brothers": one family's children; bare
        # "children" is a cohort.
        return CHILD if prev in ("the", "both", "his", "her", "two", "three", "four", "'s", "’s") else GROUP
    if w in GROUP_PERSONS and prev not in ("his", "her", "their", "'s", "’s"):
        return GROUP
    if w in ADULT_FEMALE:
        return "adult_f"
    if w in ADULT_MALE:
        return "adult_m"
    if w in ("mrs", "ms", "miss", "mrs.", "ms."):
        return "adult_f"
    if w in ("mr", "mr."):
        return "adult_m"
    if w in ADULT_NEUTRAL or w in TITLES:
        return ADULT
    if w in THING_SUBJECTS:
        return "thing"
    if w in SUBJECT_PRONOUNS:
        return "pron"
    return None


def _compound(ctx: _Ctx, j: int) -> bool:
    if ctx.lower[j] not in ("child", "children", "young"):
        return False
    nxt = ctx.lower[j + 1:j + 3]
    return bool(nxt) and (
        nxt[0] in ("protection", "-", "centred", "focused", "focussed", "sexual", "criminal", "death",
                   "trafficking", "exploitation") or nxt[:2] == ["in", "need"])


def _resolve_pronoun(ctx: _Ctx, p: int, depth: int = 0, gender: str | None = None) -> str:
    """he/she/they at p: CHILD, ADULT, GROUP or "unresolved". Reported speech first ("X told Y
    she ..." is X), then the nearest person before it whose gender fits, back through the
    paragraph; a neutral adult ("the worker") counts only if no child is found."""
    subject_pronoun = gender is None
    gender = gender or SUBJECT_PRONOUNS[ctx.lower[p]]
    lo = _sent_start(ctx, p)
    for k in range(p - 1, max(lo, p - 7) - 1, -1):
        if subject_pronoun and ctx.lower[k] in VOICE_VERBS and depth < 3 and not _noun_use(ctx, k):
            subj, s = _subject(ctx, k, depth + 1)
            speaker = _mention(ctx, s) if s >= 0 else None
            mismatch = (speaker == "adult_f" and gender == "m") or (speaker == "adult_m" and gender == "f")
            if subj in (CHILD, ADULT, GROUP) and not mismatch:
                return subj
            break
    # A pronoun that opens its sentence points to the subject of the sentence before
    # ("Hope told her worker ... 'Mum is tired'. She drew a picture ...": she is Hope).
    if not any(_mention(ctx, k) for k in range(lo, p) if k not in ctx.quoted):
        found = _previous_subject(ctx, p, gender, depth)
        if found is not None:
            return found
    neutral_adult = False
    k = p - 1
    while k >= 0 and ctx.paragraph[k] == ctx.paragraph[p] and p - k < 80:
        if k in ctx.quoted or (_after_preposition(ctx, k) and ctx.sent[k] == ctx.sent[p] and k not in ctx.names):
            k -= 1
            continue
        m = _mention(ctx, k)
        if m == CHILD and _child_gender(ctx, k) in (None, gender, "n"):
            return CHILD
        if m == GROUP and gender == "n":
            return GROUP
        if (m == "adult_f" and gender == "f") or (m == "adult_m" and gender == "m"):
            return ADULT
        if m == ADULT:
            if gender == "n" and ctx.lower[k] in PLURAL_ADULTS:
                return ADULT
            if k in ctx.names:
                return ADULT  # a named adult ("Steve Hart ... he")
            own = {"f": "her", "m": "his", "n": "their"}[gender]
            if own not in ctx.lower[max(0, k - 3):k]:
                neutral_adult = True  # "her IRO met her ... she asked": she is not the IRO
        k -= 1
    return ADULT if neutral_adult else "unresolved"


def _compatible(ctx: _Ctx, k: int, m: str | None, gender: str) -> bool:
    if m in (CHILD, "unresolved"):
        if ctx.lower[k] in CHILD_GROUP_NOUNS:
            return gender == "n"
        return _child_gender(ctx, k) in (None, gender, "n")
    if m == "adult_f":
        return gender == "f"
    if m == "adult_m":
        return gender == "m"
    if m == GROUP:
        return gender == "n"
    if m == ADULT and k in ctx.names:
        title = next((ctx.lower[t] for t in range(k - 1, max(-1, k - 4), -1) if ctx.lower[t] in TITLES), None)
        if title in ("mrs", "ms", "miss", "mrs.", "ms."):
            return gender == "f"
        if title in ("mr", "mr."):
            return gender == "m"
    if m == ADULT:
        own = {"f": "her", "m": "his", "n": "their"}[gender]
        return own not in ctx.lower[max(0, k - 3):k] and (gender != "n" or ctx.lower[k] in PLURAL_ADULTS)
    return False


def _previous_subject(ctx: _Ctx, p: int, gender: str, depth: int) -> str | None:
    """The first person in the sentences before p (up to three, same paragraph) that fits the
    pronoun's gender: CHILD, ADULT, GROUP, or None when there is none."""
    k = _sent_start(ctx, p) - 1
    for _ in range(3):
        if k < 0 or ctx.paragraph[k] != ctx.paragraph[p]:
            return None
        start = _sent_start(ctx, k)
        neutral = False  # "the social worker" only if no one else in the sentence fits
        for j in range(start, k + 1):
            if j in ctx.quoted or _is_possessive(ctx, j) and ctx.lower[j] not in OTHER_PRONOUNS:
                continue
            m = _mention(ctx, j)
            if m == "pron":
                if depth >= 2 or SUBJECT_PRONOUNS[ctx.lower[j]] != gender:
                    continue
                return _resolve_pronoun(ctx, j, depth + 1)
            if m is not None and m != "thing" and _compatible(ctx, j, m, gender):
                if m == ADULT and j not in ctx.names and gender != "n":
                    neutral = True
                    continue
                return ADULT if m in ("adult_f", "adult_m") else m
        if neutral:
            return ADULT
        k = start - 1
    return None


def _resolve_other_pronoun(ctx: _Ctx, k: int) -> str:
    """him/her/them/his/their: like he/she/they."""
    return _resolve_pronoun(ctx, k, 0, OTHER_PRONOUNS[ctx.lower[k]])


def _noun_use(ctx: _Ctx, v: int) -> bool:
    """"her wishes", "a shared plan", "the reported incident", "Mum's worries": not a verb."""
    if v == 0:
        return False
    prev = ctx.lower[v - 1]
    return prev in DETERMINERS or prev in POSSESSIVE_S or prev in PREPOSITIONS


def _passive(ctx: _Ctx, v: int) -> bool:
    if ctx.lower[v] not in PASSIVE_FORMS:
        return False
    k = v - 1
    while k >= 0 and ctx.lower[k] in ("not", "n't", "never", "also", "clearly", "then", "later", "often",
                                     "always", "regularly", "repeatedly", "routinely", "recently", "just"):
        k -= 1
    return k >= 0 and ctx.lower[k] in BE


def _subject(ctx: _Ctx, v: int, depth: int = 0, window: int = 8) -> tuple[str | None, int]:
    """The person before verb v in its sentence: (CHILD | ADULT | GROUP | "unresolved" | None,
    token index). Possessives and objects of prepositions are skipped."""
    k = v - 1
    if ctx.lower[v] in ING_FORMS and k >= 0 and ctx.lower[k] in ("him", "her", "them"):
        return _resolve_other_pronoun(ctx, k), k  # "describe him choosing the trampoline"
    j = k
    while j >= 0 and ctx.lower[j] in AUXILIARIES and ctx.sent[j] == ctx.sent[v]:
        j -= 1
    if j > 0 and ctx.lower[j] in ("and", "but", "then") and ctx.sent[j] == ctx.sent[v]:
        # "Jayden arrived with a mark on his neck and told a teacher ...": a second verb
        # shares the subject of its clause.
        found = _clause_subject(ctx, j, depth)
        if found[0] is not None:
            return found
    while k >= 0 and v - k <= window and ctx.sent[k] == ctx.sent[v]:
        if ctx.lower[k] == ":":
            break
        if k in ctx.quoted or _is_possessive(ctx, k) or _after_preposition(ctx, k):
            k -= 1
            continue
        m = _mention(ctx, k)
        if m == "pron":
            return _resolve_pronoun(ctx, k, depth), k
        if m in ("adult_f", "adult_m"):
            return ADULT, k
        if m == "thing":
            return None, k
        if m is not None:
            if ctx.toks[k].text == "]" and k >= 2 and ctx.toks[k - 2].text == "[":
                k -= 2  # evidence starts at "["
            return m, k
        k -= 1
    return None, -1


def _clause_subject(ctx: _Ctx, end: int, depth: int) -> tuple[str | None, int]:
    """The first person of the clause that ends at `end` (from the sentence start, or the
    last colon): possessives, objects of prepositions and quotes skipped."""
    start = _sent_start(ctx, end)
    for k in range(end - 1, start - 1, -1):
        if ctx.lower[k] == ":":
            start = k + 1
            break
    for k in range(start, end):
        if k in ctx.quoted or _is_possessive(ctx, k) or _after_preposition(ctx, k):
            continue
        m = _mention(ctx, k)
        if m == "pron":
            return _resolve_pronoun(ctx, k, depth), k
        if m in ("adult_f", "adult_m"):
            return ADULT, k
        if m == "thing":
            return None, k
        if m is not None:
            return m, k
    return None, -1


def _negated_before(ctx: _Ctx, i: int, window: int = 24) -> bool:
    """An embedding negation before token i in its sentence: the voice is missing ("nothing
    he said", "the records do not tell us ... how he feels", "but not what he enjoys")."""
    lo = max(_sent_start(ctx, i), i - window)
    words = ctx.lower[lo:i]
    if i > lo and ctx.lower[i - 1] in WH_WORDS and any(
            w in ("not", "n't", "no", "never", "nor", "little") for w in ctx.lower[max(lo, i - 10):i]):
        return True
    for a, w in enumerate(words):
        nxt = words[a + 1] if a + 1 < len(words) else ""
        nxt2 = words[a + 2] if a + 2 < len(words) else ""
        if w in EMBEDDING_NEGATION:
            return True
        if w == "no" and nxt in NO_WHAT:
            return True
        if w in ("not", "n't", "never") and (nxt in NEGATED_KNOWING or nxt2 in NEGATED_KNOWING):
            return True
    return False


def _hypothetical_before(ctx: _Ctx, i: int, window: int = 5) -> bool:
    lo = max(_sent_start(ctx, i), i - window)
    return _directive(ctx, i) or any(w in ("whether", "if", "should", "ensure", "expected", "expect", "expects")
                                     for w in ctx.lower[lo:i])


DIRECTIVE_RE = re.compile(r"(?i)^\W*(?:actions?(?:\s+(?:required|agreed|needed))?|recommendations?|next\s+steps|"
                          r"action\s+plan|to\s+do|what\s+needs\s+to\s+happen)\s*[:\-–]")


def _directive(ctx: _Ctx, i: int) -> bool:
    """A line of actions or recommendations ("Actions: see Tyler alone ..."): plans, not facts."""
    text = ctx.text
    start = text.rfind("\n", 0, ctx.toks[i].idx) + 1
    return DIRECTIVE_RE.match(text, start) is not None and ctx.toks[i].idx - start < 2000


# =======================================================================================
# Evidence
# =======================================================================================
def _item(ctx: _Ctx, start_tok: int, end_tok: int, rule: str) -> dict:
    toks = ctx.toks
    start, end = toks[start_tok].idx, toks[end_tok - 1].idx + len(toks[end_tok - 1])
    return {"start": start, "end": end, "text": ctx.text[start:end], "rule": rule}


def _clause_end(ctx: _Ctx, v: int, limit: int, most: int = 20) -> int:
    """Token after the clause from v: stops at , ; . ( a line break or an opening quote
    (the quote is evidence of its own)."""
    toks, k = ctx.toks, v + 1
    while k < limit and k - v <= most and ctx.sent[k] == ctx.sent[v] and k not in ctx.quoted:
        t = toks[k].text
        if t in (",", ";", ".", "!", "?", ":", "(", "“", '"', "‘", "'") or toks[k].is_space:
            break
        k += 1
    while k - 1 > v and (toks[k - 1].is_space or toks[k - 1].is_punct):
        k -= 1
    return k


def _voice_verb_at(ctx: _Ctx, v: int) -> bool:
    w, n = ctx.lower[v], len(ctx.doc)
    prev = ctx.lower[v - 1] if v else ""
    prev2 = ctx.lower[v - 2] if v > 1 else ""
    nxt = ctx.lower[v + 1] if v + 1 < n else ""
    if w in ING_FORMS:  # only right after the child: "him choosing", "Tyler saying"
        return v > 0 and (prev in ("him", "her", "them") or (v - 1) in ctx.names or prev in CHILD_NOUNS)
    if w in VOICE_VERBS:
        if _noun_use(ctx, v) or nxt in NOTHING_AFTER:
            return False
        if w in ("worries", "wishes", "reports", "states", "draws", "likes", "feeling") and (
                prev in BE - {"been"} and w != "feeling" or nxt in ("and", "&", "of")):
            return False  # "wishes and feelings", "reports of", "is likes"
        return True
    if w in BASE_SPEAK:
        return prev == "to" and prev2 in ("able", "chose", "wanted", "wants", "managed", "went", "decided")
    if w in BASE_WISH:
        return prev in ("would", "did", "does", "do") or (
            prev in ("not", "n't") and prev2 in ("did", "does", "do", "would", "ca"))
    if w in TALK_VERBS:
        return nxt in ("about", "of", "openly", "positively", "freely")
    if w in FEELING_ADJ:
        return prev in BE | {"'s", "feels", "felt", "feel"} and nxt in FEELING_OBJECT
    if w in MESSAGE_VERBS:
        return any(x in MESSAGES for x in ctx.lower[v + 1:v + 5])
    if w in SHOW_VERBS:
        after = ctx.lower[v + 1:v + 4]
        return any(x in ADULT_WORDS for x in after) or nxt in ("him", "her", "them", "me", "us")
    return False


def _child_speaks(ctx: _Ctx, f: Span, group: bool) -> list[dict]:
    """Rule child_speaks: a speaking or feeling verb whose subject is a child; its negated or
    embedded forms ("has not said", "nothing he said", "was never asked") are missing_voice."""
    out: list[dict] = []
    covered_to = -1
    for v in range(f.start, f.end):
        if v < covered_to or v in ctx.quoted:
            continue
        w = ctx.lower[v]
        if w in PASSIVE_FORMS and _passive(ctx, v):
            subj, s = _subject(ctx, v)
            if subj in (CHILD, "unresolved") and s >= f.start and not group and \
                    any(x in ("not", "n't", "never") for x in ctx.lower[max(f.start, v - 3):v]):
                out.append(_item(ctx, s, v + 1, "missing_voice"))  # "was never asked"
            continue
        if not _voice_verb_at(ctx, v):
            continue
        subj, s = _subject(ctx, v)
        if subj == "unresolved":
            subj = None if group else CHILD
        if subj != CHILD or s < f.start:
            continue
        negated = w not in FEELING and any(x in ("not", "n't", "never") for x in ctx.lower[s:v])
        if _negated_before(ctx, s) or negated:
            out.append(_item(ctx, s, v + 1, "missing_voice"))
            continue
        if _hypothetical_before(ctx, s):
            continue
        end = _clause_end(ctx, v, f.end)
        out.append(_item(ctx, s, end, "child_speaks"))
        covered_to = end
    return out


_QUOTE_RE = re.compile(r"“([^”\n]{2,400})”|\"([^\"\n]{2,400})\"|(?:(?<=[\s(:,])|^)[‘']([^’'\n]{2,400}?)[’']"
                       r"(?=[\s.,;:!?)]|$)")


def _child_quoted(ctx: _Ctx, f: Span) -> list[dict]:
    doc, out = ctx.doc, []
    for m in _QUOTE_RE.finditer(ctx.text, f.start_char, f.end_char):
        inner = next(g for g in m.groups() if g is not None)
        words = re.findall(r"[A-Za-z’']+", inner)
        if len(words) < 2:
            continue
        first_person = any(w.lower() in FIRST_PERSON for w in words)
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is None:
            continue
        q0, q1 = span.start, span.end
        who = None
        # (a) a speaking verb shortly before, in the same sentence.
        for k in range(q0 - 1, max(f.start, q0 - 12) - 1, -1):
            if ctx.sent[k] != ctx.sent[q0]:
                break
            if ctx.lower[k] in ("as", "such", "term", "called", "phrase", "like") and not first_person:
                who = ADULT  # "described as 'difficult to place'", "such as 'attend appointments'"
                break
            if _voice_verb_at(ctx, k) or ctx.lower[k] in ("say", "saying", "quoted", "quotes", "wrote"):
                if _passive(ctx, k):
                    who = ADULT
                    break
                who, _ = _subject(ctx, k)
                if who is None and ctx.lower[k] in ("saying", "quoted", "quotes"):
                    continue
                break
        # (b) "..., said Tia" / "... Tia said".
        if who is None:
            for k in range(q1, min(f.end, q1 + 4)):
                if ctx.lower[k] in ("said", "says", "told", "explained", "shared"):
                    if k + 1 < len(doc) and _mention(ctx, k + 1) == CHILD:
                        who = CHILD
                    elif k - 1 >= q1:
                        m2 = _mention(ctx, k - 1)
                        who = _resolve_pronoun(ctx, k - 1) if m2 == "pron" else m2
                    break
        # (c) first person, with a child the nearest person before it.
        if who is None and first_person:
            for k in range(q0 - 1, f.start - 1, -1):
                if ctx.sent[k] != ctx.sent[q0]:
                    break
                m2 = _mention(ctx, k)
                if m2 == "pron":
                    who = _resolve_pronoun(ctx, k)
                elif m2 in ("adult_f", "adult_m"):
                    who = ADULT
                elif m2 is not None and m2 != "thing":
                    who = m2
                elif ctx.lower[k] in OTHER_PRONOUNS:
                    who = _resolve_other_pronoun(ctx, k)
                if who is not None:
                    break
        if who in (CHILD, "unresolved"):
            out.append({"start": m.start(), "end": m.end(), "text": m[0], "rule": "child_quoted"})
    return out


_CLAUSE_BREAKS = frozenset(", ; : and but which who that so because when".split())


def _near(ctx: _Ctx, s: int, e: int, before: int = 6) -> tuple[bool, bool]:
    """(negated, hypothetical): a negation or a hypothetical in the match, a few tokens before
    it or after it in its clause ("life story work ... has been delayed"), or an embedding
    negation further back."""
    lo = max(_sent_start(ctx, s), s - before)
    words = ctx.lower[lo:e]
    after = []
    for k in range(e, min(len(ctx.doc), e + 6)):
        if ctx.sent[k] != ctx.sent[s] or ctx.lower[k] in _CLAUSE_BREAKS:
            break
        after.append(ctx.lower[k])
    neg = any(w in NEGATIONS for w in words + after) or _negated_before(ctx, s)
    hyp = (any(w in HYPOTHETICAL and lo + a not in ctx.names for a, w in enumerate(words))  # not "Will"
           or ("to" in ctx.lower[max(lo, s - 2):s] and "be" in ctx.lower[max(lo, s - 2):e])  # "to be seen alone"
           or (s > lo and ctx.lower[s - 1] in ("be", "to"))  # "that Amira be seen alone", "to gather her views"
           or _hypothetical_before(ctx, s, window=20))  # "considered whether the child had been seen alone"
    return neg, hyp


def _owner_is_child(ctx: _Ctx, s: int, e: int) -> bool:
    """Whose views / words? "her views", "Sami's wish", "quotes him": not an adult's."""
    for k in range(s, e):
        w = ctx.lower[k]
        if w in POSSESSIVE_S and k > 0:
            owner = k - 1
            if ctx.toks[owner].text == "]" and owner >= 2:
                owner -= 1
            m = _mention(ctx, owner)
            return m == CHILD or (m == "pron" and _resolve_pronoun(ctx, owner) in (CHILD, "unresolved"))
        if w in OTHER_PRONOUNS:
            return _resolve_other_pronoun(ctx, k) in (CHILD, "unresolved")
    subj, _ = _subject(ctx, s)  # "is quoted", "direct quotes": the subject before
    return subj in (CHILD, "unresolved")


_PRIORITY = {"missing_voice": 0, "wishes_feelings": 1, "seen_alone": 2, "voice_evident": 3, "own_words": 4,
             "direct_work_tool": 5, "views_recorded": 6, "preverbal_observation": 7}


def _phrase_evidence(ctx: _Ctx, f: Span, matches, group: bool, preverbal: tuple[bool, bool]) -> list[dict]:
    """The Matcher's phrase rules in finding f. `preverbal`: (a baby or a child without speech
    in the finding, its paragraph or the narrative; a baby in the finding itself)."""
    strings = ctx.doc.vocab.strings
    raw = []
    for match_id, s, e in matches:
        rule, _, detail = strings[match_id].partition("#")
        if s >= f.start and e <= f.end and ctx.sent[s] == ctx.sent[e - 1]:
            if ctx.lower[s] in POSSESSIVE_S and s > f.start:  # "'s wishes ..." -> "Imani's wishes ..."
                s -= 1
                if ctx.toks[s].text == "]" and s - 2 >= f.start:
                    s -= 2
            raw.append((rule, detail, s, e))
    # Overlapping matches: a missing voice first, then the more specific rule.
    raw.sort(key=lambda x: (_PRIORITY.get(x[0], 9), x[2], -(x[3] - x[2])))
    out: list[dict] = []
    taken: list[tuple[int, int]] = []
    for rule, detail, s, e in raw:
        if any(s < te and ts < e for ts, te in taken):
            continue
        if rule != "missing_voice":
            if rule == "direct_work_tool" and detail in ("drawing", "drawings") and e < len(ctx.doc) \
                    and ctx.lower[e] in NOT_A_TOOL_AFTER:
                continue
            if rule == "direct_work_tool" and detail == "scale" and not (
                    s and ctx.lower[s - 1] in ("a", "her", "his", "their", "the", "worry")):
                continue
            if rule == "preverbal_observation" and detail != "strong" and not (
                    preverbal[1] if detail in PREVERBAL_WEAK else preverbal[0]):
                continue
            if rule in ("views_recorded", "own_words") and not _owner_is_child(ctx, s, e):
                continue
            neg, hyp = _near(ctx, s, e, before=8 if rule == "preverbal_observation" else 6)
            if neg:
                rule = "missing_voice"
            elif hyp or group:
                continue
        elif group:
            continue  # "The child's voice needs to be stronger in plans across all teams": a group
        taken.append((s, e))
        out.append(_item(ctx, s, e, rule))
    return out


# =======================================================================================
# About one child, or a group?
# =======================================================================================
_NUMBER_WORDS = frozenset("two three four five six seven eight nine ten eleven twelve twenty thirty forty "
                          "fifty hundred".split())
_TIME_UNITS = frozenset("days weeks months years hours minutes times occasions nights weekends".split())
_COUNTED = frozenset("""cases children families audits actions files records teams referrals returns
auditors moderators workers managers people parents carers schools samples practitioners staff cohorts
young""".split())


def _counted_plural(ctx: _Ctx, i: int, end: int) -> bool:
    """A number counting things ("127 actions", "13 cases"), not time ("six months")."""
    w = ctx.lower[i]
    if not (w.isdigit() or w in _NUMBER_WORDS) or (w.isdigit() and len(w) == 4):
        return False
    for k in range(i + 1, min(end, i + 3)):
        x = ctx.lower[k]
        if x in _TIME_UNITS or x in ("year", "month", "week", "-"):
            return False
        if x in _COUNTED:
            return True
    return False


def _about(ctx: _Ctx, f: Span) -> str:
    """"individual" (a strong marker; or a weak one and no group marker), "group", "child"
    (only "the child", "the young person": who, the context says), or "none"."""
    lower = ctx.lower
    strong = weak = group = generic_child = False
    for i in range(f.start, f.end):
        if i in ctx.quoted:
            continue
        w = lower[i]
        prev = lower[i - 1] if i > f.start else ""
        nxt = lower[i + 1] if i + 1 < f.end else ""
        if w == "every" and (nxt in _TIME_UNITS or nxt.rstrip("s") + "s" in _TIME_UNITS or nxt in _NUMBER_WORDS
                             or nxt.isdigit() or nxt in ("day", "visit", "time", "week", "month", "year")):
            continue  # "reviewed every six months", "at every visit"
        m = _mention(ctx, i)
        if i in ctx.names:
            strong = strong or ctx.names[i] == CHILD
        elif w in BABY_WORDS and m == CHILD and prev not in ("every", "each", "a", "any"):
            strong = True
        elif w == "unborn":
            strong = True  # "an unborn baby"
        elif m == CHILD and (w in CHILD_NOUNS or w in ("person", "man", "woman")):
            if prev in ("a", "any", "each", "every", "another", "no", "one"):
                group = True if w not in ("boy", "girl") else group
                strong = strong or (w in ("boy", "girl") and prev == "a")
            elif prev in ("this", "that") or (w == "child" and nxt in POSSESSIVE_S and
                                                i + 2 < f.end and lower[i + 2] in ("case",)):
                weak = True
            elif w in ("boy", "girl", "teenager", "toddler", "son", "daughter"):
                weak = True
            else:
                generic_child = True
        elif m == CHILD and w in CHILD_GROUP_NOUNS:
            weak = True  # "the twins", "both children": one family
        elif w in ("he", "she", "him", "his", "her", "himself", "herself"):
            r = _resolve_other_pronoun(ctx, i) if w not in SUBJECT_PRONOUNS else _resolve_pronoun(ctx, i)
            if r in (CHILD, "unresolved"):
                weak = True
        elif w in FAMILY_SINGULAR and prev not in ("a", "an", "any", "each", "every", "no", "one", "another"):
            weak = True  # "Mum said ...", "her father": one family
        if (prev, w) in GROUP_BIGRAMS and not _compound(ctx, i):
            group = True
        elif w in GROUP_WORDS and m not in (CHILD,) and not (ctx.toks[i].is_title and i > f.start
                                                             and ctx.sent[i - 1] == ctx.sent[i]):
            owned = prev in ("his", "her", "their", "'s", "’s") or (
                i - 2 >= f.start and lower[i - 2] in ("his", "her", "their", "'s", "’s"))
            if not (w in POSSESSABLE and owned):
                group = True
        elif (w.endswith("%") and nxt == "of") or (w.isdigit() and nxt in ("of", "out", "/") and i + 2 < f.end):
            group = True
        elif w in GENERIC_PLURALS and prev in PREPOSITIONS | {",", "or", "and", "all", "most", "many", "some",
                                                             "few"}:
            group = True  # "not evident in records, plans or reviews"
        elif _counted_plural(ctx, i, f.end):
            group = True  # "127 actions", "2 children's cases", "six families"
    if not strong and AGE_RE.search(ctx.text[f.start_char:f.end_char]):
        strong = True
    if strong or (weak and not group):
        return "individual"
    if group:
        return "group"
    return "child" if generic_child else "none"


# =======================================================================================
# Labelling
# =======================================================================================
def _label(evidence: list[dict], about: str) -> str:
    if any(e["rule"] not in NOT_EVIDENCE for e in evidence):
        return "present"
    return "absent" if about == "individual" else "not_applicable"


def _dedupe(items: list[dict]) -> list[dict]:
    out: list[dict] = []
    for e in sorted(items, key=lambda e: (e["start"], -(e["end"] - e["start"]))):
        if not any(o["start"] == e["start"] and o["end"] == e["end"] for o in out):
            out.append(e)
    return out


class ChildVoice:
    """Writes span._.child_voice for each finding (doc._.findings, else the sentences) and
    doc._.child_voice for the narrative."""

    def __init__(self, vocab, context: bool = True):
        self.matcher = _build_matcher(vocab)
        self.context = context

    def __call__(self, doc: Doc) -> Doc:
        findings = doc._.findings if doc.has_extension("findings") else None
        if findings is None:
            findings = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
        self.label(doc, findings, self.context)
        return doc

    def label(self, doc: Doc, findings: list[Span], context: bool = True) -> dict:
        """Label `findings` (Spans of doc). With context, a finding that says nothing of who it
        is about takes its paragraph's child or the narrative's."""
        ctx = _context(doc)
        finding_of = [-1] * len(doc)
        for k, f in enumerate(findings):
            for i in range(f.start, f.end):
                finding_of[i] = k
        by_finding: list[list] = [[] for _ in findings]
        for match in self.matcher(doc) if findings else []:
            if finding_of[match[1]] >= 0:
                by_finding[finding_of[match[1]]].append(match)
        # A baby in a finding makes its whole paragraph about a baby (with context).
        in_finding = [len(f) > 0 and PREVERBAL_RE.search(ctx.text[f.start_char:f.end_char]) is not None
                      for f in findings]
        baby_paragraphs = {ctx.paragraph[f.start] for f, baby in zip(findings, in_finding) if baby and context}
        nonverbal_narrative = context and NONVERBAL_RE.search(ctx.text) is not None
        results: list[dict] = []
        for k, f in enumerate(findings):
            about = _about(ctx, f) if len(f) else "none"
            p = ctx.paragraph[f.start] if len(f) else -1
            preverbal = (p in baby_paragraphs or in_finding[k] or nonverbal_narrative, in_finding[k])
            group = about == "group"
            evidence = _child_speaks(ctx, f, group) + _child_quoted(ctx, f) + \
                _phrase_evidence(ctx, f, by_finding[k], group, preverbal)
            results.append({"evidence": _dedupe(evidence), "about": about})
        abouts = [r["about"] for r in results]
        n_individual, n_group = abouts.count("individual"), abouts.count("group")
        case_narrative = context and n_individual > 0 and n_individual >= n_group
        for k, f in enumerate(findings):
            about = results[k]["about"]
            if context and about in ("none", "child") and len(f):
                p = ctx.paragraph[f.start]
                earlier = [results[j]["about"] for j in range(k) if len(findings[j])
                           and ctx.paragraph[findings[j].start] == p and results[j]["about"] in ("individual", "group")]
                if (earlier and earlier[-1] == "individual") or (case_narrative and not earlier):
                    about = "individual"
            if about in ("none", "child") and any(e["rule"] == "missing_voice" for e in results[k]["evidence"]):
                about = "individual"  # "The child's voice needs to be stronger."
            results[k]["label"] = _label(results[k]["evidence"], about)
        for f, r in zip(findings, results):
            f._.child_voice = {"label": r["label"], "evidence": r["evidence"]}
        doc._.child_voice = narrative_result([f._.child_voice for f in findings], case_narrative)
        return doc._.child_voice


def narrative_result(finding_results: list[dict], about_one_child: bool) -> dict:
    """A narrative's label from its findings': present if any finding is; absent, flagged, when
    the narrative is about one child and nothing evidences the voice; else not_applicable."""
    evidence = [e for r in finding_results for e in r.get("evidence", [])]
    if any(r["label"] == "present" for r in finding_results):
        return {"label": "present", "evidence": evidence}
    if about_one_child:
        return {"label": "absent", "evidence": evidence, "flag": FLAG_NO_VOICE}
    return {"label": "not_applicable", "evidence": evidence}


if not Span.has_extension("child_voice"):
    Span.set_extension("child_voice", default=None)
if not Doc.has_extension("child_voice"):
    Doc.set_extension("child_voice", default=None)


def make_child_voice(nlp: Language, name: str, context: bool):
    """`context`: a finding that says nothing of who it is about takes its paragraph's or its
    narrative's child (True, for narratives); False judges each finding on its own."""
    return ChildVoice(nlp.vocab, context)


if not Language.has_factory("gt_child_voice"):  # also when run as `python -m nlp.voice`
    Language.factory("gt_child_voice", default_config={"context": True}, func=make_child_voice)


# =======================================================================================
# Classifier hook
# =======================================================================================
def combine(rule_result: dict, classifier_probability: float | None, threshold: float = 0.8) -> dict:
    """A finding's result from the rules' and a classifier's P(present).

    Policy: the rules decide whenever any rule fired. A positive rule gives `present`
    whatever the classifier says. A `missing_voice` hit (and no positive rule) keeps the rules'
    label: a finding about a missing voice is never made `present`. Only when no rule fired at
    all may the classifier decide: P(present) >= threshold gives `present`; otherwise the rules'
    label stands (`absent` for a finding about one child, `not_applicable` for the rest: whether
    a finding is about one child is the rules' call). The result keeps the rules' evidence and
    says who decided (`"decided_by": "rules" | "classifier"`)."""
    result = {**rule_result, "evidence": list(rule_result.get("evidence", [])), "decided_by": "rules"}
    if classifier_probability is None or result["evidence"]:
        return result
    if classifier_probability >= threshold:
        result.update(label="present", decided_by="classifier",
                      classifier_probability=round(float(classifier_probability), 4))
    return result


def relabel_narrative(doc: Doc) -> dict:
    """doc._.child_voice again from the findings' results (after `combine`)."""
    results = [f._.child_voice for f in (doc._.findings or []) if f._.child_voice]
    previous = doc._.child_voice or {}
    doc._.child_voice = narrative_result(results, previous.get("flag") is not None or
                                         previous.get("label") == "absent")
    return doc._.child_voice


# =======================================================================================
# Scores
# =======================================================================================
def voice_scores(gold_labels: list[str], pred_labels: list[str]) -> dict:
    """Present vs absent over the rows whose gold label is not not_applicable: precision,
    recall and F1 of `present` (a prediction of absent or not_applicable is "not present"),
    F1 of `absent`, their mean (macro F1); and the 3-way accuracy over all rows."""
    if len(gold_labels) != len(pred_labels):
        raise ValueError("gold and predicted labels differ in length")
    pairs = [(g, p) for g, p in zip(gold_labels, pred_labels) if g != "not_applicable"]

    def prf(label: str) -> tuple[float, float, float]:
        tp = sum(g == label and p == label for g, p in pairs)
        fp = sum(g != label and p == label for g, p in pairs)
        fn = sum(g == label and p != label for g, p in pairs)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        return precision, recall, (2 * precision * recall / (precision + recall) if precision + recall else 0.0)

    p, r, f1 = prf("present")
    _, _, f1_absent = prf("absent")
    n = len(gold_labels)
    return {
        "n": n,
        "n_present_or_absent": len(pairs),
        "precision_present": round(p, 4),
        "recall_present": round(r, 4),
        "f1_present": round(f1, 4),
        "f1_absent": round(f1_absent, 4),
        "macro_f1": round((f1 + f1_absent) / 2, 4),
        "accuracy_3way": round(sum(g == q for g, q in zip(gold_labels, pred_labels)) / n, 4) if n else 0.0,
    }


def label_findings(nlp: Language, texts: list[str]) -> list[dict]:
    """Each text is one finding judged on its own (as in the labelled files): its result.
    `nlp` must have gt_child_voice."""
    voice = nlp.get_pipe("gt_child_voice")
    out = []
    for doc in nlp.pipe(texts):
        finding = doc[:]
        voice.label(doc, [finding], context=False)
        out.append(finding._.child_voice)
    return out


def _main(paths: list[str]) -> None:  # pragma: no cover
    import json
    import time

    from nlp.pipeline import build

    try:
        nlp = build(analyse=False)
    except TypeError:  # an older build() without the analysis switch
        nlp = build()
    if "gt_child_voice" not in nlp.pipe_names:
        nlp.add_pipe("gt_child_voice")
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            rows = [json.loads(line) for line in handle if line.strip()]
        started = time.perf_counter()
        pred = [r["label"] for r in label_findings(nlp, [row["text"] for row in rows])]
        seconds = time.perf_counter() - started
        scores = voice_scores([row["child_voice"] for row in rows], pred)
        print(json.dumps({"file": path, **scores,
                          "ms_per_finding_whole_pipeline": round(1000 * seconds / len(rows), 3)}))


if __name__ == "__main__":  # pragma: no cover
    import sys

    from nlp.voice import _main as main  # the module proper, as the pipeline imports it

    main(sys.argv[1:])

"""The rules' names, their word tables and the phrase Matcher built from them."""
from __future__ import annotations

import re

from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc

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

# A quotation in “...”, "..." or '...'.
_QUOTE_RE = re.compile(r"“([^”\n]{2,400})”|\"([^\"\n]{2,400})\"|(?:(?<=[\s(:,])|^)[‘']([^’'\n]{2,400}?)[’']"
                       r"(?=[\s.,;:!?)]|$)")

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



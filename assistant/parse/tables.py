"""The phrase tables and cue patterns the question reader matches: themes, legal statuses,
ratings, intent cues, stance, follow-up openers. Written naturally; plurals, case, hyphens
and possessives are folded before matching (assistant.parse.text)."""
from __future__ import annotations

import re

FILTER_KEYS = ("theme", "from", "to", "team", "legal_status", "rating")
INTENTS = ("search", "summary", "count", "compare", "language")

# --- phrase tables (written naturally; plurals, case, hyphens and possessives are folded) ---

THEME_PHRASES: dict[str, list[str]] = {
    "risk": ["rhi", "return home interview", "return interview",
             "risk", "risk assessment", "risk management", "safety plan", "safety planning", "safeguarding",
             "harm", "significant harm", "strategy", "strategy meeting", "strategy discussion", "s47",
             "section 47", "s 47", "child protection enquiry", "exploitation", "cse", "cce", "county lines",
             "missing episode", "going missing", "go missing", "went missing", "goes missing", "missing from care", "missing from home", "domestic abuse", "domestic violence",
             "threshold", "neglect", "contextual safeguarding", "danger", "risky", "unsafe", "safety"],
    "assessment": ["chronology", "assessment", "analysis", "analyses", "analytical", "single assessment", "assessment quality",
                   "understanding of need", "understanding the child", "hypothesis", "conceptualise",
                   "conceptualising", "parenting assessment", "family history", "history", "genogram", "ecomap",
                   "eco map", "needs analysis"],
    "planning": ["step down", "stepping down", "stepped down", "closure plan",
                 "planning", "plan", "smart", "smart plan", "c smart", "care plan", "child plan",
                 "contingency plan", "contingency planning", "step down plan", "closure plan", "cin plan",
                 "child in need plan", "cp plan", "child protection plan", "plan outcome", "outcomes in plans",
                 "timescale", "action plan", "contingency", "contingency arrangement", "plan review"],
    "intervention": ["short break", "intervention", "visit", "visiting", "visited", "home visit", "statutory visit",
                     "direct work", "service", "support offered", "support provided", "impact of work",
                     "impact of the work", "life story work", "parenting support", "work with the family",
                     "family support", "work with family", "impact of our work", "work with parent"],
    "review": ["review", "reviewing", "drift", "delay", "drift and delay", "progress", "conference", "icpc",
               "rcpc", "review conference", "reviewed", "iro", "independent reviewing officer", "cp chair",
               "conference chair", "repeat referral", "re referral", "repeat plan", "lac review",
               "looked after review", "review meeting", "tracking", "timeliness of review", "delayed"],
    "oversight": ["tm", "tms", "team manager direction", "manager directed", "tm directed",
                  "oversight", "management oversight", "supervision", "supervisor", "manager grip", "grip",
                  "case direction", "sign off", "signed off", "management decision", "team manager",
                  "manager", "managerial", "management", "management challenge", "challenge and support",
                  "challenge from manager", "reflective supervision",
                  "management footprint", "head of service"],
    "recording": ["recording", "records", "case records", "case record", "case recording", "case note", "note",
                  "case summary", "up to date record", "record keeping", "write up", "case file"],
    "relational": ["participate", "participated", "participating", "listen", "listening",
                   "voice", "child voice", "voice of the child", "voice of child", "wishes and feelings",
                   "wish and feeling", "lived experience", "daily lived experience", "participation",
                   "relationship", "relationship based", "relationship based practice", "engagement",
                   "engaging", "father", "dad", "mother", "mum", "parent", "carer", "change of social worker",
                   "changes of worker", "seen alone", "child view", "wish", "feeling", "child wish", "view of the child", "views",
                   "what children say", "consistency of worker", "young person view", "child words",
                   "listen to child", "listen to the child", "listen to young person", "listening to child",
                   "hear the child", "hearing the child", "hear from child"],
    "permanence": ["planning for permanence", "plan for permanence",
                   "permanence", "permanence planning", "placement", "placement stability", "stability", "pathway planning", "transition planning", "placement move", "moves",
                   "living arrangement", "pathway plan", "transition", "transition to adulthood",
                   "accommodation", "foster", "fostering", "foster care", "residential", "matching",
                   "adoption", "long term fostering", "special guardianship", "sgo", "reunification",
                   "staying put", "independence", "independent living", "home for life", "family time",
                   "contact arrangement", "family time arrangement", "semi independent"],
    "partnership": ["partnership", "partnership working", "multi agency", "multiagency", "multi agency working",
                    "partner", "partner agency", "agency", "police", "health", "school", "education", "gp",
                    "health visitor", "core group", "core group meeting", "information sharing",
                    "sharing information", "mash", "camhs", "probation", "housing", "professional network",
                    "inter agency", "joint working", "nurse", "paediatrician", "teacher", "pep",
                    "personal education plan", "ehcp", "education health and care plan", "virtual school",
                    "health assessment", "dental check"],
}

# Words of a theme used for something else: "an Ofsted focused visit" is not about visits to
# children, "did we note that..." not about case notes. Matched as themes, then dropped.
NOT_THEME_PHRASES = ["focused visit", "focussed visit", "monitoring visit", "ofsted visit", "inspection visit",
                     "we note", "did we note", "i note", "auditor note", "auditors note", "to note"]

LEGAL_STATUS_PHRASES: dict[str, list[str]] = {
    "CiC": ["cic", "cla", "lac", "child in care", "child looked after", "looked after", "looked after child",
            "in care", "young person in care", "cared for child", "in our care", "in the care of"],
    "CP": ["cp", "cpp", "child protection", "on a protection plan", "on protection plan", "protection plan",
           "on a child protection plan", "on child protection plan", "subject to a child protection plan",
           "subject to child protection plan", "on a cp plan", "on cp plan", "subject to a plan",
           "subject to a protection plan", "child protection case", "subject to child protection",
           "subject to child protection planning", "subject to cp planning", "on child protection planning",
           "subject to cp", "on a cp plan"],
    "CiN": ["cin", "child in need", "on a child in need plan", "on a cin plan", "on cin plan", "in need"],
    "care leaver": ["care leaver", "leaving care", "care experienced", "care experienced young person",
                    "care experienced adult", "left care", "post 18", "former relevant child", "16 plus",
                    "18 plus", "care leaving", "post 16"],
    "disabled children": ["disabled child", "disabled young person", "child with disability",
                          "child with a disability", "child with disabilities", "cwd", "disability",
                          "child with send", "disabled"],
    "assessment": ["at assessment", "assessment case", "assessment stage", "assessment only", "under assessment",
                   "being assessed", "open for assessment", "open to assessment", "at the assessment stage",
                   "single assessment case", "legal status assessment", "in the assessment phase",
                   "child in assessment", "young person in assessment", "family in assessment", "case in assessment",
                   "child being assessed", "child under assessment", "child at assessment",
                   "at assessment stage", "assessment audit"],
}

# Nouns a legal status can qualify without naming the children asked about: "CP plans for
# children in care" asks about children in care; "CP conference chairs" about chairs.
LEGAL_MODIFIED_NOUNS = {"plan", "planning", "conference", "chair", "meeting", "review", "team", "process",
                        "procedure", "register", "threshold", "enquiry", "visit", "minute", "core", "group",
                        "strategy", "worker", "manager", "service", "unit", "hub", "paperwork", "report"}

RATINGS = {"outstanding": "Outstanding", "good": "Good", "requires improvement": "Requires Improvement",
           "inadequate": "Inadequate"}
RATING_WORDS: dict[str, str] = {
    "outstanding": "Outstanding", "good": "Good", "inadequate": "Inadequate",
    "requires improvement": "Requires Improvement", "requiring improvement": "Requires Improvement",
    "require improvement": "Requires Improvement", "need improvement": "Requires Improvement",
    "needs improvement": "Requires Improvement", "ri": "Requires Improvement",
    "requires improvement to be good": "Requires Improvement",
}
RATING_ALWAYS = {"requires improvement", "requiring improvement", "require improvement", "ri",
                 "requires improvement to be good"}  # never anything but a grade
RATING_BEFORE = {"rated", "judged", "graded", "scored", "rating", "grade", "grading", "moderated", "as", "were",
                 "was", "audited", "assessed", "marked", "deemed", "out"}  # "rated good", "judged as inadequate"
RATING_AFTER = {"audit", "case", "one", "rating", "rated", "grade", "graded", "file", "judgement", "judgment",
                "score", "outcome", "overall"}  # "inadequate audits", "good ones"
RATING_RANGE_RE = re.compile(r"\b(?:good|outstanding|inadequate|requires\s+improvement|ri)\s+or\s+(?:better|above|"
                             r"higher|worse|below|lower)\b", re.I)
CONJUNCTIONS = {"and", "or", "vs", "versus", "v", ",", "/", "nor", "to"}

INTENT_PHRASES: dict[str, list[str]] = {
    "count": ["how many", "number of", "proportion", "percentage", "what share", "share of", "how often",
              "how frequently", "count", "%", "what fraction", "fraction of", "tally", "total number", "total",
              "per cent", "percent", "how much of", "how common", "ratio", "rate of", "how frequent", "split"],
    "compare": ["compare", "comparison", "compared", "comparing", "versus", "vs", "difference between",
                "differ", "different from", "better than", "worse than", "better or worse", "stronger than",
                "weaker than", "improved since", "improve since", "improving since", "changed since",
                "change since", "got better", "got worse", "relative to", "side by side", "deteriorated",
                "declined since", "against each other", "how does it compare", "contrast", "vary", "varies",
                "variation", "differ across", "any difference", "what difference", "the difference",
                "is there a difference", "difference in"],
    # a summary cue of this list wins over a search cue ("give me an overview")...
    "summary": ["summarise", "summarize", "summary", "sum up", "overview", "how are we doing", "how we are doing",
                "theme", "recurring", "key message", "key finding", "key issue", "key point", "key strength",
                "key concern", "key area", "headline", "tell me about", "picture", "pattern", "trend",
                "overall picture", "brief me", "gist", "what are the strength", "what are the concern",
                "what are the weakness", "what are the issue", "what are the problem", "what are the gap",
                "what are the area", "synopsis", "round up", "big picture", "rundown", "run down", "run through",
                "roundup", "what stands out", "look like", "looks like", "pull together", "key points",
                "what have we learn", "what did we learn", "what do we learn", "lessons learned", "lessons learnt",
                "which theme", "which area", "which fundamental", "which practice area", "what theme"],
    # ...a search cue of this list wins over a summary cue of the next ("show me the worst examples")
    "search": ["show", "find", "example", "quote", "list", "search", "look for", "pull out", "pull up", "extract",
               "fetch", "display", "can i see", "let me see", "like to see", "instance", "excerpt", "give example"],
    "summary_weak": ["how are we", "how well", "how good", "how strong", "how effective", "how is", "how are",
                     "common", "main", "what do we know", "what we know", "what does the audit",
                     "what do the audit", "tell us", "working well", "learning", "lesson", "learn", "learnt",
                     "state of", "top", "biggest", "weakest", "strongest", "in general", "what is the quality",
                     "what is working", "highlight", "going wrong", "going well", "gone wrong", "good enough",
                     "up to scratch", "up to standard", "story", "why", "where are we", "what is the position",
                     "how are thing", "how do thing", "quality of", "what is the", "what are our"],
    "search_weak": ["give me", "anything on", "anything about", "any finding", "where", "which case", "which finding",
                    "what did", "what has been found", "what was found", "i need", "i want", "evidence of",
                    "finding", "mention", "mentioning", "containing", "contain", "phrase", "the word", "the words",
                    "which audit", "what audit"],
}
STRONG_LANGUAGE_RE = re.compile(r"\b(jargon|readab\w*|plain english|plain language|reading age|rewrite|reword|"
                                r"rephrase|proofread|simplify|acronyms?)\b", re.I)
# A question about one word or phrase, with no text pasted ("alternatives to 'robust'", "plainer
# word for respite", "how would I explain 'threshold' to a parent", "what does IRO stand for"):
# a language question, answered from the jargon lexicon.
_Q = r"['\"\u2018\u201c]"  # an opening quote
_ACRONYM = r"(?-i:[A-Z][A-Za-z]*[A-Z]s?)\b"
LANGUAGE_TERM_RE = re.compile(
    rf"\b(?:alternatives?|synonyms?|substitutes?)\s+(?:to|for)\s+(?:{_Q}|{_ACRONYM}|[\w'’-]+\s*[?.!]*\s*$)"
    r"|\b(?:plainer|simpler|easier|kinder|softer|nicer|gentler|better|friendlier|clearer|everyday|"
    r"(?:child|family|parent|young\s+person)[\s-]friendly|plain(?:\s+english|\s+language)?|(?<!in\s)other|another|"
    r"different)\s+(?:word|phrase|term|wording|version|alternative|equivalent|"
    r"way\s+(?:to|of)\s+(?:say|saying|put|putting|describe|describing|explain|explaining|word|phrase))s?\b"
    r"|\b(?:say|call|use|write|put)\b[^?.!]{0,40}\binstead\b(?!\s+of\s+(?:a|an|the)\b)"
    rf"|\bplain\s+(?:english|language|words?)\s+(?:for|version\s+of|word\s+for)\s+(?:{_Q}|{_ACRONYM}|\w*\d\w*)"
    r"|\binstead\s+of\s+(?:saying|writing|using|calling)\b|\bwords?\s+to\s+use\b|\bstop\s+(?:saying|using|writing)\b"
    rf"|\bwhat\s+does\s+(?:{_Q}?[\w'’-]+{_Q}?\s+){{1,3}}(?:stand\s+for|mean)\b|\bwhat\s+does\s+it\s+mean\b"
    rf"|\b(?:how|hw)\s+(?:would|do|should|can|could|might)\s+(?:i|we|you)\s+(?:explain|say|describe|word|phrase|put)"
    rf"\s+(?:{_Q}|{_ACRONYM})"
    rf"|\b(?:ok|okay|acceptable|appropriate|alright|fine|right)\s+(?:term|word|phrase|to\s+(?:use|say|write))\b"
    rf"|{_Q}[^'\"\u2019\u201d]{{1,30}}['\"\u2019\u201d]\s+(?:is\s+)?(?:still\s+)?(?:jargon|an?\s+acronym)\b"
    rf"|\b(?:is|are)\s+(?:{_Q}[^'\"\u2019\u201d]{{1,30}}['\"\u2019\u201d]|{_ACRONYM})\s+(?:still\s+)?(?:jargon|ok|okay|"
    r"acceptable|going\s+to\s+mean)\b",
    re.I)
LANGUAGE_PHRASES = ["jargon", "readability", "readable", "plain english", "plain language", "clear", "clearer",
                    "reading age", "rewrite", "reword", "rephrase", "simplify", "simpler", "check this",
                    "check my", "check the following", "proofread", "acronym", "child friendly",
                    "family friendly", "make sense to", "understand", "easy to read", "capture the child voice",
                    "evidence the child voice", "show the child voice", "is this ok", "is this okay",
                    "does this", "is this", "check", "how would a", "accessible"]
STANCE_PHRASES: dict[str, list[str]] = {
    "strength": ["strength", "good practice", "good example", "went well", "working well", "done well", "well",
                 "positive", "strong", "strongest", "effective", "good", "best practice", "excellent",
                 "what worked", "success", "thorough", "clear", "improvement made", "praised",
                 "exemplary", "high quality", "timely", "praise", "praising", "commended", "commend"],
    "concern": ["concern", "weakness", "weak", "weakest", "poor", "gap", "issue", "problem", "not", "n't", "lack",
                "lacking", "missing", "inadequate", "late", "failure", "failed", "fail", "insufficient",
                "worry", "worrying", "shortfall", "area for improvement", "area for development",
                "need to improve", "needs to improve", "improve", "limited", "absent", "no evidence",
                "without", "unclear", "vague", "out of date", "behind", "slow", "drifting", "negative",
                "shortcoming", "deficit", "bad"],
}
FOLLOW_UP_STARTS = ["and", "what about", "how about", "same for", "same but", "same again", "same", "now",
                    "only", "just", "also", "but", "or", "then", "ok", "okay", "what if", "repeat for",
                    "do the same", "again", "now for", "and now", "excluding", "instead"]
CLEAR_PHRASES: dict[str, list[str]] = {  # "across all teams" drops a filter a follow-up would keep
    "team": ["all team", "any team", "every team", "across team", "whole service"],
    "period": ["all time", "any time", "whole period", "ever", "all period", "all date", "any date"],
    "legal_status": ["all legal status", "any legal status", "all case", "every case", "all child"],
    "rating": ["all rating", "any rating", "all grade", "regardless of rating"],
    "theme": ["all theme", "any theme", "everything", "all area", "all fundamental"],
    "stance": ["strengths and concerns", "strengths and weaknesses", "both", "good and bad"],
}
BREAKDOWN_PHRASES: dict[str, list[str]] = {  # "which team...", "by legal status": compare on that dimension
    "team": ["which team", "what team", "by team", "per team", "each team", "team by team", "between team",
             "best team", "worst team", "across the team", "compare team", "across team", "different team",
             "team compare", "all the team"],
    "legal_status": ["which legal status", "by legal status", "per legal status", "each legal status",
                     "which cohort", "which group of child", "legal statuses", "across legal status",
                     "different legal status", "across cohort"],
    "rating": ["by rating", "per rating", "each rating", "which rating", "by grade", "across rating", "across grade",
               "different rating", "rating band"],
    "period": ["over time", "month by month", "by month", "per month", "each month", "by quarter",
               "quarter by quarter", "year on year", "trend over", "which month", "which quarter", "which year",
               "what month"],
    "theme": ["by theme", "per theme", "each theme", "theme by theme"],
}
ANAPHORA_RE = re.compile(r"\b(?:that|those|these|them|it|this one|same)\s*[?.!]*\s*$|\b(?:of|in|for|with)\s+"
                         r"(?:those|these|them|that)\b|\bthe\s+same\b", re.I)
YES_NO_RE = re.compile(r"\s*(?:is|are|do|does|did|was|were|have|has|can|could)\b(?!\s+(?:there|we\s+have|you|i)\b)",
                       re.I)
DIFFER_RE = re.compile(r"\bdiffer\w*\b.*\bbetween\b|\bbetween\b.*\bdiffer", re.I)
CHANGE_RE = re.compile(r"\b(?:improved|improving|changed|changing|got better|got worse|getting better|"
                       r"getting worse|deteriorated|declined|slipped|any improvement|improvements? since|"
                       r"any change|progress since)\b", re.I)
# A change over time asked about ("are IRO challenges increasing", "trend in drift over 2019",
# "has the number of concerns gone down since Q3"): a compare, whatever else the question holds.
CHANGE_OVER_TIME_RE = re.compile(
    r"\btrends?\s+(?:in|of|for|on|over)\b|\btrending\b|\bover\s+time\b|\bmonth\s+(?:by|on)\s+month\b|"
    r"\byear\s+on\s+year\b|\bquarter\s+(?:by|on)\s+quarter\b|\b(?:increas(?:e|ed|es|ing)|decreas(?:e|ed|es|ing)|"
    r"ris(?:en|ing)|rose|fallen|falling|fell|dropped|dropping|gone\s+(?:up|down)|go(?:ing)?\s+(?:up|down)|"
    r"went\s+(?:up|down)|getting\s+(?:better|worse)|got\s+(?:better|worse)|improv(?:ed|ing)|deteriorat\w*|"
    r"declin(?:ed|ing)|chang(?:ed|ing)|more\s+or\s+(?:fewer|less)|fewer\s+or\s+more|up\s+or\s+down)\b|"
    r"\bimprove\b[^?]*\b(?:since|after|between|from|over)\b|\bchange\s+(?:between|from|over|since)\b", re.I)
# Where auditors said something, or examples of it: the findings themselves (a search).
FIND_WHERE_RE = re.compile(r"^\s*(?:(?:can|could)\s+you\s+(?:show|find)\s+(?:me\s+)?)?where\s+(?:did|have|has|had|was|"
                           r"were)\b|\b(?:examples?|instances?)\s+(?:of|where|when)\b|\b(?:show|find|point\s+to|pull\s+out|"
                           r"give)\s+(?:me\s+|us\s+)?(?:where|the\s+(?:audits|findings|cases)\s+where)\b", re.I)
HOW_ADJ_RE = re.compile(r"\s*how\s+(?!many\b|much\b|often\b|frequently\b|about\b|do\b|does\b|did\b|can\b|"
                        r"could\b|would\b|should\b|will\b)\w+", re.I)  # "how consistently...": a judgement
SAY_RE = re.compile(r"\bwhat\s+(?:do|does)\b.*\b(?:say|tell|show|reveal|suggest)\b", re.I)  # present tense: a synthesis
OTHERS_WORDS = {"other", "rest", "average", "overall", "everyone", "elsewhere", "others"}
COMPARATIVES = {"better", "worse", "stronger", "weaker", "more", "less", "fewer", "higher", "lower", "best",
                "worst", "which", "differ", "improved", "improving", "changed"}
QUERY_STOP = {"show", "me", "find", "finding", "findings", "example", "examples", "quote", "quotes", "any",
              "anything", "about", "on", "of", "for", "the", "a", "an", "in", "from", "to", "with", "that",
              "where", "which", "what", "audit", "audits", "case", "cases", "give", "list", "search", "some",
              "please", "there", "are", "is", "was", "were", "mention", "mentioning", "mentions", "talk",
              "talking", "say", "said", "did", "do", "does", "i", "need", "want", "can", "you", "see", "us",
              "let", "pull", "out", "up", "look", "and", "or", "by", "at", "only", "just", "all", "our", "we",
              "have", "has", "been", "found", "?", ".", ",", "!", ":", ";", "-", "'", '"', "teamref", "periodref"}

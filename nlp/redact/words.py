"""Word lists and word tests the name rules share: names that are words, person verbs,
domain words that are never names, family and role words, and wordfreq look-ups."""
from __future__ import annotations

import re
from functools import lru_cache

from nlp.names import _COMMON, common_word  # _COMMON: the Zipf frequency above which a capitalised word is more likely a word

# First names that are also ordinary words: NER misses them, so they count as names when
# capitalised mid-sentence, or at a sentence start when a person's verb follows.
WORD_NAMES = frozenset("""
Hope Grace Will Rose Summer Faith Joy Sonny Dawn Autumn Mercy Sky Skye Ruby Amber Jade
Crystal Holly Ivy Daisy Poppy Lily Rocky Hunter Mason Taylor Brook River Storm Destiny
Harmony Heaven Precious Star Angel Miracle Honey Chance Bill Mark Frank Jack Pat Sue Don
Ray Rich Guy Art Bob Penny Patience Charity Justice Royal King Prince Princess Reign
Blessing Gift Robin Jay Drew Carol Sandy Rusty Chase Cash Sage Willow Hazel Heather
Iris Jasmine Violet Pearl Ebony Cherry Liberty Phoenix Ocean Rain Raven Misty Melody
Honour Honor Wing Sunny Glory Marvel Rowan Blossom
""".split())

PERSON_VERBS = frozenset("""
told tells said says shared shares expressed expresses explained explains described
describes wants wanted wishes wished feels felt likes liked loves loved enjoys enjoyed
hates hated asked asks attends attended lives lived stays stayed has had is was
disclosed discloses reported reports reported drew draws chose chooses spoke speaks
stated states agreed agrees refused refuses confirmed confirms denied denies went goes
moved moves returned returns needs needed struggles struggled presented presents
confided confides became appeared appears seemed seems continues continued remains remained would could
""".split())

# Verbs of action a person does, beside the verbs of speech: "Macca came to the door".
ACTION_VERBS = frozenset("""
came comes arrived arrives left leaves showed shows ran runs rang rings phoned phones called calls answered
answers opened opens hit hits kicked kicks cried cries shouted shouts screamed swore swears refused refuses
agreed agrees admitted admits arrived walked walks slept sleeps ate eats played plays smiled smiles laughed
laughs hugged hugs texted texts emailed emails wrote writes visited visits met meets missed misses joined
joins turned knew knows cooked cooks cleaned collected collects brought brings took takes gave gives sat sits
attended attends signed signs uploaded escalated chaired chairs praised challenged queried noted notes used uses
recorded records documented documents summarised summarises worried worries
""".split())

# Verbs after which an unknown capitalised word at a sentence start is taken for a person
# ("Keeley said ..."); "is"/"has" are left out: "Ofsted has ...", "Nobody was ...".
SPEECH_VERBS = frozenset("""
told tells said says shared shares expressed expresses explained explains described
describes wants wanted wishes wished feels felt likes liked loves loved enjoys enjoyed
hates hated asked asks disclosed discloses spoke speaks stated states drew draws chose
attends lives stays cried smiled laughed
""".split())

# Words NER tags as people that are not personal details here.
NOT_NAMES = frozenset("""
Nan Nana Nanna Nanny Gran Grandma Grandad Granddad Grandpa Mum Mummy Mom Dad Daddy Auntie
Aunt Uncle Mother Father Baby Sibling Carer Annex Appendix Team Manager Officer Service
Chair Lead Head Worker Practitioner Advocate Ofsted Signs Safety Three Houses
Grade Email E-mail Tel Telephone Mobile Phone Address Postcode Case Ref Reference Record
Child Children Young Person People Social Audit Auditor Auditors Moderator Moderation Plan
Plans Review Reviews Strategy Discussion Meeting Meetings Conference Core Group Police
Health School Schools Education Court Courts Judge Magistrate Magistrates Guardian Council
Authority Local Hospital Nursery College Academy Primary Secondary Virtual Early Help
Family Families Support Assessment Assessments Initial Protection Care Leaver Leavers
Pathway Placement Placements Foster Fostering Adoption Residential Home Homes Contact
Mosaic Liquidlogic LCS ICS EHM Eclipse Section Part Chapter Form Practice Standards
Standard Overall Rating Good Outstanding Inadequate Requires Improvement Summary Findings
Finding Actions Action Recommendations Recommendation Outcome Outcomes Strengths Areas
Development Evidence Voice Wishes Feelings Views Chronology Genogram Supervision
Management Oversight Workers Officers Advocacy Independent Reviewing Designated Teacher
Nurse Visitor Doctor Paediatrician Therapist Counsellor Keyworker Key Mentor Staff Parent
Parents Stepfather Stepmother Stepdad Stepmum Brother Sister Cousin Partner Boyfriend
Girlfriend Husband Wife Son Daughter Grandmother Grandfather Grandparents Kinship Carers
Siblings Twins Infant Toddler Teenager Everyone Nobody Someone Anyone Today Yesterday
Tomorrow Monday Tuesday Wednesday Thursday Friday Saturday Sunday Christmas Easter Covid
Lockdown Wizard Barnardo Barnardos Cafcass Women Men Community County City District
Borough Area Region Street Road Lane North South East West Central Unit Hub Panel Board Metropolitan
Partnership Services Agency Agencies Trust Department Team's Council's Court's Judge's
Rule Act Regulation Regulations Guidance Procedure Procedures Policy Policies Quality
Assurance Framework Tool Toolkit Model Approach Pathways Legal Proceedings Order Orders
Threshold Thresholds Significant Harm Neglect Abuse Domestic Violence Exploitation Missing
Return Interview Statutory Visit Visits Direct Work Life Story Later Letter Portal
Category Score Level Tier Stage Phase Year Key Week Day Number Total Age Page Table Figure
St Saint Drift Delay Interviews Assess Safeg Tm Timescale Timescales Lego Xbox PlayStation Minecraft Fortnite Roblox YouTube TikTok Snapchat
Instagram Facebook WhatsApp Netflix Google Pokemon Disney
Epilepsy Autism Asthma Diabetes Dyslexia Dyspraxia Anxiety Depression Bruising Bruise Bruises
Sundays Mondays Tuesdays Wednesdays Thursdays Fridays Saturdays Makaton PECS
Maths English Science History Geography French Spanish Music Drama Computing PE RE
Locality Localities Majesty Majesty's Inspector Inspectors HMI Eczema Cerebral Palsy Spina Bifida Downs Down's Syndrome Attendance Behaviour Sleep Diet Hygiene
""".split())

TITLES = frozenset("Mr Mrs Ms Miss Mx Dr Master".split())
_MEETING_WORDS = frozenset("""
saw see sees seeing seen visited visit visits visiting met meet meets meeting told tell tells knew know knows
thanked phoned rang emailed texted contacted supervised challenged
asked ask asks with supported support helped help encouraged encourage reassured praised
collected accompanied observed
""".split())
_SPEAKING_WORDS = frozenset("spoke speak speaks speaking talked talk talks talking listened listen "
                            "explained explain wrote write read introduced sat worked play played".split())
_SEASON_NOUNS = frozenset("term terms holiday holidays half-term fair camp scheme programme".split())
# After "X's", words that make X an organisation or a place ("Gloucestershire's audit programme").
_INSTITUTIONAL = frozenset("""
audit audits programme programmes performance data figures policy policies strategy approach
framework services teams workforce council model partnership inspection inspections ofsted
improvement quality procedures procedure guidance threshold thresholds front door mash
safeguarding residents population budget
""".split())
_NOT_NAME_PHRASES = frozenset({("Moses", "basket"), ("Down", "syndrome"), ("Asperger", "syndrome")})
# Family words used like titles ("Auntie Jo", "Nanny Pat") and as nouns before a name
# ("her mother, Leanne Harper", "his brother Kai").
KIN_TITLES = frozenset("Auntie Aunty Aunt Uncle Nan Nanny Nana Nanna Gran Granny Grandma Grandad Granddad "
                       "Grandpa Cousin".split())
KIN = frozenset("""
mum mother dad father stepfather stepmother stepdad stepmum step-father step-mother step-dad
step-mum partner boyfriend girlfriend ex-partner husband wife brother sister half-brother
half-sister brothers sisters sibling siblings twin carer carers nan nana nanny gran granny
grandmother grandfather grandma grandad grandparents aunt auntie aunty uncle cousin son
daughter baby friend parents
""".split())
_TITLE = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?"
MONTHS = frozenset("January February March April May June July August September October "
                   "November December".split())

# Words after "X's" that make X a person even at a sentence start ("Tyler's mum said ...").
RELATIONS = frozenset("""
mum mummy mother dad daddy father nan nana nanny gran grandma grandad grandmother
grandfather grandparents grandparent brother brothers sister sisters sibling siblings
half step twin carer carers foster partner boyfriend girlfriend aunt auntie uncle cousin
cousins parent parents family friend friends teacher school nursery class social worker
key voice views wishes feelings needs behaviour presentation safety bedroom room home
house placement plan health education attendance experience lived daily life birth
biological paternal maternal older younger elder baby son daughter child children
pathway care case file record own new previous former current
""".split())



def _lexicon(filename: str, column: int = 0) -> frozenset[str]:
    """Acronyms and terms listed in nlp/data (jargon, allowlist): never names."""
    from pathlib import Path
    path = Path(__file__).parent.parent / "data" / filename
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return frozenset()
    terms = set()
    for line in lines:
        if line.strip() and not line.startswith("#"):
            term = line.split("\t")[column].strip()
            if term and " " not in term and term != "term":
                terms.add(term)
    return frozenset(terms)


_MONTH_ABBREVIATIONS = frozenset("Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Sun".split())
# A month's abbreviation is a name too ("Jun", "Mar"), and so is Sunday's ("Wing Sun"): it stays only inside a date.
# Role acronyms of the audit register that neither list carries (the jargon detector's lists
# stay as they are): "seen by HV" is the health visitor, no person's initials.
_ROLE_ACRONYMS = frozenset("HV PSW FSW DTM ATM HOS IDVA ISVA EH SARC PPU".split())
_ACRONYMS = (_lexicon("acronym_allowlist.txt") | _lexicon("jargon.tsv") | _ROLE_ACRONYMS) - _MONTH_ABBREVIATIONS


_DOTTED_INITIAL = re.compile(r"[A-Z]\.")  # "J.": spaCy keeps an initial and its full stop together


_common_word = common_word  # one test of "a common English word" for the redactor and nlp.names


@lru_cache(maxsize=65536)
def _function_word(word: str) -> bool:
    """"This", "There", "Everything": too common to be a name for the guessing rules."""
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # pragma: no cover
        return False
    from nlp.names import names_not_words
    return word not in WORD_NAMES and word not in names_not_words() and zipf_frequency(word.lower(), "en") >= 5.5


def not_a_name(word: str) -> bool:
    """Domain words, titles, acronyms and all-capital words: never a name."""
    return (word in NOT_NAMES or word in TITLES or word in _ACRONYMS
            or (word.isupper() and len(word) > 2) or not any(c.isalpha() for c in word))




_INITIAL_EXEMPT_BEFORE = frozenset("""
plan annex appendix category tier level grade section part schedule table figure option
phase stage vitamin type group form block wing class year key ward room door floor bay
zone route wave model step hepatitis blood team unit pod house cohort sample criteria
scenario exhibit note paragraph para clause list column row box question item point
standard band priority a an grades rated
""".split())

_PLACE_PREPOSITIONS = frozenset("in at from to across of near into within around throughout".split())



@lru_cache(maxsize=65536)
def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency
    return zipf_frequency(word.lower(), "en")


ROLE_WORDS = frozenset("""
worker workers sw teacher headteacher head iro manager officer nurse gp doctor practitioner chair
inspector inspectors auditor moderator advocate mentor keyworker pa adviser advisor visitor therapist
counsellor paediatrician guardian solicitor interpreter hmi lead senco dsl coordinator supervisor coach tutor
""".split())



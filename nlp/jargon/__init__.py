"""Jargon: words and phrases a child, young person or parent is unlikely to understand.

`gt_jargon` writes `doc._.jargon`, a sorted, non-overlapping list of `JargonFlag`s
(character offsets into `doc.text`); `span._.jargon` gives the flags inside a span (a
finding). Both are None until the component has run. It finds jargon four ways, and where
two overlap the longest wins (on a tie: lexicon, then token rules, then the acronym
detector, then the rarity signal):

1. The lexicon (`nlp/data/jargon.tsv`: term, plain, category, severity, why, source),
   matched with a PhraseMatcher on LOWER. Pattern tokens that carry capitals, and every
   token of an `acronym` entry, must also match case "ish": the text as written or its
   upper-case form. So "CP" matches "CP" but not "cp", "SEND" does not match "send", and
   "CiN" also matches "CIN". Plurals come from variants generated at load time
   ("placement" -> "placements", "chronology" -> "chronologies") unless the TSV has its
   own row. A few words are jargon only in some contexts; their rules are the table
   `CONTEXT_RULES` ("contact" is flagged only where it means family time). Lower-case
   terms inside the proper name of a team or service ("Leaving Care Service") are not
   flagged; acronyms are, even there ("MASH team", "QA team"), as the dev set's scope
   decisions say.
2. Token rules a PhraseMatcher cannot express: an acronym with a plural "s" glued on
   ("ICPCs"), a number glued to one ("0.5fte"), the possessive "'s" kept with an acronym
   ("IRO's"), and acronyms joined by a hyphen read as one compound ("IRO-CP").
3. An acronym detector for all-caps and mixed-case tokens the lexicon does not know
   ("DCYP", "AIP", "ZfX", section numbers like "s.31"): category `acronym`, severity
   `medium`, plain None. Not flagged: the allow-list (`nlp/data/acronym_allowlist.txt`,
   which holds the redaction placeholders), names of councils and safeguarding partnerships
   (`ORG_ACRONYM_PATTERNS`: "GCC", "LSCB"), Roman numerals, shouted ordinary words
   ("IMPACT") and lines in capitals, anything inside a placeholder ("[CASE-REF]") or a
   redaction, and an unknown abbreviation used as a team's name ("FoD Assess").
4. A rarity signal: a word of at least 5 letters, not in the lexicon, whose Zipf frequency
   (wordfreq; `word_zipf` forgives British spellings, plurals and prefixes, so "prioritised"
   and "unassessed" are not rare) is below `rare_zipf`, not capitalised mid-sentence or
   before another capitalised word (names: "Tewkesbury C&F"), not a named entity or a
   redaction: category `rare_word`, severity `low`, plain None. `rare_zipf` = 2.5 (about
   "tranche", "absconded"); on the dev findings it gives 5 flags, 2.0 gives 1, 3.0 gives
   26 and 3.5 gives 248, nearly all words the annotator did not mark. The span metric
   leaves `rare_word` out by default (eval/spans.py says why); the product shows them.

Terms can be added while the service runs: `nlp.get_pipe("gt_jargon").add_entries([...])`
rebuilds the matcher, so a term an Ambassador suggested and QA accepted takes effect on the
next text without a restart (persisting it to the TSV is `write_lexicon`).

The jargon policy: each flag's `kind` (`KINDS`) says whether the labelling guide marks it
(`hard_to_understand`), the product flags it beyond the guide (`may_not_feel_right`), or it is
the rarity signal (`uncommon_word`); `entry_kind` and the TSV's optional `kind` column decide.

Modules: `lexicon` (rows, kinds, files), `rules` (context rules, acronym shapes, word
frequency), `component` (gt_jargon).
"""
from nlp.jargon.component import JargonFlagger, make_jargon_flagger  # noqa: F401  (registers gt_jargon)
from nlp.jargon.lexicon import (  # noqa: F401
    COLUMNS, DEFAULT_ALLOWLIST, DEFAULT_LEXICON, GUIDE_TERMS, KIND_WORDS, KINDS, SEVERITIES, JargonEntry, JargonFlag,
    entry_kind, load_allowlist, load_lexicon, write_lexicon,
)
from nlp.jargon.rules import CONTEXT_RULES, TEAM_WORDS, ContextRule, word_zipf, zipf  # noqa: F401

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

Modules: `words` (rule names, word tables, the phrase Matcher), `names` (who is a name),
`context` (one doc's view; subjects and pronouns), `evidence` (the rules over a finding; about
one child or a group), `component` (gt_child_voice), `hook` (combine), `learned` (the learned
judgement beside the rules, gt_voice_learned), `scores`.
"""
from nlp.voice.component import ChildVoice, make_child_voice, narrative_result  # noqa: F401  (registers gt_child_voice)
from nlp.voice.hook import combine, relabel_narrative  # noqa: F401
from nlp.voice.scores import _main, label_findings, voice_scores  # noqa: F401
from nlp.voice.words import (  # noqa: F401
    FLAG_NO_VOICE, LABELS, NOT_EVIDENCE, PHRASES, RULES, TOOLS,
)

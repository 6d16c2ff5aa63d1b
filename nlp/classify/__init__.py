"""Practice fundamentals (multi-label, 0..3) and stance (strength / concern / neutral) of a finding.

The model is linear over four feature blocks of one finding's text:
- the sentence embedding: the packaged all-MiniLM-L6-v2 with its top layer(s) tuned to the
  labels (`encoder`, `tuning`), or the frozen base model (`Config.encoder`);
- TF-IDF of word 1-2-grams and of character 2-5-grams (inside word boundaries);
- readable lexicon features (`lexicon`): one keyword rule per fundamental written from the
  taxonomy, and for stance the judgement words of the whole finding and of its main clause
  after "but / however", trend and comparative words, the direction of "from X% to Y%",
  reported inspection praise, "still a priority" wording.

Fundamentals: one-vs-rest logistic regression; each label's decision value is Platt-scaled on
out-of-fold (OOF) decision values with the label's keyword rule as a second input, and each
label has its own threshold tuned on the same OOF predictions; at most 3 labels a finding.
Stance: multinomial logistic regression, temperature-scaled on its OOF decision values.
Every prediction carries evidence: the nearest labelled training findings with the predicted
label and the word n-grams that raised the score most.

Modules: `lexicon` (keywords, readable features), `features` (Config, TF-IDF), `heads` (fits
and calibration), `model` (the fitted classifier, save/load without pickle), `train`
(fitting, k-fold and grouped cross-validation), `encoder` / `tuning` (the tuned encoder),
`files` (`goldenthread train`, the model card), `component` (the spaCy component).
"""
from nlp.classify.data import (SYNTHETIC_SOURCES, _check_ids, _is_synthetic, fundamentals_scores, read_rows,
                               sha256_file, stance_scores, validate_row)
from nlp.classify.features import Config, _Features, _Tfidf
from nlp.classify.heads import (_best_threshold, _calibrated, _csr_row, _fit_binary, _fit_multiclass, _platt,
                                _sigmoid, _softmax, _temperature, _top_labels)
from nlp.classify.lexicon import (CONTRAST, FUND_KEYWORDS, FUND_RE, LABELS, STANCE_KEYWORDS, STANCE_RE, _fund_lexicon,
                                  _norm, _stance_lexicon, contrast_tail, keyword_hits)
from nlp.classify.model import DEFAULT_MODEL, FORMAT, MODEL_DIR, FindingClassifier, load, load_cached
from nlp.classify.train import (_CV_CACHE, MIN_TUNE_POSITIVES, MIN_TUNE_ROWS, _label_matrix, _weights,
                                cross_validate, fold_indices, train)
from nlp.classify.files import REPO, _display_path, model_card, redact_texts, train_from_files
from nlp.classify.component import FindingClassifierComponent, aggregate, make_classifier

__all__ = ["CONTRAST", "Config", "DEFAULT_MODEL", "FORMAT", "FUND_KEYWORDS", "FUND_RE", "FindingClassifier",
           "FindingClassifierComponent", "LABELS", "MIN_TUNE_POSITIVES", "MIN_TUNE_ROWS", "MODEL_DIR", "REPO",
           "STANCE_KEYWORDS", "STANCE_RE", "SYNTHETIC_SOURCES", "aggregate", "contrast_tail", "cross_validate",
           "fold_indices", "fundamentals_scores", "keyword_hits", "load", "load_cached", "make_classifier",
           "model_card", "read_rows", "redact_texts", "sha256_file", "stance_scores", "train", "train_from_files",
           "validate_row"]

"""The classifier hook: how a learned P(present) may change the rules' result."""
from __future__ import annotations


from spacy.tokens import Doc

from nlp.voice.component import narrative_result

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



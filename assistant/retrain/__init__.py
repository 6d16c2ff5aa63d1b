"""Learning from the council's corrections (issue 13, part B): retrain the classifier's heads on
the shipped rows plus the QA team's corrections, switch only to a model that is not worse
(grouped CV, `compare`), keep every model (`versions`: list, restore), and re-label the store
with the model in use (`relabel`, resumable)."""
from assistant.retrain.compare import RULE, compare, decide
from assistant.retrain.retrain import retrain
from assistant.retrain.rows import check_corrections, merge, read_corrections, shipped_rows
from assistant.retrain.versions import current_version, history, list_versions, restore

__all__ = ["RULE", "check_corrections", "compare", "current_version", "decide", "history", "list_versions", "merge",
           "read_corrections", "restore", "retrain", "shipped_rows"]

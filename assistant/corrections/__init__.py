"""QA officers' corrections of a finding's labels: stored, applied to the store at once,
exported as training rows, and summarised ("what it learned", "check these")."""
from assistant.corrections.store import (CorrectionError, all_corrections, export_training_rows,  # noqa: F401
                                         latest_per_finding, save)

"""The settings an admin may change on the settings page (name, label, default, allowed range)."""
from __future__ import annotations

from dataclasses import dataclass

from assistant.account_lifecycle import TOKEN_DAYS
from assistant.signin_limits import FAILURE_WINDOW_MINUTES

SESSION_HOURS = 8
FAILURES_PER_USER = 5  # failed sign-ins per username (assistant/signin_limits.py says how they count)


@dataclass(frozen=True)
class Setting:
    """One thing an admin may change on the settings page; it takes effect at the next request."""
    name: str
    label: str
    help: str
    default: int
    low: int
    high: int
    kind: str = "number"  # "number" or "switch" (0 off, 1 on)


SETTINGS = {s.name: s for s in (
    Setting("session_hours", "How long a sign-in lasts (hours)",
            "After this, people sign in again. Shorter is safer on shared computers.", SESSION_HOURS, 1, 24),
    Setting("failures_per_user", "Failed sign-ins allowed before a pause",
            f"Per username, within {FAILURE_WINDOW_MINUTES} minutes, from any computer that has not signed "
            "that person in before (and from each one that has); then sign-in pauses for it.",
            FAILURES_PER_USER, 3, 20),
    Setting("token_days", "API tokens expire after (days)",
            "For tokens made from now on; `goldenthread users token NAME --days N` sets one token's life.",
            TOKEN_DAYS, 1, 730),
    Setting("access_log_days", "Keep the access log for (days)",
            "Entries older than this are deleted when someone signs in.", 730, 90, 3650),
    Setting("chat_rephraser", "Let a local language model reword chat answers",
            "Only works when GOLDENTHREAD_GENERATOR_URL is set. Reworded answers are used only when "
            "every sentence keeps its citations, quotes and figures.", 1, 0, 1, "switch"),
    Setting("max_narrative_chars", "Longest narrative the API accepts (characters)",
            "A longer one is refused (413): redacting and indexing one very long text holds the store for "
            "minutes. Split long documents, or load them with the ingest command.", 50_000, 1_000, 1_000_000),
    Setting("max_analysis_chars", "Most text one analysis request may send (characters, all items together)",
            "More is refused (413), so one request cannot keep the server busy for long.", 20_000, 1_000, 200_000),
    Setting("background_ingest_chars", "Narrative text from which an API ingest runs in the background (characters)",
            "Such an ingest answers at once with a job whose progress GET /jobs/{id} shows.", 10_000, 1_000,
            1_000_000),
    Setting("lead_corrections", "Let practice leads correct the labels of findings",
            "QA users always may. Corrections change the stored labels at once and teach the next retrain.",
            0, 0, 1, "switch"),
)}

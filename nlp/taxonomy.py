"""The label contract (../shared/docs/taxonomy.md) in code: ids, the names users see, and
the words people use for them (for filters and, later, chat)."""
from __future__ import annotations

FUNDAMENTALS: dict[str, str] = {
    "risk": "Risk assessment & response",
    "assessment": "Assessment & analysis",
    "planning": "Planning",
    "intervention": "Intervention, visits & direct work",
    "review": "Review, progress & drift",
    "oversight": "Management oversight & supervision",
    "recording": "Recording",
    "relational": "Voice, participation & relationships",
    "permanence": "Permanence & living arrangements",
    "partnership": "Multi-agency & partnership working",
}
STANCES = ("strength", "concern", "neutral")
CHILD_VOICE = ("present", "absent", "not_applicable")

FUNDAMENTAL_SYNONYMS: dict[str, str] = {
    "risk": "risk", "risks": "risk", "risk assessment": "risk", "safety planning": "risk", "safety plans": "risk",
    "assessment": "assessment", "assessments": "assessment", "analysis": "assessment",
    "planning": "planning", "plans": "planning", "plan": "planning", "care planning": "planning",
    "intervention": "intervention", "visits": "intervention", "direct work": "intervention",
    "review": "review", "reviews": "review", "drift": "review", "drift and delay": "review", "progress": "review",
    "oversight": "oversight", "management oversight": "oversight", "supervision": "oversight",
    "recording": "recording", "records": "recording", "case recording": "recording",
    "relational": "relational", "voice": "relational", "child's voice": "relational",
    "participation": "relational", "relationships": "relational",
    "permanence": "permanence", "placements": "permanence", "living arrangements": "permanence",
    "partnership": "partnership", "multi-agency": "partnership", "multi-agency working": "partnership",
    "partnership working": "partnership",
}
STANCE_SYNONYMS = {"strength": "strength", "strengths": "strength", "good": "strength", "concern": "concern",
                   "concerns": "concern", "weakness": "concern", "weaknesses": "concern", "neutral": "neutral"}


def normalise_fundamental(value: str) -> str:
    key = " ".join(value.lower().replace("_", " ").replace("-", " ").split())
    key = key.replace("multi agency", "multi-agency")
    found = FUNDAMENTAL_SYNONYMS.get(key) or (key if key in FUNDAMENTALS else None)
    if found is None:
        raise ValueError(f"unknown practice fundamental; expected one of: {', '.join(FUNDAMENTALS)}")
    return found


def normalise_stance(value: str) -> str:
    found = STANCE_SYNONYMS.get(value.strip().lower())
    if found is None:
        raise ValueError(f"unknown stance; expected one of: {', '.join(STANCES)}")
    return found

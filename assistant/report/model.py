"""The report's document model: blocks of sentences, quotes, tables and figures that the
builder fills and the three writers read; the house style's constants."""
from __future__ import annotations

from dataclasses import dataclass, field

from assistant.charts import Chart


FORMATS = ("md", "html", "docx")
INLINE_IDS = 4
HEADINGS = ("How are we doing?", "How do we know this?", "What are we doing about it?")
PLACEHOLDER = "[Practice lead to complete: actions agreed, owners, dates]"
EXTRACTIVE = ("This report judges recorded practice in audited case files; it does not score risk to any child. "
              "It was drafted extractively from the audit findings: figures are counts of findings and audits, "
              "quotes are finding texts copied verbatim (already redacted), and each carries its finding ids "
              "in square brackets so it can be read in context.")
METHOD = ("Findings are sentences from audit narratives, labelled by practice fundamental and stance (strength, "
          "concern or neutral) by goldenthread's analysis models; the labels are automatic and can be wrong, "
          "so read quoted findings in their audit before relying on them")
CLUSTERS_SHOWN = 4
QUOTES_PER_CLUSTER = 2


# -- document model ---------------------------------------------------------------------------
@dataclass
class Em:
    """An emphasised span (key phrases): shown in italics, never in quotation marks."""
    text: str


@dataclass
class Sentence:
    parts: list  # str | Em
    cite: str | None = None


@dataclass
class Para:
    sentences: list[Sentence]


@dataclass
class Heading:
    level: int
    text: str


@dataclass
class Quote:
    q: dict


@dataclass
class Figure:
    number: int
    chart: Chart
    caption: Sentence


@dataclass
class Table:
    number: int
    caption: Sentence
    header: list[str]
    rows: list[list[str]]


@dataclass
class Placeholder:
    text: str


@dataclass
class IdList:
    """One appendix entry: a label and the ids behind a figure, grouped by audit."""
    label: str
    ids: list[str]


@dataclass
class Builder:
    blocks: list = field(default_factory=list)
    appendix: list[IdList] = field(default_factory=list)

    def add(self, *blocks) -> None:
        self.blocks.extend(blocks)

    def cite(self, ids: list[str], label: str, what: str = "findings") -> str:
        """Inline ids when few; otherwise the first ids and the appendix section holding all."""
        ids = list(dict.fromkeys(ids))
        if not ids:
            return "[none]"
        if len(ids) <= INLINE_IDS:
            return "[" + "; ".join(ids) + "]"
        section = self.section(label, ids)
        return "[" + "; ".join(ids[:2]) + f" and {len(ids) - 2} more {what}: Appendix {section}]"

    def section(self, label: str, ids: list[str]) -> str:
        for n, entry in enumerate(self.appendix):
            if entry.ids == ids:
                return _letter(n)
        self.appendix.append(IdList(label, ids))
        return _letter(len(self.appendix) - 1)


def _letter(n: int) -> str:
    return chr(ord("A") + n) if n < 26 else f"A{n}"


def pct(n: int, total: int) -> str:
    return f"{round(100 * n / total)}%" if total else "0%"


def plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def narrative_of(finding_id: str) -> str:
    return finding_id.split("#", 1)[0]

"""Narratives cut from the Ofsted inspection reports in ../shared/data/ofsted, for benchmarks
at scale. Read at run time; nothing of them is copied into the project.

Each report's prose paragraphs (pdftotext lines joined; headings, grade tables and short
lines dropped) each make one narrative (about twelve sentences), with the inspection month,
the council's name as the team and a cycled legal status and rating. The 125 reports give
about 30k findings; beyond that the narratives are replicated with changed ids, months
(seven months later per copy) and team names, so every copy is a different audit.
"""
from __future__ import annotations

import re
from pathlib import Path

OFSTED = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "ofsted"
PARAGRAPHS_PER_NARRATIVE = 1
MIN_PARAGRAPH = 200  # characters: shorter blocks are headings, grades and page furniture
_SENTENCE_END = re.compile(r"[.!?](?:\s+|$)")
LEGAL = ("CiN", "CP", "CiC", "care leaver", "assessment")
RATINGS = ("Good", "Requires improvement", "Inadequate", "Outstanding", "Good")


def paragraphs(path: Path) -> list[str]:
    blocks = re.split(r"\n\s*\n", path.read_text(encoding="utf-8", errors="replace"))
    out = []
    for block in blocks:
        text = " ".join(line.strip() for line in block.splitlines() if line.strip())
        if len(text) >= MIN_PARAGRAPH and _SENTENCE_END.search(text):
            out.append(text)
    return out


def base_narratives(folder: Path = OFSTED) -> list[dict]:
    """One pass over the reports, in file order."""
    files = sorted(folder.glob("*.txt"))
    if not files:
        raise FileNotFoundError(f"no reports in {folder} (the shared data folder sits beside the repository)")
    rows = []
    for path in files:
        match = re.search(r"(\d{4})-(\d{2})-\d{2}$", path.stem)
        year, month = (int(match.group(1)), int(match.group(2))) if match else (2024, 1)
        council = re.sub(r"-\d{4}-\d{2}-\d{2}$", "", path.stem).replace("-", " ").title()
        paras = paragraphs(path)
        for k in range(0, len(paras), PARAGRAPHS_PER_NARRATIVE):
            n = k // PARAGRAPHS_PER_NARRATIVE
            rows.append({"id": f"{path.stem}-{n:03d}", "year": year, "month": month, "council": council,
                         "area": n % 4, "text": "\n\n".join(paras[k:k + PARAGRAPHS_PER_NARRATIVE])})
    return rows


def sentences(text: str) -> int:
    return max(1, len(_SENTENCE_END.findall(text)))


def narratives(n_findings: int, folder: Path = OFSTED) -> list[dict]:
    """Narratives (ingest rows) holding about n_findings sentences, replicated past one pass."""
    base = base_narratives(folder)
    rows, total, i = [], 0, 0
    while total < n_findings:
        row, copy = base[i % len(base)], i // len(base)
        months = row["year"] * 12 + row["month"] - 1 - 7 * copy
        year, month = divmod(months, 12)
        suffix = f"-c{copy}" if copy else ""
        rows.append({"id": row["id"] + suffix, "date": f"{year}-{month + 1:02d}",
                     "team": f"{row['council']} Area {row['area'] + 1}{' Team ' + str(copy) if copy else ''}",
                     "legal_status": LEGAL[i % len(LEGAL)], "rating": RATINGS[(i // 3) % len(RATINGS)],
                     "text": row["text"]})
        total += sentences(row["text"])
        i += 1
    return rows

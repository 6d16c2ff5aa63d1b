"""The shared Ofsted reports through the redactor: no lead inspector's name may survive, and
the council's name must (issue 12).

Each report names its lead inspector on its first page ("Lead inspector: First Last, His
Majesty's Inspector"); the council's name comes from the manifest and is passed as a keep
phrase, as a team or service is at ingest. Reads ../shared/data/ofsted at run time; prints
counts, and the council or file where something went wrong, never report text.
    python eval/scripts/check_ofsted_redaction.py [--dir ../shared/data/ofsted] [--json]
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
OFSTED = REPO.parent / "shared" / "data" / "ofsted"
LEAD = re.compile(r"Lead inspector:\s*([^,\n]+?)\s*(?:,|\n)")


def council_names(local_authority: str) -> list[str]:
    """"bournemouth, christchurch & poole" -> ["Bournemouth", "Christchurch", "Poole"]."""
    parts = re.split(r"\s*(?:,|&|\band\b)\s*", local_authority)
    small = {"of", "and", "upon", "on", "the", "in", "le"}
    return [" ".join(w if w in small else w[:1].upper() + w[1:] for w in p.split()) for p in parts if p.strip()]


def main() -> None:
    from nlp.pipeline import load_redaction

    folder = Path(sys.argv[sys.argv.index("--dir") + 1]) if "--dir" in sys.argv else OFSTED
    if not (folder / "manifest.jsonl").exists():
        sys.exit(f"error: {folder}/manifest.jsonl not found (pass --dir)")
    nlp = load_redaction()
    nlp.max_length = 2_000_000
    manifest = [json.loads(line) for line in (folder / "manifest.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    checked = survived = council_lost = no_lead = 0
    problems = []
    for item in manifest:
        text = (folder / item["file"]).read_text(encoding="utf-8")
        first_page = text.split("\f")[0][:3000]
        lead = LEAD.search(first_page)
        if not lead:
            no_lead += 1
            continue
        councils = council_names(item["local_authority"])
        doc = nlp.make_doc(text)
        doc.user_data["keep"] = tuple(councils)
        out = nlp(doc)._.redacted_text
        checked += 1
        parts = [p for p in re.split(r"[\s\-]+", lead[1].strip()) if len(p) > 1]
        left = [p for p in parts if re.search(rf"(?<![^\W\d_]){re.escape(p)}(?![^\W\d_])", out)]
        if left:
            survived += 1
            problems.append(f"{item['file']}: {len(left)} of {len(parts)} parts of the lead inspector's name survive")
        for council in councils:
            if council in text and out.count(council) < max(1, text.count(council) // 2):
                council_lost += 1
                problems.append(f"{item['file']}: council name {council!r} kept {out.count(council)} of {text.count(council)}")
    result = {"reports": len(manifest), "checked": checked, "no_lead_inspector_line": no_lead,
              "inspector_name_survives": survived, "council_names_lost": council_lost, "problems": problems}
    print(json.dumps(result, indent=None if "--json" in sys.argv else 1))


if __name__ == "__main__":
    main()

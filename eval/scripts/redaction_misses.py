"""Print a development file's misses: names and identifiers that survive the redactor alone,
and keep-terms it loses, with the redacted sentence and the rules that fired. For tuning on
development data only (never run it on the test half: its misses must stay unseen).

    python eval/scripts/redaction_misses.py eval/data/redaction_dev2.jsonl [--summary]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from eval.redaction import lost, read_rows, score_texts, survives  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--summary", action="store_true", help="figures only")
    args = parser.parse_args()
    if any("test" in f.name for f in args.files):
        sys.exit("error: misses are for development files only, not the test half")
    from nlp.pipeline import load_redaction
    nlp = load_redaction()
    for path in args.files:
        rows = read_rows(path)
        outs, docs = [], []
        for row in rows:
            doc = nlp.make_doc(row["text"])
            doc.user_data["keep"] = tuple(v for v in (row.get("team"), row.get("service")) if v)
            doc = nlp(doc)
            docs.append(doc)
            outs.append(doc._.redacted_text)
        s = score_texts(rows, outs)
        names = s["by_type"].get("name", {})
        ids = sum(v["survived"] for k, v in s["by_type"].items() if k != "name")
        print(f"{path.name}: names {names.get('survived')} of {names.get('secrets')} survive "
              f"(recall {names.get('recall')}), identifiers {ids} survive, "
              f"keep-terms lost {s['keep_lost']} of {s['keep_terms']}")
        if args.summary:
            continue
        for row, out, doc in zip(rows, outs, docs):
            left = [x["value"] for x in row["secrets"] if survives(x, out)]
            gone = [k for k in row["keep"] if lost(k, row["text"], out)]
            if left or gone:
                rules = "; ".join(f"{doc.text[r.start:r.end]}={r.rule}" for r in doc._.redactions if r.label == "NAME")
                print(f"- {row['id']} through={left} lost={gone}\n    {out}\n    rules: {rules}")


if __name__ == "__main__":
    main()

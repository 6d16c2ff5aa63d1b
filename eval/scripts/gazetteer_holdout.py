"""How much of the redactor's name recall rests on the name lists: drop a share of
nlp/data/names_first.txt and names_last.txt (seeded, by a hash of each name, so the same names
drop on every run and every branch) and score a development file's names whose list entry was
dropped, with the whole lists and with the rest.

Why: a generator or a council will use names in no list; a name dropped from the list stands for
one, in the same sentences, so the difference says what the other signals (NER, context, rare
capitalised words) catch on their own. Counts only; refuses the test half.

    python eval/scripts/gazetteer_holdout.py eval/data/redaction_dev3.jsonl [--drop 0.2] [--seed 7]
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.append(str(REPO))  # PYTHONPATH first: the same script scores another checkout


def dropped(word: str, share: float, seed: int) -> bool:
    digest = hashlib.sha256(f"{seed}:{word}".encode()).digest()
    return int.from_bytes(digest[:4], "big") / 2 ** 32 < share


def score(rows: list[dict], outputs: list[str], held: set[str]) -> tuple[int, int, int, int]:
    from eval.redaction import survives
    from nlp.names import key
    held_n = held_left = rest_n = rest_left = 0
    for row, out in zip(rows, outputs):
        for s in row["secrets"]:
            if s["type"] != "name":
                continue
            left = survives(s, out)
            if key(s["value"]) in held:
                held_n, held_left = held_n + 1, held_left + left
            else:
                rest_n, rest_left = rest_n + 1, rest_left + left
    return held_n, held_left, rest_n, rest_left


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("file", type=Path)
    parser.add_argument("--drop", type=float, default=0.2)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if "redaction_test" in args.file.name:
        sys.exit("error: the test half is measured once by the coordinator, not here")
    import nlp.names as names_mod
    from eval.redaction import read_rows, redact_rows
    from nlp.pipeline import load_redaction

    full_first, full_last = names_mod.gazetteer()
    held = {w for w in full_first | full_last if dropped(w, args.drop, args.seed)}
    rows = read_rows(args.file)
    nlp = load_redaction()
    result = {"file": args.file.name, "drop": args.drop, "seed": args.seed, "list entries dropped": len(held)}
    for label in ("whole lists", "lists less the dropped share"):
        if label != "whole lists":
            kept = (frozenset(full_first - held), frozenset(full_last - held))
            names_mod.gazetteer = lambda: kept  # every caller looks it up in nlp.names at call time
        held_n, held_left, rest_n, rest_left = score(rows, redact_rows(rows, nlp), held)
        result[label] = {"dropped names": held_n, "dropped names through": held_left,
                         "other names": rest_n, "other names through": rest_left}
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()

"""Redactor time per 1,000 texts: this branch's rules against main's, on the same spaCy docs.

Both redactors read the same docs (sentence recogniser + NER run once, timed apart), so the
ratio is the cost of the rules alone, and (NER + rules) the cost of redaction at ingest.
    python eval/scripts/bench_redactor.py [--base main] [--n 1000] [FILE.jsonl]
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))


def old_module(base: str):
    """nlp/redact.py (before the split) or the nlp/redact/ package at commit `base`, loaded
    under another name with its component renamed, its word lists read from today's nlp/data."""
    tmp = Path(tempfile.mkdtemp())
    listing = subprocess.run(["git", "-C", str(REPO), "ls-tree", "--name-only", base, "nlp/redact/"],
                             capture_output=True, text=True).stdout.split()
    files = {Path(f).name: f for f in listing if f.endswith(".py")} or {"__init__.py": "nlp/redact.py"}
    package = tmp / "redact_base"
    package.mkdir()
    for name, path in files.items():
        source = subprocess.run(["git", "-C", str(REPO), "show", f"{base}:{path}"], check=True,
                                capture_output=True, text=True).stdout
        source = source.replace('@Language.factory("gt_redactor"', '@Language.factory("gt_redactor_base"')
        source = source.replace("Path(__file__).parent.parent / \"data\"", f"Path({str(REPO / 'nlp')!r}) / \"data\"")
        source = source.replace("Path(__file__).parent / \"data\"", f"Path({str(REPO / 'nlp')!r}) / \"data\"")
        (package / name).write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("redact_base", package / "__init__.py",
                                                  submodule_search_locations=[str(package)])
    module = importlib.util.module_from_spec(spec)
    sys.modules["redact_base"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("file", nargs="?", default=str(REPO / "eval" / "data" / "redaction_dev.jsonl"))
    parser.add_argument("--base", default="main")
    parser.add_argument("--n", type=int, default=1000)
    args = parser.parse_args()
    from nlp import redact as new
    from nlp.pipeline import load_redaction

    base = old_module(args.base)
    texts = [json.loads(line)["text"] for line in Path(args.file).read_text(encoding="utf-8").splitlines()[:args.n]]
    nlp = load_redaction()
    start = time.perf_counter()
    docs = list(nlp.pipe(texts, disable=["gt_redactor", "gt_findings"]))
    ner = time.perf_counter() - start
    new.find_redactions(docs[0]), base.find_redactions(docs[0])  # warm caches (wordfreq, gazetteer)
    timings = {}
    for label, module in (("base", base), ("new", new), ("base again", base), ("new again", new)):
        start = time.perf_counter()
        for doc in docs:
            module.find_redactions(doc)
        timings[label] = time.perf_counter() - start
    per = {k: v / len(docs) * 1000 for k, v in timings.items()}
    rules_base = min(per["base"], per["base again"])
    rules_new = min(per["new"], per["new again"])
    ner_per = ner / len(docs) * 1000
    print(json.dumps({"texts": len(docs), "ner_s_per_1000": round(ner_per, 2),
                      "rules_s_per_1000": {"base": round(rules_base, 2), "new": round(rules_new, 2)},
                      "rules_ratio": round(rules_new / rules_base, 2),
                      "redaction_ratio_with_ner": round((ner_per + rules_new) / (ner_per + rules_base), 2)}))


if __name__ == "__main__":
    main()

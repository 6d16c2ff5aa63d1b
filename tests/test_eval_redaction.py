"""`goldenthread eval redaction`: planted secrets looked for on every surface after a real
ingest into a temporary store; bad rows named by file and line. Fictional rows."""
from __future__ import annotations

import json

from eval.redaction import score_texts, survives

ROWS = [
    {"id": "e1", "text": "Chidinma Okonkwo-Baptiste (DOB 04/03/2012) told the social worker she felt safe.",
     "secrets": [{"type": "name", "value": "Chidinma"}, {"type": "name", "value": "Okonkwo-Baptiste"},
                 {"type": "dob", "value": "04/03/2012"}], "keep": ["social worker"]},
    {"id": "e2", "text": "The Harbour Assessment Team reviewed the plan; NHS number 943 476 5919 was on file.",
     "secrets": [{"type": "nhs_number", "value": "943 476 5919"}], "keep": ["Harbour Assessment Team"],
     "team": "Harbour Assessment Team"},
    {"id": "e3", "text": "saw tariq at school today, tariq was quiet. File tariq_hussain_pep.docx updated.",
     "secrets": ["tariq", {"type": "name", "value": "hussain"}], "keep": []},
]


def test_the_ruler():
    assert survives({"type": "name", "value": "Ella-Rose"}, "[NAME]-Rose was seen")  # a part leaks
    assert not survives({"type": "name", "value": "Rose"}, "Roseanne")
    assert survives({"type": "name", "value": "kayden"}, "kayden_pike.docx")
    scored = score_texts([{"text": "Tia said", "secrets": [{"type": "name", "value": "Tia"}], "keep": ["said"]}],
                         ["[NAME] said"])
    assert scored["recall"] == 1.0 and scored["keep_lost"] == 0


def test_eval_redaction_over_the_real_ingest(cli, tmp_path, write_jsonl):
    path = write_jsonl(tmp_path / "rows.jsonl", ROWS)
    result = cli("eval", "redaction", path, "--json")
    assert result.exit_code == 0, result.stderr
    body = json.loads(result.stdout)
    assert body["rows"] == 3 and set(body["surfaces"]) == {"stored", "export", "search", "page"}
    anywhere = body["anywhere"]
    assert anywhere["secrets"] == 6 and anywhere["survived"] == 0, anywhere
    assert anywhere["keep_lost"] == 0 and anywhere["keep_terms"] == 2
    assert set(anywhere["by_type"]) == {"name", "dob", "nhs_number", "other"}
    table = cli("eval", "redaction", path)
    assert table.exit_code == 0 and "keep-terms lost: 0 of 2" in table.stdout


def test_eval_redaction_names_the_bad_line(cli, tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(ROWS[0]) + "\n" + json.dumps({"id": "x", "secrets": []}) + "\n", encoding="utf-8")
    result = cli("eval", "redaction", path, "--redactor-only")
    assert result.exit_code == 2 and "bad.jsonl: line 2" in result.stderr and "Traceback" not in result.stderr


def test_eval_redaction_limit_takes_the_first_rows(cli, tmp_path, write_jsonl):
    """--limit bounds the slow full-ingest form (and the redactor-only one) to the first N rows."""
    path = write_jsonl(tmp_path / "rows.jsonl", ROWS)
    alone = cli("eval", "redaction", path, "--redactor-only", "--limit", "2", "--json")
    assert alone.exit_code == 0, alone.stderr
    body = json.loads(alone.stdout)
    assert body["rows"] == 2 and body["redactor"]["secrets"] == 4
    full = cli("eval", "redaction", path, "--limit", "1", "--json")
    assert full.exit_code == 0, full.stderr
    assert json.loads(full.stdout)["rows"] == 1

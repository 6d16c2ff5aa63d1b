"""The four real public QA reports in ../shared/data/reports: ingest them and check that
no child's reference number or pseudonym survives into the store or search results."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli import app

REPORTS = Path(__file__).resolve().parents[2] / "shared" / "data" / "reports"
pytestmark = pytest.mark.skipif(not REPORTS.is_dir(), reason="../shared/data/reports is not beside this checkout")


def test_real_reports_are_redacted_in_store_and_search(tmp_path):
    raw = "\n".join(p.read_text(errors="ignore") for p in sorted(REPORTS.glob("*.txt")))
    # What a reviewer would try: the 5-8 digit reference numbers and the children's pseudonyms
    # given "(name changed)", read from the reports themselves at test time.
    refs = sorted(set(re.findall(r"\b\d{5,8}\b", raw)))
    names = sorted(set(re.findall(r"\b([A-Z][a-z]+) \(name changed\)", raw)))
    assert refs and names

    runner = CliRunner()
    result = runner.invoke(app, ["ingest", str(REPORTS), "--data", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "redaction report:" in result.output and "CASE-REF" in result.output

    exported = runner.invoke(app, ["export", "--data", str(tmp_path)]).output
    assert len(exported.splitlines()) > 400
    for value in refs + names:
        assert not re.search(rf"\b{re.escape(value)}\b", exported), f"unredacted value in the store: {value[:2]}..."
        hits = runner.invoke(app, ["search", value, "--json", "--data", str(tmp_path)]).output
        for line in hits.splitlines():
            assert not re.search(rf"\b{re.escape(value)}\b", json.loads(line)["text"])
    # Team names survive redaction.
    assert "Team 3" in exported

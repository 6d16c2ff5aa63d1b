"""Over the whole demo corpus: every quote in every summary, report and chat answer is a
stored (redacted) finding, word for word, and nothing the product says carries a name,
case reference or other identifier from the demo narratives (which contain invented ones)."""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from assistant import service
from assistant.chat import Conversations, respond
from assistant.report import render
from nlp.taxonomy import FUNDAMENTALS

PII = json.loads((Path(__file__).parent / "fixtures" / "demo_pii.json").read_text(encoding="utf-8"))
IDENTIFIERS = ("case_refs", "dobs", "phones", "emails", "postcodes", "addresses")
QUESTIONS = [
    "How are we doing on planning for children in care?", "and for care leavers?",
    "how many concerns about management oversight in the last three months?",
    "show me examples of direct work with younger children", "what about the Harrowfield CP Team 1?",
    "compare risk in September and October 2019", "summarise the child's voice findings since September 2019",
    "any concerns about recording in Wrenford Leaving Care Team?", "how many audits were rated inadequate in 2019?",
    "what do auditors say about strategy meetings?", "Is Hope Harper safe at home?",
    "find findings about Leanne Harper", "what did Kayden say?",
]


@pytest.fixture(scope="module")
def stored(demo_workspace):
    return {row["id"]: row for row in service.export_rows(demo_workspace)}


@pytest.fixture(scope="module")
def summaries(demo_workspace):
    out = [service.theme_summary(demo_workspace, fid) for fid in FUNDAMENTALS]
    out.append(service.theme_summary(demo_workspace, "planning", service.make_filters("2019-09", "2019-11")))
    out.append(service.theme_summary(demo_workspace, "going missing and exploitation"))
    return out


@pytest.fixture(scope="module")
def chat_turns(demo_workspace):
    conversation = Conversations().get(None)
    return [respond(demo_workspace, q, conversation, dt.date(2019, 12, 1)) for q in QUESTIONS]


def quotes_of(summary: dict):
    for key in ("concern_clusters", "strength_clusters"):
        for cluster in summary[key]:
            yield from cluster["quotes"]
    yield from summary["what_good_looks_like"]
    yield from summary["recommendations"]


def markdown_quotes(markdown: str):
    """(quoted text, finding id) for each blockquote of the report."""
    for block in re.findall(r"((?:^>.*\n?)+)", markdown, re.M):
        lines = [line[1:].strip() for line in block.splitlines()]
        cite = next((line for line in lines if line.startswith("—")), None)
        text = " ".join(line for line in lines if line and not line.startswith("—"))
        if cite and text:
            yield text, re.search(r"\[([^\]]+)\]\s*$", cite).group(1)


def leaks(text: str, narrative_ids=None) -> list[str]:
    """Identifiers of any demo narrative, and the full names; single names only where the
    text is known to come from that narrative (a first name can be an ordinary word)."""
    found = []
    for nid, listed in PII.items():
        for kind in IDENTIFIERS:
            found += [f"{nid} {kind}: {v}" for v in listed[kind] if v in text]
        for name in listed["names"]:
            multiword = " " in name or "-" in name
            if (multiword or (narrative_ids and nid in narrative_ids)) and len(name) > 1 and \
                    re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text):
                found.append(f"{nid} name: {name}")
    return found


def test_summary_quotes_are_stored_findings_verbatim(summaries, stored):
    count = 0
    for summary in summaries:
        for quote in quotes_of(summary):
            row = stored[quote["finding_id"]]
            assert quote["text"] == row["text"] and quote["narrative_id"] == row["narrative_id"]
            count += 1
    assert count > 50


def test_report_quotes_are_stored_findings_verbatim(summaries, stored):
    count = 0
    for summary in summaries[:3] + summaries[-2:]:
        for text, finding_id in markdown_quotes(render(summary, "md").decode()):
            assert text == stored[finding_id]["text"], finding_id
            count += 1
    assert count > 10


def test_chat_quotes_are_stored_findings_verbatim(chat_turns, stored):
    count = 0
    for turn in chat_turns:
        for citation in turn["citations"]:
            assert citation["text"] == stored[citation["finding_id"]]["text"]
        cited = {c["finding_id"] for c in turn["citations"]}
        for sentence in turn["sentences"]:
            for quoted in re.findall(r"\"([^\"]{12,})\"", sentence["text"]):
                assert any(quoted == stored[c]["text"] for c in sentence["citations"] if c in cited), quoted
                count += 1
    assert count > 5


def test_no_identifier_in_summaries_reports_or_answers(summaries, chat_turns):
    problems = []
    for summary in summaries:
        problems += leaks(json.dumps(summary))
        for quote in quotes_of(summary):
            problems += leaks(quote["text"], {quote["narrative_id"]})
        problems += leaks(render(summary, "md").decode())
    for turn in chat_turns:
        problems += leaks(json.dumps(turn))
        for citation in turn["citations"]:
            problems += leaks(citation["text"], {citation["narrative_id"]})
    assert not problems, sorted(set(problems))[:20]

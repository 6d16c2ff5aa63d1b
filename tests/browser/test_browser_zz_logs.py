"""Runs after the journeys (files run in name order): nothing the server wrote to its log,
and nothing in its access log, carries a name or identifier from the demo corpus."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

PII = json.loads((Path(__file__).parents[1] / "fixtures" / "demo_pii.json").read_text(encoding="utf-8"))
KINDS = ("case_refs", "dobs", "phones", "emails", "postcodes", "addresses")


def identifiers(text: str) -> list[str]:
    found = []
    for nid, listed in PII.items():
        found += [f"{nid} {kind}" for kind in KINDS for value in listed[kind] if value in text]
        found += [f"{nid} name" for name in listed["names"] if (" " in name or "-" in name) and name in text]
    return found


def test_server_log_and_access_log_hold_no_demo_identifier(server):
    log = server.log.read_text(encoding="utf-8", errors="replace")
    assert not identifiers(log), identifiers(log)[:10]
    with sqlite3.connect(server.data / "accounts.db") as db:
        rows = db.execute("SELECT * FROM access_log").fetchall()
    dumped = json.dumps(rows)
    assert not identifiers(dumped), identifiers(dumped)[:10]

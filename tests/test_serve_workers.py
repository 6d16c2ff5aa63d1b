"""`goldenthread serve --workers 2` over one data folder: every worker sees a change another
process commits (the real server on 127.0.0.1, the real CLI ingest). Every narrative below
is fictional."""
from __future__ import annotations

import subprocess

import httpx

from conftest import CONSOLE_SCRIPT, REPO, subprocess_env  # tests/ is on sys.path

FIRST = [
    {"id": "wk-1", "date": "2022-03", "team": "Harbourside Assessment Team", "text":
     "The assessment was thorough and the plan named who would do what by when.\n\n"
     "Supervision was monthly and recorded the manager's reasoning."},
    {"id": "wk-2", "date": "2022-04", "team": "Upland Family Support Team", "text":
     "Contingency planning was missing from the child protection plan.\n\n"
     "The chronology had not been updated since the case was transferred."},
]
LATER = {"id": "wk-3", "date": "2022-05", "team": "Harbourside Assessment Team", "text":
         "The marram grass respite arrangement was reviewed at every core group.\n\n"
         "Direct work with the young person used a feelings map."}


def test_every_worker_finds_what_a_cli_ingest_committed_while_it_served(tmp_path, write_jsonl, goldenthread,
                                                                       loopback_port, wait_until_up):
    data = tmp_path / "data"
    assert goldenthread("ingest", write_jsonl(tmp_path / "a.jsonl", FIRST), "--data", data).returncode == 0
    made = goldenthread("users", "add", "wk-reader", "--role", "qa", "--data", data)
    assert made.returncode == 0, made.stderr
    token = goldenthread("users", "token", "wk-reader", "--data", data)
    assert token.returncode == 0, token.stderr
    headers = {"Authorization": f"Bearer {token.stdout.strip().split()[-1]}"}
    base = f"http://127.0.0.1:{loopback_port}"
    server = subprocess.Popen([str(CONSOLE_SCRIPT), "serve", "--port", str(loopback_port), "--data", str(data),
                               "--workers", "2"], cwd=REPO, env=subprocess_env(),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_up(f"{base}/health", tries=900)  # two workers load their models

        def search(query: str, mode: str) -> list[str]:
            got = httpx.post(f"{base}/search", json={"query": query, "k": 3, "mode": mode}, headers=headers,
                             timeout=240)
            assert got.status_code == 200, got.text
            return [hit["narrative_id"] for hit in got.json()["results"]]
        # several requests on new connections: the kernel spreads them over both workers
        for _ in range(6):
            assert "wk-3" not in search("marram grass respite", "hybrid")
        later = goldenthread("ingest", write_jsonl(tmp_path / "b.jsonl", [LATER]), "--data", data)
        assert later.returncode == 0, later.stderr
        for _ in range(8):
            assert search("marram grass respite", "dense")[0] == "wk-3"
            assert search("marram grass respite", "bm25")[0] == "wk-3"
    finally:
        server.terminate()
        server.wait(timeout=60)

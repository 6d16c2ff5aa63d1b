"""Chroma in client/server mode: a real `chroma run` on 127.0.0.1, the same code path."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent


@pytest.fixture
def chroma_url(tmp_path, loopback_port, wait_until_up):
    port = loopback_port
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
    proc = subprocess.Popen([str(BIN / "chroma"), "run", "--path", str(tmp_path / "server"), "--host", "127.0.0.1",
                             "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{url}/api/v2/heartbeat", tries=60)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "goldenthread"), *args], capture_output=True, text=True, timeout=300)


def test_ingest_and_search_through_a_chroma_server(chroma_url, tmp_path):
    corpus = tmp_path / "n.jsonl"
    corpus.write_text("\n".join(json.dumps(row) for row in [
        {"id": "srv-1", "date": "2019-10", "team": "Milbury Family Support Team", "text":
         "Daisy-Mae Thornton was seen alone and said she likes her new school. The ICPC was held within timescales."},
        {"id": "srv-2", "date": "2019-11", "team": "Cotterdale Assessment Team 3", "text":
         "The assessment lacked analysis of the father's history and the plan had no contingency."},
    ]) + "\n")
    local = tmp_path / "local"  # the data folder holds only the write lock in server mode
    first = _cli("ingest", str(corpus), "--chroma-url", chroma_url, "--data", str(local))
    assert first.returncode == 0, first.stderr
    assert "added 2" in first.stdout
    again = _cli("ingest", str(corpus), "--chroma-url", chroma_url, "--data", str(local))
    assert "added 0, updated 0, unchanged 2" in again.stdout
    hits = [json.loads(line) for line in _cli("search", "ICPC", "--mode", "bm25", "--json",
                                               "--chroma-url", chroma_url, "--data", str(local)).stdout.splitlines()]
    assert hits[0]["narrative_id"] == "srv-1"
    assert "Daisy" not in hits[0]["text"] and "Thornton" not in hits[0]["text"]
    assert not (local / "chroma").exists()

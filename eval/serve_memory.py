"""Memory of a serving process: `goldenthread serve` (one worker) on 127.0.0.1 over a store,
its resident memory read from /proc after each step a user takes: started, signed in, a
search on the search page, a theme summary of a filtered slice, a summary of every finding.

    python -m eval.serve_memory --data DIR

Why a separate process: `bench serve` measures in its own process, which also builds the
store, runs every benchmark and exports every row, so its peak RSS is not what a server
holds. RSS here is the server's VmRSS (anonymous + file-backed pages; the columns file's
vectors are a memory map, counted once read) and VmHWM its peak. Nothing leaves 127.0.0.1.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import httpx

from eval.load_test import ensure_users, sign_in
from eval.local_server import recent_span, start, stop

FIELDS = ("VmRSS", "RssAnon", "RssFile", "VmHWM")


def memory(pid: int) -> dict:
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in FIELDS:
            out[key] = round(int(value.split()[0]) / 1024)
    return out


def run(data: Path, query: str = "management oversight of plans") -> dict:
    from index.store import Store

    span = recent_span(data)
    name, password = next(iter(ensure_users(data, 1).items()))
    server, base = start(data, "serve-memory.log", wait_s=600)
    steps: list[dict] = []
    try:
        steps.append({"step": "started", **memory(server.pid)})
        with httpx.Client(base_url=base, timeout=900) as client:
            for step, call in (
                    ("signed in", lambda: sign_in(client, name, password)),
                    ("search page", lambda: client.get("/", params={"q": query})),
                    ("summary, CP last 24 months", lambda: client.get(
                        "/themes/planning/summary", params={"from": span[0], "to": span[1], "legal_status": "CP"})),
                    ("second search", lambda: client.get("/", params={"q": "drift and delay", "legal_status": "CP"})),
                    ("summary, all findings", lambda: client.get("/themes/planning/summary"))):
                status = call().status_code
                steps.append({"step": step, "status": status, **memory(server.pid)})
    finally:
        stop(server)
    return {"data": str(data), "findings": len(Store(data).columns()), "steps": steps}


def format_table(result: dict) -> str:
    lines = [f"goldenthread serve over {result['data']} ({result['findings']} findings), MB:",
             f"{'step':<30}{'HTTP':>6}{'RSS':>8}{'anon':>8}{'file':>8}{'peak':>8}"]
    for s in result["steps"]:
        lines.append(f"{s['step']:<30}{s.get('status', ''):>6}{s['VmRSS']:>8}{s['RssAnon']:>8}{s['RssFile']:>8}{s['VmHWM']:>8}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = run(args.data)
    print(json.dumps(result, indent=1) if args.json else format_table(result))


if __name__ == "__main__":
    main()

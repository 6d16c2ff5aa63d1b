"""Fuzz the JSON API: schemathesis generates requests from the app's own /openapi.json and
sends them to the real server on 127.0.0.1; any 5xx fails the run.

`goldenthread bench fuzz` (or `python -m eval.fuzz_api`). Schemathesis is a test tool, not a
product dependency: it is installed (pinned) into a throw-away venv under /tmp the first time.
The server is `goldenthread serve` on a free port of 127.0.0.1 over a temporary copy of the
demo store (or `--store`), with one qa user whose API token is sent with every request (a qa
token reaches every JSON route). Bounded in count (`--max-examples` per operation) and time
(`--max-time`); requests go only to 127.0.0.1 (the base URL; the schema names no servers).
Theme and narrative ids in paths are narrowed to real ones (schemathesis cannot guess them).
The figures (requests sent, statuses seen, the 5xx ones, requests with no answer within the
120 s request timeout: status 0, reported but not counted as a 5xx) come from schemathesis's
HAR file."""
from __future__ import annotations

import collections
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from eval.local_server import stop
from urllib.parse import urlsplit

SCHEMATHESIS = "schemathesis==4.32.5"
VENV = Path(tempfile.gettempdir()) / "goldenthread-fuzz-venv"
REPO = Path(__file__).resolve().parents[1]


def schemathesis_cli(venv: Path = VENV) -> Path:
    """The `st` command of the throw-away venv, made (with pip) when missing."""
    st = venv / "bin" / "st"
    if not st.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", SCHEMATHESIS], check=True)
    return st


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _console() -> list[str]:
    script = Path(sys.executable).parent / "goldenthread"
    return [str(script)] if script.exists() else [sys.executable, "-m", "assistant.cli"]


def _wait(url: str, proc: subprocess.Popen, limit_s: float = 300) -> None:
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"the server did not answer {url} in {limit_s:.0f} s")


def known_ids() -> dict[str, list[str]]:
    """Path parameters schemathesis cannot guess: every theme id (and "custom") and a few of
    the demo corpus's narrative ids, so the fuzzing reaches the summaries and reports rather
    than their 404s."""
    from assistant.ingest import DEMO_CORPUS
    from nlp.taxonomy import FUNDAMENTALS

    narratives = [json.loads(line)["id"] for line in Path(DEMO_CORPUS).read_text().splitlines()[:3] if line.strip()]
    return {"theme_id": [*FUNDAMENTALS, "custom"], "narrative_id": narratives}


def with_known_ids(schema: dict, ids: dict[str, list[str]]) -> dict:
    """The app's OpenAPI document with those path parameters narrowed to known values."""
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []) if isinstance(operation, dict) else []:
                if parameter.get("in") == "path" and parameter.get("name") in ids:
                    parameter["schema"] = {"type": "string", "enum": ids[parameter["name"]]}
    return schema


def har_figures(har: Path) -> dict:
    """Requests sent, statuses seen, and every 5xx (method, path, status) from a HAR file."""
    entries = json.loads(har.read_text())["log"]["entries"] if har.exists() else []
    statuses = collections.Counter(e["response"]["status"] for e in entries)
    per_route = collections.Counter()
    errors, timeouts = [], []
    for e in entries:
        method, url, status = e["request"]["method"], e["request"]["url"], e["response"]["status"]
        per_route[f"{method} /{urlsplit(url).path.split('/')[1]}"] += 1
        if status >= 500:
            errors.append({"method": method, "url": url, "status": status})
        elif status == 0:  # no answer within --request-timeout: reported, not a 5xx
            timeouts.append({"method": method, "url": url})
    hosts = {urlsplit(e["request"]["url"]).hostname for e in entries}
    return {"requests": len(entries), "statuses": dict(sorted(statuses.items())), "server_errors": errors,
            "no_answer": timeouts,
            "hosts": sorted(hosts), "per_route_prefix": dict(sorted(per_route.items()))}


def run(max_examples: int = 20, max_time: int = 600, store: Path | None = None, seed: int = 0,
        keep: Path | None = None) -> dict:
    """Start the app, fuzz it, stop it; the figures as a dict (`ok`: no 5xx, no crash)."""
    from assistant.accounts import Accounts

    st = schemathesis_cli()
    work = Path(tempfile.mkdtemp(prefix="goldenthread-fuzz-"))
    data = work / "data"
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    env.pop("GOLDENTHREAD_TRUSTED_PROXIES", None)
    started = time.monotonic()
    if store:
        shutil.copytree(store, data)
        (data / "accounts.db").unlink(missing_ok=True)
    else:
        subprocess.run([*_console(), "load-demo", "--data", str(data)], check=True, env=env, cwd=REPO,
                       stdout=subprocess.DEVNULL)
    accounts = Accounts.for_data_dir(data)
    accounts.add_user("fuzz-qa", "qa")
    token = accounts.create_token("fuzz-qa", days=1)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    log = (work / "server.log").open("w")
    server = subprocess.Popen([*_console(), "serve", "--host", "127.0.0.1", "--port", str(port), "--data", str(data)],
                              env=env, cwd=REPO, stdout=log, stderr=subprocess.STDOUT)
    har = work / "fuzz.har"
    try:
        _wait(base + "/health", server)
        ready_s = time.monotonic() - started
        with urllib.request.urlopen(base + "/openapi.json", timeout=30) as answer:
            schema = with_known_ids(json.loads(answer.read()), known_ids())
        (work / "openapi.json").write_text(json.dumps(schema))
        command = [str(st), "run", str(work / "openapi.json"), "--url", base, "--header", f"Authorization: Bearer {token}",
                   "--checks", "not_a_server_error", "--max-examples", str(max_examples), "--max-time", str(max_time),
                   "--seed", str(seed), "--workers", "1", "--request-timeout", "120", "--no-color",
                   "--continue-on-failure", "--report", "har", "--report-har-path", str(har),
                   "--generation-deterministic"]
        fuzz_started = time.monotonic()
        done = subprocess.run(command, cwd=work, capture_output=True, text=True, timeout=max_time + 300)
        fuzz_s = time.monotonic() - fuzz_started
    finally:
        stop(server)
        log.close()
    figures = har_figures(har)
    server_log = (work / "server.log").read_text()
    figures.update({"schemathesis_exit": done.returncode, "seconds_to_ready": round(ready_s, 1),
                    "seconds_fuzzing": round(fuzz_s, 1), "max_examples": max_examples, "max_time": max_time,
                    "seed": seed, "schemathesis": SCHEMATHESIS,
                    "summary": [line for line in done.stdout.splitlines() if line.strip()][-12:],
                    "server_tracebacks": server_log.count("Traceback")})
    figures["ok"] = not figures["server_errors"] and figures["requests"] > 0 and not figures["server_tracebacks"]
    if keep:
        keep.mkdir(parents=True, exist_ok=True)
        shutil.copy(har, keep / "fuzz.har") if har.exists() else None
        (keep / "server.log").write_text(server_log)
        (keep / "schemathesis.txt").write_text(done.stdout + done.stderr)
    shutil.rmtree(work, ignore_errors=True)
    return figures


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--max-examples", type=int, default=20)
    parser.add_argument("--max-time", type=int, default=600)
    parser.add_argument("--store", type=Path, help="A data folder to copy instead of loading the demo corpus.")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", type=Path, help="Copy the HAR, server log and schemathesis output here.")
    args = parser.parse_args(argv)
    figures = run(args.max_examples, args.max_time, args.store, args.seed, args.keep)
    print(json.dumps(figures, indent=1))
    return 0 if figures["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())

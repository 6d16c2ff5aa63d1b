"""Load test: N concurrent users against `goldenthread serve --workers W` on 127.0.0.1,
bounded in time. Each user signs in (the login form, with its CSRF cookie), then loops:
a search on the search page, a theme summary of a filtered slice (JSON), and every fifth
round signs out and in again. Reports requests, errors and p50/p95 per kind.

    python -m eval.load_test --data DIR [--workers 2] [--users 20] [--seconds 120]

The server is started here on a free loopback port and stopped at the end; the users are
made in DIR's accounts.db (`loadtest-NN`, qa role) the first time. Nothing leaves 127.0.0.1.
"""
from __future__ import annotations

import argparse
import json
import os
import secrets
import statistics
import sys
import threading
import time
from pathlib import Path

from eval import local_server

import httpx

from eval.bench_serve import QUERIES

PASSWORD_FILE = "loadtest-users.json"


def ensure_users(data: Path, count: int) -> dict[str, str]:
    from assistant.accounts import AccountError, Accounts

    path = data / PASSWORD_FILE
    known = json.loads(path.read_text()) if path.exists() else {}
    accounts = Accounts.for_data_dir(data)
    for i in range(count):
        name = f"loadtest-{i:02d}"
        if name not in known:
            password = secrets.token_urlsafe(18)
            try:
                accounts.add_user(name, "qa", password)
            except AccountError:
                continue  # made by an earlier run whose password file is gone
            known[name] = password
    path.write_text(json.dumps(known))
    os.chmod(path, 0o600)
    return known


def sign_in(client: httpx.Client, name: str, password: str) -> httpx.Response:
    client.get("/login")
    token = client.cookies.get("gt_login_csrf", "")
    return client.post("/login", data={"username": name, "password": password, "csrf_token": token})


failures: list = []  # (kind, status code or exception name) of every failed request


def user_loop(base: str, name: str, password: str, deadline: float, months: tuple[str, str], out: list) -> None:
    with httpx.Client(base_url=base, timeout=120, follow_redirects=False) as client:
        def record(kind: str, fn):
            start = time.perf_counter()
            try:
                response = fn()
                ok = response.status_code < 400
                status = response.status_code
            except httpx.HTTPError as error:
                ok, status = False, type(error).__name__
            out.append((kind, time.perf_counter() - start, ok))
            if not ok:
                failures.append((kind, status))

        record("sign in", lambda: sign_in(client, name, password))
        rounds = 0
        while time.monotonic() < deadline:
            q = QUERIES[(rounds + hash(name)) % len(QUERIES)]
            record("search page", lambda: client.get("/", params={"q": q}))
            if time.monotonic() >= deadline:
                break
            record("summary", lambda: client.get("/themes/planning/summary", params={
                "from": months[0], "to": months[1], "legal_status": "CP"}))
            rounds += 1
            if rounds % 5 == 0 and time.monotonic() < deadline:
                client.cookies.clear()
                record("sign in", lambda: sign_in(client, name, password))


def warm_up(base: str, name: str, password: str, months: tuple[str, str], out: list) -> None:
    with httpx.Client(base_url=base, timeout=900, follow_redirects=False) as client:
        sign_in(client, name, password)
        out.append(client.get("/", params={"q": QUERIES[0]}).status_code)
        out.append(client.get("/themes/planning/summary", params={
            "from": months[0], "to": months[1], "legal_status": "CP"}).status_code)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def run(data: Path, workers: int, users: int, seconds: float) -> dict:
    span = local_server.recent_span(data)
    known = ensure_users(data, users)
    server, base = local_server.start(data, "loadtest-server.log", ("--workers", str(workers)))
    try:
        # each worker loads its models on first use: a warm-up search and summary on several
        # connections at once (so every worker gets some), not timed
        warm: list = []
        warm_threads = [threading.Thread(target=warm_up, args=(base, n, p, span, warm))
                        for n, p in list(known.items())[:max(4, workers * 4)]]
        for t in warm_threads:
            t.start()
        for t in warm_threads:
            t.join()
        out: list = []
        deadline = time.monotonic() + seconds
        threads = [threading.Thread(target=user_loop, args=(base, n, p, deadline, span, out))
                   for n, p in list(known.items())[:users]]
        start = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - start
    finally:
        local_server.stop(server)
    kinds = {}
    for kind in sorted({k for k, _, _ in out}):
        times = [t for k, t, _ in out if k == kind]
        kinds[kind] = {"requests": len(times), "errors": sum(1 for k, _, ok in out if k == kind and not ok),
                       "p50_ms": round(1000 * statistics.median(times), 1),
                       "p95_ms": round(1000 * percentile(times, 0.95), 1)}
    every = [t for _, t, _ in out]
    return {"workers": workers, "users": users, "seconds": round(wall, 1), "requests": len(out),
            "errors": sum(1 for _, _, ok in out if not ok), "p95_ms": round(1000 * percentile(every, 0.95), 1),
            "by_kind": kinds, "summary_slice": {"from": span[0], "to": span[1], "legal_status": "CP"},
            "warm_up_statuses": sorted(set(warm)),
            "failures": {f"{k}: {st}": sum(1 for f in failures if f == (k, st)) for k, st in set(failures)}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=120)
    args = parser.parse_args()
    result = run(args.data, args.workers, args.users, args.seconds)
    print(json.dumps(result, indent=1))
    sys.exit(1 if result["errors"] else 0)


if __name__ == "__main__":
    main()

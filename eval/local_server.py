"""A goldenthread server a benchmark starts on 127.0.0.1 and stops again (the fuzz run, the load
test and the serving-memory run share it), and the store's latest two years of months that
their summaries ask for."""
from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(data: Path, log_name: str, extra: tuple[str, ...] = (), wait_s: float = 300) -> tuple[subprocess.Popen, str]:
    """`goldenthread serve` over `data` on a free loopback port, its stderr in `data/log_name`;
    returns once /health answers (RuntimeError naming the log if it exits or takes longer)."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = Path(data) / log_name
    server = subprocess.Popen([str(Path(sys.executable).parent / "goldenthread"), "serve", "--host", "127.0.0.1",
                               "--port", str(port), "--data", str(data), *extra],
                              stdout=subprocess.DEVNULL, stderr=open(log, "w"), text=True)
    started = time.perf_counter()
    while True:
        try:
            if httpx.get(f"{base}/health", timeout=5).status_code == 200:
                return server, base
        except httpx.HTTPError:
            pass
        if server.poll() is not None or time.perf_counter() - started > wait_s:
            stop(server)
            raise RuntimeError(f"the server did not start (see {log})")
        time.sleep(0.5)


def stop(server: subprocess.Popen, wait_s: float = 30) -> None:
    """SIGTERM, then SIGKILL if it has not exited within `wait_s` seconds."""
    server.terminate()
    try:
        server.wait(timeout=wait_s)
    except subprocess.TimeoutExpired:
        server.kill()


def recent_span(data: Path) -> tuple[str, str]:
    """The first and last of the store's latest 24 audit months (a summary's period)."""
    from index.store import Store

    frame = Store(data).columns().frame
    months = sorted({m for m in frame.get("date", []) if isinstance(m, str) and m})
    return (months[max(0, len(months) - 24)], months[-1]) if months else ("2020-01", "2020-12")

"""Stopping a server a benchmark started on 127.0.0.1 (the fuzz run and the load test share it)."""
from __future__ import annotations

import subprocess


def stop(server: subprocess.Popen, wait_s: float = 30) -> None:
    """SIGTERM, then SIGKILL if it has not exited within `wait_s` seconds."""
    server.terminate()
    try:
        server.wait(timeout=wait_s)
    except subprocess.TimeoutExpired:
        server.kill()

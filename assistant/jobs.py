"""Background jobs for work too long for one request (a large API ingest): started in a
thread, each owned by the user who started it, with progress as counts (no text)."""
from __future__ import annotations

import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Job:
    id: str
    owner: str
    kind: str
    total: int
    done: int = 0
    state: str = "queued"  # queued, running, done, failed
    result: dict | None = None
    error: str | None = None
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def advance(self, done: int) -> None:
        with self.lock:
            self.done = max(self.done, min(done, self.total))

    def as_json(self) -> dict:
        with self.lock:
            out = {"id": self.id, "kind": self.kind, "state": self.state, "done": self.done, "total": self.total}
            if self.result is not None:
                out["result"] = self.result
            if self.error is not None:
                out["error"] = self.error
            return out


class Jobs:
    """This process's jobs (the newest `limit` kept once finished)."""

    def __init__(self, limit: int = 200):
        self.limit = limit
        self._items: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()

    def start(self, owner: str, kind: str, total: int, work: Callable[[Callable[[int], None]], dict],
              on_error: Callable[[Exception], str]) -> Job:
        """Run `work(advance)` in a thread; its return value is the job's result. A failure
        is kept as `on_error(exception)` (a plain message, never the exception's text)."""
        job = Job(uuid.uuid4().hex, owner, kind, total)
        with self._lock:
            self._items[job.id] = job
            finished = [k for k, j in self._items.items() if j.state in ("done", "failed")]
            for key in finished[:max(len(self._items) - self.limit, 0)]:
                del self._items[key]

        def run() -> None:
            job.state = "running"
            try:
                result = work(job.advance)
            except Exception as error:  # noqa: BLE001 - reported on the job
                with job.lock:
                    job.state, job.error = "failed", on_error(error)
                return
            with job.lock:
                job.state, job.result, job.done = "done", result, job.total

        threading.Thread(target=run, name=f"job-{job.id[:8]}", daemon=True).start()
        return job

    def get(self, job_id: str, owner: str) -> Job | None:
        """The job, or None when there is none with that id or it is someone else's."""
        with self._lock:
            job = self._items.get(job_id)
        return job if job is not None and job.owner == owner else None

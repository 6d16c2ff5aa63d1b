"""Progress of a long CLI ingest: a rich bar (narratives and findings per second, time left)
when stderr is a terminal, plain lines otherwise (logs, pipes and tests read those), and a
one-line summary at the end either way."""
from __future__ import annotations

import sys
import time
from contextlib import contextmanager


class IngestProgress:
    def __init__(self, total_narratives: int, stream=None):
        self.total = total_narratives
        self.stream = stream or sys.stderr
        self.narratives = 0
        self.findings = 0
        self.started = time.perf_counter()
        self._bar = None
        self._task = None

    # the two callbacks assistant.ingest.write calls
    def message(self, text: str) -> None:
        if self._bar is not None:
            self._bar.console.print(text, highlight=False)
        else:
            print(text, file=self.stream, flush=True)

    def advance(self, narratives: int, findings: int) -> None:
        self.narratives += narratives
        self.findings += findings
        if self._bar is not None:
            elapsed = max(time.perf_counter() - self.started, 1e-9)
            self._bar.update(self._task, advance=narratives,
                             rate=f"{self.narratives / elapsed:.1f} narratives/s, {self.findings / elapsed:.1f} findings/s")

    @contextmanager
    def shown(self):
        """The bar while the block runs (only on a terminal)."""
        if not self.stream.isatty():
            yield self
            return
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        with Progress(TextColumn("ingest"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]}"),
                      TextColumn("time left"), TimeRemainingColumn(),
                      console=Console(file=self.stream), transient=False) as bar:
            self._bar, self._task = bar, bar.add_task("ingest", total=self.total, rate="")
            try:
                yield self
            finally:
                self._bar = None

    def summary(self) -> str:
        elapsed = max(time.perf_counter() - self.started, 1e-9)
        return (f"ingest took {elapsed:.1f} s: {self.narratives} narratives ({self.narratives / elapsed:.1f}/s), "
                f"{self.findings} findings ({self.findings / elapsed:.1f}/s)")

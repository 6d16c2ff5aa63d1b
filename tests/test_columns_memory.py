"""The columns' vectors file is a memory map; a summary that read most of it hands its pages
back (index.columns.release_pages), so a serving process does not keep them counted as its own
memory between requests. Measured on this process's /proc status (Linux)."""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from index.columns import Columns, release_pages

pytestmark = pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc (Linux)")


def rss_file_mb() -> float:
    for line in Path(f"/proc/{os.getpid()}/status").read_text().splitlines():
        if line.startswith("RssFile:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no RssFile line")


def test_released_pages_leave_the_resident_set_and_read_back_the_same(tmp_path):
    n = 60_000  # 60k x 384 float32 = 88 MB
    rng = np.random.default_rng(3)
    vectors = rng.normal(size=(n, 384)).astype(np.float32)
    ids = [f"f{i}" for i in range(n)]
    columns = Columns.from_rows(1, "tok", ids, ["a finding"] * n, [{"narrative_id": f"n{i}", "version": "v",
                                                                   "position": 0} for i in range(n)], vectors)
    columns.save(tmp_path)
    loaded = Columns.load(tmp_path, 1, "tok")
    assert isinstance(loaded.vectors, np.memmap)
    view = np.asarray(loaded.vectors, dtype=np.float32).reshape(n, -1)  # as the summary corpus holds it
    before = rss_file_mb()
    total = float(view.sum(dtype=np.float64))  # reads every page
    read = rss_file_mb()
    assert read - before > 60
    assert release_pages(view) is True
    assert read - rss_file_mb() > 60
    assert float(view.sum(dtype=np.float64)) == total  # the same values, faulted back in
    assert np.array_equal(view[12345], vectors[12345])


def test_an_array_in_memory_has_nothing_to_release():
    assert release_pages(np.zeros((10, 384), np.float32)) is False
    assert release_pages(None) is False

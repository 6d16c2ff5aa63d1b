"""Is the data folder usable, and what to say when it is not.

A data folder that was made read-only, deleted or damaged under a running server used to
give tracebacks while /health said ok, and ingest kept failing after the folder was fixed
(Chroma keeps one open system per path). Here: a check that reads and writes every
database, a plain message for errors (never their text: it can carry ids or paths of
records), and `Workspace.reset` is called on storage errors so the next request reopens.
"""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path

STORAGE_MESSAGE = ("The data folder could not be read or written. Check that it exists, that this program may "
                   "write to it, that the disk is not full and that its files are not damaged (restore them from "
                   "a backup if they are), then try again.")
OTHER_MESSAGE = "Something went wrong on the server. Try again; if it keeps happening, tell your administrator."


def _from_chroma(error: BaseException) -> bool:
    if any(kind.__module__.split(".")[0] == "chromadb" for kind in type(error).__mro__):
        return True
    frame = error.__traceback__
    while frame is not None and frame.tb_next is not None:
        frame = frame.tb_next
    return frame is not None and "/chromadb/" in frame.tb_frame.f_code.co_filename.replace("\\", "/")


def is_storage_error(error: BaseException) -> bool:
    """Errors of the disk, SQLite or Chroma (which wraps both, and on a damaged file can fail
    inside its own clean-up with any type), anywhere in the chain, as opposed to bugs."""
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, (OSError, sqlite3.Error)) or _from_chroma(error):
            return True
        error = error.__cause__ or error.__context__
    return False


def plain_message(error: BaseException) -> str:
    return STORAGE_MESSAGE if is_storage_error(error) else OTHER_MESSAGE


def _sqlite_problem(path: Path) -> str | None:
    """None when the database can be read and a write transaction started (then rolled back)."""
    if not path.is_file():
        return f"{path.name} is missing"
    if not os.access(path, os.R_OK | os.W_OK):
        return f"{path.name} cannot be read and written"
    try:
        db = sqlite3.connect(f"file:{path}?mode=rw", uri=True, timeout=1)
        try:
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()
            db.execute("BEGIN IMMEDIATE")  # needs write access to the file and its folder
            db.rollback()
        finally:
            db.close()
    except sqlite3.OperationalError as error:
        if "locked" in str(error):  # an ingest is writing: busy, not broken
            return None
        return f"{path.name} cannot be read and written"
    except sqlite3.Error:
        return f"{path.name} is damaged"
    return None


def _folder_problem(folder: Path) -> str | None:
    if not folder.is_dir():
        return "the data folder is missing"
    probe = folder / f".health-{os.getpid()}"
    try:
        probe.write_bytes(b"ok")
        probe.unlink()
    except OSError:
        return "the data folder cannot be written"
    return None


def problems(ws, accounts_path: Path | None = None) -> list[str]:
    """What is wrong with the workspace's folder, store and databases (empty when all is
    well). Names files, never records."""
    found: list[str] = []
    if not ws.chroma_url:
        if problem := _folder_problem(ws.data_dir):
            return [problem]
        found.append(_sqlite_problem(ws.data_dir / "chroma" / "chroma.sqlite3")
                     if (ws.data_dir / "chroma").exists() else None)
        reviews = ws.data_dir / "reviews.db"
        found.append(_sqlite_problem(reviews) if reviews.exists() else None)
    if accounts_path is not None:
        found.append(_sqlite_problem(Path(accounts_path)))
    found = [p for p in found if p]
    if not found:
        try:
            ws.store.revision()
        except Exception as error:  # noqa: BLE001 - any failure to read is the answer
            found.append("the store cannot be read" if is_storage_error(error) else "the store failed to answer")
    return found

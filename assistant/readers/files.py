"""Which files are read, and by which reader: folders walked, unsupported files skipped, errors carried on past."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from assistant.readers.documents import _read_docx, _read_md, _read_pdf, _read_txt
from assistant.readers.records import InputError, Record
from assistant.readers.tables import _read_csv, _read_jsonl, _read_xlsx

_READERS = {
    ".jsonl": _read_jsonl,
    ".csv": _read_csv,
    ".xlsx": _read_xlsx,
    ".txt": _read_txt,
    ".md": _read_md,
    ".docx": _read_docx,
    ".pdf": _read_pdf,
}
SUPPORTED_SUFFIXES: frozenset[str] = frozenset(_READERS)


def _walk(folder: Path) -> Iterator[Path]:
    """Everything under folder, sorted by name, minus hidden entries; symlinked folders are
    yielded, not entered (no loops), and so end up 'skipped'."""
    try:
        entries = sorted(folder.iterdir(), key=lambda entry: entry.name)
    except OSError as exc:
        raise InputError(folder, None, f"cannot read folder ({exc.strerror or type(exc).__name__})")
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir() and not entry.is_symlink():
            yield from _walk(entry)
        else:
            yield entry


def list_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[Path]]:
    """(files to read, files skipped). Folders are walked recursively in sorted order; hidden
    entries are left out silently; Office lock files ('~$x.docx') and unsupported suffixes
    found in a folder are 'skipped'. A file named explicitly must have a supported suffix.
    A file reached twice (named and inside a named folder) is listed once."""
    files: list[Path] = []
    skipped: list[Path] = []
    seen: set[Path] = set()
    supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
    for given in paths:
        path = Path(given)
        if not path.exists():
            raise InputError(path, None, "no such file or folder")
        if path.is_dir():
            found = list(_walk(path))
        elif path.suffix.lower() in SUPPORTED_SUFFIXES:
            found = [path]
        else:
            kind = f"'{path.suffix}'" if path.suffix else "(no file extension)"
            raise InputError(path, None, f"unknown format {kind}; supported: {supported}")
        for file in found:
            if (file.is_file() and file.suffix.lower() in SUPPORTED_SUFFIXES
                    and not file.name.startswith("~$")):
                if file.resolve() not in seen:
                    seen.add(file.resolve())
                    files.append(file)
            else:
                skipped.append(file)
    return files, skipped


def _read_files(files: list[Path], split_headings: bool) -> Iterator[Record | InputError]:
    for path in files:
        try:
            yield from _READERS[path.suffix.lower()](path, split_headings)
        except InputError as exc:
            yield exc
        except OSError as exc:
            yield InputError(path, None, f"cannot read file ({exc.strerror or type(exc).__name__})")


def read_records(paths: Iterable[str | Path],
                 split_headings: bool = False) -> Iterator[Record | InputError]:
    """Each record, or an InputError for each bad row/file, carrying on after errors (the
    caller decides whether to stop or skip). Errors of list_files are raised at call time."""
    files, _ = list_files(paths)
    return _read_files(files, split_headings)

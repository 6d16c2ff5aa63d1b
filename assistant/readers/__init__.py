"""Find narrative records in the files councils actually hand over.

Readers only locate rows/documents and map column names onto the canonical `Narrative`
field names; they neither validate nor normalise values (ingest does that, with
`Narrative`). Every problem is reported as an `InputError` naming the file and the place
(line, row, sheet) and the kind of problem, never the content: the text is about children.
"""
from __future__ import annotations

from assistant.readers.records import FIELD_ALIASES, InputError, Record
from assistant.readers.tables import XLSX_HEADER_ROWS
from assistant.readers.files import SUPPORTED_SUFFIXES, list_files, read_records

__all__ = ["FIELD_ALIASES", "XLSX_HEADER_ROWS", "InputError", "Record", "SUPPORTED_SUFFIXES", "list_files", "read_records"]

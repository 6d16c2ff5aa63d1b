"""Characters a document cannot hold, removed on the way in and again on the way out.

XML 1.0 (so DOCX, and the HTML a browser parses) has no room for NUL, most C0 control
characters, lone surrogates or U+FFFE/U+FFFF; one of them in a stored finding made every
DOCX report of its slice fail. Ingest removes them (and says how many); reports clean
their input again, for stores filled before this check existed.
"""
from __future__ import annotations

import re

# Tab, line feed and carriage return are allowed; vertical tab and form feed are line and
# page breaks in Word and Excel exports, so they become line breaks rather than vanish.
_BREAKS = re.compile("[\x0b\x0c]")
_INVALID = re.compile("[\x00-\x08\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
REMOVED_MESSAGE = ("removed {n} control character(s) that documents cannot hold (NUL, vertical tab and the "
                   "like; vertical tab and form feed became line breaks)")


def clean(text: str) -> tuple[str, int]:
    """(text without XML-invalid characters, how many were removed or replaced)."""
    text, breaks = _BREAKS.subn("\n", text)
    text, removed = _INVALID.subn("", text)
    return text, breaks + removed


def clean_fields(fields: dict) -> tuple[dict, int]:
    """Every string value cleaned; the total count."""
    total, out = 0, {}
    for key, value in fields.items():
        if isinstance(value, str):
            value, n = clean(value)
            total += n
        out[key] = value
    return out, total


def clean_tree(node):
    """A copy of a JSON-like tree (dicts, lists, strings) with every string cleaned."""
    if isinstance(node, str):
        return clean(node)[0]
    if isinstance(node, dict):
        return {key: clean_tree(value) for key, value in node.items()}
    if isinstance(node, (list, tuple)):
        return [clean_tree(value) for value in node]
    return node

"""The name gazetteer: first and last names of the populations English councils serve.

Why: spaCy's small NER does not know many names of non-English origin ("Chidinma",
"Wiśniewski"), and the context rules need a verb or a title nearby. A list of real names
is a signal of its own. The lists (nlp/data/names_first.txt, names_last.txt) were extracted
once from names-dataset 3.3.1 (MIT) by eval/scripts/extract_names.py; each file's header
says which countries and ranks. A name that is also a common English word ("Will", "Rose",
"Brook", "Baker") is not enough on its own: callers ask `uncommon_name`.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).parent / "data"
_COMMON = 4.3  # the redactor's wordfreq Zipf threshold for "a common English word"


@lru_cache(maxsize=1)
def gazetteer() -> tuple[frozenset[str], frozenset[str]]:
    """(first names, last names), title-cased, as shipped."""
    out = []
    for kind in ("first", "last"):
        path = DATA / f"names_{kind}.txt"
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError:
            lines = []
        out.append(frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#")))
    return out[0], out[1]


def key(word: str) -> str:
    """The dataset's spelling: apostrophes out, title case ("O'Brien" -> "Obrien", "McDonald" -> "Mcdonald")."""
    word = word.replace("'", "").replace("’", "")
    return word[:1].upper() + word[1:].lower()


def is_name(word: str) -> bool:
    first, last = gazetteer()
    k = key(word)
    return k in first or k in last


def listed_first(word: str) -> bool:
    """A first name of the gazetteer (the redactor's rules ask this of one word at a time)."""
    return key(word) in gazetteer()[0]


@lru_cache(maxsize=1)
def names_not_words() -> frozenset[str]:
    """nlp/data/names_not_words.txt: names wordfreq counts as common words only because they are
    frequent names ("Sean", "Daniel"); capitalised, they are no English word."""
    try:
        lines = (DATA / "names_not_words.txt").read_text(encoding="utf-8").splitlines()
    except OSError:
        return frozenset()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=65536)
def common_word(word: str) -> bool:
    from wordfreq import zipf_frequency
    return word not in names_not_words() and zipf_frequency(word.lower(), "en") >= _COMMON


def uncommon_name(word: str) -> bool:
    """A listed name that is not also a common English word ("Okafor", "Siobhan", not "Will")."""
    return len(word) > 1 and is_name(word) and not common_word(word)


_WORD_SPLIT = re.compile(r"[^A-Za-zÀ-ÿĀ-ž'’]+|(?<=[a-zà-ÿ])(?=[A-Z])")


def words_of_identifier(value: str) -> list[str]:
    """"kayden_pike-notes.docx", "KaydenPike2021" -> the words in an id or a file name."""
    return [w for w in _WORD_SPLIT.split(value) if w and any(c.isalpha() for c in w)]


def names_in_identifier(value: str) -> list[str]:
    """The words of an id or a file name that look like a person's name: a listed first name
    that is not a common word, or a listed surname rarer still ("demo", "blank" are listed
    surnames; "okafor", "kayden", "tyler" are names). Short lower-case words ("api", "aud")
    are codes, not names."""
    from wordfreq import zipf_frequency

    first, last = gazetteer()
    found = []
    for word in words_of_identifier(value):
        word = word.strip("'’")
        if len(word) < 2 or (len(word) <= 3 and word.islower()):
            continue
        k = key(word)
        zipf = zipf_frequency(word.lower(), "en")
        if (k in first and zipf < _COMMON) or (k in last and zipf < 3.5):
            found.append(word)
    return found

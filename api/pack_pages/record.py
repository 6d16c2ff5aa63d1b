"""The record on an Ambassador's review page: a marked phrase found, hard words and the child's voice shown as HTML, readability in words."""
from __future__ import annotations

import re

from markupsafe import Markup, escape


def find_phrase(text: str, phrase: str, start: str | None = None, end: str | None = None) -> tuple[int, int, str]:
    """Where a marked phrase is: the offsets the page's script sent when they still match,
    else its first occurrence (ignoring case and line breaks), so typing it works too."""
    phrase = (phrase or "").strip()
    if not phrase:
        raise ValueError("Type or select the phrase you want to mark.")
    if start and end and start.isdigit() and end.isdigit() and text[int(start):int(end)].strip() == phrase:
        s, e = int(start), int(end)
        while text[s].isspace():
            s += 1
        while text[e - 1].isspace():
            e -= 1
        return s, e, text[s:e]
    pattern = r"\s+".join(re.escape(word) for word in phrase.split())
    found = re.search(pattern, text, flags=re.IGNORECASE)
    if found is None:
        raise ValueError("We couldn't find that phrase in the record. Copy it exactly as it is written.")
    return found.start(), found.end(), found.group(0)


FEEL = "may_not_feel_right"


def numbered_flags(jargon: list[dict]) -> list[dict]:
    """The flags shown, in text order, overlaps dropped, each with its note number `n`."""
    flags, last_end = [], -1
    for flag in sorted(jargon, key=lambda f: (f["start"], -f["end"])):
        if flag["start"] >= last_end and flag["end"] > flag["start"]:
            flags.append(dict(flag, n=len(flags) + 1))
            last_end = flag["end"]
    return flags


def annotate(text: str, jargon: list[dict], voice: list[dict]) -> Markup:
    """The record as HTML: hard words in <mark> with a numbered link to a note, and their plain
    words in a tooltip shown on hover and when the link has keyboard focus; language that may
    not feel right in <mark class="feel"> (dashed line, a ◇ by its number, and said in words);
    the child's voice underlined, with its start and end said in words for screen readers.
    Every piece of the text sits in a <span data-o="offset"> so the script can turn a selection
    into offsets."""
    flags = numbered_flags(jargon)
    # child's voice spans: merged, and widened so no hard word straddles one's edge
    spans: list[list[int]] = []
    for ev in sorted(voice, key=lambda v: v["start"]):
        s, e = ev["start"], ev["end"]
        for f in flags:
            if f["start"] < s < f["end"]:
                s = f["start"]
            if f["start"] < e < f["end"]:
                e = f["end"]
        if spans and s <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], e)
        elif e > s:
            spans.append([s, e])
    events: dict[int, list[tuple[int, str, object]]] = {}
    for s, e in spans:
        events.setdefault(s, []).append((1, "voice_open", None))
        events.setdefault(e, []).append((0, "voice_close", None))
    for f in flags:
        events.setdefault(f["start"], []).append((2, "jargon", (f["n"], f)))

    out, pos = [], 0

    def plain_text(upto: int) -> None:
        nonlocal pos
        if upto > pos:
            out.append(f'<span data-o="{pos}">{escape(text[pos:upto])}</span>')
            pos = upto

    for at in sorted(events):
        if at < pos:
            continue
        plain_text(at)
        for _, what, data in sorted(events[at], key=lambda x: x[0]):
            if what == "voice_close":
                out.append('<span class="visually-hidden"> (end of the child\'s voice)</span></span>')
            elif what == "voice_open":
                out.append('<span class="voice"><span class="visually-hidden">(the child\'s voice:) </span>')
            else:
                number, f = data
                if f.get("kind") == FEEL:
                    tip = "May not feel right" + (f". Try: {f['plain']}" if f.get("plain") else ".")
                    out.append(
                        f'<span class="term feel"><mark class="feel"><span data-o="{f["start"]}">'
                        f'{escape(text[f["start"]:f["end"]])}</span></mark><a class="note-ref" href="#note-{number}" '
                        f'aria-describedby="tip-{number}" aria-label="{escape(f["span"])}: note {number}, language '
                        f'that may not feel right">[◇{number}]</a>'
                        f'<span class="tip" role="tooltip" id="tip-{number}">{escape(tip)}</span></span>')
                    pos = f["end"]
                    continue
                tip = f"Plain words: {f['plain']}" if f.get("plain") else "This may be hard to understand."
                out.append(
                    f'<span class="term"><mark><span data-o="{f["start"]}">{escape(text[f["start"]:f["end"]])}'
                    f'</span></mark><a class="note-ref" href="#note-{number}" aria-describedby="tip-{number}" '
                    f'aria-label="{escape(f["span"])}: note {number}">[{number}]</a>'
                    f'<span class="tip" role="tooltip" id="tip-{number}">{escape(tip)}</span></span>')
                pos = f["end"]
    plain_text(len(text))
    return Markup("".join(out))


def readability_parts(r: dict | None) -> list[tuple[str, str]]:
    """The readability figures, each named in plain words."""
    if not r:
        return []
    parts = [("Words", str(r.get("words"))), ("Sentences", str(r.get("sentences")))]
    if r.get("flesch_reading_ease") is not None:
        parts.append(("Reading ease (0 is very hard, 100 is very easy)", str(r["flesch_reading_ease"])))
    if r.get("reading_age") is not None:
        parts.append(("Reading age (years)", str(r["reading_age"])))
    wps = r.get("words_per_sentence") or {}
    if wps:
        parts.append(("Words in a sentence", f"{wps.get('mean')} on average, {wps.get('longest')} in the longest"))
    passive = r.get("passive_voice") or {}
    if passive:
        share = round(100 * (passive.get("share") or 0))
        example = ", ".join(f"“{p}”" for p in (passive.get("phrases") or [])[:4])
        parts.append(("Sentences that hide who did what (passive voice)",
                      f"{passive.get('sentences')} ({share}%)" + (f", for example {example}" if example else "")))
    if r.get("jargon_per_100_words") is not None:
        parts.append(("Hard words in every 100 words", str(r["jargon_per_100_words"])))
    access = r.get("accessibility") or {}
    if access:
        names = {"reading_ease": "reading ease", "sentence_length": "sentence length",
                 "passive_voice": "passive voice", "jargon_density": "hard words"}
        detail = ", ".join(f"{names.get(k, k)} {v}" for k, v in (access.get("parts") or {}).items())
        parts.append(("How easy to read overall (0 to 100)",
                      f"{access.get('score')}" + (f" ({detail})" if detail else "")))
    return parts

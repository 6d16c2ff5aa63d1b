"""The chat's language answers: pasted text checked for jargon, readability and the child's
voice; and a question about one word or phrase ("alternatives to 'robust'", "how would I explain
'threshold' to a parent", "plainer word for respite") answered from the jargon lexicon: its
plain alternatives, why it is flagged and who said so. Why a lexicon look-up and not a
check of pasted text: there is no text to check, and the lexicon is where the product's
advice on a word is kept (QA-accepted additions included, so the live component's entries
are read rather than the file)."""
from __future__ import annotations

import re

from nlp.jargon import KIND_WORDS, JargonEntry, entry_kind, load_lexicon

SHORT_QUOTE_RE = re.compile(r"[\"\u201c\u2018]([^\"\u201d\u2019]{1,40})[\"\u201d\u2019]|(?<!\w)'([^']{1,40})'(?!\w)")


def lexicon_entries() -> list[JargonEntry]:
    """The live lexicon of the analysis pipeline, or the shipped file where it is not loaded."""
    from nlp.pipeline import load_analysis

    nlp = load_analysis()
    if "gt_jargon" in nlp.pipe_names:
        return nlp.get_pipe("gt_jargon").entries
    return load_lexicon()


def _mentions(question: str, entry: JargonEntry) -> bool:
    flags = 0 if entry.acronym_like else re.I  # "CP" is an acronym; "cp" in a sentence is not asked about
    return re.search(r"(?<![\w-])" + re.escape(entry.term) + r"(?:s|es)?(?![\w-])", question, flags) is not None


def find_term(question: str, entries: list[JargonEntry]) -> str | None:
    """The word or phrase asked about: a short quotation, else the longest lexicon term in the
    question (acronyms as written), else None."""
    m = SHORT_QUOTE_RE.search(question)
    if m and len((m.group(1) or m.group(2)).split()) <= 5:
        return (m.group(1) or m.group(2)).strip(" ?.!,")
    named = [e.term for e in entries if _mentions(question, e)]
    return max(named, key=len) if named else None


def lookup(term: str, entries: list[JargonEntry]) -> JargonEntry | None:
    """The entry for a term (case and a plural folded), else the longest entry inside it
    ("conceptualise the risk" -> "conceptualise")."""
    by_term = {e.term.lower(): e for e in entries}
    key = term.lower().strip()
    for candidate in (key, re.sub(r"(?:es|s)$", "", key), re.sub(r"s$", "", key)):
        if candidate in by_term:
            return by_term[candidate]
    inside = [e for e in entries if len(e.term) > 2 and _mentions(term, e)]
    return max(inside, key=lambda e: len(e.term)) if inside else None


def describe(term: str, entry: JargonEntry | None) -> tuple[list[str], dict]:
    """The answer's sentences and the turn's record for one term."""
    if entry is None:
        return ([f"\"{term}\" is not in the jargon lexicon, so I have no plainer wording to suggest for it. "
                 "To check a sentence for jargon, readability and the child's voice, paste it after the question, "
                 "in quotes."], {"term": term, "in_lexicon": False})
    kind = entry_kind(entry)
    said = [f"\"{entry.term}\" is in the jargon lexicon as {KIND_WORDS.get(kind, kind)}."]
    said.append(f"Plainer: {entry.plain}." if entry.plain else "The lexicon has no plain alternative for it yet.")
    if entry.why:
        said.append(f"Why: {entry.why}")
    if entry.source:
        said.append(f"Source: {entry.source}.")
    said.append("These are suggestions; the writer and the child choose the words.")
    return said, {"term": term, "in_lexicon": True, "entry": entry.term, "plain": entry.plain, "why": entry.why,
                  "source": entry.source, "kind": kind}


# -- the chat's answers ------------------------------------------------------------------
def answer_language(ws, parsed: dict, answer) -> dict | None:
    """Check pasted text. It is redacted first, like everything the product shows."""
    from assistant.chat import redact_text
    from nlp.analysis import analyse
    from nlp.pipeline import load_analysis

    text = (parsed.get("text") or "").strip()
    if not text:
        return None
    redacted = redact_text(ws, text)
    result = analyse(load_analysis(), [{"id": "pasted", "text": redacted}])[0]
    flags = result["jargon"]
    if flags:
        listed = "; ".join(f"\"{j['span']}\"" + (f" (try: {j['plain']})" if j.get("plain") else "") for j in flags[:8])
        answer.say(f"{len(flags)} word{'s' if len(flags) != 1 else ''} or phrase{'s' if len(flags) != 1 else ''} "
                   f"may be hard for a child or parent to follow: {listed}. These are suggestions; the writer and the "
                   f"child choose the words.")
    else:
        answer.say("I found no jargon from the lexicon in this text.")
    readability = result["readability"] or {}
    access = (readability.get("accessibility") or {}).get("score")
    if access is not None:
        answer.say(f"Accessibility score {access:.0f} out of 100 (Flesch reading ease "
                   f"{readability.get('flesch_reading_ease', 0):.0f}).")
    voice = result["child_voice"]
    if voice["label"] == "present":
        answer.say("The child's own voice shows here: " + "; ".join(f"\"{e['text']}\"" for e in voice["evidence"][:3]) + ".")
    elif voice["label"] == "absent":
        answer.say("I found no evidence of the child's own voice: nothing they said, felt or wished.")
    return {"text": redacted, **result}


def answer_term(ws, question: str, answer) -> dict | None:
    """A question about one word without pasted text: the lexicon's entry for it (redacted)."""
    from assistant.chat import redact_text

    entries = lexicon_entries()
    term = find_term(question, entries)
    if not term:
        return None
    term = redact_text(ws, term)
    said, record = describe(term, lookup(term, entries))
    for sentence in said:
        answer.say(sentence)
    return record

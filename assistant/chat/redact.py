"""Questions redacted before they are echoed or kept: the redactor, then uncommon capitalised words (names)."""
from __future__ import annotations

import re

from assistant import service


def redact_text(ws: service.Workspace, text: str) -> str:
    """Questions can carry names; nothing the product echoes or keeps is raw. A question is
    too short for the redactor's context rules ("Is Kayden Pike at risk?" has no verb of
    speech), so capitalised runs of uncommon words that are not team names go too."""
    if not text.strip():
        return text
    from nlp.redact import redact_alone

    redacted, _ = redact_alone(ws.nlp, text)
    teams = " ".join(service.distinct_values(ws.store)["team"]).lower().split()
    return redact_uncommon_capitalised(redacted, set(teams))


CAPITALISED_RUN = re.compile(r"(?<![\w\[-])[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+)*")


def redact_uncommon_capitalised(text: str, keep_words: set[str]) -> str:
    from wordfreq import zipf_frequency

    def uncommon(word: str) -> bool:
        return (word.lower() not in keep_words and word.lower() not in KNOWN_WORDS
                and zipf_frequency(word.lower().strip("'’"), "en") < 3.5)

    def replace(match: re.Match) -> str:
        words = match.group(0).split()
        if not any(uncommon(w) for w in words):
            return match.group(0)
        # the uncommon words and the capitalised words joined to them are one name
        out = [w if not uncommon(w) and (n == 0 or n == len(words) - 1 and not uncommon(words[n - 1])) else "[NAME]"
               for n, w in enumerate(words)]
        return re.sub(r"\[NAME\](?:\s+\[NAME\])+", "[NAME]", " ".join(out))
    return CAPITALISED_RUN.sub(replace, text)


KNOWN_WORDS = {m.lower() for m in ("January February March April May June July August September October November "
                                   "December Ofsted Annex").split()}

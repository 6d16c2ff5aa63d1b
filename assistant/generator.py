"""An optional generator that rephrases the extractive draft, for a council that runs a
local model server with an OpenAI-compatible API (GOLDENTHREAD_GENERATOR_URL, e.g.
http://127.0.0.1:8080/v1, and GOLDENTHREAD_GENERATOR_MODEL).

Nothing requires it. What it returns is served only when every sentence can be matched
back to the findings the draft cited: each sentence keeps a valid citation marker, its
quotes are verbatim in a cited finding, its numbers are the draft's and its words come
from the draft or the cited findings. Otherwise the extractive draft is served.
"""
from __future__ import annotations

import json
import os
import re
import urllib.request
from dataclasses import dataclass

from index.search import tokenize

PROMPT = ("You rewrite answers about children's social-care audit findings so they read plainly. "
          "Keep every citation marker like [1] on the sentence it supports. Do not add facts, numbers, names "
          "or quotes; keep quotes word for word. Answer with the rewritten text only.")
MARKER = re.compile(r"\[(\d+)\]")
QUOTE = re.compile(r"[\"“]([^\"”]{8,})[\"”]")
NUMBER = re.compile(r"\d+(?:\.\d+)?")
SENTENCE_END = re.compile(r"(?<=[.!?])(?:\s*\[\d+\])*\s+(?=[A-Z\"“])")
MIN_WORD_SUPPORT = 0.8
MAX_NEW_WORDS = 1  # words a rephrasing may bring that the draft and its findings do not hold
GLUE = frozenset(tokenize("we us our they them there these those among overall total also found find shows show "
                          "about around across including just here"))


@dataclass
class Generator:
    url: str
    model: str = "local"
    timeout: float = 30.0

    @classmethod
    def from_env(cls) -> "Generator | None":
        url = os.environ.get("GOLDENTHREAD_GENERATOR_URL")
        if not url:
            return None
        return cls(url.rstrip("/"), os.environ.get("GOLDENTHREAD_GENERATOR_MODEL", "local"))

    def __call__(self, draft: str) -> str:
        body = json.dumps({"model": self.model, "temperature": 0,
                           "messages": [{"role": "system", "content": PROMPT}, {"role": "user", "content": draft}]})
        request = urllib.request.Request(f"{self.url}/chat/completions", data=body.encode(),
                                         headers={"Content-Type": "application/json"}, method="POST")
        with urllib.request.urlopen(request, timeout=self.timeout) as response:
            reply = json.loads(response.read())
        return reply["choices"][0]["message"]["content"].strip()


def split_sentences(text: str) -> list[str]:
    """Sentences with their trailing markers kept on them."""
    parts, start = [], 0
    for match in SENTENCE_END.finditer(text):
        parts.append(text[start:match.end()].strip())
        start = match.end()
    parts.append(text[start:].strip())
    return [p for p in parts if p]


def supported(sentence: str, answer) -> bool:
    """Can this generated sentence be matched back to what the draft cited?"""
    numbered = list(answer.cited.values())
    markers = [int(n) for n in MARKER.findall(sentence)]
    if any(not 1 <= n <= len(numbered) for n in markers):
        return False
    cited = [numbered[n - 1] for n in markers]
    cited_ids = {c["finding_id"] for c in cited}
    drafted = [s["text"] for s in answer.sentences if set(s["citations"]) & cited_ids] if markers else \
              [s["text"] for s in answer.sentences if not s["citations"]]
    if not drafted:
        return False
    source = " ".join(drafted + [c["text"] for c in cited])
    for quoted in QUOTE.findall(sentence):
        if not any(quoted.strip() in c["text"] for c in cited):
            return False
    bare = MARKER.sub(" ", sentence)
    if not set(NUMBER.findall(bare)) <= set(NUMBER.findall(" ".join(drafted))):
        return False
    words = set(tokenize(bare)) - GLUE
    if not words:
        return True
    new = words - set(tokenize(source))
    return len(new) <= MAX_NEW_WORDS and 1 - len(new) / len(words) >= MIN_WORD_SUPPORT


def rephrase_or_keep(generator, answer) -> tuple[str, bool]:
    """(text served, whether it is the generator's). Any failure serves the draft."""
    draft = answer.as_text()
    try:
        rephrased = generator(draft)
    except Exception:  # a model server down or misbehaving must never block an answer
        return draft, False
    sentences = split_sentences(rephrased)
    if sentences and all(supported(s, answer) for s in sentences):
        return rephrased, True
    return draft, False

"""Re-scan a store with today's redactor, and re-redact in place what it would still remove.

Why: a store written by an older redactor can hold names the current one removes (issue 14:
a team called "A" switched name redaction off). The check reads every live narrative and
finding, runs the redactor again, and counts what it would still redact, by type and by
narrative, never showing the text. With `fix=True` the changed narratives get a new version
through the store's own stage/commit path (new findings staged, one commit makes them live,
then the old ones are collected), so a run killed before its commit leaves the store as it
was. Team and service are used as keep phrases only where they pass the same test as at
ingest (two letters, no placeholder) and carry no name themselves.
"""
from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable

from index.search import with_context
from index.store import Store, finding_key
from nlp.redact import Redaction, apply_redactions, usable_keep_phrase

CHUNK = 32


def keep_phrases(nlp, values) -> tuple[str, ...]:
    """Team and service values safe to protect: usable, and unchanged when redacted alone."""
    keep = []
    for value in values:
        if not isinstance(value, str) or not usable_keep_phrase(value.strip()):
            continue
        if nlp(value)._.redactions:
            continue  # "Aisha Khan" as a team name protects nothing
        keep.append(value.strip())
    return tuple(keep)


def redact_with(nlp, text: str, keep: tuple[str, ...], names: set[str] = frozenset()) -> tuple[str, list[Redaction]]:
    """text redacted (its own redactions, plus whole-word repeats of names found elsewhere)."""
    doc = nlp.make_doc(text)
    doc.user_data["keep"] = keep
    found = list(nlp(doc)._.redactions)
    if names:
        pattern = re.compile(r"(?<![\w'’-])(?:" + "|".join(sorted(map(re.escape, names), key=len, reverse=True))
                             + r")(?![\w'’-])")
        for m in pattern.finditer(text):
            if not any(r.start < m.end() and m.start() < r.end for r in found):
                found.append(Redaction(m.start(), m.end(), "NAME"))
        found.sort(key=lambda r: r.start)
    return apply_redactions(text, found), found


def check_store(store: Store, nlp, embedder=None, fix: bool = False,
                progress: Callable[[str], None] | None = None) -> dict:
    """Counts of what the current redactor would still remove; with fix, re-redact in place."""
    mentions: Counter = Counter()
    narratives_with: Counter = Counter()
    scanned = {"narratives": 0, "findings": 0}
    changed: list[tuple[dict, str, list]] = []  # (narrative metadata, new text, [(finding, new text)])
    for meta in store.narrative_metadatas():
        nid = meta["narrative_id"]
        record = store.narrative(nid)
        if record is None:
            continue
        keep = keep_phrases(nlp, (meta.get("team"), meta.get("service")))
        text, found = redact_with(nlp, record["text"], keep)
        names = {record["text"][r.start:r.end] for r in found if r.label == "NAME"}
        labels = Counter(r.label for r in found)
        new_findings = []
        for finding in store.findings_of(nid):
            new_text, f_found = redact_with(nlp, finding.text, keep, names)
            labels.update(r.label for r in f_found)
            new_findings.append((finding, new_text))
            scanned["findings"] += 1
        scanned["narratives"] += 1
        mentions.update(labels)
        narratives_with.update(labels.keys())
        if labels:
            changed.append((record["metadata"], text, new_findings))
    result = {
        "scanned": scanned,
        "to_redact": {label: {"mentions": mentions[label], "narratives": narratives_with[label]}
                      for label in sorted(mentions)},
        "narratives_affected": len(changed),
        "fixed": 0,
        "revision": store.revision(),
    }
    if fix and changed:
        result["revision"] = _rewrite(store, changed, embedder, progress)
        result["fixed"] = len(changed)
    return result


def _rewrite(store: Store, changed: list, embedder, progress) -> int:
    """Stage the re-redacted findings (re-embedded), then commit every narrative at once."""
    import numpy as np

    with store.writing():
        store.collect_garbage()
        ids, texts, metas, vecs = [], [], [], []
        for start in range(0, len(changed), CHUNK):
            chunk = changed[start:start + CHUNK]
            f_ids, f_texts, f_metas, contexts, sizes = [], [], [], [], []
            for meta, text, findings in chunk:
                version = hashlib.sha256(json.dumps(
                    [meta["version"], "recheck", text, [t for _, t in findings]]).encode()).hexdigest()[:16]
                new_texts = [t for _, t in findings]
                contexts += with_context(new_texts)
                sizes.append(len(findings))
                for finding, new_text in findings:
                    position = finding.metadata["position"]
                    f_ids.append(finding_key(meta["narrative_id"], version, position))
                    f_texts.append(new_text)
                    f_metas.append({**finding.metadata, "version": version})
                ids.append(meta["narrative_id"])
                texts.append(text)
                metas.append({**meta, "version": version})
            vectors = embedder(contexts) if contexts else np.zeros((0, 384), dtype=np.float32)
            if f_ids:
                store.stage(f_ids, f_texts, f_metas, vectors)
            offset = 0
            for size in sizes:
                part = vectors[offset:offset + size]
                offset += size
                mean = part.mean(axis=0) if len(part) else np.eye(1, vectors.shape[1] if vectors.size else 384)[0]
                vecs.append(mean / (np.linalg.norm(mean) or 1.0))
            if progress:
                progress(f"staged {len(f_ids)} re-redacted findings from {len(chunk)} narratives")
        revision = store.commit(ids, texts, metas, np.vstack(vecs))
        store.collect_garbage()
    return revision

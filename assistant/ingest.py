"""Ingest: read, validate, redact, split into findings, embed, then stage and commit.

Everything is validated before the store is touched, so one bad row stops the ingest with
the store unchanged (or, with skip_bad, the good rows go in and the bad are listed).
Raw text lives only in memory here: what reaches the store, the report and the errors is
redacted or says only where the problem is.
"""
from __future__ import annotations

import hashlib
import json
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from assistant.narratives import Narrative, explain_validation_error
from assistant.readers import InputError, list_files, read_records
from index.ranking import record_vectors
from index.search import fundamental_key, month_number, with_context
from index.store import Store, finding_key
from nlp.redact import IDENTIFIER_PATTERNS

PIPELINE_VERSION = "3"  # 2: stance_score stored; 3: whole-record vectors
CHUNK = 32
DEMO_CORPUS = Path(__file__).parent / "demo" / "narratives.jsonl"


class IngestError(Exception):
    """Input that cannot be loaded; .errors name file and place, never content."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("; ".join(errors))


@dataclass
class IngestReport:
    files: int = 0
    narratives: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    findings: int = 0
    redactions: Counter = field(default_factory=Counter)
    bad: list[str] = field(default_factory=list)
    skipped_files: list[str] = field(default_factory=list)
    revision: int | None = None
    ids: list[str] = field(default_factory=list)  # stored narrative ids, in input order

    def as_dict(self) -> dict:
        out = {k: v for k, v in self.__dict__.items()}
        out["redactions"] = dict(sorted(self.redactions.items()))
        return out


@dataclass
class Prepared:
    """One narrative after redaction and segmentation: nothing raw left in it."""
    narrative_id: str
    text: str
    findings: list[str]
    metadata: dict
    labels: list[dict]  # per finding: fundamentals, stance, child's voice, jargon count
    version: str
    redactions: Counter


def load_narratives(paths: Iterable[str | Path], split_headings: bool = False,
                    skip_bad: bool = False) -> tuple[list[Narrative], IngestReport]:
    """Read and validate every record; raise IngestError unless skip_bad."""
    report = IngestReport()
    try:
        files, skipped = list_files(paths)
    except InputError as error:
        raise IngestError([str(error)]) from None
    report.files = len(files)
    report.skipped_files = [str(p) for p in skipped]
    narratives: list[Narrative] = []
    first_seen: dict[str, str] = {}
    for item in read_records(files, split_headings=split_headings):
        if isinstance(item, InputError):
            report.bad.append(str(item))
            continue
        try:
            narrative = Narrative(**item.fields)
        except ValidationError as error:
            report.bad.append(f"{item.path}: {item.location}: {explain_validation_error(error)}")
            continue
        narrative = narrative.with_default_id(f"{Path(item.path).name}:{item.location}")
        place = f"{item.path}: {item.location}"
        if narrative.id in first_seen:
            # The id itself is not echoed: an id can carry a child's name.
            report.bad.append(f"{place}: duplicate narrative id (same id as {first_seen[narrative.id]})")
            continue
        first_seen[narrative.id] = place
        narratives.append(narrative)
    if report.bad and not skip_bad:
        raise IngestError(report.bad)
    report.narratives = len(narratives)
    return narratives, report


def prepare(narratives: list[Narrative], nlp) -> list[Prepared]:
    """Redact and split into findings (one spaCy pass per narrative)."""
    docs = []
    for n in narratives:
        doc = nlp.make_doc(n.text)
        doc.user_data["keep"] = tuple(v for v in (n.team, n.service) if v)
        docs.append(doc)
    prepared = []
    for narrative, doc in zip(narratives, nlp.pipe(docs, batch_size=16)):
        redactions = Counter(r.label for r in doc._.redactions)
        names = {doc.text[r.start:r.end] for r in doc._.redactions if r.label == "NAME"}
        metadata = {k: v for k, v in narrative.metadata().items() if v is not None and k != "id"}
        for key in ("source", "auditor_role"):
            if key in metadata and _identifies(metadata[key], names):
                metadata[key] = "[REDACTED]"
        narrative_id = narrative.id
        if _identifies(narrative_id, names):
            narrative_id = "n-" + hashlib.sha256(narrative_id.encode()).hexdigest()[:16]
        findings = [f._.redacted_text for f in doc._.findings]
        labels = [finding_labels(f) for f in doc._.findings]
        metadata.update(narrative_labels(doc))
        text = doc._.redacted_text
        version = hashlib.sha256(json.dumps(
            [PIPELINE_VERSION, text, findings, labels, sorted(metadata.items())]).encode()).hexdigest()[:16]
        prepared.append(Prepared(narrative_id, text, findings, metadata, labels, version, redactions))
    return prepared


def finding_labels(span) -> dict:
    """The analysis of one finding as flat metadata Chroma can filter on."""
    labels: dict = {}
    if span.has_extension("fundamentals") and span._.fundamentals is not None:
        found = [f["label"] for f in span._.fundamentals]
        labels["fundamentals"] = ",".join(found)
        labels.update({fundamental_key(f): True for f in found})
    if span.has_extension("stance") and span._.stance:
        labels["stance"] = span._.stance["label"]
        labels["stance_score"] = round(float(span._.stance["score"]), 4)
    if span.has_extension("child_voice") and span._.child_voice:
        labels["child_voice"] = span._.child_voice["label"]
    if span.has_extension("jargon") and span._.jargon is not None:
        labels["jargon_flags"] = len(span._.jargon)
    return labels


def narrative_labels(doc) -> dict:
    labels: dict = {}
    if doc.has_extension("child_voice") and doc._.child_voice:
        labels["narrative_child_voice"] = doc._.child_voice["label"]
    if doc.has_extension("readability") and doc._.readability:
        score = (doc._.readability.get("accessibility") or {}).get("score")
        if score is not None:
            labels["accessibility"] = float(score)
    return labels


def _identifies(value: str, names: set[str]) -> bool:
    """An id or file name that carries a name or an identifier is replaced, not stored."""
    if any(p.search(value) for label, p in IDENTIFIER_PATTERNS if label != "ADDRESS"):
        return True
    lowered = value.lower()
    return any(len(part) > 2 and re.search(rf"(?<![a-z]){re.escape(part.lower())}(?![a-z])", lowered)
               for name in names for part in name.split())


def _finding_metadata(p: Prepared, position: int) -> dict:
    meta = dict(p.metadata)
    if "date" in meta:
        meta["month"] = month_number(meta["date"])
    meta.update(p.labels[position])
    meta.update(kind="finding", narrative_id=p.narrative_id, version=p.version,
                position=position, n_findings=len(p.findings))
    return meta


def write(store: Store, prepared_chunks: Iterable[list[Prepared]], embedder,
          progress: Callable[[str], None] | None = None) -> IngestReport:
    """Stage every changed narrative's findings, then commit them all at once."""
    import numpy as np

    report = IngestReport()
    with store.writing():
        store.collect_garbage()  # debris of an ingest that was killed before its commit
        live = store.live_versions()
        commit_ids, commit_texts, commit_metas, commit_vecs = [], [], [], []
        for chunk in prepared_chunks:
            changed = [p for p in chunk if live.get(p.narrative_id) != p.version]
            for p in chunk:
                report.redactions.update(p.redactions)
                report.ids.append(p.narrative_id)
            report.unchanged += len(chunk) - len(changed)
            report.findings += sum(len(p.findings) for p in chunk)
            if not changed:
                continue
            ids, texts, metas, contexts = [], [], [], []
            for p in changed:
                contexts += with_context(p.findings)
                for position, text in enumerate(p.findings):
                    ids.append(finding_key(p.narrative_id, p.version, position))
                    texts.append(text)
                    metas.append(_finding_metadata(p, position))
            vectors = embedder(contexts) if contexts else np.zeros((0, 384), dtype=np.float32)
            if ids:
                store.stage(ids, texts, metas, vectors)
            # each record's own vector (its whole redacted text), for ranking records
            commit_vecs += list(record_vectors([p.findings for p in changed], embedder))
            for p in changed:
                commit_ids.append(p.narrative_id)
                commit_texts.append(p.text)
                commit_metas.append({**p.metadata, "kind": "narrative", "narrative_id": p.narrative_id,
                                     "version": p.version, "n_findings": len(p.findings),
                                     **({"month": month_number(p.metadata["date"])} if "date" in p.metadata else {})})
                if p.narrative_id in live:
                    report.updated += 1
                else:
                    report.added += 1
            if progress:
                progress(f"staged {len(ids)} findings from {len(changed)} narratives")
        if commit_ids:
            report.revision = store.commit(commit_ids, commit_texts, commit_metas, np.vstack(commit_vecs))
            store.collect_garbage()
    return report


def ingest(store: Store, narratives: list[Narrative], nlp, embedder,
           progress: Callable[[str], None] | None = None) -> IngestReport:
    chunks = (prepare(narratives[i:i + CHUNK], nlp) for i in range(0, len(narratives), CHUNK))
    report = write(store, chunks, embedder, progress)
    report.narratives = len(narratives)
    return report


def ingest_paths(store: Store, paths: Iterable[str | Path], nlp, embedder, split_headings: bool = False,
                 skip_bad: bool = False, progress: Callable[[str], None] | None = None) -> IngestReport:
    narratives, read_report = load_narratives(paths, split_headings, skip_bad)
    report = ingest(store, narratives, nlp, embedder, progress)
    report.files, report.bad, report.skipped_files = read_report.files, read_report.bad, read_report.skipped_files
    return report


def stderr_progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)

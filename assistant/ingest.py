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
from assistant.textsafe import clean_fields
from index.bm25_index import context_tokens
from index.columns import Columns, new_token, prune
from index.ranking import record_vectors
from index.relabel import carry_over, human_labels
from index.search import fundamental_key, month_number, with_context
from index.store import Store, finding_key
from nlp.names import names_in_identifier, uncommon_name
from nlp.redact import (IDENTIFIER_PATTERNS, apply_redactions, not_a_name, protected_phrases, redact_alone,
                        usable_keep_phrase)

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
    control_characters: int = 0  # removed before validation (assistant.textsafe)

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
        fields, removed = clean_fields(item.fields)
        report.control_characters += removed
        try:
            narrative = Narrative(**fields)
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


FREE_TEXT_FIELDS = ("team", "service", "auditor_role", "source")


def prepare(narratives: list[Narrative], nlp) -> list[Prepared]:
    """Redact and split into findings (one spaCy pass per narrative). Free-text metadata is
    redacted first, alone; team and service protect their mentions in the text only when
    they came through their own redaction whole (issue 14: team "A" switched names off)."""
    docs, fields_of = [], []
    for n in narratives:
        fields = {k: redact_field(nlp, k, getattr(n, k)) for k in FREE_TEXT_FIELDS if getattr(n, k)}
        fields_of.append(fields)
        doc = nlp.make_doc(n.text)
        doc.user_data["keep"] = tuple(fields[k] for k in ("team", "service")
                                      if k in fields and fields[k] == getattr(n, k) and usable_keep_phrase(fields[k]))
        docs.append(doc)
    prepared = []
    for narrative, fields, doc in zip(narratives, fields_of, nlp.pipe(docs, batch_size=16)):
        redactions = Counter(r.label for r in doc._.redactions)
        names = {doc.text[r.start:r.end] for r in doc._.redactions if r.label == "NAME"}
        metadata = {k: v for k, v in narrative.metadata().items() if v is not None and k != "id"}
        for key, value in fields.items():
            metadata[key] = _without_names(value, names)
        narrative_id = narrative.id
        if _identifies(narrative_id, names):
            narrative_id = "n-" + hashlib.sha256(narrative_id.encode()).hexdigest()[:16]
        # span._.redacted_text rebuilds doc.text on every access (quadratic in a long report:
        # a few per cent of an ingest); the same redaction from the text read once.
        whole, found = doc.text, doc._.redactions or []
        findings = [" ".join(apply_redactions(whole, found, f.start_char, f.end_char).split())
                    for f in doc._.findings]
        labels = [finding_labels(f) for f in doc._.findings]
        metadata.update(narrative_labels(doc))
        text = doc._.redacted_text
        version = hashlib.sha256(json.dumps(
            [PIPELINE_VERSION, text, findings, labels, sorted(metadata.items())]).encode()).hexdigest()[:16]
        prepared.append(Prepared(narrative_id, text, findings, metadata, labels, version, redactions))
    return prepared


def redact_field(nlp, key: str, value: str) -> str:
    """A metadata value through the redactor alone, then the name gazetteer: a value has no
    sentence around it for the context rules ("Chidinma Okonkwo" as a team, "kayden_pike.docx"
    as a source). Team names and job titles in it are protected as in the text."""
    redacted, _ = redact_alone(nlp, value)
    if key == "source":
        words = names_in_identifier(redacted)
    else:
        protected = protected_phrases(redacted)
        words = [m[0] for m in re.finditer(r"(?<![\w\[])[A-Z][\w'’]+", redacted)
                 if not any(s <= m.start() < e for s, e in protected) and not not_a_name(m[0])
                 and uncommon_name(m[0].strip("'’"))]
    for word in set(words):  # letters only around it: "kayden_pike.docx" has underscores
        redacted = re.sub(rf"(?<![^\W\d_]|\[){re.escape(word)}(?![^\W\d_]|\])", "[NAME]", redacted)
    return re.sub(r"\[NAME\](?:[\s\-_]*\[NAME\])+", "[NAME]", redacted)


def _without_names(value: str, names: set[str]) -> str:
    """Whole-word mentions of the narrative's names (and their parts) in a metadata value."""
    parts = {p for name in names for p in re.split(r"[\s\-]+", name) if len(p) > 1} | names
    if not parts:
        return value
    pattern = "|".join(sorted(map(re.escape, parts), key=len, reverse=True))
    return re.sub(rf"(?<![\w\[])(?:{pattern})(?![\w\]])", "[NAME]", value, flags=re.IGNORECASE)


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
    if span.has_extension("fundamentals_margin") and span._.fundamentals_margin is not None:
        # how near the closest label's calibrated probability is to its threshold ("check these")
        labels["fundamentals_margin"] = round(float(span._.fundamentals_margin), 4)
    if span.has_extension("child_voice") and span._.child_voice:
        labels["child_voice"] = span._.child_voice["label"]
    if span.has_extension("jargon") and span._.jargon is not None:
        labels["jargon_flags"] = len(span._.jargon)
        # per kind of the jargon policy (nlp.jargon KINDS); uncommon words count only in the total
        labels["jargon_hard_flags"] = sum(1 for f in span._.jargon if f.kind == "hard_to_understand")
        labels["jargon_feel_flags"] = sum(1 for f in span._.jargon if f.kind == "may_not_feel_right")
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
    """An id that carries a name (the narrative's, or a listed one) or an identifier is
    replaced by its hash, never stored or echoed."""
    if any(p.search(value) for label, p in IDENTIFIER_PATTERNS if label != "ADDRESS"):
        return True
    if names_in_identifier(value):
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
          progress: Callable[[str], None] | None = None,
          advance: Callable[[int, int], None] | None = None) -> IngestReport:
    """Stage every changed narrative's findings, then commit them all at once. `advance`
    (narratives, findings) is called after each chunk, changed or not."""
    import numpy as np

    report = IngestReport()
    with store.writing():
        store.collect_garbage()  # debris of an ingest that was killed before its commit
        live_records = store.narrative_metadatas()
        live = {m["narrative_id"]: m["version"] for m in live_records}
        # a narrative whose labels were changed since (index/relabel.py) keeps its content's version
        content = {m["narrative_id"]: m.get("content_version") or m["version"] for m in live_records}
        counts = {m["narrative_id"]: int(m["n_findings"]) for m in live_records}
        commit_ids, commit_texts, commit_metas, commit_vecs = [], [], [], []
        staged = Staged()
        for chunk in prepared_chunks:
            changed = [p for p in chunk if content.get(p.narrative_id) != p.version]
            human = human_labels(store, [p.narrative_id for p in changed if p.narrative_id in live], live)
            for p in chunk:
                report.redactions.update(p.redactions)
                report.ids.append(p.narrative_id)
            report.unchanged += len(chunk) - len(changed)
            report.findings += sum(len(p.findings) for p in chunk)
            if not changed:
                if advance:
                    advance(len(chunk), sum(len(p.findings) for p in chunk))
                continue
            ids, texts, metas, contexts = [], [], [], []
            for p in changed:
                contexts += with_context(p.findings)
                for position, text in enumerate(p.findings):
                    ids.append(finding_key(p.narrative_id, p.version, position))
                    texts.append(text)
                    metas.append(carry_over(_finding_metadata(p, position), text, human))
            vectors = embedder(contexts) if contexts else np.zeros((0, 384), dtype=np.float32)
            if ids:
                store.stage(ids, texts, metas, vectors)
                staged.add(ids, texts, metas, vectors, [t for p in changed for t in context_tokens(p.findings)])
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
            if advance:
                advance(len(chunk), sum(len(p.findings) for p in chunk))
        if commit_ids:
            changed_ids = set(commit_ids)
            live.update({i: m["version"] for i, m in zip(commit_ids, commit_metas)})
            counts.update({i: m["n_findings"] for i, m in zip(commit_ids, commit_metas)})
            token = new_token()
            # The next revision's columns are written before the commit that names them.
            next_columns(store, live, counts, changed_ids, staged, token).save(store.data_dir)
            report.revision = store.commit(commit_ids, commit_texts, commit_metas, np.vstack(commit_vecs), token)
            store.collect_garbage()
            prune(store.data_dir, store.head())
    return report


class Staged:
    """What this ingest staged, kept for the columns of the revision it commits."""

    def __init__(self):
        self.ids, self.texts, self.metas, self.tokens, self.vectors = [], [], [], [], []

    def add(self, ids, texts, metas, vectors, tokens) -> None:
        self.ids += ids
        self.texts += texts
        self.metas += metas
        self.tokens += tokens
        self.vectors.append(vectors)

    def columns(self, revision: int, token: str) -> Columns:
        import numpy as np

        order = sorted(range(len(self.ids)), key=lambda i: (self.metas[i]["narrative_id"], self.metas[i]["position"]))
        vectors = np.vstack(self.vectors)[order] if self.vectors else None
        return Columns.from_rows(revision, token, [self.ids[i] for i in order], [self.texts[i] for i in order],
                                 [self.metas[i] for i in order], vectors, [self.tokens[i] for i in order])


def next_columns(store: Store, live: dict[str, str], counts: dict[str, int], changed: set[str],
                 staged: Staged, token: str) -> Columns:
    """The columns of the revision about to be committed: the live revision's with the changed
    narratives replaced; read from Chroma (staged findings included) when those columns do
    not add up to the live findings (a store written before columns, or a killed commit)."""
    revision = store.revision() + 1
    base = store.columns()
    out = base.replaced(live, changed, staged.columns(revision, token), revision, token)
    if out.matches(live, counts):
        return out
    snap = store.read_snapshot(vectors=True, live=live)
    return Columns.from_rows(revision, token, snap.ids, snap.texts, snap.metadatas, snap.vectors)


def ingest(store: Store, narratives: list[Narrative], nlp, embedder,
           progress: Callable[[str], None] | None = None,
           advance: Callable[[int, int], None] | None = None) -> IngestReport:
    chunks = (prepare(narratives[i:i + CHUNK], nlp) for i in range(0, len(narratives), CHUNK))
    report = write(store, chunks, embedder, progress, advance)
    report.narratives = len(narratives)
    return report


def ingest_counting(store: Store, narratives: list[Narrative], nlp, embedder,
                    done: Callable[[int], None]) -> IngestReport:
    """ingest() for a background job: `done(n)` after each chunk of narratives is staged."""
    def chunks():
        for i in range(0, len(narratives), CHUNK):
            yield prepare(narratives[i:i + CHUNK], nlp)
            done(min(i + CHUNK, len(narratives)))  # write() asks for the next chunk once this one is staged
    report = write(store, chunks(), embedder)
    report.narratives = len(narratives)
    return report


def ingest_paths(store: Store, paths: Iterable[str | Path], nlp, embedder, split_headings: bool = False,
                 skip_bad: bool = False, progress: Callable[[str], None] | None = None) -> IngestReport:
    narratives, read_report = load_narratives(paths, split_headings, skip_bad)
    report = ingest(store, narratives, nlp, embedder, progress)
    report.files, report.bad, report.skipped_files = read_report.files, read_report.bad, read_report.skipped_files
    report.control_characters = read_report.control_characters
    return report


def stderr_progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)

"""The functions the CLI and the API both call: one place that opens the store, loads the
models once, normalises user filters and shapes results."""
from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import nlp.offline  # noqa: F401
from assistant.narratives import normalise_legal_status, normalise_month, normalise_rating
from index.columns import release_pages
from index.search import Filters, Searcher
from nlp.taxonomy import normalise_fundamental, normalise_stance
from index.store import Finding, Store

DEFAULT_DATA = "data"


def default_data_dir() -> Path:
    return Path(os.environ.get("GOLDENTHREAD_DATA") or DEFAULT_DATA)


def has_store(data_dir: Path) -> bool:
    """Whether the folder holds a store (commands that only read refuse one that does not,
    so a mistyped --data is an error, not a new empty store)."""
    return (Path(data_dir) / "chroma" / "chroma.sqlite3").is_file()


def default_chroma_url() -> str | None:
    return os.environ.get("GOLDENTHREAD_CHROMA_URL") or None


@dataclass
class Workspace:
    """One data folder (or Chroma server), with the models loaded on first use."""
    data_dir: Path
    chroma_url: str | None = None

    def __post_init__(self) -> None:
        # The analysis uses this folder's council model when it has one (models/current).
        from nlp.classify.council import use_data_dir
        use_data_dir(self.data_dir)

    @cached_property
    def store(self) -> Store:
        return Store(self.data_dir, self.chroma_url)

    @cached_property
    def embedder(self):
        from nlp.embed import get_embedder
        return get_embedder()

    @cached_property
    def nlp(self):
        from nlp.pipeline import load
        return load()

    @cached_property
    def searcher(self) -> Searcher:
        return Searcher(self.store, self.embedder)

    @cached_property
    def _corpus_lock(self):
        import threading
        return threading.Lock()

    def reset(self) -> None:
        """Forget the open store (and what was read from it) after a storage error, so the
        next request opens the folder again instead of failing until a restart."""
        store = self.__dict__.pop("store", None)
        for cached in ("searcher", "_corpus"):
            self.__dict__.pop(cached, None)
        if store is not None:
            store.close()

    def corpus(self):
        """Every live finding as columns, read again only when the store's revision moves."""
        from assistant.themes import Corpus

        with self._corpus_lock:
            cached = self.__dict__.get("_corpus")
            if cached is None or cached.revision != self.store.revision():
                cached = self.__dict__["_corpus"] = Corpus.from_store(self.store)
            return cached


def make_filters(date_from: str | None = None, date_to: str | None = None, team=None, service=None,
                 legal_status=None, rating=None, fundamental=None, stance=None) -> Filters:
    """User spellings in ("RI", "LAC", "Sep 2019"), store spellings out; ValueError on nonsense."""
    def listify(value) -> list[str]:
        if value is None:
            return []
        return [v for v in ([value] if isinstance(value, str) else list(value)) if v and str(v).strip()]

    first = normalise_month(date_from) if date_from else None
    last = normalise_month(date_to) if date_to else None
    if first and last and first > last:
        raise ValueError(f"'from' ({first}) is after 'to' ({last}); swap them")
    return Filters(
        date_from=first,
        date_to=last,
        team=listify(team),
        service=listify(service),
        legal_status=[normalise_legal_status(v) for v in listify(legal_status)],
        rating=[normalise_rating(v) for v in listify(rating)],
        fundamental=[normalise_fundamental(v) for v in listify(fundamental)],
        stance=[normalise_stance(v) for v in listify(stance)],
    )


def resolve_case(filters: Filters, store_values: dict[str, set[str]]) -> Filters:
    """Team and service names match case-insensitively against what the store holds."""
    for key in ("team", "service"):
        known = {v.lower(): v for v in store_values.get(key, set())}
        setattr(filters, key, [known.get(v.lower(), v) for v in getattr(filters, key)])
    return filters


def hit_json(hit: Finding) -> dict:
    meta = hit.metadata
    out = {"id": hit.id, "narrative_id": meta["narrative_id"], "score": round(hit.score, 6), "text": hit.text,
           "position": meta.get("position")}
    for key in ("date", "team", "service", "legal_status", "rating", "moderated_rating", "auditor_role", "source",
                "stance", "child_voice"):
        out[key] = meta.get(key)
    out["fundamentals"] = [f for f in (meta.get("fundamentals") or "").split(",") if f]
    return out


def search(ws: Workspace, query: str, k: int = 10, mode: str = "hybrid", filters: Filters | None = None) -> list[dict]:
    filters = resolve_case(filters or Filters(), distinct_values(ws.store))
    return [hit_json(h) for h in ws.searcher.search(query, k=k, mode=mode, filters=filters)]


def distinct_values(store: Store) -> dict[str, set[str]]:
    """Team and service names the store's findings carry (from the head's columns: no store scan)."""
    columns = store.columns()
    return {key: columns.distinct(key) for key in ("team", "service")}


def stats(ws: Workspace) -> dict:
    """Counts of live narratives (from the narratives collection, so one with no findings
    still counts) and of live findings."""
    columns = ws.store.columns()
    narratives = ws.store.narrative_metadatas()

    def count(values) -> dict:
        return dict(sorted(Counter(v if isinstance(v, str) and v else "(none)" for v in values).items()))

    def column(key: str):
        return columns.frame[key] if key in columns.frame else [None] * len(columns)
    return {
        "narratives": len(narratives),
        "findings": len(columns),
        "revision": columns.revision,
        "narratives_by": {key: count(m.get(key) for m in narratives) for key in ("date", "team", "legal_status", "rating")},
        "findings_by": {key: count(column(key)) for key in ("date", "team", "legal_status", "rating")},
    }


def about(ws: Workspace) -> dict:
    """What an admin needs to know about this installation (no findings): where the data
    lives, which models and versions are loaded, and that it runs offline."""
    from importlib.metadata import PackageNotFoundError, version

    from assistant.ingest import PIPELINE_VERSION
    from nlp.embed import MODEL_PACKAGE
    from nlp.offline import OFFLINE_ENV
    from nlp.pipeline import BASE_MODEL

    def installed(package: str) -> str:
        try:
            return version(package)
        except PackageNotFoundError:
            return "not installed"
    return {
        "data_folder": str(ws.data_dir.resolve()),
        "store": f"Chroma server at {ws.chroma_url}" if ws.chroma_url else "embedded Chroma in the data folder",
        "store_revision": ws.store.revision(),
        "pipeline_version": PIPELINE_VERSION,
        "packages": {name: installed(name) for name in (
            "goldenthread", MODEL_PACKAGE.replace("_", "-"), BASE_MODEL.replace("_", "-"), "spacy", "chromadb",
            "sentence-transformers", "torch", "fastapi")},
        "offline": {key: os.environ.get(key, "") for key in OFFLINE_ENV},
        "chroma_telemetry": "off (anonymized_telemetry=False in code)",
        "chat_generator_url": os.environ.get("GOLDENTHREAD_GENERATOR_URL") or "none (answers are extractive only)",
    }


def export_rows(ws: Workspace):
    snap = ws.store.snapshot()
    for i, text, meta in zip(snap.ids, snap.texts, snap.metadatas):
        yield {"id": i, "text": text, **{k: v for k, v in meta.items() if k not in ("kind", "version")}}


def narrative_json(ws: Workspace, narrative_id: str) -> dict | None:
    found = ws.store.narrative(narrative_id)
    if found is None:
        return None
    meta = found["metadata"]
    return {
        "id": narrative_id,
        "text": found["text"],
        "metadata": {k: v for k, v in meta.items() if k not in ("kind", "version", "content_version", "narrative_id", "month")},
        "findings": [{"id": f.id, "position": f.metadata["position"], "text": f.text}
                     for f in ws.store.findings_of(narrative_id)],
    }


def theme_summary(ws: Workspace, theme: str, filters: Filters | None = None) -> dict:
    """One theme (a fundamental, or free text matched by meaning) over one slice."""
    from assistant.themes import resolve_theme, summary

    filters = resolve_case(filters or Filters(), distinct_values(ws.store))
    needs_model = resolve_theme(theme)["kind"] == "free_text"
    corpus = ws.corpus()
    try:
        return summary(corpus, theme, filters, ws.embedder if needs_model else None)
    finally:
        release_pages(corpus.vectors)  # a summary may read most of the vectors file


def themes_overview(ws: Workspace, filters: Filters | None = None) -> list[dict]:
    from assistant.themes import overview

    corpus = ws.corpus()
    try:
        return overview(corpus, resolve_case(filters or Filters(), distinct_values(ws.store)))
    finally:
        release_pages(corpus.vectors)

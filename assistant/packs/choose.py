"""Choosing a pack's narratives: candidates from the store by filters and month, excluded teams left out."""
from __future__ import annotations

import json
import random
import secrets
from dataclasses import fields, replace
from datetime import date

from assistant import lexicon_queue, service
from index.search import Filters
from assistant.packs.store import FINDING_LEVEL, MAX_AMBASSADORS, MAX_NAME, MAX_NARRATIVES, _text, _username, connect_reviews, previous_month
from assistant.packs.read import _pack_json


# --------------------------------------------------------------------------- choosing

def _as_filters(filters) -> Filters | None:
    if filters is None or isinstance(filters, Filters):
        return filters
    if isinstance(filters, dict):
        return service.make_filters(**filters)
    raise ValueError("filters must come from service.make_filters")


def _candidates(ws: service.Workspace, filters: Filters | None, month: str | None) -> dict[str, dict]:
    """Live narratives (id -> metadata) passing the filters and the month."""
    filters = replace(filters) if filters is not None else Filters()
    if month:
        filters.date_from = max(filters.date_from or month, month)
        filters.date_to = min(filters.date_to or month, month)
    filters = service.resolve_case(filters, service.distinct_values(ws.store))
    narrative_level = replace(filters, **{k: [] for k in FINDING_LEVEL})
    found = {m["narrative_id"]: m for m in ws.store.narrative_metadatas() if narrative_level.matches(m)}
    if any(getattr(filters, k) for k in FINDING_LEVEL):
        with_finding = {m["narrative_id"] for m in ws.store.snapshot().metadatas if filters.matches(m)}
        found = {i: m for i, m in found.items() if i in with_finding}
    return found


def _excluded(meta: dict, exclude: set[str]) -> bool:
    return (meta.get("team") or "").lower() in exclude


def create_pack(ws: service.Workspace, name: str, created_by: str, ambassadors: list[str],
                narrative_ids: list[str] | None = None, filters: Filters | None = None,
                random_n: int | None = None, seed: int | None = None, exclude_teams=(),
                last_month: bool = False, today: date | None = None) -> dict:
    """Choose narratives by hand (`narrative_ids`), or every one that passes `filters` and/or
    falls in the previous whole month (`last_month`, relative to `today`), or `random_n` of
    those (seeded, so the same seed picks the same sample; a seed is drawn and stored if none
    is given). Narratives of `exclude_teams` (matched case-insensitively) are never included;
    a hand-picked one is refused."""
    name = _text(name, "name", MAX_NAME, required=True)
    created_by = _username(created_by)
    if isinstance(ambassadors, str) or not ambassadors:
        raise ValueError("assign the pack to at least one Ambassador")
    people = list(dict.fromkeys(_username(a) for a in ambassadors))
    if len(people) > MAX_AMBASSADORS:
        raise ValueError(f"at most {MAX_AMBASSADORS} Ambassadors per pack")
    if isinstance(exclude_teams, str):
        exclude_teams = [exclude_teams]
    excluded = sorted({_text(t, "excluded team", MAX_NAME, required=True) for t in exclude_teams})
    exclude = {t.lower() for t in excluded}
    filters = _as_filters(filters)
    month = previous_month(today) if last_month else None
    if random_n is not None and (isinstance(random_n, bool) or not isinstance(random_n, int) or random_n < 1):
        raise ValueError("random_n must be a whole number of at least 1")

    if narrative_ids is not None:
        if filters is not None or month or random_n is not None:
            raise ValueError("choose narratives by hand or by filters/month/random, not both")
        if isinstance(narrative_ids, str) or not narrative_ids:
            raise ValueError("choose at least one narrative")
        chosen = list(dict.fromkeys(_text(i, "narrative id", MAX_NAME, required=True) for i in narrative_ids))
        live = {m["narrative_id"]: m for m in ws.store.narrative_metadatas()}
        unknown = [i for i in chosen if i not in live]
        if unknown:
            raise ValueError(f"{len(unknown)} narrative id(s) not in the store: {', '.join(map(repr, unknown[:5]))}")
        clash = sum(_excluded(live[i], exclude) for i in chosen)
        if clash:
            raise ValueError(f"{clash} of the chosen narratives belong to an excluded team")
        selection = {"mode": "hand"}
    else:
        if filters is None and not month and random_n is None:
            raise ValueError("choose narratives by hand, by filters, from last month, or at random")
        pool = sorted(i for i, m in _candidates(ws, filters, month).items() if not _excluded(m, exclude))
        if random_n is not None:
            seed = secrets.randbelow(2**31) if seed is None else int(seed)
            chosen = sorted(random.Random(seed).sample(pool, min(random_n, len(pool))))
        else:
            chosen = pool
        selection = {"mode": "random" if random_n is not None else "filters", "month": month,
                     "filters": {f.name: getattr(filters, f.name) for f in fields(Filters)
                                 if getattr(filters, f.name)} if filters is not None else None,
                     "random_n": random_n, "seed": seed if random_n is not None else None, "pool": len(pool)}
    if not chosen:
        raise ValueError("no narratives match that choice")
    if len(chosen) > MAX_NARRATIVES:
        raise ValueError(f"{len(chosen)} narratives chosen; a pack holds at most {MAX_NARRATIVES}")

    with connect_reviews(ws, write=True) as conn:
        pack_id = conn.execute(
            "INSERT INTO packs (name, created_by, created_at, selection, exclude_teams) VALUES (?, ?, ?, ?, ?)",
            (name, created_by, lexicon_queue.now(), json.dumps(selection), json.dumps(excluded))).lastrowid
        conn.executemany("INSERT INTO pack_narratives (pack_id, narrative_id, position) VALUES (?, ?, ?)",
                         [(pack_id, n, p) for p, n in enumerate(chosen)])
        conn.executemany("INSERT INTO pack_ambassadors (pack_id, username) VALUES (?, ?)",
                         [(pack_id, u) for u in people])
        return _pack_json(conn, pack_id)

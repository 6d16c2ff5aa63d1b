"""Adding narratives over the API: one at once, or in the background when it is long or
when several come together (a job whose progress GET /jobs/{id} shows). Text sizes are
capped by admin settings; control characters are removed first (assistant.textsafe)."""
from __future__ import annotations

from fastapi import Depends, FastAPI
from fastapi.responses import JSONResponse
from pydantic import ValidationError

from api.auth import require
from api.limits import text_too_long
from api.schemas import NarrativeBatch, NarrativeIn
from assistant import health, lexicon_queue
from assistant.accounts import User
from assistant.ingest import IngestReport, ingest_counting
from assistant.jobs import Jobs
from assistant.narratives import Narrative, explain_validation_error
from assistant.textsafe import REMOVED_MESSAGE, clean_fields


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def _outcome(report: IngestReport, removed: int) -> dict:
    return {"added": report.added, "updated": report.updated, "unchanged": report.unchanged,
            "findings": report.findings, "redactions": dict(report.redactions),
            "warnings": [REMOVED_MESSAGE.format(n=removed)] if removed else []}


def add_routes(app: FastAPI, ws) -> None:
    jobs = Jobs()

    def prepared(bodies: list[NarrativeIn], label: bool) -> tuple[list[Narrative], int] | JSONResponse:
        """Validated narratives and the control characters removed, or the 413/422 answer."""
        cap = app.state.accounts.setting("max_narrative_chars")
        narratives, removed, first_seen = [], 0, {}
        for n, body in enumerate(bodies):
            where = f"items.{n}: " if label else ""
            fields, count = clean_fields(body.model_dump())
            if message := text_too_long(len(fields["text"]), cap, f"{where}the narrative"):
                return _error(413, message)
            try:
                narrative = Narrative(**fields).with_default_id("api")
            except ValidationError as error:
                return _error(422, where + explain_validation_error(error))
            if narrative.id in first_seen:  # the id is not echoed: it can carry a name
                return _error(422, f"{where}duplicate id (the same as items.{first_seen[narrative.id]})")
            first_seen[narrative.id] = n
            narratives.append(narrative)
            removed += count
        return narratives, removed

    def start_job(user: User, narratives: list[Narrative], removed: int) -> JSONResponse:
        def work(advance) -> dict:
            lexicon_queue.sync(ws)
            report = ingest_counting(ws.store, narratives, ws.nlp, ws.embedder, advance)
            return {"ids": report.ids, **_outcome(report, removed)}

        def failed(error: Exception) -> str:
            if health.is_storage_error(error):
                ws.reset()
            return health.plain_message(error)

        job = jobs.start(user.username, "ingest", len(narratives), work, failed)
        return JSONResponse({"job": job.id, "state": job.state, "total": job.total, "progress": f"/jobs/{job.id}"},
                            status_code=202, headers={"Location": f"/jobs/{job.id}"})

    @app.post("/narratives", status_code=201, responses={202: {"description": "Started as a background job."}})
    def add_narrative(body: NarrativeIn, user: User = Depends(require("qa"))):
        """One narrative. A long one (an admin setting) is ingested in the background: 202 with a job id."""
        checked = prepared([body], label=False)
        if isinstance(checked, JSONResponse):
            return checked
        narratives, removed = checked
        if len(narratives[0].text) >= app.state.accounts.setting("background_ingest_chars"):
            return start_job(user, narratives, removed)
        lexicon_queue.sync(ws)  # terms accepted in another worker count here too
        report = ingest_counting(ws.store, narratives, ws.nlp, ws.embedder, lambda done: None)
        outcome = _outcome(report, removed)
        status = "added" if report.added else "updated" if report.updated else "unchanged"
        return {"id": report.ids[0], "status": status, "findings": outcome["findings"],
                "redactions": outcome["redactions"], "warnings": outcome["warnings"]}

    @app.post("/narratives/batch", status_code=202)
    def add_narratives(body: NarrativeBatch, user: User = Depends(require("qa"))):
        """Up to 1000 narratives, checked first (nothing is stored if one is refused), then
        ingested as one background job: 202 with its id; GET /jobs/{id} shows progress."""
        checked = prepared(body.items, label=True)
        if isinstance(checked, JSONResponse):
            return checked
        return start_job(user, *checked)

    @app.get("/jobs/{job_id}")
    def job_progress(job_id: str, user: User = Depends(require("qa"))):
        """A background job you started: state (queued, running, done, failed), narratives
        done of total, and the result once done. Someone else's job is not found."""
        job = jobs.get(job_id, user.username)
        if job is None:
            return _error(404, "no job with that id")
        return job.as_json()

"""The admin's model page: retrain on the council's corrections in the background (progress
shown), the history of retrains with their before/after figures, and restoring a kept model
(re-labelling the store is the explicit `goldenthread relabel`). Admin only; every form carries
the CSRF token; each action is written to the access log (no text)."""
from __future__ import annotations

from fastapi import Depends, FastAPI, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from api.auth import accounts_of, require
from assistant import health
from assistant.accounts import User
from assistant.jobs import Jobs


def _set_total(advance, total: int) -> None:
    """The job's total steps, once the work knows it (`advance` is the job's bound method)."""
    job = getattr(advance, "__self__", None)
    if job is not None:
        with job.lock:
            job.total = max(int(total), 1)


def add_routes(app: FastAPI, templates: Jinja2Templates, ws) -> None:
    jobs = Jobs()

    def page(request: Request, done: str | None = None, error: str | None = None, status: int = 200,
             job_id: str | None = None) -> HTMLResponse:
        from assistant.retrain import history, list_versions
        from assistant.retrain.relabel import progress_of

        user = request.state.user
        job = jobs.get(job_id or "", user.username) if job_id else None
        return templates.TemplateResponse(request, "admin_model.html", {
            "versions": list_versions(ws.data_dir), "history": list(reversed(history(ws.data_dir))),
            "relabel": progress_of(ws.data_dir), "job": job.as_json() if job else None, "done": done,
            "error": error}, status_code=status)

    def failed(error: Exception) -> str:
        if health.is_storage_error(error):
            ws.reset()
        if isinstance(error, (ValueError, FileNotFoundError)):
            return str(error)  # our own messages: plain, no text from any audit
        return health.plain_message(error)

    def start(user: User, kind: str, work) -> RedirectResponse:
        job = jobs.start(user.username, kind, 1, work, failed)
        return RedirectResponse(f"/admin/model?job={job.id}", status_code=303)

    @app.get("/admin/model", response_class=HTMLResponse, include_in_schema=False)
    def model_page(request: Request, job: str | None = None, user: User = Depends(require("admin", page=True))):
        return page(request, job_id=job)

    @app.post("/admin/model/retrain", response_class=HTMLResponse, include_in_schema=False)
    def start_retrain(request: Request, user: User = Depends(require("admin", page=True))):
        """Retrain on the council's corrections in the background; GET /admin/model/jobs/{id} shows progress."""
        from assistant.retrain import retrain

        accounts_of(request).log_access(user, "retrain_model")

        def work(advance) -> dict:
            def step(done: int, total: int) -> None:
                _set_total(advance, total)
                advance(done)

            entry = retrain(ws.data_dir, by=user.username, progress=step)
            return {k: entry[k] for k in ("version", "switched", "corrections", "before", "after", "reason")}

        return start(user, "retrain", work)

    @app.get("/admin/model/jobs/{job_id}")
    def model_job(job_id: str, user: User = Depends(require("admin"))):
        """A retrain you started: state, steps done of total, the result once done."""
        job = jobs.get(job_id, user.username)
        if job is None:
            return JSONResponse({"error": "no job with that id"}, status_code=404)
        return job.as_json()

    @app.post("/admin/model/restore", response_class=HTMLResponse, include_in_schema=False)
    def restore_model(request: Request, version: str = Form(""), user: User = Depends(require("admin", page=True))):
        """Use a kept model again (the analysis reads it from its next batch)."""
        from assistant.retrain import restore

        try:
            restore(ws.data_dir, version.strip(), by=user.username)
        except ValueError as error:
            return page(request, error=str(error), status=422)
        accounts_of(request).log_access(user, "restore_model")
        return page(request, done=f"Now using {version.strip()}. Re-label the store to apply it to stored findings.")

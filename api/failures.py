"""/health and the answer to any error no route handled: JSON `{"error": ...}` for the API,
the site's error page for pages, a plain message in both (assistant.health), never a
traceback or the error's own text. A storage error resets the workspace, so once the
folder is usable again the next request works without a restart."""
from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse

from assistant import health

LOG = logging.getLogger("goldenthread")


def is_page(request: Request) -> bool:
    route = request.scope.get("route")
    return getattr(route, "response_class", None) is HTMLResponse


def add_failure_handling(app: FastAPI, ws) -> None:
    @app.get("/health")
    def health_check():
        """200 when the data folder, the store and the databases can be read and written; 503 (and
        what is wrong, by file) when not."""
        accounts_path = getattr(app.state.accounts, "path", None)
        found = health.problems(ws, accounts_path)
        if found:  # reopen once: the folder may have been put right since the store was opened
            ws.reset()
            found = health.problems(ws, accounts_path)
        if found:
            ws.reset()
            return JSONResponse({"status": "unavailable", "error": health.STORAGE_MESSAGE, "problems": found},
                                status_code=503)
        return {"status": "ok", "revision": ws.store.revision()}

    @app.exception_handler(Exception)
    async def unexpected(request: Request, error: Exception):
        storage = health.is_storage_error(error)
        if storage:
            ws.reset()
        # the type only: the message of a library error can carry ids or paths of records
        LOG.error("%s %s failed: %s", request.method, request.url.path, type(error).__name__)
        status = 503 if storage else 500
        if is_page(request):
            from api.auth import message_page

            title = "The data folder is not available" if storage else "Something went wrong"
            try:
                return message_page(request, title, health.plain_message(error), status)
            except Exception:  # noqa: BLE001 - the page itself could not be drawn
                return HTMLResponse(f"<!doctype html><title>{title}</title><h1>{title}</h1>"
                                    f"<p>{health.plain_message(error)}</p>", status_code=status)
        return JSONResponse({"error": health.plain_message(error)}, status_code=status)

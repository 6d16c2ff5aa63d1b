"""`goldenthread export` and `serve`: the store handed on, as JSONL or over HTTP."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer

from assistant import service
from assistant.cli.base import ChromaOpt, DataOpt, _workspace, app


@app.command()
def export(as_json: bool = typer.Option(True, "--json/--no-json", help="JSONL (the only format)."),
           data: Optional[Path] = DataOpt, chroma_url: Optional[str] = ChromaOpt):
    """Every stored finding with its metadata, redacted as stored, as JSONL."""
    for row in service.export_rows(_workspace(data, chroma_url)):
        sys.stdout.write(json.dumps(row, sort_keys=True) + "\n")


@app.command()
def serve(host: str = typer.Option("127.0.0.1", "--host"), port: int = typer.Option(8000, "--port"),
          workers: int = typer.Option(1, "--workers", min=1, max=64, help="Server processes (each loads the models)."),
          data: Optional[Path] = DataOpt, chroma_url: Optional[str] = ChromaOpt):
    """Serve the API and the search page."""
    import os

    import uvicorn

    from api.app import create_app

    ws = _workspace(data, chroma_url, create=True)
    typer.echo(f"goldenthread is serving on http://{host}:{port}  (search page: http://{host}:{port}/ , API docs: /docs)"
               + (f", {workers} worker processes" if workers > 1 else ""))
    if workers == 1:
        # proxy_headers off: uvicorn would otherwise believe X-Forwarded-For from 127.0.0.1, letting
        # a local client pick its own address; api/auth.py reads it only from $GOLDENTHREAD_TRUSTED_PROXIES.
        uvicorn.run(create_app(ws), host=host, port=port, log_level="warning", access_log=False, proxy_headers=False)
        return
    # Each worker builds its own app from the environment (uvicorn starts them by import);
    # every cache in them is keyed by the store's revision, so a change any process commits
    # is seen by all (index/store.py, index/columns.py).
    os.environ["GOLDENTHREAD_DATA"] = str(ws.data_dir.resolve())
    if ws.chroma_url:
        os.environ["GOLDENTHREAD_CHROMA_URL"] = ws.chroma_url
    # A worker importing the models on a busy machine can miss uvicorn's 5 s health check
    # and be restarted over and over: give it time.
    uvicorn.run("api.app:create_app", factory=True, workers=workers, host=host, port=port, log_level="warning",
                access_log=False, timeout_worker_healthcheck=300,
                proxy_headers=False)

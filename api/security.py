"""Response headers that limit what a browser does with our pages (the data folder's
permissions: assistant/data_folder.py).

Pages get a Content-Security-Policy with a fresh nonce per response: only the site's own
`<script>`/`<style>` blocks carrying that nonce run (an injected script has no nonce), nothing
is loaded from another site, forms post only here, and `frame-ancestors 'none'` stops another
site framing a page (clickjacking). Inline `style="..."` attributes are allowed
(`style-src-attr 'unsafe-inline'`): they cannot run code, and the templates use them for layout.

The one page meant to be framed is the report preview (`/themes/{id}/report?format=html&inline=1`),
shown in an iframe on our own /reports/view: it gets `frame-ancestors 'self'` (same-origin
framing only) and a policy of its own with no script at all and its `<style>` allowed by hash.

Every response is `Cache-Control: no-store`: pages and API answers show records of children or,
once, a new password, and must not stay in a browser's or proxy's cache on a shared computer."""
from __future__ import annotations

import base64
import hashlib
import re
import secrets

from fastapi import FastAPI, Request

STYLE_BLOCK = re.compile(r"<style[^>]*>(.*?)</style>", re.S | re.I)
NONE, SELF = "'none'", "'self'"


def page_policy(nonce: str) -> str:
    return ("default-src 'self'; "
            f"script-src 'nonce-{nonce}'; "
            f"style-src 'self' 'nonce-{nonce}'; style-src-elem 'self' 'nonce-{nonce}'; style-src-attr 'unsafe-inline'; "
            "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; "
            "frame-src 'self'; frame-ancestors 'none'")


def document_policy(html: str, framed: bool) -> str:
    """For a generated report: no script, its own style blocks by hash, data: images (the
    charts); `framed`: it may be shown in a frame of this site (the preview)."""
    hashes = [f"'sha256-{base64.b64encode(hashlib.sha256(block.encode()).digest()).decode()}'"
              for block in STYLE_BLOCK.findall(html)]
    return (f"default-src 'none'; style-src {' '.join(hashes) or NONE}; img-src data:; base-uri 'none'; "
            f"form-action 'none'; frame-ancestors {SELF if framed else NONE}")


def add_security_headers(app: FastAPI) -> None:
    """Every response: CSP (unless the route set its own), nosniff, no referrer, no-store."""

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        nonce = secrets.token_urlsafe(18)
        request.state.csp_nonce = nonce  # templates put it on their <script> and <style>
        response = await call_next(request)
        headers = response.headers
        headers.setdefault("Content-Security-Policy", page_policy(nonce))
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "no-referrer")
        headers["Cache-Control"] = "no-store"
        return response

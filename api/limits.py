"""Bounds on the work one request can ask for: the body's bytes, counted as they arrive
(a chunked body with no Content-Length is refused as soon as it passes the limit, not
after it was buffered whole), and the text sizes an admin sets (assistant.accounts)."""
from __future__ import annotations

import json

from starlette.exceptions import HTTPException


class BodyTooLarge(HTTPException):
    """Raised from `receive` mid-body. An HTTPException, so FastAPI's body reading passes it
    on as it is and the app's handler answers 413 JSON."""

    def __init__(self, limit: int):
        super().__init__(413, f"request body over {limit} bytes")


class BodyLimit:
    """Pure ASGI middleware: refuses a declared Content-Length over `limit` before reading
    anything, and counts the bytes of every other body as they stream."""

    def __init__(self, app, limit: int):
        self.app, self.limit = app, limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.limit:
            return await self._refuse(send)
        received = 0
        started = False

        async def counting_receive():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise BodyTooLarge(self.limit)
            return message

        async def watching_send(message):
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, watching_send)
        except BodyTooLarge:  # raised where no handler caught it (e.g. a middleware reading the body)
            if not started:
                await self._refuse(send)

    async def _refuse(self, send) -> None:
        body = json.dumps({"error": f"request body over {self.limit} bytes"}).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                                (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})


def text_too_long(length: int, limit: int, what: str) -> str | None:
    """The 413 message when `length` characters pass the admin's `limit`, else None."""
    if length <= limit:
        return None
    return (f"{what} is {length:,} characters; the limit is {limit:,} (an admin setting). "
            "Split the text into smaller parts.")

"""Who is asking, and may they: FastAPI dependencies over assistant.accounts.

Every route states its roles with `require(...)`; the check runs on the server for every
request. Browsers sign in with a session cookie (HttpOnly, SameSite=Lax, Secure over HTTPS)
and must send the session's CSRF token with every POST (hidden `csrf_token` form field, or
an `X-CSRF-Token` header from script). Scripts send `Authorization: Bearer <token>`; such
requests carry no ambient credential, so they need no CSRF token."""
from __future__ import annotations

import hmac
import ipaddress
import os
from urllib.parse import quote

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from assistant.accounts import Accounts, User, csrf_token_for

SESSION_COOKIE = "gt_session"
LOGIN_CSRF_COOKIE = "gt_login_csrf"
DEVICE_COOKIE = "gt_device"  # "this browser has signed this person in before" (assistant/signin_limits.py)
TRUSTED_PROXIES_ENV = "GOLDENTHREAD_TRUSTED_PROXIES"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
# Declares the bearer scheme in the OpenAPI document (/openapi.json); resolve_user reads the
# header itself.
BEARER = HTTPBearer(auto_error=False, description="An API token from `goldenthread users token NAME`.")


class AuthProblem(Exception):
    """Not signed in (401), wrong role or bad CSRF token (403). `page` routes answer with a
    redirect to /login or a plain 403 page instead of JSON."""

    def __init__(self, status: int, message: str, page: bool):
        super().__init__(message)
        self.status, self.message, self.page = status, message, page


def accounts_of(request: Request) -> Accounts:
    return request.app.state.accounts


def resolve_user(request: Request) -> User | None:
    """The user of a bearer token, else of the session cookie, else None. A bearer header
    with a bad token is not retried with the cookie."""
    accounts = accounts_of(request)
    header = request.headers.get("authorization", "")
    if header[:7].lower() == "bearer ":
        return accounts.token_user(header[7:].strip())
    session_id = request.cookies.get(SESSION_COOKIE)
    if not session_id:
        return None
    user = accounts.session_user(session_id)
    if user is not None:
        request.state.session_id = session_id
    return user


def trusted_proxies(value: str | None = None) -> tuple:
    """The reverse proxies whose X-Forwarded-For may be believed: addresses or networks,
    comma-separated, from $GOLDENTHREAD_TRUSTED_PROXIES (none by default, so a client cannot
    choose its own address for the sign-in limits by sending the header)."""
    value = os.environ.get(TRUSTED_PROXIES_ENV, "") if value is None else value
    networks = []
    for part in value.replace(" ", ",").split(","):
        if part.strip():
            try:
                networks.append(ipaddress.ip_network(part.strip(), strict=False))
            except ValueError:
                raise ValueError(f"{TRUSTED_PROXIES_ENV}: {part.strip()!r} is not an IP address or network "
                                 "(e.g. 127.0.0.1 or 10.0.0.0/24)") from None
    return tuple(networks)


def _is_trusted(address: str, networks) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(request: Request) -> str:
    """The address a request came from: the socket's peer, or, only when that peer is a
    trusted proxy, the nearest address in X-Forwarded-For that is not itself a trusted proxy."""
    peer = request.client.host if request.client else ""
    networks = getattr(request.app.state, "trusted_proxies", ())
    if not networks or not _is_trusted(peer, networks):
        return peer
    hops = [hop.strip() for header in request.headers.getlist("x-forwarded-for") for hop in header.split(",")]
    hops = [hop for hop in hops if hop]
    for hop in reversed(hops):
        if not _is_trusted(hop, networks):
            return hop
    return hops[0] if hops else peer


def csrf_token(request: Request) -> str | None:
    """The CSRF token to put in this page's forms (None when not signed in by cookie)."""
    session_id = getattr(request.state, "session_id", None)
    return csrf_token_for(session_id) if session_id else None


async def check_csrf(request: Request, page: bool) -> None:
    expected = csrf_token(request)
    sent = request.headers.get("x-csrf-token")
    if not sent and request.headers.get("content-type", "").split(";")[0].strip() in FORM_TYPES:
        sent = (await request.form()).get("csrf_token")
    if not expected or not isinstance(sent, str) or not hmac.compare_digest(sent, expected):
        raise AuthProblem(403, "missing or wrong CSRF token: reload the page and try again", page)


def require(*roles: str, page: bool = False):
    """A dependency that returns the signed-in user when their role is one of `roles`
    (any signed-in user when none are named); 401 when signed out, 403 otherwise."""
    async def dependency(request: Request, _: HTTPAuthorizationCredentials | None = Depends(BEARER)) -> User:
        user = resolve_user(request)
        if user is None:
            raise AuthProblem(401, "sign in first (session cookie, or Authorization: Bearer <token>)", page)
        if request.method not in SAFE_METHODS and user.via == "session":
            await check_csrf(request, page)
        if roles and user.role not in roles:
            raise AuthProblem(403, f"your role ({user.role}) may not use this", page)
        request.state.user = user
        return user

    dependency.roles = roles  # readable by tests and docs
    return dependency


def problem_response(request: Request, problem: AuthProblem) -> Response:
    if problem.page and problem.status == 401:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)
    if problem.page:
        return message_page(request, "Not allowed", problem.message[:1].upper() + problem.message[1:] + ".",
                            problem.status, link=("/account", "Your account"))
    headers = {"WWW-Authenticate": "Bearer"} if problem.status == 401 else None
    return JSONResponse({"error": problem.message}, status_code=problem.status, headers=headers)


def message_page(request: Request, title: str, message: str, status: int,
                 link: tuple[str, str] | None = None) -> HTMLResponse:
    """A short page in the site's layout (landmarks, skip link, navigation) for refusals and
    not-found answers, so they read like every other page."""
    from api.app import TEMPLATES

    return TEMPLATES.TemplateResponse(request, "message.html", {"title": title, "message": message, "link": link},
                                      status_code=status)


def log_views(accounts: Accounts, user: User, action: str, narrative_ids) -> None:
    """Access log: one entry per narrative whose findings this user was shown (no text);
    one entry without a narrative when none were."""
    accounts.log_access_many(user, action, list(dict.fromkeys(narrative_ids or [None])))


def cited_narratives(answer: dict) -> list[str]:
    """The narrative ids a chat answer cites (and shows text from), for the access log."""
    return sorted({c["narrative_id"] for c in answer.get("citations", []) if c.get("narrative_id")})


def quoted_narratives(result) -> list[str]:
    """The narrative ids a summary or report shows text from, for the access log."""
    found: list[str] = []

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("narrative_id"), str) and node.get("text") is not None:
                found.append(node["narrative_id"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
    walk(result)
    return sorted(set(found))


def set_cookie(request: Request, response: Response, name: str, value: str, max_age: int | None) -> None:
    response.set_cookie(name, value, max_age=max_age, path="/", httponly=True, samesite="lax",
                        secure=request.url.scheme == "https")


def start_session(request: Request, response: Response, user: User) -> None:
    """Sign in: a fresh session id every time (no fixation), the old one ended."""
    accounts = accounts_of(request)
    if old := request.cookies.get(SESSION_COOKIE):
        accounts.end_session(old)
    set_cookie(request, response, SESSION_COOKIE, accounts.create_session(user),
               accounts.setting("session_hours") * 3600)


def end_session(request: Request, response: Response) -> None:
    if session_id := request.cookies.get(SESSION_COOKIE):
        accounts_of(request).end_session(session_id)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax",
                           secure=request.url.scheme == "https")


def safe_next(target: str | None, default: str = "/") -> str:
    """Only local paths after sign-in (no open redirect to another site)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return default


PUBLIC = {("GET", "/health"), ("GET", "/login"), ("POST", "/login")}


def unguarded_routes(routes, prefix: str = "") -> list[str]:
    """API routes that neither call `require(...)` nor are knowingly public. create_app
    refuses to start with any, so a new route cannot ship open by mistake."""
    from fastapi.routing import APIRoute

    def guarded(dependant) -> bool:
        return any(hasattr(d.call, "roles") or guarded(d) for d in dependant.dependencies)

    out = []
    for route in routes:
        if isinstance(route, APIRoute):
            path = prefix + route.path
            if not guarded(route.dependant) and not {(m, path) for m in route.methods} <= PUBLIC:
                out.append(f"{','.join(sorted(route.methods))} {path}")
        elif hasattr(route, "original_router"):  # an included APIRouter (FastAPI wraps it)
            out += unguarded_routes(route.original_router.routes, prefix + route.include_context.prefix)
    return out

"""Sign-in, sign-out, the account page, and the admin's pages (users, settings, access log). Every form carries a CSRF token:
the session's once signed in; before that, a random one kept in a short-lived cookie
(double submit), so a cross-site page cannot sign a browser in as someone else."""
from __future__ import annotations

import hmac
import secrets

from fastapi import Depends, FastAPI, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from api.auth import (DEVICE_COOKIE, LOGIN_CSRF_COOKIE, accounts_of, client_address, csrf_token, end_session,
                      require, safe_next, set_cookie, start_session)
from assistant import service
from assistant.accounts import ROLE_HELP, ROLES, SETTINGS, AccountError, RateLimited, User
from assistant.signin_limits import DEVICE_DAYS

USER_ACTIONS = {"role": "Role changed", "disable": "Disabled", "enable": "Enabled", "delete": "Deleted",
                "reset-password": "Password reset", "unlock": "Failed sign-ins cleared",
                "revoke-tokens": "Every API token revoked"}
LANDING = {"qa": "/", "practice_lead": "/", "ambassador": "/my-packs", "admin": "/admin/users"}


def add_routes(app: FastAPI, templates: Jinja2Templates) -> None:
    """Registered on the app itself (not an included router) so `app.routes` lists them."""
    router = app

    def login_page(request: Request, next_: str, error: str | None, status: int) -> HTMLResponse:
        token = request.cookies.get(LOGIN_CSRF_COOKIE) or secrets.token_urlsafe(32)
        response = templates.TemplateResponse(request, "login.html", {"next": next_, "error": error,
                                                                      "login_csrf": token}, status_code=status)
        set_cookie(request, response, LOGIN_CSRF_COOKIE, token, 3600)
        return response

    @router.get("/login", response_class=HTMLResponse, include_in_schema=False)
    def login_form(request: Request, next: str = ""):
        return login_page(request, safe_next(next, ""), None, 200)

    @router.post("/login", include_in_schema=False)
    def login(request: Request, username: str = Form(""), password: str = Form(""), csrf_token: str = Form(""),
              next: str = Form("")):
        expected = request.cookies.get(LOGIN_CSRF_COOKIE)
        if not expected or not hmac.compare_digest(csrf_token, expected):
            return login_page(request, safe_next(next, ""), "The form had expired. Please sign in again.", 403)
        accounts, device = accounts_of(request), request.cookies.get(DEVICE_COOKIE, "")
        try:
            user = accounts.authenticate(username.strip(), password, client_address(request), device)
        except RateLimited as limited:
            return login_page(request, safe_next(next, ""), str(limited), 429)
        if user is None:
            return login_page(request, safe_next(next, ""), "Wrong username or password.", 401)
        response = RedirectResponse(safe_next(next, LANDING[user.role]), status_code=303)
        start_session(request, response, user)
        set_cookie(request, response, DEVICE_COOKIE, accounts.remember_device(user, device), DEVICE_DAYS * 86400)
        response.delete_cookie(LOGIN_CSRF_COOKIE, path="/")
        return response

    @router.post("/logout", include_in_schema=False)
    def logout(request: Request, user: User = Depends(require())):
        response = RedirectResponse("/login", status_code=303)
        end_session(request, response)
        return response

    @router.get("/account", response_class=HTMLResponse, include_in_schema=False)
    def account(request: Request, user: User = Depends(require(page=True))):
        return templates.TemplateResponse(request, "account.html", {"role_help": ROLE_HELP[user.role]})

    def users_page(request: Request, created: dict | None = None, error: str | None = None, status: int = 200,
                   done: str | None = None, reset: dict | None = None):
        accounts = accounts_of(request)
        response = templates.TemplateResponse(request, "admin_users.html", {
            "users": accounts.users(), "tokens": accounts.tokens(), "roles": ROLES, "role_help": ROLE_HELP,
            "created": created, "error": error, "done": done, "reset": reset}, status_code=status)
        response.headers["Cache-Control"] = "no-store"  # it may show a new password
        return response

    @router.get("/admin/users", response_class=HTMLResponse, include_in_schema=False)
    def admin_users(request: Request, user: User = Depends(require("admin", page=True))):
        return users_page(request)

    @router.post("/admin/users", response_class=HTMLResponse, include_in_schema=False)
    def admin_add_user(request: Request, username: str = Form(""), role: str = Form(""),
                       user: User = Depends(require("admin", page=True))):
        """Adds a user with a generated password, shown on this page once."""
        try:
            password = accounts_of(request).add_user(username.strip(), role, by=user)
        except AccountError as error:
            return users_page(request, error=str(error), status=422)
        return users_page(request, created={"username": username.strip(), "role": role, "password": password},
                          status=201)

    @router.post("/admin/users/{username}/{action}", response_class=HTMLResponse, include_in_schema=False)
    async def admin_change_user(request: Request, username: str, action: str,
                                user: User = Depends(require("admin", page=True))):
        """One change to one user (the same functions `goldenthread users ...` calls); a reset
        password is shown on the answer once."""
        form, accounts = await request.form(), accounts_of(request)
        if action not in USER_ACTIONS:
            return users_page(request, error=f"no such change; the changes are: {', '.join(USER_ACTIONS)}", status=404)
        reset = None
        try:
            if action == "role":
                accounts.set_role(username, str(form.get("role", "")), user)
            elif action in ("disable", "enable"):
                accounts.set_disabled(username, action == "disable", user)
            elif action == "delete":
                if form.get("confirm") != "yes":
                    raise AccountError(f"tick the box to confirm deleting {username}")
                accounts.delete_user(username, user)
            elif action == "reset-password":
                reset = {"username": username, "password": accounts.reset_password(username, user)}
            elif action == "unlock":
                accounts.unlock_user(username, user)
            elif action == "revoke-tokens":
                accounts.revoke_tokens_of(username, user)
        except AccountError as error:
            return users_page(request, error=str(error), status=404 if str(error).startswith("no user") else 422)
        return users_page(request, done=f"{USER_ACTIONS[action]}: {username}.", reset=reset)

    @router.post("/admin/tokens/{token_id}/revoke", response_class=HTMLResponse, include_in_schema=False)
    def admin_revoke_token(request: Request, token_id: str, user: User = Depends(require("admin", page=True))):
        try:
            owner = accounts_of(request).revoke_token(token_id, user)
        except AccountError as error:
            return users_page(request, error=str(error), status=404)
        return users_page(request, done=f"Token {token_id} of {owner} revoked.")

    def settings_page(request: Request, saved: bool = False, errors: dict | None = None, status: int = 200):
        return templates.TemplateResponse(request, "admin_settings.html", {
            "specs": SETTINGS, "values": accounts_of(request).settings(), "saved": saved, "errors": errors or {},
            "about": service.about(request.app.state.workspace)}, status_code=status)

    @router.get("/admin/settings", response_class=HTMLResponse, include_in_schema=False)
    def admin_settings(request: Request, user: User = Depends(require("admin", page=True))):
        return settings_page(request)

    @router.post("/admin/settings", response_class=HTMLResponse, include_in_schema=False)
    async def admin_change_settings(request: Request, user: User = Depends(require("admin", page=True))):
        """Saves the settings that changed; each takes effect at the next request, no restart."""
        form = await request.form()
        accounts, errors = accounts_of(request), {}
        current = accounts.settings()
        changes = {}
        if not any(name in form for name in SETTINGS):  # an empty form is a mistake, not "switch all off"
            return settings_page(request, errors={"form": "Nothing was sent: fill in the form and save again."},
                                 status=422)
        for name, spec in SETTINGS.items():
            if spec.kind != "switch" and name not in form:  # left out: unchanged
                continue
            value = form.get(name, "0")
            if spec.kind == "switch":
                value = "1" if value in ("1", "on") else "0"
            if str(value).strip() == str(current[name]):
                continue
            try:
                accounts.check_setting(name, value)
                changes[name] = value
            except AccountError as error:
                errors[name] = str(error)
        if errors:  # all or nothing: a refused form changes no setting
            return settings_page(request, errors=errors, status=422)
        for name, value in changes.items():
            accounts.set_setting(name, value, user)
        return settings_page(request, saved=True)

    @router.get("/admin/access-log", response_class=HTMLResponse, include_in_schema=False)
    def admin_access_log(request: Request, limit: int = 200, user: User = Depends(require("admin", page=True))):
        """Who opened which narrative (or was shown its findings) and when; never any text."""
        limit = max(1, min(limit, 5000))
        return templates.TemplateResponse(request, "admin_access_log.html", {
            "entries": accounts_of(request).access_log(limit), "limit": limit})


def template_context(request: Request) -> dict:
    """For every page: who is signed in and the CSRF token its forms must carry."""
    return {"user": getattr(request.state, "user", None), "csrf_token": csrf_token(request),
            "csp_nonce": getattr(request.state, "csp_nonce", "")}

"""`goldenthread users ...`: accounts from the command line (they live in <data>/accounts.db).
Passwords and tokens are printed once and never stored in the clear."""
from __future__ import annotations

import getpass
import sys
from pathlib import Path
from typing import Optional

import typer

from assistant import service
from assistant.accounts import ROLES, SETTINGS, AccountError, Accounts, User
from assistant.data_folder import owner_only

users_app = typer.Typer(no_args_is_help=True, help="Users, roles and API tokens.")
DataOpt = typer.Option(None, "--data", help="Data folder (default ./data or $GOLDENTHREAD_DATA); accounts.db lives there.")


def _accounts(data: Optional[Path]) -> Accounts:
    owner_only(data or service.default_data_dir())  # accounts.db is born 0600
    return Accounts.for_data_dir(data or service.default_data_dir())


def _fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(2)


def _actor() -> User:
    """Who the access log names for a change made here: the operating-system account."""
    try:
        who = getpass.getuser()
    except Exception:  # no name for this uid (some containers)
        who = "unknown"
    return User(f"command-line:{who}", "admin")


def _read_password() -> str:
    return sys.stdin.readline().rstrip("\r\n")


@users_app.command("add")
def add(name: str, role: str = typer.Option(..., "--role", help=f"One of: {', '.join(ROLES)}."),
        password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the password from stdin."),
        data: Optional[Path] = DataOpt):
    """Create a user. Without --password-stdin a password is generated and printed once."""
    password = _read_password() if password_stdin else None
    try:
        made = _accounts(data).add_user(name, role, password, by=_actor())
    except AccountError as error:
        _fail(str(error))
    typer.echo(f"added {name} ({role})")
    if not password_stdin:
        typer.echo(f"password (shown once): {made}")


@users_app.command("list")
def list_users(data: Optional[Path] = DataOpt):
    """Every user with their role, when made, and whether disabled (no secrets)."""
    for user in _accounts(data).users():
        typer.echo(f"{user['username']}\t{user['role']}\t{user['created']}\t{'disabled' if user['disabled'] else 'active'}")


@users_app.command("token")
def token(name: str, role: Optional[str] = typer.Option(None, "--role", help="Scope (default: the user's role; "
                                                         "a qa user may scope down)."),
          days: Optional[int] = typer.Option(None, "--days", help="Expires after this many days "
                                             "(default: the token_days setting, 90 unless changed)."),
          data: Optional[Path] = DataOpt):
    """Create an API token for scripts (Authorization: Bearer ...), printed once."""
    try:
        made = _accounts(data).create_token(name, role, days, by=_actor())
    except AccountError as error:
        _fail(str(error))
    typer.echo(made)


@users_app.command("demo")
def demo(data: Optional[Path] = DataOpt):
    """One demo user per role, on a fresh install only; their passwords are printed once."""
    made = _accounts(data).create_demo_users()
    if made is None:
        typer.echo("users exist already; no demo users made (see `goldenthread users list`)")
        return
    typer.echo("demo users (passwords shown once; sign in at /login):")
    for name, (role, password) in made.items():
        typer.echo(f"  {name:<16} {role:<14} {password}")


@users_app.command("access-log")
def access_log(limit: int = typer.Option(50, "--limit", min=1), data: Optional[Path] = DataOpt):
    """Who opened which narrative (or downloaded which report's quotes) and when, newest first."""
    for row in _accounts(data).access_log(limit):
        typer.echo(f"{row['time']}\t{row['username']}\t{row['role']}\t{row['action']}\t{row['narrative_id'] or '-'}")


@users_app.command("settings")
def settings(change: list[str] = typer.Option([], "--set", help="NAME=VALUE, e.g. session_hours=4 (repeatable)."),
             data: Optional[Path] = DataOpt):
    """The settings an admin can change (the same as the /admin/settings page); with --set,
    change them. A change applies at the server's next request and is written to the access log."""
    accounts = _accounts(data)
    for item in change:
        name, _, value = item.partition("=")
        try:
            accounts.set_setting(name.strip(), value, _actor())
        except AccountError as error:
            _fail(str(error))
    for name, value in accounts.settings().items():
        spec = SETTINGS[name]
        shown = ("on" if value else "off") if spec.kind == "switch" else value
        typer.echo(f"{name:<18} {shown!s:<6} {spec.label} ({spec.low}-{spec.high}, default {spec.default})")


@users_app.command("tokens")
def tokens(name: Optional[str] = typer.Argument(None, help="Only this user's tokens."), data: Optional[Path] = DataOpt):
    """API tokens: id (for `revoke`), owner, scope, made, expires (never the token itself)."""
    for row in _accounts(data).tokens(name):
        state = "expired" if row["expired"] else "live"
        typer.echo(f"{row['id']}\t{row['username']}\t{row['role']}\t{row['created']}\t{row['expires']}\t{state}")


@users_app.command("revoke")
def revoke(token_id: Optional[str] = typer.Argument(None, help="A token id from `goldenthread users tokens`."),
           all_of: Optional[str] = typer.Option(None, "--all-of", help="Revoke every token of this user."),
           data: Optional[Path] = DataOpt):
    """Revoke an API token (it stops working at once), or every token of a user."""
    if (token_id is None) == (all_of is None):
        _fail("give a token id, or --all-of NAME")
    try:
        if all_of:
            typer.echo(f"revoked {_accounts(data).revoke_tokens_of(all_of, _actor())} token(s) of {all_of}")
        else:
            typer.echo(f"revoked token {token_id} of {_accounts(data).revoke_token(token_id, _actor())}")
    except AccountError as error:
        _fail(str(error))


def _change(action, message: str) -> None:
    try:
        action()
    except AccountError as error:
        _fail(str(error))
    typer.echo(message)


@users_app.command("disable")
def disable(name: str, data: Optional[Path] = DataOpt):
    """Stop a user signing in; their sessions end and their tokens stop working at once."""
    _change(lambda: _accounts(data).set_disabled(name, True, _actor()), f"disabled {name}")


@users_app.command("enable")
def enable(name: str, data: Optional[Path] = DataOpt):
    """Let a disabled user sign in again (their unexpired tokens work again)."""
    _change(lambda: _accounts(data).set_disabled(name, False, _actor()), f"enabled {name}")


@users_app.command("delete")
def delete(name: str, yes: bool = typer.Option(False, "--yes", help="Confirm: this cannot be undone."),
           data: Optional[Path] = DataOpt):
    """Delete a user, their sessions and tokens (the access log keeps their name)."""
    if not yes:
        _fail(f"deleting {name} cannot be undone; add --yes to confirm (or `users disable {name}`)")
    _change(lambda: _accounts(data).delete_user(name, _actor()), f"deleted {name}")


@users_app.command("role")
def role_cmd(name: str, role: str = typer.Argument(..., help=f"One of: {', '.join(ROLES)}."),
             data: Optional[Path] = DataOpt):
    """Change a user's role; it applies at their next request."""
    _change(lambda: _accounts(data).set_role(name, role, _actor()), f"{name} is now {role}")


@users_app.command("reset-password")
def reset_password(name: str, password_stdin: bool = typer.Option(False, "--password-stdin",
                                                                  help="Read the new password from stdin."),
                   data: Optional[Path] = DataOpt):
    """A new password for a user (generated and printed once, or read from stdin); their
    sessions end and their failed sign-ins are cleared."""
    password = _read_password() if password_stdin else None
    try:
        made = _accounts(data).reset_password(name, _actor(), password)
    except AccountError as error:
        _fail(str(error))
    typer.echo(f"password of {name} reset")
    if not password_stdin:
        typer.echo(f"password (shown once): {made}")


@users_app.command("unlock")
def unlock(name: str, data: Optional[Path] = DataOpt):
    """Clear a user's failed sign-ins, so they may sign in now rather than after the pause."""
    _change(lambda: _accounts(data).unlock_user(name, _actor()), f"unlocked {name}")

"""`goldenthread users ...`: accounts from the command line (they live in <data>/accounts.db).
Passwords and tokens are printed once and never stored in the clear."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from assistant import service
from assistant.accounts import ROLES, SETTINGS, AccountError, Accounts, User

users_app = typer.Typer(no_args_is_help=True, help="Users, roles and API tokens.")
DataOpt = typer.Option(None, "--data", help="Data folder (default ./data or $GOLDENTHREAD_DATA); accounts.db lives there.")


def _accounts(data: Optional[Path]) -> Accounts:
    return Accounts.for_data_dir(data or service.default_data_dir())


def _fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(2)


@users_app.command("add")
def add(name: str, role: str = typer.Option(..., "--role", help=f"One of: {', '.join(ROLES)}."),
        password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the password from stdin."),
        data: Optional[Path] = DataOpt):
    """Create a user. Without --password-stdin a password is generated and printed once."""
    password = sys.stdin.readline().rstrip("\r\n") if password_stdin else None
    try:
        made = _accounts(data).add_user(name, role, password)
    except AccountError as error:
        _fail(str(error))
    typer.echo(f"added {name} ({role})")
    if not password_stdin:
        typer.echo(f"password (shown once): {made}")


@users_app.command("list")
def list_users(data: Optional[Path] = DataOpt):
    """Every user with their role (no secrets)."""
    for user in _accounts(data).users():
        typer.echo(f"{user['username']}\t{user['role']}\t{user['created']}")


@users_app.command("token")
def token(name: str, role: Optional[str] = typer.Option(None, "--role", help="Scope (default: the user's role; "
                                                         "a qa user may scope down)."),
          data: Optional[Path] = DataOpt):
    """Create an API token for scripts (Authorization: Bearer ...), printed once."""
    try:
        made = _accounts(data).create_token(name, role)
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
            accounts.set_setting(name.strip(), value, User("command-line", "admin"))
        except AccountError as error:
            _fail(str(error))
    for name, value in accounts.settings().items():
        spec = SETTINGS[name]
        shown = ("on" if value else "off") if spec.kind == "switch" else value
        typer.echo(f"{name:<18} {shown!s:<6} {spec.label} ({spec.low}-{spec.high}, default {spec.default})")

"""An account's life after it is made: disable, enable, delete, change role, reset password,
unlock, and API tokens that expire and can be revoked. A mixin of assistant.accounts.Accounts,
so the CLI (`goldenthread users ...`) and the admin pages call the very same functions.

Every change is written to the access log by who made it (never a password or token). A
disabled or deleted user's sessions end at once and their tokens stop working at once: the
session and token look-ups join the users table on every request."""
from __future__ import annotations

import datetime as dt
import re
import sqlite3
from contextlib import closing

from assistant import signin_limits

TOKEN_DAYS = 90  # default life of an API token; the token_days setting changes it
TOKEN_ID = re.compile(r"^[0-9a-f]{12}$")


def migrate(db: sqlite3.Connection) -> None:
    """Databases made before these features gain their columns (old tokens expire
    TOKEN_DAYS after they were made)."""
    users = {row[1] for row in db.execute("PRAGMA table_info(users)")}
    if "disabled" not in users:
        db.execute("ALTER TABLE users ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0")
    tokens = {row[1] for row in db.execute("PRAGMA table_info(tokens)")}
    if "expires" not in tokens:
        db.execute("ALTER TABLE tokens ADD COLUMN expires TEXT")
        for token_hash, created in db.execute("SELECT token_hash, created FROM tokens").fetchall():
            expires = dt.datetime.fromisoformat(created) + dt.timedelta(days=TOKEN_DAYS)
            db.execute("UPDATE tokens SET expires = ? WHERE token_hash = ?",
                       (expires.isoformat(timespec="seconds"), token_hash))


class Lifecycle:
    """Needs from its host: _connect, _immediate, user, log_access, setting, _hasher, _now."""

    def _existing(self, db: sqlite3.Connection, username: str) -> tuple[str, str, int]:
        row = db.execute("SELECT username, role, disabled FROM users WHERE username = ?", (username,)).fetchone()
        if row is None:
            from assistant.accounts import AccountError
            raise AccountError(f"no user called {username}")
        return row

    def _keep_an_admin(self, db: sqlite3.Connection, username: str) -> None:
        """Refuse to leave nobody who can sign in as admin (nobody could then fix accounts
        from the pages)."""
        from assistant.accounts import AccountError
        others = db.execute("SELECT COUNT(*) FROM users WHERE role = 'admin' AND disabled = 0 AND username != ?",
                            (username,)).fetchone()[0]
        if not others:
            raise AccountError(f"{username} is the last admin who can sign in; make another admin first")

    def set_disabled(self, username: str, disabled: bool, by) -> None:
        """Disable (sign-in refused, sessions ended, tokens refused) or enable again."""
        with self._immediate() as db:
            name, role, _ = self._existing(db, username)
            if disabled and role == "admin":
                self._keep_an_admin(db, name)
            db.execute("UPDATE users SET disabled = ? WHERE username = ?", (int(disabled), name))
            if disabled:
                db.execute("DELETE FROM sessions WHERE username = ?", (name,))
        self.log_access(by, f"{'disable' if disabled else 'enable'}_user {name}")

    def delete_user(self, username: str, by) -> None:
        """Delete a user with their sessions, tokens and known browsers (the access log keeps
        their name: it is the record of what they opened)."""
        with self._immediate() as db:
            name, role, _ = self._existing(db, username)
            if role == "admin":
                self._keep_an_admin(db, name)
            db.execute("DELETE FROM users WHERE username = ?", (name,))  # cascades
        self.log_access(by, f"delete_user {name}")

    def set_role(self, username: str, role: str, by) -> None:
        """A new role, in force at the user's next request; their tokens scoped above it stop."""
        from assistant.accounts import ROLES, AccountError
        if role not in ROLES:
            raise AccountError(f"role: one of {', '.join(ROLES)}")
        with self._immediate() as db:
            name, old, _ = self._existing(db, username)
            if old == "admin" and role != "admin":
                self._keep_an_admin(db, name)
            db.execute("UPDATE users SET role = ? WHERE username = ?", (role, name))
        self.log_access(by, f"change_role {name} {old}->{role}")

    def reset_password(self, username: str, by, password: str | None = None) -> str:
        """A new password (generated when none is given; returned to show once). Their
        sessions end, failed sign-ins and known browsers are cleared."""
        from assistant.accounts import MIN_PASSWORD, AccountError, generate_password
        password = password if password is not None else generate_password()
        if len(password) < MIN_PASSWORD:
            raise AccountError(f"password: at least {MIN_PASSWORD} characters")
        digest = self._hasher.hash(password)
        with self._immediate() as db:
            name, _, _ = self._existing(db, username)
            db.execute("UPDATE users SET password_hash = ? WHERE username = ?", (digest, name))
            db.execute("DELETE FROM sessions WHERE username = ?", (name,))
            signin_limits.forget(db, name)
        self.log_access(by, f"reset_password {name}")
        return password

    def unlock_user(self, username: str, by) -> None:
        """Clear a user's failed sign-ins (and known browsers), so they may try again now."""
        with self._immediate() as db:
            name, _, _ = self._existing(db, username)
            signin_limits.forget(db, name)
        self.log_access(by, f"unlock_user {name}")

    # -- tokens ----------------------------------------------------------------------------
    def tokens(self, username: str | None = None) -> list[dict]:
        """Every API token (or one user's): its id (the start of its hash, safe to show),
        owner, scope, when made and when it expires. Never the token."""
        now = self._iso_now()
        with closing(self._connect()) as db:
            rows = db.execute("SELECT token_hash, username, role, created, expires FROM tokens "
                              "WHERE ? IS NULL OR username = ? ORDER BY created, token_hash",
                              (username, username)).fetchall()
        return [{"id": h[:12], "username": u, "role": r, "created": c, "expires": e, "expired": e <= now}
                for h, u, r, c, e in rows]

    def revoke_token(self, token_id: str, by) -> str:
        """Revoke one token by its id; returns its owner."""
        from assistant.accounts import AccountError
        if not TOKEN_ID.match(token_id or ""):
            raise AccountError("a token id is 12 characters 0-9 a-f (see `goldenthread users tokens`)")
        with self._immediate() as db:
            row = db.execute("SELECT token_hash, username FROM tokens WHERE substr(token_hash, 1, 12) = ?",
                             (token_id,)).fetchone()
            if row is None:
                raise AccountError(f"no token with id {token_id}")
            db.execute("DELETE FROM tokens WHERE token_hash = ?", (row[0],))
        self.log_access(by, f"revoke_token {token_id} of {row[1]}")
        return row[1]

    def revoke_tokens_of(self, username: str, by) -> int:
        """Revoke every token of a user; returns how many."""
        with self._immediate() as db:
            name, _, _ = self._existing(db, username)
            gone = db.execute("DELETE FROM tokens WHERE username = ?", (name,)).rowcount
        self.log_access(by, f"revoke_tokens {name} ({gone})")
        return gone

    def _iso_now(self) -> str:
        return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


"""Users, sign-in sessions, API tokens and the access log, in one SQLite file beside the store
(`<data>/accounts.db`). Kept apart from Chroma so that who-may-see-what never depends on the
search index, and so the access log survives a re-index.

Passwords are argon2id hashes; session ids and API tokens are random and stored only as
sha256 hashes, so a copy of the file cannot be used to sign in. The access log records who
opened which narrative and when, never any text."""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import os
import re
import secrets
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

ROLES = ("qa", "practice_lead", "ambassador", "admin")
ROLE_HELP = {
    "qa": "everything except user admin: add narratives, search, themes, reports, chat",
    "practice_lead": "search, themes, reports, chat",
    "ambassador": "only the review packs assigned to them (and the text checker)",
    "admin": "users and settings; no findings",
}
# A token may be scoped down to a role its owner's role covers (a qa script that only searches).
ROLE_COVERS = {"qa": {"qa", "practice_lead", "ambassador"}, "practice_lead": {"practice_lead"},
               "ambassador": {"ambassador"}, "admin": {"admin"}}
USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$")
MIN_PASSWORD = 12
SESSION_HOURS = 8
FAILURES_PER_USER = 5        # failed sign-ins per username + client ...
FAILURES_PER_CLIENT = 20     # ... and per client over all usernames (password spraying) ...
FAILURE_WINDOW_MINUTES = 15  # ... within this window; then 429 until the oldest failure ages out


@dataclass(frozen=True)
class Setting:
    """One thing an admin may change on the settings page; it takes effect at the next request."""
    name: str
    label: str
    help: str
    default: int
    low: int
    high: int
    kind: str = "number"  # "number" or "switch" (0 off, 1 on)


SETTINGS = {s.name: s for s in (
    Setting("session_hours", "How long a sign-in lasts (hours)",
            "After this, people sign in again. Shorter is safer on shared computers.", SESSION_HOURS, 1, 24),
    Setting("failures_per_user", "Failed sign-ins allowed before a pause",
            f"Per username and computer, within {FAILURE_WINDOW_MINUTES} minutes; then sign-in pauses.",
            FAILURES_PER_USER, 3, 20),
    Setting("access_log_days", "Keep the access log for (days)",
            "Entries older than this are deleted when someone signs in.", 730, 90, 3650),
    Setting("chat_rephraser", "Let a local language model reword chat answers",
            "Only works when GOLDENTHREAD_GENERATOR_URL is set. Reworded answers are used only when "
            "every sentence keeps its citations, quotes and figures.", 1, 0, 1, "switch"),
)}
DEMO_USERS = {"demo-qa": "qa", "demo-lead": "practice_lead", "demo-ambassador": "ambassador", "demo-admin": "admin"}

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    username TEXT PRIMARY KEY COLLATE NOCASE,
    role TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
    id_hash TEXT PRIMARY KEY,
    username TEXT NOT NULL COLLATE NOCASE REFERENCES users(username) ON DELETE CASCADE,
    created TEXT NOT NULL,
    expires TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS tokens (
    token_hash TEXT PRIMARY KEY,
    username TEXT NOT NULL COLLATE NOCASE REFERENCES users(username) ON DELETE CASCADE,
    role TEXT NOT NULL,
    created TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS login_failures (
    username TEXT NOT NULL COLLATE NOCASE,
    client TEXT NOT NULL,
    time TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS login_failures_time ON login_failures(time);
CREATE TABLE IF NOT EXISTS settings (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL,
    changed_by TEXT NOT NULL,
    changed TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS access_log (
    time TEXT NOT NULL,
    username TEXT NOT NULL,
    role TEXT NOT NULL,
    action TEXT NOT NULL,
    narrative_id TEXT
);
"""


class AccountError(ValueError):
    """Bad input to an account operation (unknown role, taken name, short password)."""


class RateLimited(Exception):
    """Too many failed sign-ins; the message is safe to show."""


@dataclass(frozen=True)
class User:
    """A signed-in user. `role` is the role in force: a token's scope when signed in by token."""
    username: str
    role: str
    via: str = "session"  # "session" or "token"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _iso(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _sha256(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def generate_password() -> str:
    return secrets.token_urlsafe(15)


def csrf_token_for(session_id: str) -> str:
    """The CSRF token of a session, derived from its id, so nothing more is stored and a
    cross-site page (which cannot read the cookie) cannot know it."""
    return hmac.new(session_id.encode(), b"goldenthread-csrf", hashlib.sha256).hexdigest()


def can_view_narrative(user: User, narrative_id: str) -> bool:
    """Whether this user may open this narrative in full by its id.

    Ambassadors never may here: they open a narrative only through the review page of a pack
    assigned to them (api/pack_pages.py checks the assignment). Admins see no findings."""
    return user.role in ("qa", "practice_lead")


class Accounts:
    """The accounts database. One short-lived connection per call: safe across the threads
    FastAPI runs sync endpoints in, and across processes (CLI while the server runs)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._hasher = PasswordHasher()
        with closing(self._connect()) as db, db:
            # WAL: sign-ins and access-log writes from several server processes do not block readers
            db.execute("PRAGMA journal_mode = WAL")
            db.executescript(SCHEMA)

    @cached_property
    def _dummy_hash(self) -> str:
        """Checked against when the username is unknown, so that costs the same time."""
        return self._hasher.hash(secrets.token_urlsafe(16))

    @classmethod
    def for_data_dir(cls, data_dir: str | Path) -> "Accounts":
        """`<data>/accounts.db`, or the file `GOLDENTHREAD_ACCOUNTS_DB` names (README: more than one machine)."""
        return cls(os.environ.get("GOLDENTHREAD_ACCOUNTS_DB") or Path(data_dir) / "accounts.db")

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=60)  # busy timeout: writers from several workers queue
        db.execute("PRAGMA foreign_keys = ON")
        return db

    # -- users -----------------------------------------------------------------------------
    def add_user(self, username: str, role: str, password: str | None = None) -> str:
        """Create a user; returns the password (generated when none is given), shown once."""
        if not USERNAME.match(username or ""):
            raise AccountError("username: 2-64 letters, digits, '.', '_' or '-', starting with a letter or digit")
        if role not in ROLES:
            raise AccountError(f"role: one of {', '.join(ROLES)}")
        password = password if password is not None else generate_password()
        if len(password) < MIN_PASSWORD:
            raise AccountError(f"password: at least {MIN_PASSWORD} characters")
        try:
            with closing(self._connect()) as db, db:
                db.execute("INSERT INTO users VALUES (?, ?, ?, ?)",
                           (username, role, self._hasher.hash(password), _iso(_now())))
        except sqlite3.IntegrityError:
            raise AccountError(f"a user called {username} exists already") from None
        return password

    def users(self) -> list[dict]:
        with closing(self._connect()) as db:
            rows = db.execute("SELECT username, role, created FROM users ORDER BY username").fetchall()
        return [{"username": u, "role": r, "created": c} for u, r, c in rows]

    def user(self, username: str) -> User | None:
        with closing(self._connect()) as db:
            row = db.execute("SELECT username, role FROM users WHERE username = ?", (username,)).fetchone()
        return User(row[0], row[1]) if row else None

    def set_password(self, username: str, password: str) -> None:
        if len(password) < MIN_PASSWORD:
            raise AccountError(f"password: at least {MIN_PASSWORD} characters")
        with closing(self._connect()) as db, db:
            changed = db.execute("UPDATE users SET password_hash = ? WHERE username = ?",
                                 (self._hasher.hash(password), username)).rowcount
            db.execute("DELETE FROM sessions WHERE username = ?", (username,))
        if not changed:
            raise AccountError(f"no user called {username}")

    def create_demo_users(self) -> dict[str, tuple[str, str]] | None:
        """One user per role, only while the database has no users at all (first `make run`).
        Returns {username: (role, password)}, or None when users exist already."""
        if self.users():
            return None
        return {name: (role, self.add_user(name, role)) for name, role in DEMO_USERS.items()}

    # -- sign-in ---------------------------------------------------------------------------
    def authenticate(self, username: str, password: str, client: str = "") -> User | None:
        """The user for a right username and password, else None (the caller says the same
        thing for an unknown user and a wrong password). The hash is checked either way, so
        the time taken does not tell whether the user exists. RateLimited after too many
        failures for this username from this client, or from this client overall."""
        since = _iso(_now() - dt.timedelta(minutes=FAILURE_WINDOW_MINUTES))
        with closing(self._connect()) as db, db:
            db.execute("DELETE FROM login_failures WHERE time < ?", (since,))
            per_user = db.execute("SELECT COUNT(*) FROM login_failures WHERE username = ? AND client = ?",
                                  (username, client)).fetchone()[0]
            per_client = db.execute("SELECT COUNT(*) FROM login_failures WHERE client = ?", (client,)).fetchone()[0]
            row = db.execute("SELECT username, role, password_hash FROM users WHERE username = ?",
                             (username,)).fetchone()
        if per_user >= self.setting("failures_per_user") or per_client >= FAILURES_PER_CLIENT:
            raise RateLimited(f"Too many failed sign-ins. Try again in {FAILURE_WINDOW_MINUTES} minutes.")
        try:
            ok = self._hasher.verify(row[2] if row else self._dummy_hash, password) and row is not None
        except (VerificationError, InvalidHashError):
            ok = False
        with closing(self._connect()) as db, db:
            if not ok:
                db.execute("INSERT INTO login_failures VALUES (?, ?, ?)", (username, client, _iso(_now())))
                return None
            db.execute("DELETE FROM login_failures WHERE username = ? AND client = ?", (username, client))
            if self._hasher.check_needs_rehash(row[2]):
                db.execute("UPDATE users SET password_hash = ? WHERE username = ?",
                           (self._hasher.hash(password), row[0]))
        return User(row[0], row[1])

    def create_session(self, user: User) -> str:
        """A new session id (for the cookie); only its hash is kept."""
        session_id = secrets.token_urlsafe(32)
        now = _now()
        with closing(self._connect()) as db, db:
            db.execute("DELETE FROM sessions WHERE expires < ?", (_iso(now),))
            db.execute("DELETE FROM access_log WHERE time < ?",
                       (_iso(now - dt.timedelta(days=self.setting("access_log_days"))),))
            db.execute("INSERT INTO sessions VALUES (?, ?, ?, ?)", (
                _sha256(session_id), user.username, _iso(now),
                _iso(now + dt.timedelta(hours=self.setting("session_hours")))))
        return session_id

    def session_user(self, session_id: str) -> User | None:
        with closing(self._connect()) as db:
            row = db.execute("SELECT u.username, u.role FROM sessions s JOIN users u ON u.username = s.username "
                             "WHERE s.id_hash = ? AND s.expires > ?", (_sha256(session_id), _iso(_now()))).fetchone()
        return User(row[0], row[1], "session") if row else None

    def end_session(self, session_id: str) -> None:
        with closing(self._connect()) as db, db:
            db.execute("DELETE FROM sessions WHERE id_hash = ?", (_sha256(session_id),))

    # -- API tokens ------------------------------------------------------------------------
    def create_token(self, username: str, role: str | None = None) -> str:
        """A token for scripts, scoped to `role` (default: the user's own); printed once."""
        user = self.user(username)
        if user is None:
            raise AccountError(f"no user called {username}")
        role = role or user.role
        if role not in ROLE_COVERS[user.role]:
            raise AccountError(f"a {user.role} user cannot have a {role} token")
        token = "gt_" + secrets.token_urlsafe(32)
        with closing(self._connect()) as db, db:
            db.execute("INSERT INTO tokens VALUES (?, ?, ?, ?)", (_sha256(token), user.username, role, _iso(_now())))
        return token

    def token_user(self, token: str) -> User | None:
        """The user a token signs in, with the token's role; None when the token is unknown or
        its scope is no longer covered by the user's role."""
        with closing(self._connect()) as db:
            row = db.execute("SELECT u.username, u.role, t.role FROM tokens t JOIN users u ON u.username = t.username "
                             "WHERE t.token_hash = ?", (_sha256(token),)).fetchone()
        if row is None or row[2] not in ROLE_COVERS.get(row[1], ()):
            return None
        return User(row[0], row[2], "token")

    # -- settings --------------------------------------------------------------------------
    def settings(self) -> dict[str, int]:
        """Every setting's value in force (its default until an admin changes it)."""
        with closing(self._connect()) as db:
            stored = dict(db.execute("SELECT name, value FROM settings").fetchall())
        return {name: int(stored.get(name, spec.default)) for name, spec in SETTINGS.items()}

    def setting(self, name: str) -> int:
        return self.settings()[name]

    def set_setting(self, name: str, value: str | int, by: User) -> int:
        """Change one setting, checked against its range; the change is written to the
        access log (who, when, what) as well."""
        spec = SETTINGS.get(name)
        if spec is None:
            raise AccountError(f"no setting called {name}; the settings are: {', '.join(SETTINGS)}")
        try:
            number = int(str(value).strip())
        except ValueError:
            raise AccountError(f"{spec.label}: a whole number from {spec.low} to {spec.high}") from None
        if not spec.low <= number <= spec.high:
            raise AccountError(f"{spec.label}: a whole number from {spec.low} to {spec.high}")
        with closing(self._connect()) as db, db:
            db.execute("INSERT INTO settings VALUES (?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET "
                       "value = excluded.value, changed_by = excluded.changed_by, changed = excluded.changed",
                       (name, number, by.username, _iso(_now())))
        self.log_access(by, f"change_setting {name}={number}")
        return number

    # -- access log ------------------------------------------------------------------------
    def log_access(self, user: User, action: str, narrative_id: str | None = None) -> None:
        with closing(self._connect()) as db, db:
            db.execute("INSERT INTO access_log VALUES (?, ?, ?, ?, ?)",
                       (_iso(_now()), user.username, user.role, action, narrative_id))

    def log_access_many(self, user: User, action: str, narrative_ids: list[str | None]) -> None:
        """One entry per narrative, in one transaction: a search page writes once, not twenty
        times (several server processes queue on the database's write lock)."""
        when = _iso(_now())
        with closing(self._connect()) as db, db:
            db.executemany("INSERT INTO access_log VALUES (?, ?, ?, ?, ?)",
                           [(when, user.username, user.role, action, n) for n in narrative_ids])

    def access_log(self, limit: int | None = None) -> list[dict]:
        with closing(self._connect()) as db:
            rows = db.execute("SELECT time, username, role, action, narrative_id FROM access_log "
                              "ORDER BY rowid DESC LIMIT ?", (limit or -1,)).fetchall()
        return [dict(zip(("time", "username", "role", "action", "narrative_id"), r)) for r in rows]

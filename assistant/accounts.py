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
from contextlib import closing, contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from assistant import account_lifecycle, signin_limits
from assistant.account_lifecycle import TOKEN_DAYS, Lifecycle  # noqa: F401
from assistant.account_settings import FAILURES_PER_USER, SESSION_HOURS, SETTINGS, Setting  # noqa: F401
from assistant.signin_limits import FAILURE_WINDOW_MINUTES, FAILURES_PER_CLIENT, RateLimited  # noqa: F401

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
    assigned to them (api/pack_pages/ambassador.py checks the assignment). Admins see no findings."""
    return user.role in ("qa", "practice_lead")


class Accounts(Lifecycle):
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
            db.executescript(signin_limits.SCHEMA)
            signin_limits.migrate(db)
            account_lifecycle.migrate(db)

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

    @contextmanager
    def _immediate(self):
        """A transaction that holds SQLite's write lock from its first statement (BEGIN
        IMMEDIATE), so a read-then-write inside it cannot interleave with another's."""
        db = sqlite3.connect(self.path, timeout=60, isolation_level=None)  # as _connect
        try:
            db.execute("PRAGMA foreign_keys = ON")
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")
        finally:
            db.close()

    # -- users -----------------------------------------------------------------------------
    def add_user(self, username: str, role: str, password: str | None = None, by: User | None = None) -> str:
        """Create a user; returns the password (generated when none is given), shown once.
        `by`: who, for the access log."""
        if not USERNAME.match(username or ""):
            raise AccountError("username: 2-64 letters, digits, '.', '_' or '-', starting with a letter or digit")
        if role not in ROLES:
            raise AccountError(f"role: one of {', '.join(ROLES)}")
        password = password if password is not None else generate_password()
        if len(password) < MIN_PASSWORD:
            raise AccountError(f"password: at least {MIN_PASSWORD} characters")
        try:
            with closing(self._connect()) as db, db:
                db.execute("INSERT INTO users (username, role, password_hash, created) VALUES (?, ?, ?, ?)",
                           (username, role, self._hasher.hash(password), _iso(_now())))
        except sqlite3.IntegrityError:
            raise AccountError(f"a user called {username} exists already") from None
        if by is not None:
            self.log_access(by, f"add_user {username} role={role}")
        return password

    def users(self) -> list[dict]:
        with closing(self._connect()) as db:
            rows = db.execute("SELECT username, role, created, disabled FROM users ORDER BY username").fetchall()
        return [{"username": u, "role": r, "created": c, "disabled": bool(d)} for u, r, c, d in rows]

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
    def authenticate(self, username: str, password: str, client: str = "", device: str = "") -> User | None:
        """The user for a right username and password, else None (the caller says the same
        thing for an unknown user and a wrong password). The hash is checked either way, so
        the time taken does not tell whether the user exists. `client` is the address,
        `device` the known-device cookie (see assistant/signin_limits.py); RateLimited when
        this attempt is over a limit. The attempt is counted before the check, atomically."""
        limit = self.setting("failures_per_user")
        with self._immediate() as db:
            attempt = signin_limits.reserve(db, username, client, device, limit, _now())
            row = db.execute("SELECT username, role, password_hash FROM users WHERE username = ? AND disabled = 0",
                             (username,)).fetchone()
        try:
            ok = self._hasher.verify(row[2] if row else self._dummy_hash, password) and row is not None
        except (VerificationError, InvalidHashError):
            ok = False
        if not ok:
            return None
        with self._immediate() as db:
            signin_limits.succeeded(db, attempt, row[0], client, device, _now())
            if self._hasher.check_needs_rehash(row[2]):
                db.execute("UPDATE users SET password_hash = ? WHERE username = ?",
                           (self._hasher.hash(password), row[0]))
        return User(row[0], row[1])

    def remember_device(self, user: User, old_device: str = "") -> str:
        """After a sign-in in a browser: the value of its known-device cookie."""
        with self._immediate() as db:
            return signin_limits.remember_device(db, user.username, old_device, _now())

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
                             "WHERE s.id_hash = ? AND s.expires > ? AND u.disabled = 0", (_sha256(session_id), _iso(_now()))).fetchone()
        return User(row[0], row[1], "session") if row else None

    def end_session(self, session_id: str) -> None:
        with closing(self._connect()) as db, db:
            db.execute("DELETE FROM sessions WHERE id_hash = ?", (_sha256(session_id),))

    # -- API tokens ------------------------------------------------------------------------
    def create_token(self, username: str, role: str | None = None, days: int | None = None,
                     by: User | None = None) -> str:
        """A token for scripts, scoped to `role` (default: the user's own), living `days`
        (default: the token_days setting); printed once. `by`: who, for the access log."""
        user = self.user(username)
        if user is None:
            raise AccountError(f"no user called {username}")
        if any(u["disabled"] for u in self.users() if u["username"] == user.username):
            raise AccountError(f"{user.username} is disabled; enable them first")
        role = role or user.role
        if role not in ROLE_COVERS[user.role]:
            raise AccountError(f"a {user.role} user cannot have a {role} token")
        days = self.setting("token_days") if days is None else days
        spec = SETTINGS["token_days"]
        if not spec.low <= days <= spec.high:
            raise AccountError(f"days: a whole number from {spec.low} to {spec.high}")
        token, now = "gt_" + secrets.token_urlsafe(32), _now()
        with closing(self._connect()) as db, db:
            db.execute("INSERT INTO tokens (token_hash, username, role, created, expires) VALUES (?, ?, ?, ?, ?)",
                       (_sha256(token), user.username, role, _iso(now), _iso(now + dt.timedelta(days=days))))
        self.log_access(by or user, f"create_token {_sha256(token)[:12]} for {user.username} role={role} days={days}")
        return token

    def token_user(self, token: str) -> User | None:
        """The user a token signs in, with the token's role; None when the token is unknown,
        revoked, expired, its user disabled, or its scope no longer covered by the user's role."""
        with closing(self._connect()) as db:
            row = db.execute("SELECT u.username, u.role, t.role FROM tokens t JOIN users u ON u.username = t.username "
                             "WHERE t.token_hash = ? AND t.expires > ? AND u.disabled = 0",
                             (_sha256(token), _iso(_now()))).fetchone()
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

    @staticmethod
    def check_setting(name: str, value: str | int) -> int:
        """The value as the setting's number, or AccountError saying the allowed range."""
        spec = SETTINGS.get(name)
        if spec is None:
            raise AccountError(f"no setting called {name}; the settings are: {', '.join(SETTINGS)}")
        try:
            number = int(str(value).strip())
        except ValueError:
            raise AccountError(f"{spec.label}: a whole number from {spec.low} to {spec.high}") from None
        if not spec.low <= number <= spec.high:
            raise AccountError(f"{spec.label}: a whole number from {spec.low} to {spec.high}")
        return number

    def set_setting(self, name: str, value: str | int, by: User) -> int:
        """Change one setting, checked against its range; the change is written to the
        access log (who, when, what) as well."""
        number = self.check_setting(name, value)
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

"""Sign-in limiting, kept in accounts.db (the login_failures and known_devices tables).

Each attempt is counted *before* its password is checked, inside one `BEGIN IMMEDIATE`
transaction (check and record under SQLite's write lock), so concurrent attempts cannot all
read "no failures yet": the attempt's row is deleted again when the password is right.

The limits, within FAILURE_WINDOW_MINUTES (OWASP's "device cookie" scheme, keyed by a cookie a
browser gets when it signs someone in, not by address):
- a browser that has signed this user in before (a known device) is refused only after
  `limit` failures for this user from that same browser, so an attacker elsewhere cannot lock
  a person out of their usual computer, and people behind one office address are not locked
  out by someone else's failures there;
- any other client is refused for this username after `limit` failures for it from any
  unknown client (addresses rotate; the username does not), and
- once its address has FAILURES_PER_CLIENT failures over all usernames (password spraying),
  it is refused for every username that has already failed from that address; a username
  with no failure there still gets its check, so a colleague at the same office address
  (the admin, in a browser never used before) signs in with the right password, while a
  sprayer gets at most one more guess per username per window there."""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import sqlite3

FAILURES_PER_CLIENT = 20     # failed sign-ins from one address over all usernames, from unknown browsers
FAILURE_WINDOW_MINUTES = 15  # failures count this long; then the oldest ages out
DEVICE_DAYS = 365            # a known-device cookie lasts this long

SCHEMA = """
CREATE TABLE IF NOT EXISTS login_failures (
    username TEXT NOT NULL COLLATE NOCASE,
    client TEXT NOT NULL,
    time TEXT NOT NULL,
    device TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS login_failures_time ON login_failures(time);
CREATE TABLE IF NOT EXISTS known_devices (
    device_hash TEXT PRIMARY KEY,
    username TEXT NOT NULL COLLATE NOCASE REFERENCES users(username) ON DELETE CASCADE,
    last_used TEXT NOT NULL
);
"""


class RateLimited(Exception):
    """Too many failed sign-ins; the message is safe to show."""


def _iso(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _sha256(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def migrate(db: sqlite3.Connection) -> None:
    """Databases made before devices were counted gain the column."""
    columns = {row[1] for row in db.execute("PRAGMA table_info(login_failures)")}
    if "device" not in columns:
        db.execute("ALTER TABLE login_failures ADD COLUMN device TEXT NOT NULL DEFAULT ''")


def known_device(db: sqlite3.Connection, username: str, device: str, now: dt.datetime) -> str:
    """The hash of `device` when it is a live known device of this user, else ''."""
    if not device:
        return ""
    digest = _sha256(device)
    since = _iso(now - dt.timedelta(days=DEVICE_DAYS))
    row = db.execute("SELECT 1 FROM known_devices WHERE device_hash = ? AND username = ? AND last_used > ?",
                     (digest, username, since)).fetchone()
    return digest if row else ""


def reserve(db: sqlite3.Connection, username: str, client: str, device: str, limit: int,
            now: dt.datetime) -> int:
    """Count this attempt as a failure now (the caller deletes it when the password is right)
    and return its row id; RateLimited when the limits are reached. Run inside BEGIN IMMEDIATE."""
    db.execute("DELETE FROM login_failures WHERE time < ?",
               (_iso(now - dt.timedelta(minutes=FAILURE_WINDOW_MINUTES)),))
    device_hash = known_device(db, username, device, now)
    if device_hash:
        over = db.execute("SELECT COUNT(*) FROM login_failures WHERE username = ? AND device = ?",
                          (username, device_hash)).fetchone()[0] >= limit
    else:
        per_user = db.execute("SELECT COUNT(*) FROM login_failures WHERE username = ? AND device = ''",
                              (username,)).fetchone()[0]
        per_client = db.execute("SELECT COUNT(*) FROM login_failures WHERE client = ? AND device = ''",
                                (client,)).fetchone()[0]
        failed_here = per_client >= FAILURES_PER_CLIENT and db.execute(
            "SELECT 1 FROM login_failures WHERE client = ? AND username = ? AND device = '' LIMIT 1",
            (client, username)).fetchone() is not None
        over = per_user >= limit or failed_here
    if over:
        raise RateLimited(f"Too many failed sign-ins. Try again in {FAILURE_WINDOW_MINUTES} minutes.")
    return db.execute("INSERT INTO login_failures (username, client, time, device) VALUES (?, ?, ?, ?)",
                      (username, client, _iso(now), device_hash)).lastrowid


def succeeded(db: sqlite3.Connection, attempt: int, username: str, client: str, device: str,
              now: dt.datetime) -> None:
    """A right password: the attempt is no failure, and this client's earlier failures for
    this user are forgiven (failures from elsewhere still count)."""
    device_hash = known_device(db, username, device, now)
    db.execute("DELETE FROM login_failures WHERE rowid = ?", (attempt,))
    db.execute("DELETE FROM login_failures WHERE username = ? AND device = ? AND (device != '' OR client = ?)",
               (username, device_hash, client))


def remember_device(db: sqlite3.Connection, username: str, old_device: str, now: dt.datetime) -> str:
    """A new known-device value for this browser's cookie (the old one, if any, is replaced);
    only its hash is kept."""
    if old_device:
        db.execute("DELETE FROM known_devices WHERE device_hash = ?", (_sha256(old_device),))
    db.execute("DELETE FROM known_devices WHERE last_used < ?", (_iso(now - dt.timedelta(days=DEVICE_DAYS)),))
    device = secrets.token_urlsafe(32)
    db.execute("INSERT INTO known_devices VALUES (?, ?, ?)", (_sha256(device), username, _iso(now)))
    return device


def forget(db: sqlite3.Connection, username: str) -> None:
    """After a password reset or when an account is disabled: no browser is known any more,
    and the failures are cleared (an admin's unlock)."""
    db.execute("DELETE FROM known_devices WHERE username = ?", (username,))
    db.execute("DELETE FROM login_failures WHERE username = ?", (username,))

"""The centre's web accounts: Argon2id passwords, roles, lockout, sessions and the audit log.

Four roles (DESIGN section 10): the trial's administrator (accounts, sites), data managers,
monitors and statisticians; `web/app.py` says which role may open which page. A password passes
the same policy as a site password (`store.roles.password_problem`) and is kept as an Argon2id
hash (argon2-cffi). Five failed sign-ins in a row lock the account for `LOCK_MINUTES`; every
sign-in, failure, lockout, sign-out and change is written to the centre's audit log
(`center_event`). A session is a random token in a cookie; the store keeps only its SHA-256,
with the session's CSRF token, and ends it after `IDLE_MINUTES` unused or `ABSOLUTE_HOURS`.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import delete, select

from msc_desktop.central.store import CentralStore
from msc_desktop.central.tables import CenterEvent, CenterUser, CenterWebSession, utc_now
from msc_desktop.errors import ValidationError
from msc_desktop.messages import Message
from msc_desktop.store.roles import password_problem

ROLES = ("admin", "data-manager", "monitor", "statistician")
USER_PATTERN = re.compile(r"[a-z][a-z0-9._-]{1,31}")
MAX_FAILURES = 5
LOCK_MINUTES = 15
IDLE_MINUTES = 30
ABSOLUTE_HOURS = 12
MAX_PASSWORD_CHARS = 256
# Argon2id with the RFC 9106 second recommended parameters (64 MiB, 3 passes).
_HASHER = PasswordHasher(time_cost=3, memory_cost=64 * 1024, parallelism=4)
# A hash to verify against when the account does not exist, so that timing does not tell.
_DUMMY_HASH = _HASHER.hash(secrets.token_hex(16))


@dataclass(frozen=True)
class Account:
    """A web account as pages and commands show it (never its hash)."""

    user_id: str
    role: str
    active: bool
    locked_until: datetime | None
    created_at: datetime


@dataclass(frozen=True)
class WebSession:
    """A valid session: who, with which role, and the CSRF token its forms carry."""

    user_id: str
    role: str
    csrf_token: str


class SignInRefused(ValidationError):
    """Wrong name or password, a locked or deactivated account: one sentence for all of them
    except the lockout, so that the page does not tell which names exist."""


def _account(user: CenterUser) -> Account:
    return Account(user.user_id, user.role, user.active, user.locked_until, user.created_at)


def check_user_name(user_id: str) -> None:
    if not USER_PATTERN.fullmatch(user_id):
        raise ValidationError(
            "A user name is 2 to 32 characters: small letters, digits, dot, dash or underscore, "
            "starting with a letter."
        )


def check_role(role: str) -> None:
    if role not in ROLES:
        raise ValidationError("The role must be one of {roles}.", roles=", ".join(ROLES))


def check_new_password(password: str, user_id: str) -> None:
    if len(password) > MAX_PASSWORD_CHARS:
        raise ValidationError(
            "The password may have at most {count} characters.", count=MAX_PASSWORD_CHARS
        )
    problem = password_problem(password, user_id, site_name="coordinating centre")
    if problem is not None:
        raise ValidationError(problem)


def log_event(
    store: CentralStore, user_id: str, action: str, detail: str = "", address: str = ""
) -> None:
    """One line in the centre's audit log."""
    with store.session() as session:
        session.add(
            CenterEvent(user_id=user_id[:64], action=action, detail=detail, address=address[:64])
        )


def add_user(
    store: CentralStore, user_id: str, role: str, password: str, *, by: str = "command line"
) -> Account:
    """A new active account; ValidationError for a bad name, role or weak password, or a name
    already taken (a deactivated account keeps its name)."""
    check_user_name(user_id)
    check_role(role)
    check_new_password(password, user_id)
    with store.session() as session:
        if session.get(CenterUser, user_id) is not None:
            raise ValidationError("The user {user} already exists.", user=user_id)
        user = CenterUser(
            user_id=user_id,
            role=role,
            password_hash=_HASHER.hash(password),
            active=True,
            failed_sign_ins=0,
        )
        session.add(user)
        session.add(CenterEvent(user_id=by, action="user added", detail=f"{user_id} ({role})"))
    return _account(user)


def list_users(store: CentralStore) -> list[Account]:
    with store.session() as session:
        return [
            _account(user)
            for user in session.scalars(select(CenterUser).order_by(CenterUser.user_id))
        ]


def deactivate_user(store: CentralStore, user_id: str, *, by: str = "command line") -> None:
    """The account can no longer sign in and its sessions end at once."""
    with store.session() as session:
        user = session.get(CenterUser, user_id)
        if user is None:
            raise ValidationError("There is no user {user}.", user=user_id)
        user.active = False
        session.execute(delete(CenterWebSession).where(CenterWebSession.user_id == user_id))
        session.add(CenterEvent(user_id=by, action="user deactivated", detail=user_id))


def change_password(
    store: CentralStore, user_id: str, current: str, new: str, address: str = ""
) -> None:
    """The signed-in user's own password; the current one must be given again."""
    check_new_password(new, user_id)
    with store.session() as session:
        user = session.get(CenterUser, user_id)
        if user is None or not _verify(user.password_hash, current):
            session.add(
                CenterEvent(
                    user_id=user_id,
                    action="password change refused",
                    detail="wrong current password",
                    address=address,
                )
            )
            raise SignInRefused("The current password is wrong.")
        user.password_hash = _HASHER.hash(new)
        user.password_changed_at = utc_now()
        session.add(CenterEvent(user_id=user_id, action="password changed", address=address))


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def sign_in(
    store: CentralStore, user_id: str, password: str, address: str
) -> tuple[str, WebSession]:
    """A new session (cookie token, session) for a correct name and password; SignInRefused
    otherwise. The fifth failure in a row locks the account for LOCK_MINUTES."""
    wrong = Message("The user name or password is wrong.")
    now = utc_now()
    with store.session() as session:
        user = session.get(CenterUser, user_id) if USER_PATTERN.fullmatch(user_id) else None
        if user is None:
            _verify(_DUMMY_HASH, password)
            session.add(
                CenterEvent(
                    user_id=user_id[:64],
                    action="sign-in failed",
                    detail="no such user",
                    address=address,
                )
            )
            failure: Message | None = wrong
        elif user.locked_until is not None and user.locked_until > now:
            session.add(
                CenterEvent(
                    user_id=user_id,
                    action="sign-in failed",
                    detail="account locked",
                    address=address,
                )
            )
            failure = Message(
                "This account is locked after {count} failed sign-ins; try again "
                "after {minutes} minutes.",
                count=MAX_FAILURES,
                minutes=LOCK_MINUTES,
            )
        elif not _verify(user.password_hash, password[:MAX_PASSWORD_CHARS]):
            user.failed_sign_ins += 1
            session.add(
                CenterEvent(
                    user_id=user_id,
                    action="sign-in failed",
                    detail="wrong password",
                    address=address,
                )
            )
            failure = wrong
            if user.failed_sign_ins >= MAX_FAILURES:
                user.locked_until = now + timedelta(minutes=LOCK_MINUTES)
                user.failed_sign_ins = 0
                session.add(
                    CenterEvent(
                        user_id=user_id,
                        action="account locked",
                        detail=f"{MAX_FAILURES} failed sign-ins",
                        address=address,
                    )
                )
        elif not user.active:
            session.add(
                CenterEvent(
                    user_id=user_id,
                    action="sign-in failed",
                    detail="account deactivated",
                    address=address,
                )
            )
            failure = wrong
        else:
            failure = None
            user.failed_sign_ins, user.locked_until = 0, None
            token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
            session.add(
                CenterWebSession(
                    token_sha256=_digest(token),
                    user_id=user_id,
                    csrf_token=csrf,
                    started_at=now,
                    last_seen_at=now,
                )
            )
            session.add(CenterEvent(user_id=user_id, action="signed in", address=address))
            role = user.role
    if failure is not None:
        raise SignInRefused(failure)
    return token, WebSession(user_id, role, csrf)


def current_session(store: CentralStore, token: str) -> WebSession | None:
    """The session of a cookie token, touched; None when it is unknown, idle too long, too old
    or its account was deactivated (an ended session is removed)."""
    if not token or len(token) > 100:
        return None
    now = utc_now()
    with store.session() as session:
        found = session.get(CenterWebSession, _digest(token))
        if found is None:
            return None
        user = session.get(CenterUser, found.user_id)
        expired = now - found.last_seen_at > timedelta(
            minutes=IDLE_MINUTES
        ) or now - found.started_at > timedelta(hours=ABSOLUTE_HOURS)
        if expired or user is None or not user.active:
            session.delete(found)
            if expired:
                session.add(CenterEvent(user_id=found.user_id, action="session expired"))
            return None
        if now - found.last_seen_at > timedelta(seconds=30):
            found.last_seen_at = now
        return WebSession(user.user_id, user.role, found.csrf_token)


def sign_out(store: CentralStore, token: str, address: str) -> None:
    with store.session() as session:
        found = session.get(CenterWebSession, _digest(token))
        if found is not None:
            session.add(CenterEvent(user_id=found.user_id, action="signed out", address=address))
            session.delete(found)


def recent_events(store: CentralStore, limit: int = 200) -> Sequence[CenterEvent]:
    with store.session() as session:
        return list(
            session.scalars(select(CenterEvent).order_by(CenterEvent.event_id.desc()).limit(limit))
        )


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()

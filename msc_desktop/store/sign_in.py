"""Signing in: the one answer to wrong credentials, the lock-out after repeated failures, the
signed-in user, and the idle lock."""

from __future__ import annotations

from dataclasses import dataclass

from msc_desktop.errors import AuthenticationError
from msc_desktop.messages import Message
from msc_desktop.store import keys
from msc_desktop.store.key_file import FailureCounter
from msc_desktop.store.roles import Role

LOCK_AFTER_FAILURES = 5
FIRST_LOCK_SECONDS = 60


def wrong_credentials() -> AuthenticationError:
    """The one answer to a wrong password or an unknown user, so neither gives the other away."""
    return AuthenticationError("Wrong user name or password.")


class SessionLocked(AuthenticationError):
    """The session was idle too long; the user must enter the password again."""


@dataclass(frozen=True)
class CurrentUser:
    user_id: str
    full_name: str
    role: Role


def spend_equal_time(password: str) -> None:
    """Runs the KDF for an unknown user so the reply takes as long as for a known one."""
    keys.Wrap.create(password, bytes(keys.DB_KEY_BYTES))


def locked_message(seconds: float) -> Message:
    minutes = max(1, int((seconds + 59) // 60))
    if minutes == 1:
        return Message(
            "This account is locked after repeated failed sign-ins; try again in 1 minute."
        )
    return Message(
        "This account is locked after repeated failed sign-ins; try again in {minutes} minutes.",
        minutes=minutes,
    )


def count_failure(counter: FailureCounter, now: float) -> None:
    """Counts one more failed password; from the fifth on the account is locked, for a minute at
    first and twice as long after each further failure."""
    counter.count += 1
    if counter.count >= LOCK_AFTER_FAILURES:
        counter.locked_until = now + FIRST_LOCK_SECONDS * 2 ** (counter.count - LOCK_AFTER_FAILURES)

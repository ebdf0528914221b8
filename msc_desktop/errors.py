"""The exceptions the app shows to people: each message is one complete, human sentence.

Every layer raises a subclass of `MscError` for a fault a user can act on; the CLI and the GUI
print `str(error)` and nothing else. Anything that is not an `MscError` is a bug.
"""


class MscError(Exception):
    """A fault a user can understand and act on; `str()` is the one-line message to show."""


class ValidationError(MscError):
    """An input value is missing, malformed or out of range."""


class AuthenticationError(MscError):
    """Sign-in failed: wrong user name or password, or the account is locked."""


class PermissionDenied(MscError):
    """The signed-in user's role does not allow this action."""


class RuleViolation(MscError):
    """The protocol forbids this action now (order of events, arm, signature missing)."""


class StoreError(MscError):
    """The site database cannot be created, opened or written."""


class SyncError(MscError):
    """A bundle, package or receipt is invalid, or a transfer failed."""

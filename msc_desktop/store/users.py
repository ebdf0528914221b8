"""User administration: create, deactivate (never delete), change role, set or change passwords.

Accounts live in the database (`UserAccount`, audited); their keys live in the keyring (a member
per active user holding the keys its role needs, see keys). Deactivating removes the member and
rekeys the database, so neither the account nor an old copy of the key file opens it again; the
row stays so its id is never reused. A role change gives or takes the role's keys.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from msc_desktop.errors import ValidationError
from msc_desktop.store.audit import record_event
from msc_desktop.store.base import utc_now
from msc_desktop.store.models import UserAccount
from msc_desktop.store.roles import (
    Action,
    Role,
    check_password_strength,
    check_user_id,
    parse_role,
    require,
)
from msc_desktop.store.sign_in import wrong_credentials
from msc_desktop.store.site import SiteStore


def list_users(store: SiteStore) -> list[UserAccount]:
    require(store.user.role, Action.VIEW)
    with store.session() as session:
        return list(session.scalars(select(UserAccount).order_by(UserAccount.user_id)))


def create_user(
    store: SiteStore, user_id: str, full_name: str, role: str, password: str
) -> UserAccount:
    require(store.user.role, Action.MANAGE_USERS)
    user_id = check_user_id(user_id)
    parsed_role = parse_role(role)
    if not full_name.strip():
        raise ValidationError("The user's full name is required (it is printed with signatures).")
    check_password_strength(password, user_id, full_name=full_name, site_name=store.site_name)
    with store.session() as session:
        if session.get(UserAccount, user_id) is not None:
            raise ValidationError(
                "The user name {user_id} is taken (user names are never reused).", user_id=user_id
            )
        account = UserAccount(user_id=user_id, full_name=full_name.strip(), role=parsed_role.value)
        session.add(account)
    store.set_password(user_id, password)
    return account


def deactivate_user(
    store: SiteStore, user_id: str, reason: str, *, recovery_key: str | None = None
) -> list[str]:
    """Deactivates the account and rekeys the database. Returns the user names of accounts that
    had not signed in since this version and so lost their key (an administrator resets their
    password). A site set up with an earlier version needs the recovery key once
    (`recovery_key`)."""
    require(store.user.role, Action.MANAGE_USERS)
    if user_id.strip().lower() == store.user.user_id:
        raise ValidationError("You cannot deactivate your own account; ask another administrator.")
    if recovery_key is not None:
        store.add_recovery_member(recovery_key)
    store.require_recovery_member()
    with store.session(reason=reason) as session:
        account = _account(session, user_id)
        if account.role == Role.ADMIN.value and _active_admins(session) <= 1:
            raise ValidationError("The last active administrator cannot be deactivated.")
        account.active = False
        account.deactivated_at = utc_now()
        by_slot = {
            store.keyring.slot(uid): uid for uid in session.scalars(select(UserAccount.user_id))
        }
    store.settle_access()
    dropped = [by_slot.get(slot, slot) for slot in store.rekey()]
    with store.session() as session:
        record_event(
            session,
            "site",
            store.site_id,
            f"database key replaced after deactivating {account.user_id}; copies of the key file "
            "made before no longer open it",
        )
        for lost in dropped:
            record_event(
                session,
                "user_account",
                lost,
                "password must be reset: the account had not signed "
                "in since the key file was upgraded",
            )
    return dropped


def change_role(store: SiteStore, user_id: str, role: str, reason: str) -> None:
    require(store.user.role, Action.MANAGE_USERS)
    new_role = parse_role(role)
    with store.session(reason=reason) as session:
        account = _account(session, user_id)
        if (
            account.role == Role.ADMIN.value
            and new_role != Role.ADMIN
            and _active_admins(session) <= 1
        ):
            raise ValidationError("The last active administrator must keep the administrator role.")
        account.role = new_role.value
    store.settle_access()


def change_own_password(store: SiteStore, old_password: str, new_password: str) -> None:
    """Relocks the user's keys under the new password; the database is not re-encrypted."""
    if store.keyring.open_member(store.keyring.slot(store.user.user_id), old_password) is None:
        raise wrong_credentials()
    check_password_strength(
        new_password, store.user.user_id, full_name=store.user.full_name, site_name=store.site_name
    )
    store.set_password(store.user.user_id, new_password, old_password=old_password)
    with store.session() as session:
        record_event(session, "user_account", store.user.user_id, "password changed")


def reset_password(store: SiteStore, user_id: str, new_password: str) -> None:
    """An administrator sets a new password for a user who forgot theirs; also clears a lock
    (`set_password` does)."""
    require(store.user.role, Action.MANAGE_USERS)
    with store.session() as session:
        account = _account(session, user_id)
        if not account.active:
            raise ValidationError(
                "{user_id} is deactivated; a deactivated account cannot sign in.", user_id=user_id
            )
        check_password_strength(
            new_password, account.user_id, full_name=account.full_name, site_name=store.site_name
        )
        record_event(session, "user_account", account.user_id, "password reset by an administrator")
    store.set_password(account.user_id, new_password)


def _account(session: Session, user_id: str) -> UserAccount:
    account = session.get(UserAccount, user_id.strip().lower())
    if account is None:
        raise ValidationError("There is no user {user_id!r}.", user_id=user_id)
    return account


def _active_admins(session: Session) -> int:
    return len(
        session.scalars(
            select(UserAccount.user_id).where(
                UserAccount.role == Role.ADMIN.value, UserAccount.active
            )
        ).all()
    )

"""User administration: create, deactivate (never delete), change role, set or change passwords.

Accounts live in the database (`UserAccount`, audited); their ability to unlock lives in the
keyring (one wrap of the database key per active user). Deactivating removes the wrap, so the
account can no longer sign in, and keeps the row so its id is never reused.
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
from msc_desktop.store.site import SiteStore, wrong_credentials


def list_users(store: SiteStore) -> list[UserAccount]:
    require(store.user.role, Action.VIEW)
    with store.session() as session:
        return list(session.scalars(select(UserAccount).order_by(UserAccount.user_id)))


def create_user(store: SiteStore, user_id: str, full_name: str, role: str, password: str) -> UserAccount:
    require(store.user.role, Action.MANAGE_USERS)
    user_id = check_user_id(user_id)
    parsed_role = parse_role(role)
    if not full_name.strip():
        raise ValidationError("The user's full name is required (it is printed with signatures).")
    check_password_strength(password, user_id, full_name=full_name, site_name=store.site_name)
    with store.session() as session:
        if session.get(UserAccount, user_id) is not None:
            raise ValidationError("The user name {user_id} is taken (user names are never reused).", user_id=user_id)
        account = UserAccount(user_id=user_id, full_name=full_name.strip(), role=parsed_role.value)
        session.add(account)
        store.keyring.wraps[store.keyring.slot(user_id)] = store.wrap_database_key(password)
        store.keyring.save()
    return account


def deactivate_user(store: SiteStore, user_id: str, reason: str) -> None:
    require(store.user.role, Action.MANAGE_USERS)
    if user_id == store.user.user_id:
        raise ValidationError("You cannot deactivate your own account; ask another administrator.")
    with store.session(reason=reason) as session:
        account = _account(session, user_id)
        if account.role == Role.ADMIN.value and _active_admins(session) <= 1:
            raise ValidationError("The last active administrator cannot be deactivated.")
        account.active = False
        account.deactivated_at = utc_now()
        store.keyring.wraps.pop(store.keyring.slot(user_id), None)
        store.keyring.save()


def change_role(store: SiteStore, user_id: str, role: str, reason: str) -> None:
    require(store.user.role, Action.MANAGE_USERS)
    new_role = parse_role(role)
    with store.session(reason=reason) as session:
        account = _account(session, user_id)
        if account.role == Role.ADMIN.value and new_role != Role.ADMIN and _active_admins(session) <= 1:
            raise ValidationError("The last active administrator must keep the administrator role.")
        account.role = new_role.value


def change_own_password(store: SiteStore, old_password: str, new_password: str) -> None:
    """Rewraps the database key under the new password; the database is not re-encrypted."""
    slot = store.keyring.slot(store.user.user_id)
    wrap = store.keyring.wraps.get(slot)
    if wrap is None or wrap.open(old_password) is None:
        raise wrong_credentials()
    check_password_strength(new_password, store.user.user_id, full_name=store.user.full_name,
                            site_name=store.site_name)
    with store.session() as session:
        store.keyring.wraps[slot] = store.wrap_database_key(new_password)
        store.keyring.save()
        record_event(session, "user_account", store.user.user_id, "password changed")


def reset_password(store: SiteStore, user_id: str, new_password: str) -> None:
    """An administrator sets a new password for a user who forgot theirs; also clears a lock."""
    require(store.user.role, Action.MANAGE_USERS)
    with store.session() as session:
        account = _account(session, user_id)
        if not account.active:
            raise ValidationError("{user_id} is deactivated; a deactivated account cannot sign in.", user_id=user_id)
        check_password_strength(new_password, account.user_id, full_name=account.full_name, site_name=store.site_name)
        slot = store.keyring.slot(user_id)
        store.keyring.wraps[slot] = store.wrap_database_key(new_password)
        store.keyring.failures.pop(slot, None)
        store.keyring.save()
        record_event(session, "user_account", user_id, "password reset by an administrator")


def _account(session: Session, user_id: str) -> UserAccount:
    account = session.get(UserAccount, user_id.strip().lower())
    if account is None:
        raise ValidationError("There is no user {user_id!r}.", user_id=user_id)
    return account


def _active_admins(session: Session) -> int:
    return len(
        session.scalars(
            select(UserAccount.user_id).where(UserAccount.role == Role.ADMIN.value, UserAccount.active)
        ).all()
    )

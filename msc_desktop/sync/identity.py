"""The site's sync identity and the coordinating centre key it trusts (DESIGN section 4).

The site's Ed25519 + X25519 key pair is made on first use and kept only inside the encrypted
database (`site_setting`), encrypted once more under the site's signing key (store.keys), which
administrators and the roles that export hold and the read-only monitor does not; its public
half is written as a self-signed key file for the centre, and the fingerprint (SHA-256 of the raw
signing key, grouped) is compared by phone at registration. The centre's public key file is
pinned here by the site administrator; every centre package is checked against it.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from sqlalchemy.orm import Session

from msc_desktop.errors import PermissionDenied, SyncError
from msc_desktop.files import read_limited
from msc_desktop.store.audit import record_event
from msc_desktop.store.keys import Secret, decrypt_with, encrypt_with
from msc_desktop.store.models import get_setting, put_setting
from msc_desktop.store.roles import Action, require
from msc_desktop.store.site import SiteStore
from msc_desktop.sync.bundle import BUNDLE_SUFFIX
from msc_desktop.sync.envelope import write_atomic
from msc_desktop.sync.keys import KeyPair, PublicIdentity, format_fingerprint, parse_public_document

SETTING_SITE_KEY = "sync.site_key"
SETTING_SITE_FINGERPRINT = "sync.site_fingerprint"
_SEALED = "sealed:"
_SIGNING_AAD = b"msc-desktop site signing key"
SETTING_DEVICE = "sync.device_id"
SETTING_CENTER_KEY = "sync.center_key"
#: A public key file is a few hundred bytes (keys.py refuses more than 4 KiB).
MAX_KEY_FILE_BYTES = 4096
SETTING_EXPORTED = "sync.exported_seq"
SETTING_ACKNOWLEDGED = "sync.acknowledged_seq"
OUTBOX = "outbox"


def outbox_dir(store: SiteStore) -> Path:
    """Where exported bundles wait, sealed to the pinned centre, until a receipt covers them."""
    return Path(store.data_dir) / OUTBOX


def site_keys(store: SiteStore) -> KeyPair:
    """The site's key pair, made on first use (the private half never leaves the database, and
    is stored encrypted under the signing key; a plain one from an earlier version is encrypted
    at its first use by a holder)."""
    site_id = store.site_id
    signing = store.secret(Secret.SIGNING)
    if signing is None:
        raise PermissionDenied(
            "Your account cannot use the site's signing key; an administrator, "
            "investigator or research nurse exports."
        )
    with store.session() as session:
        stored = get_setting(session, SETTING_SITE_KEY)
        if stored is not None and stored.startswith(_SEALED):
            private = decrypt_with(signing, stored.removeprefix(_SEALED), _SIGNING_AAD)
            if private is None:
                raise SyncError("The site's signing key does not open with this site's keys.")
            return KeyPair.from_private_bytes("site", site_id, private)
        if stored is not None:
            keys = KeyPair.from_private_bytes("site", site_id, bytes.fromhex(stored))
            put_setting(
                session,
                SETTING_SITE_KEY,
                _SEALED + encrypt_with(signing, keys.private_bytes(), _SIGNING_AAD),
            )
            put_setting(session, SETTING_SITE_FINGERPRINT, keys.public().fingerprint)
            return keys
        keys = KeyPair.generate("site", site_id)
        put_setting(
            session,
            SETTING_SITE_KEY,
            _SEALED + encrypt_with(signing, keys.private_bytes(), _SIGNING_AAD),
        )
        put_setting(session, SETTING_SITE_FINGERPRINT, keys.public().fingerprint)
        put_setting(session, SETTING_DEVICE, uuid.uuid4().hex)
        record_event(
            session,
            "site",
            site_id,
            f"site signing key created: fingerprint {keys.public().fingerprint}",
        )
        return keys


def stored_fingerprint(session: Session, site_id: str) -> str | None:
    """The site key's fingerprint as kept beside it (readable by every role), or None before the
    key exists; a plain key from an earlier version gives its own."""
    fingerprint = get_setting(session, SETTING_SITE_FINGERPRINT)
    stored = get_setting(session, SETTING_SITE_KEY)
    if fingerprint is None and stored is not None and not stored.startswith(_SEALED):
        fingerprint = (
            KeyPair.from_private_bytes("site", site_id, bytes.fromhex(stored)).public().fingerprint
        )
    return fingerprint


def site_fingerprint(store: SiteStore) -> str:
    """The grouped fingerprint the centre compares when it registers this site."""
    return format_fingerprint(site_keys(store).public().fingerprint)


def write_identity(store: SiteStore, out: Path) -> str:
    """Write the site's public key file for the centre; returns its grouped fingerprint."""
    keys = site_keys(store)
    write_atomic(Path(out), keys.public_document())
    return format_fingerprint(keys.public().fingerprint)


def pin_center_key(store: SiteStore, key_file: Path, *, replace: bool = False) -> str:
    """Pin the coordinating centre's public key; returns its grouped fingerprint.

    A different key than the one pinned is refused unless `replace` is given (a new centre key
    is announced out of band, and the site admin confirms its fingerprint). Replacing it
    re-addresses what is pending: the bundles sealed to the old key leave the outbox and the
    next bundle carries every record from the first, sealed to the new centre, which accepts
    it once whether it holds this site's history or not.
    """
    require(store.user.role, Action.MANAGE_SITE)
    document = read_limited(Path(key_file), MAX_KEY_FILE_BYTES, SyncError)
    identity = parse_public_document(document, "center")
    site_id = store.site_id
    with store.session() as session:
        current = get_setting(session, SETTING_CENTER_KEY)
        if current is not None:
            pinned = parse_public_document(current.encode("utf-8"), "center")
            if pinned.fingerprint == identity.fingerprint:
                return format_fingerprint(identity.fingerprint)
            if not replace:
                raise SyncError(
                    "A different coordinating centre key is already pinned; confirm "
                    "the new fingerprint and replace it explicitly."
                )
        put_setting(session, SETTING_CENTER_KEY, document.decode("utf-8"))
        description = f"coordinating centre key pinned: fingerprint {identity.fingerprint}"
        if current is not None:
            put_setting(session, SETTING_EXPORTED, "0")
            put_setting(session, SETTING_ACKNOWLEDGED, "0")
            description += "; the next bundle re-sends every record to the new centre"
        record_event(session, "site", site_id, description)
    if current is not None:
        for stale in outbox_dir(store).glob(f"*{BUNDLE_SUFFIX}"):
            stale.unlink(missing_ok=True)
    return format_fingerprint(identity.fingerprint)


def center_identity(store: SiteStore) -> PublicIdentity:
    with store.session() as session:
        document = get_setting(session, SETTING_CENTER_KEY)
    if document is None:
        raise SyncError(
            "No coordinating centre key is pinned yet; an administrator imports it in "
            "Tools > Coordinating centre."
        )
    return parse_public_document(document.encode("utf-8"), "center")

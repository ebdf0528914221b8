"""Connecting a site to its coordinating centre: what the administrator's "Coordinating centre"
screen and the set-up wizard's last step show and do (no Qt here).

The site's own public key file goes to the centre (on a USB stick) and its fingerprint is read to
the centre by phone; the centre's key file comes back, its fingerprint is compared the same way,
and only then is it pinned (`identity.pin_center_key`). The centre's site package and allocation
lists are then imported (`site_import.import_packages`, which checks them against the pinned
key). The upload address is a site setting; the certificate authority of an HTTPS centre is kept
inside the encrypted database, so it does not depend on a file that may be on a stick taken away.

Every file read here comes from a user and is bounded in size before it is read; a file the user
named is never moved, changed or overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.x509.oid import NameOID

from msc_desktop.errors import SyncError
from msc_desktop.files import read_limited
from msc_desktop.store.audit import record_event
from msc_desktop.store.models import get_setting, put_setting
from msc_desktop.store.roles import Action, require
from msc_desktop.store.services.randomization import ListStock, stock
from msc_desktop.store.settings import site_value
from msc_desktop.store.site import SiteStore
from msc_desktop.sync.envelope import write_atomic
from msc_desktop.sync.identity import (
    MAX_KEY_FILE_BYTES,
    SETTING_CENTER_KEY,
    site_keys,
)
from msc_desktop.sync.keys import format_fingerprint, parse_public_document

SETTING_CENTER_CA = "sync.center_ca"
#: A CA file holds a few certificates of a few kilobytes each.
MAX_CA_FILE_BYTES = 256 * 1024


@dataclass(frozen=True)
class CentreConnection:
    """What the "Coordinating centre" screen shows."""

    site_id: str
    site_fingerprint: str
    center_fingerprint: str | None
    upload_url: str
    ca_subject: str | None
    lists: tuple[ListStock, ...]

    @property
    def connected(self) -> bool:
        return self.center_fingerprint is not None


def connection_status(store: SiteStore) -> CentreConnection:
    require(store.user.role, Action.MANAGE_SITE)
    site_print = format_fingerprint(site_keys(store).public().fingerprint)
    with store.session() as session:
        center = get_setting(session, SETTING_CENTER_KEY)
        ca = get_setting(session, SETTING_CENTER_CA)
    center_print = (
        format_fingerprint(parse_public_document(center.encode("utf-8"), "center").fingerprint)
        if center is not None
        else None
    )
    return CentreConnection(
        site_id=store.site_id,
        site_fingerprint=site_print,
        center_fingerprint=center_print,
        upload_url=site_value(store, "center_upload_url"),
        ca_subject=_ca_subject(ca.encode("ascii")) if ca else None,
        lists=tuple(stock(store)),
    )


def center_key_fingerprint(path: Path) -> str:
    """The grouped fingerprint of a centre key file, to compare by phone before pinning it."""
    identity = parse_public_document(read_limited(path, MAX_KEY_FILE_BYTES, SyncError), "center")
    return format_fingerprint(identity.fingerprint)


def site_key_file_name(store: SiteStore) -> str:
    return f"site-{store.site_id}.pub"


def save_site_key(store: SiteStore, folder: Path) -> Path:
    """Writes the site's public key file into `folder` (a USB stick) and returns its path; a file
    of that name already there is kept, and the new one gets a numbered name."""
    require(store.user.role, Action.MANAGE_SITE)
    folder = Path(folder)
    if not folder.is_dir():
        raise SyncError(
            "The folder {folder} does not exist; plug in the drive or choose another folder.",
            folder=folder,
        )
    document = site_keys(store).public_document()
    name = site_key_file_name(store)
    target = folder / name
    number = 1
    while target.exists():
        if (
            target.is_file()
            and target.stat().st_size <= MAX_KEY_FILE_BYTES
            and target.read_bytes() == document
        ):
            return target
        number += 1
        target = folder / f"{Path(name).stem}-{number}.pub"
    try:
        write_atomic(target, document)
    except OSError as error:
        raise SyncError(
            "Cannot write {path}: {problem}.", path=target, problem=error.strerror
        ) from None
    return target


def set_center_ca(store: SiteStore, path: Path) -> str:
    """Keeps the certificate (PEM) an HTTPS centre is checked against; returns its subject."""
    require(store.user.role, Action.MANAGE_SITE)
    data = read_limited(path, MAX_CA_FILE_BYTES, SyncError)
    subject = _ca_subject(data)
    site_id = store.site_id
    with store.session() as session:
        put_setting(session, SETTING_CENTER_CA, data.decode("ascii"))
        record_event(session, "site", site_id, f"centre certificate set: {subject}")
    return subject


def clear_center_ca(store: SiteStore) -> None:
    """Back to the computer's own certificate authorities for the upload."""
    require(store.user.role, Action.MANAGE_SITE)
    site_id = store.site_id
    with store.session() as session:
        if get_setting(session, SETTING_CENTER_CA) is not None:
            put_setting(session, SETTING_CENTER_CA, "")
            record_event(session, "site", site_id, "centre certificate removed")


def center_ca(store: SiteStore) -> str | None:
    """The PEM certificate(s) an HTTPS upload trusts, or None for the computer's own."""
    with store.session() as session:
        return get_setting(session, SETTING_CENTER_CA) or None


def _ca_subject(data: bytes) -> str:
    try:
        certificates = x509.load_pem_x509_certificates(data)
    except ValueError:
        raise SyncError(
            "This is not a certificate file (PEM, beginning with -----BEGIN CERTIFICATE-----)."
        ) from None
    names = certificates[0].subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(names[0].value) if names else certificates[0].subject.rfc4514_string()

"""Writing files so that a crash or a pulled USB stick leaves the old file or the new one, never half;
and reading a file a user named with its size bounded before it is read.

One implementation for every file the app writes outside the database (key file, bundles, centre
packages and receipts, PDFs): a temporary file in the same folder, fsync, rename, fsync the folder.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from msc_desktop.errors import MscError
from msc_desktop.messages import Message


def read_limited(path: Path, limit: int, error: type[MscError]) -> bytes:
    """The bytes of a file a user named; refused with `error`, unread, when larger than `limit`."""
    try:
        with Path(path).open("rb") as stream:
            data = stream.read(limit + 1)
    except OSError as exc:
        raise error(Message("Cannot read {path}: {problem}.", path=path, problem=exc.strerror or str(exc))) from None
    if len(data) > limit:
        raise error(Message("{path} is too large for this kind of file ({limit} bytes at most).", path=path,
                            limit=limit))
    return data


def write_atomically(path: Path, data: bytes, error: type[MscError]) -> Path:
    """Writes `data` to `path` atomically; a failure raises `error` with one sentence."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise error(Message("The folder {folder} does not exist; choose another place for {name}.",
                            folder=folder, name=target.name))
    if target.is_dir():
        raise error(Message("{target} is a folder; give a file name.", target=target))
    temporary = folder / f".{target.name}.{secrets.token_hex(6)}.part"
    try:
        with open(temporary, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise error(Message("Cannot write {target}: {problem}.", target=target, problem=exc.strerror or str(exc))) from None
    _fsync_folder(folder)
    return target


def _fsync_folder(folder: Path) -> None:
    """Makes the rename durable; platforms that cannot open a folder (Windows) skip this."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)

"""Reading and writing the files that cross the app's boundary.

Writing: a crash or a pulled USB stick leaves the old file or the new one, never half. One
implementation for every file the app writes outside the database (key file, bundles, centre
packages and receipts, PDFs): a temporary file in the same folder, fsync, rename, fsync the folder.
Secret files are created with mode 0600 from the first byte (no window before a chmod).

Reading a file someone handed over (bundles, packages, key files): only a regular file, and its
size is checked before a byte is read, so a huge file or a pipe never fills memory or blocks.
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

from msc_desktop.errors import MscError
from msc_desktop.messages import Message


def read_limited(path: Path, limit: int, error: type[MscError]) -> bytes:
    """The bytes of the regular file `path`, refused with `error` before reading when larger
    than `limit` bytes; the file itself is never changed."""
    try:
        # O_NONBLOCK: opening a named pipe must not wait for a writer; it is refused below.
        descriptor = os.open(
            path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        )
    except OSError as exc:
        raise error(
            Message("Cannot read {path}: {problem}.", path=path, problem=exc.strerror or str(exc))
        ) from None
    with os.fdopen(descriptor, "rb") as stream:
        info = os.fstat(stream.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise error(
                Message("{name} is not a regular file; it was not read.", name=Path(path).name)
            )
        too_large = Message(
            "{name} is larger than the limit of {limit} bytes; it was not read.",
            name=Path(path).name,
            limit=limit,
        )
        if info.st_size > limit:
            raise error(too_large)
        try:
            data = stream.read(limit + 1)
        except OSError as exc:
            raise error(
                Message(
                    "Cannot read {path}: {problem}.", path=path, problem=exc.strerror or str(exc)
                )
            ) from None
    if len(data) > limit:
        raise error(too_large)
    return data


def write_atomically(
    path: Path, data: bytes, error: type[MscError], *, secret: bool = False
) -> Path:
    """Writes `data` to `path` atomically; a failure raises `error` with one sentence.

    `secret`: the file is readable by its owner only (0600) from the moment it exists."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise error(
            Message(
                "The folder {folder} does not exist; choose another place for {name}.",
                folder=folder,
                name=target.name,
            )
        )
    if target.is_dir():
        raise error(Message("{target} is a folder; give a file name.", target=target))
    temporary = folder / f".{target.name}.{secrets.token_hex(6)}.part"
    try:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        with os.fdopen(os.open(temporary, flags, 0o600 if secret else 0o666), "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise error(
            Message(
                "Cannot write {target}: {problem}.", target=target, problem=exc.strerror or str(exc)
            )
        ) from None
    _fsync_folder(folder)
    return target


def make_private_folder(path: Path, error: type[MscError], *, tighten: bool = False) -> Path:
    """Creates `path` (and missing parents) readable by its owner only (0700) from the start;
    `tighten` also makes an existing folder 0700 (the app's own folders, never one a user chose)."""
    folder = Path(path)
    try:
        existed = folder.is_dir()
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if tighten and existed:
            folder.chmod(0o700)
    except OSError as exc:
        raise error(
            Message(
                "Cannot create the folder {folder}: {problem}.",
                folder=folder,
                problem=exc.strerror or str(exc),
            )
        ) from None
    return folder


def create_private_file(path: Path, data: bytes, error: type[MscError]) -> Path:
    """Creates the new file `path` with mode 0600 from the moment it exists (never replaces one)."""
    try:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        with os.fdopen(os.open(path, flags, 0o600), "wb") as stream:
            stream.write(data)
    except OSError as exc:
        raise error(
            Message(
                "Cannot write {target}: {problem}.", target=path, problem=exc.strerror or str(exc)
            )
        ) from None
    return Path(path)


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

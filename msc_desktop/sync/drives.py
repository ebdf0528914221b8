"""Removable drives the sync panel can offer as export targets (USB sticks).

The mounted file systems come from psutil on every platform. Which of them are removable: on
Windows the drive type psutil reports ("removable" in the options); on macOS the volumes mounted
under /Volumes; on Linux the file systems that desktop auto-mounters put under /media or
/run/media, plus any mount (e.g. /mnt/usb, mounted by hand or by fstab) whose disk the kernel marks
removable or which sits on a USB bus (sysfs). Anything else is chosen as a folder.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

import psutil

_LINUX_REMOVABLE_ROOTS = ("/media/", "/run/media/")
_SYS_CLASS_BLOCK = Path("/sys/class/block")


class Partition(Protocol):
    """What psutil.disk_partitions() tells of one mounted file system."""

    @property
    def device(self) -> str: ...
    @property
    def mountpoint(self) -> str: ...
    @property
    def opts(self) -> str: ...


def removable_drives() -> list[Path]:
    """Mount points of removable drives that are writable now, in a stable order."""
    try:
        partitions = psutil.disk_partitions(all=False)
    except OSError:
        return []
    return [path for path in removable_mounts(partitions) if os.access(path, os.W_OK)]


def removable_mounts(
    partitions: Iterable[Partition],
    platform: str = sys.platform,
    sys_class_block: Path = _SYS_CLASS_BLOCK,
) -> list[Path]:
    """The mount points among `partitions` that are removable drives on `platform`."""
    found = set()
    for partition in partitions:
        if platform == "win32":
            removable = "removable" in partition.opts.split(",")
        elif platform == "darwin":
            removable = partition.mountpoint.startswith("/Volumes/")
        else:
            removable = partition.mountpoint.startswith(_LINUX_REMOVABLE_ROOTS) or (
                _is_removable_disk(partition.device, sys_class_block)
            )
        if removable:
            found.add(Path(partition.mountpoint))
    return sorted(found)


def _is_removable_disk(device: str, sys_class_block: Path) -> bool:
    """True when sysfs says the disk holding `device` (/dev/sdb1) is removable or on a USB bus."""
    if not device.startswith("/dev/"):
        return False
    entry = sys_class_block / Path(os.path.realpath(device)).name
    try:
        disk = entry.resolve(strict=True)
    except OSError:
        return False
    if (disk / "partition").exists():
        disk = disk.parent
    try:
        removable = (disk / "removable").read_text(encoding="ascii").strip() == "1"
    except OSError:
        removable = False
    return removable or any(part.startswith("usb") for part in disk.parts)

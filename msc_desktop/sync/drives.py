"""Removable drives the sync panel can offer as export targets (USB sticks).

Where the platform says which drives are removable the list comes from it: Windows drive types
(DRIVE_REMOVABLE), the volumes macOS mounts under /Volumes, and on Linux the file systems that
desktop auto-mounters put under /media or /run/media, plus any mount (e.g. /mnt/usb, mounted by
hand or by fstab) whose disk the kernel marks removable or which sits on a USB bus (sysfs).
Anything else is chosen as a folder.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

_LINUX_REMOVABLE_ROOTS = ("/media/", "/run/media/")
_SYS_CLASS_BLOCK = Path("/sys/class/block")
_DRIVE_REMOVABLE = 2


def removable_drives() -> list[Path]:
    """Mount points of removable drives that are writable now, in a stable order."""
    if sys.platform == "win32":
        candidates = _windows_drives()
    elif sys.platform == "darwin":
        candidates = _mac_volumes(Path("/Volumes"))
    else:
        try:
            mounts = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return []
        candidates = linux_removable_mounts(mounts)
    return [path for path in candidates if os.access(path, os.W_OK)]


def linux_removable_mounts(mounts: str, sys_class_block: Path = _SYS_CLASS_BLOCK) -> list[Path]:
    """Mount points of a /proc/mounts text (octal escapes decoded) under /media or /run/media, or
    of a removable or USB disk wherever it is mounted."""
    found = []
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 2:
            continue
        mount_point = _unescape_mount(fields[1])
        if mount_point.startswith(_LINUX_REMOVABLE_ROOTS) or _is_removable_disk(fields[0], sys_class_block):
            found.append(Path(mount_point))
    return sorted(set(found))


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


def _unescape_mount(text: str) -> str:
    """/proc/mounts writes space, tab, newline and backslash as \\040, \\011, \\012, \\134."""
    for code in ("040", "011", "012", "134"):
        text = text.replace(f"\\{code}", chr(int(code, 8)))
    return text


def _mac_volumes(root: Path) -> list[Path]:
    try:
        volumes = sorted(root.iterdir())
    except OSError:
        return []
    return [volume for volume in volumes if volume.is_dir() and volume.resolve() != Path("/")]


def _windows_drives() -> list[Path]:
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    mask = kernel32.GetLogicalDrives()
    drives = []
    for index in range(26):
        if mask & (1 << index):
            root = f"{chr(ord('A') + index)}:\\"
            if kernel32.GetDriveTypeW(root) == _DRIVE_REMOVABLE:
                drives.append(Path(root))
    return drives

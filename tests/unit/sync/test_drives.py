"""Listing removable drives for export (Linux /proc/mounts parsing; macOS volume listing)."""

from __future__ import annotations

from pathlib import Path

from msc_desktop.sync.drives import _mac_volumes, linux_removable_mounts, removable_drives

MOUNTS = """\
/dev/sda1 / ext4 rw,relatime 0 0
proc /proc proc rw 0 0
/dev/sdb1 /media/nurse/USB\\040STICK vfat rw,nosuid 0 0
/dev/sdc1 /run/media/nurse/DATA exfat rw 0 0
/dev/sdd1 /mnt/backup ext4 rw 0 0
tmpfs /run/user/1000 tmpfs rw 0 0
"""


def test_linux_mounts_under_media_are_removable() -> None:
    assert linux_removable_mounts(MOUNTS) == [Path("/media/nurse/USB STICK"),
                                              Path("/run/media/nurse/DATA")]
    assert linux_removable_mounts("garbage\n\n") == []


def test_mac_volumes_skip_the_system_disk(tmp_path: Path) -> None:
    (tmp_path / "STICK").mkdir()
    (tmp_path / "Macintosh HD").symlink_to("/")
    (tmp_path / "notes.txt").write_text("x")
    assert _mac_volumes(tmp_path) == [tmp_path / "STICK"]
    assert _mac_volumes(tmp_path / "missing") == []


def test_removable_drives_returns_writable_directories_only() -> None:
    assert all(path.is_dir() for path in removable_drives())

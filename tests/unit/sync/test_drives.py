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


def test_linux_mounts_under_media_are_removable(tmp_path: Path) -> None:
    no_sysfs = tmp_path / "empty"
    assert linux_removable_mounts(MOUNTS, no_sysfs) == [Path("/media/nurse/USB STICK"),
                                                        Path("/run/media/nurse/DATA")]
    assert linux_removable_mounts("garbage\n\n", no_sysfs) == []


def test_mac_volumes_skip_the_system_disk(tmp_path: Path) -> None:
    (tmp_path / "STICK").mkdir()
    (tmp_path / "Macintosh HD").symlink_to("/")
    (tmp_path / "notes.txt").write_text("x")
    assert _mac_volumes(tmp_path) == [tmp_path / "STICK"]
    assert _mac_volumes(tmp_path / "missing") == []


def test_removable_drives_returns_writable_directories_only() -> None:
    assert all(path.is_dir() for path in removable_drives())


def _fake_sysfs(root: Path) -> Path:
    """A /sys/class/block with a USB stick (sdb, removable), a USB disk reporting not removable
    (sdc) and an internal disk (sda)."""
    class_block = root / "class" / "block"
    class_block.mkdir(parents=True)
    disks = {
        "sda": (root / "devices" / "pci0000:00" / "ata1" / "host0" / "block" / "sda", "0"),
        "sdb": (root / "devices" / "pci0000:00" / "usb1" / "1-1" / "host6" / "block" / "sdb", "1"),
        "sdc": (root / "devices" / "pci0000:00" / "usb2" / "2-1" / "host7" / "block" / "sdc", "0"),
    }
    for name, (disk, removable) in disks.items():
        partition = disk / f"{name}1"
        partition.mkdir(parents=True)
        (partition / "partition").write_text("1\n")
        (disk / "removable").write_text(f"{removable}\n")
        (class_block / f"{name}1").symlink_to(partition)
    return class_block


def test_removable_disks_mounted_elsewhere_are_found_through_sysfs(tmp_path: Path) -> None:
    mounts = "/dev/sda1 /mnt/data ext4 rw 0 0\n/dev/sdb1 /mnt/usb vfat rw 0 0\n" \
             "/dev/sdc1 /srv/usb-disk ext4 rw 0 0\n/dev/sdz1 /mnt/gone ext4 rw 0 0\nproc /proc proc rw 0 0\n"
    assert linux_removable_mounts(mounts, _fake_sysfs(tmp_path)) == [Path("/mnt/usb"), Path("/srv/usb-disk")]

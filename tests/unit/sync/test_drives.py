"""Which mounted file systems are offered as USB sticks, on Linux, macOS and Windows (psutil)."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from msc_desktop.sync.drives import removable_drives, removable_mounts


class _Partition(NamedTuple):
    """The fields of psutil's sdiskpart that the drive list reads."""

    device: str
    mountpoint: str
    opts: str


def _part(device: str, mountpoint: str, opts: str = "rw") -> _Partition:
    return _Partition(device, mountpoint, opts)


def test_linux_mounts_under_media_are_removable(tmp_path: Path) -> None:
    partitions = [
        _part("/dev/sda1", "/"),
        _part("/dev/sdb1", "/media/nurse/USB STICK"),
        _part("/dev/sdc1", "/run/media/nurse/DATA"),
        _part("/dev/sdd1", "/mnt/backup"),
    ]
    assert removable_mounts(partitions, "linux", tmp_path / "empty") == [
        Path("/media/nurse/USB STICK"),
        Path("/run/media/nurse/DATA"),
    ]
    assert removable_mounts([], "linux", tmp_path) == []


def test_mac_volumes_skip_the_system_disk() -> None:
    partitions = [
        _part("/dev/disk1s1", "/"),
        _part("/dev/disk2s1", "/Volumes/STICK"),
        _part("/dev/disk1s2", "/System/Volumes/Data"),
    ]
    assert removable_mounts(partitions, "darwin") == [Path("/Volumes/STICK")]


def test_windows_drives_are_removable_when_windows_says_so() -> None:
    partitions = [
        _part("C:\\", "C:\\", "rw,fixed"),
        _part("E:\\", "E:\\", "rw,removable"),
        _part("D:\\", "D:\\", "ro,cdrom"),
    ]
    assert removable_mounts(partitions, "win32") == [Path("E:\\")]


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
    partitions = [
        _part("/dev/sda1", "/mnt/data"),
        _part("/dev/sdb1", "/mnt/usb"),
        _part("/dev/sdc1", "/srv/usb-disk"),
        _part("/dev/sdz1", "/mnt/gone"),
    ]
    assert removable_mounts(partitions, "linux", _fake_sysfs(tmp_path)) == [
        Path("/mnt/usb"),
        Path("/srv/usb-disk"),
    ]

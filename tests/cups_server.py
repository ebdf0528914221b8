"""A private CUPS scheduler with cups-pdf queues, for the printing tests.

It runs its own `cupsd -f` with its own configuration, spool, logs and socket in a temporary
folder, so it neither needs nor disturbs a scheduler already running on the machine. Its queues
use the cups-pdf backend; cups-pdf reads its settings only from /etc/cups, so each run writes
/etc/cups/cups-pdf-<token>.conf (read only by the queues of this scheduler, whose device URI is
cups-pdf:/<token>) pointing the PDFs it makes at the run's own folder, and removes it after.
The tests' process talks to it through CUPS_SERVER (set by tests/conftest.py before anything
asks CUPS, since libcups remembers the server it first used).
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import signal
import subprocess
import time
from pathlib import Path

from PIL import Image, ImageChops, ImageStat
from pypdf import PdfReader

from msc_desktop.reports.cups import JOB_DONE, Cups, PrintError

CUPS_PDF_CONF = Path("/etc/cups")
PPD = Path("/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd")
CUPS_PDF_BACKEND = Path("/usr/lib/cups/backend/cups-pdf")
TOKEN_PREFIX = "msctest"
#: The cups-pdf queue the tests print on.
TEST_QUEUE = "MSC-Test-PDF"
A4_POINTS = (595, 842)
LETTER_POINTS = (612, 792)
_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}( UTC[+-]\d{2}:\d{2})?")


def missing_parts() -> str | None:
    """Why a private scheduler cannot run here, or None."""
    for tool in ("cupsd", "lpadmin", "cupsdisable", "cupsreject"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (tools/system_deps.sh installs cups and cups-pdf)"
    if not PPD.is_file() or not CUPS_PDF_BACKEND.is_file():
        return "cups-pdf is not installed (tools/system_deps.sh installs it)"
    if os.geteuid() != 0:
        return "the cups-pdf backend runs only under a scheduler started by root"
    return None


class PrivateCups:
    """`start()`, `add_queue()`, print, `output_of(job)`, `stop()`."""

    def __init__(self, socket_path: Path) -> None:
        self.socket = socket_path
        self.root = socket_path.parent
        self.token = TOKEN_PREFIX + secrets.token_hex(4)
        self.out = self.root / "pdf"
        self.conf = CUPS_PDF_CONF / f"cups-pdf-{self.token}.conf"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def env(self) -> dict[str, str]:
        return {**os.environ, "CUPS_SERVER": str(self.socket), "LC_ALL": "C"}

    def start(self) -> None:
        _remove_stale_configs()
        etc, logs = self.root / "etc", self.root / "log"
        for folder in (etc, logs, self.out):
            folder.mkdir(parents=True, exist_ok=True)
        self.root.chmod(0o755)
        (etc / "cups-files.conf").write_text(
            f"ServerRoot {etc}\nRequestRoot {self.root / 'spool'}\nCacheDir {self.root / 'cache'}\n"
            f"StateDir {self.root / 'state'}\nAccessLog {logs / 'access_log'}\nErrorLog "
            f"{logs / 'error_log'}\n"
            f"PageLog {logs / 'page_log'}\nPrintcap {self.root / 'printcap'}\nSystemGroup root\n",
            encoding="utf-8",
        )
        (etc / "cupsd.conf").write_text(
            f"LogLevel info\nListen {self.socket}\nBrowsing No\nWebInterface "
            "No\nDefaultAuthType None\n"
            "<Location />\n  Order allow,deny\n  Allow all\n</Location>\n"
            "<Policy default>\n  <Limit All>\n    Order deny,allow\n  </Limit>\n</Policy>\n",
            encoding="utf-8",
        )
        self.process = subprocess.Popen(
            ["cupsd", "-f", "-c", str(etc / "cupsd.conf"), "-s", str(etc / "cups-files.conf")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"cupsd stopped at start: see {logs / 'error_log'}")
            if self.socket.exists():
                try:
                    Cups(str(self.socket)).printers()
                except PrintError:
                    pass
                else:  # written once the scheduler answers, so a config without one is stale
                    self.conf.write_text(
                        (
                            f"Out {self.out}\nLabel 1\nLog {logs}\nSpool "
                            f"{self.root / 'cups-pdf-spool'}\n"
                        ),
                        encoding="utf-8",
                    )
                    return
            time.sleep(0.1)
        raise RuntimeError("cupsd did not start within 20 s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.conf.unlink(missing_ok=True)

    def run(self, *command: str) -> None:
        subprocess.run(command, env=self.env, check=True, capture_output=True, timeout=60)

    def add_queue(self, name: str) -> None:
        self.run("lpadmin", "-p", name, "-v", f"cups-pdf:/{self.token}", "-E", "-P", str(PPD))

    def reset_queue(self, name: str) -> None:
        """The queue as `add_queue` made it: enabled, accepting, A4 (adding it again if removed)."""
        if name not in {p.name for p in self.client.printers()}:
            self.add_queue(name)
        self.run("cupsenable", name)
        self.run("cupsaccept", name)
        self.run("lpadmin", "-p", name, "-o", "media-default=iso_a4_210x297mm")

    @property
    def client(self) -> Cups:
        return Cups(str(self.socket))

    def wait_for(self, job_id: int, timeout: float = 120) -> str:
        """The job's final state ("completed", "aborted", "canceled") once it has one."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            state = self.client.job_state(job_id)
            if state in JOB_DONE:
                return JOB_DONE[state]
            time.sleep(0.2)
        raise AssertionError(f"job {job_id} was not done within {timeout} s")

    def output_of(self, job_id: int) -> Path:
        """The PDF cups-pdf made of job `job_id` (after the job completed)."""
        state = self.wait_for(job_id)
        assert state == "completed", f"job {job_id} {state}"
        found = sorted(self.out.rglob(f"*-job_{job_id}.pdf"))
        assert len(found) == 1, f"job {job_id}: {found} in {self.out}"
        return found[0]


def _remove_stale_configs() -> None:
    """Configs (and folders) of earlier runs killed before they could remove theirs: their
    scheduler no longer answers on the socket beside their output folder."""
    for conf in CUPS_PDF_CONF.glob(f"cups-pdf-{TOKEN_PREFIX}*.conf"):
        lines = conf.read_text(encoding="utf-8", errors="replace").splitlines()
        out = Path(
            next(
                (line.split(None, 1)[1] for line in lines if line.startswith("Out ")),
                "/nonexistent",
            )
        )
        try:
            Cups(str(out.parent / "cups.sock")).printers()
        except PrintError:
            conf.unlink(missing_ok=True)
            if out.parent.name.startswith("msc-cups-"):
                shutil.rmtree(out.parent, ignore_errors=True)


# -- comparing what the queue made with what the app made ------------------------------------------


def pdftotext(path: Path) -> list[str]:
    """The words (letters and digits) poppler reads from every page, print times blanked.

    Signs outside the PostScript standard encoding (×, ☐, ·) come back from cups-pdf drawn but
    without their text mapping (it goes through PostScript), so words are compared, not signs.
    """
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return sorted(re.findall(r"[A-Za-z0-9]+", _MOMENT.sub("TIME", done.stdout)))


def rendering_difference(printed: Path, made: Path, folder: Path) -> float:
    """Mean grey-level difference (0-255) of the pages drawn at 40 dpi: about 2 when the layout is
    the same (anti-aliasing), 11 for a shift of 1.3 mm, 31 for a 3 % shrink."""
    pairs = zip(_page_images(printed, folder / "p"), _page_images(made, folder / "m"), strict=True)
    return max(float(ImageStat.Stat(ImageChops.difference(a, b)).mean[0]) for a, b in pairs)


def _page_images(pdf: Path, prefix: Path) -> list[Image.Image]:
    subprocess.run(["pdftoppm", "-r", "40", "-gray", "-png", str(pdf), str(prefix)], check=True)
    return [
        Image.open(path).convert("L") for path in sorted(prefix.parent.glob(f"{prefix.name}-*.png"))
    ]


def pages(path: Path) -> list[tuple[int, int]]:
    return [
        (round(float(p.mediabox.width)), round(float(p.mediabox.height)))
        for p in PdfReader(path).pages
    ]

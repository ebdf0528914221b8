"""A private X server (Xvfb) and the real app on it, driven by real key events (xdotool).

`XServer` starts Xvfb on a display it picks itself (`-displayfd`: never one in use) and stops it.
`RunningApp` starts `msc-desktop` as a subprocess on the `xcb` platform with its own data folder
and home, finds its windows by title, gives them the keyboard focus (there is no window manager)
and types into them with the XTEST extension, the way a keyboard does. Every wait polls with a
generous deadline and fails at once, with the app's output, when the app has died.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

#: Generous: a loaded 2-core machine may take several seconds to open a window.
WAIT_S = 60.0
_POLL_S = 0.1


def missing_tools() -> list[str]:
    return [tool for tool in ("Xvfb", "xdotool") if shutil.which(tool) is None]


class XServer:
    """Xvfb on a free display, 1366x768 like a clinic laptop."""

    def __init__(self) -> None:
        read_end, write_end = os.pipe()
        self.process = subprocess.Popen(
            [
                "Xvfb",
                "-displayfd",
                str(write_end),
                "-screen",
                "0",
                "1366x768x24",
                "-nolisten",
                "tcp",
            ],
            pass_fds=(write_end,),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        os.close(write_end)
        number = b""
        deadline = time.monotonic() + WAIT_S
        with os.fdopen(read_end, "rb") as pipe:
            while not number.endswith(b"\n") and time.monotonic() < deadline:
                chunk = pipe.read(1)
                if not chunk:
                    break
                number += chunk
        if not number.strip().isdigit():
            self.stop()
            raise RuntimeError("Xvfb did not start (no display number came back)")
        self.display = f":{number.decode().strip()}"
        self._wait_ready(deadline)

    def _wait_ready(self, deadline: float) -> None:
        """Until a client can talk to the server (xdotool asks for the screen size)."""
        env = {**os.environ, "DISPLAY": self.display}
        while (
            subprocess.run(
                ["xdotool", "getdisplaygeometry"],
                env=env,
                capture_output=True,
                check=False,
                timeout=WAIT_S,
            ).returncode
            != 0
        ):
            if time.monotonic() > deadline or self.process.poll() is not None:
                self.stop()
                raise RuntimeError(f"Xvfb on {self.display} does not answer")
            time.sleep(_POLL_S)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process.stderr is not None:
            self.process.stderr.close()


class AppDied(AssertionError):
    """The app ended while a test waited for it."""


class RunningApp:
    """`msc-desktop --data-dir DATA` on `server`; `exit_code()` waits for it to end."""

    def __init__(self, server: XServer, data_dir: Path, home: Path) -> None:
        self.server = server
        home.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.log_path = home / "app-output.txt"
        env = {
            name: value
            for name, value in os.environ.items()
            if name not in ("WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
        }
        env.update(
            {
                "DISPLAY": server.display,
                "QT_QPA_PLATFORM": "xcb",
                "HOME": str(home),
                "XDG_RUNTIME_DIR": str(home),
                "PYTHONFAULTHANDLER": "1",
                "LC_ALL": "C.UTF-8",
            }
        )
        self.env = env
        self._log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "msc_desktop.gui.app", "--data-dir", str(data_dir)],
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )

    # -- the app -------------------------------------------------------------------------------

    def output(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def _check_alive(self, waiting_for: str) -> None:
        code = self.process.poll()
        if code is not None:
            raise AppDied(
                f"the app ended with exit code {code} while waiting for "
                f"{waiting_for}:\n{self.output()[-4000:]}"
            )

    def exit_code(self, timeout: float = WAIT_S) -> int:
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise AssertionError(
                f"the app did not end within {timeout:.0f} s:\n{self.output()[-4000:]}"
            ) from None

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()

    # -- X -------------------------------------------------------------------------------------

    def xdotool(self, *args: str) -> str:
        done = subprocess.run(
            ["xdotool", *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=WAIT_S,
            check=False,
        )
        return done.stdout

    def windows(self, title: str) -> list[str]:
        """Visible windows of this app whose whole title matches the regular expression `title`."""
        return self.xdotool(
            "search",
            "--all",
            "--onlyvisible",
            "--pid",
            str(self.process.pid),
            "--name",
            f"^({title})$",
        ).split()

    def titles(self) -> list[str]:
        """The titles of the app's visible windows (for failure messages)."""
        found = self.xdotool(
            "search", "--all", "--onlyvisible", "--pid", str(self.process.pid), "--name", "."
        )
        return [self.xdotool("getwindowname", wid).strip() for wid in found.split()]

    def wait_window(self, title: str, timeout: float = WAIT_S) -> str:
        """Waits until a window titled `title` (a regular expression) shows, focuses it, returns
        its id."""
        deadline = time.monotonic() + timeout
        while True:
            self._check_alive(f"a window titled {title!r}")
            found = self.windows(title)
            if found:
                wid = found[-1]
                self.xdotool("windowfocus", "--sync", wid)
                return wid
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"no window titled {title!r} within {timeout:.0f} s; shown: {self.titles()}"
                )
            time.sleep(_POLL_S)

    def wait_gone(self, title: str, timeout: float = WAIT_S) -> None:
        deadline = time.monotonic() + timeout
        while self.windows(title):
            self._check_alive(f"the window {title!r} to close")
            if time.monotonic() > deadline:
                raise AssertionError(f"the window {title!r} is still shown after {timeout:.0f} s")
            time.sleep(_POLL_S)

    def type(self, text: str) -> None:
        self._check_alive(f"typing {text!r}")
        self.xdotool("type", "--delay", "15", text)

    def key(self, *keys: str) -> None:
        """Presses keys one after the other, e.g. key("Tab", "ctrl+s", "Return")."""
        self._check_alive(f"pressing {keys}")
        for name in keys:
            self.xdotool("key", "--delay", "40", name)

    def screenshot(self, path: Path) -> None:
        """The whole screen as PNG (ImageMagick's `import`); nothing when it is not installed."""
        if shutil.which("import"):
            subprocess.run(
                ["import", "-window", "root", str(path)],
                env=self.env,
                timeout=WAIT_S,
                check=False,
                capture_output=True,
            )


def escape_title(text: str) -> str:
    """`text` as a POSIX extended regular expression (what xdotool's --name takes) matching
    itself."""
    return re.sub(r"([.\[\](){}*+?|^$\\])", r"\\\1", text)

"""A clinic PC's install (`msc-desktop[gui]`) has no centre packages: the site still works.

The centre's server (uvicorn), its web application's packages (starlette, jinja2, argon2-cffi,
python-multipart), its PostgreSQL driver (psycopg) and the test-only lxml are made
unimportable in a child Python; every site module must import, `msc-site --help` must work, and
the centre's commands that need the missing packages must say so in one line.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BLOCKER = """
import sys
class _CentreOnly:
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in ('uvicorn', 'psycopg', 'psycopg_binary', 'lxml', 'starlette',
                                  'jinja2', 'argon2', 'multipart', 'python_multipart'):
            raise ModuleNotFoundError(f"No module named {name!r} (simulated site install)")
sys.meta_path.insert(0, _CentreOnly())
"""

SITE_IMPORTS = """
import importlib, pkgutil, sys
import msc_desktop
names = [info.name for info in pkgutil.walk_packages(msc_desktop.__path__, 'msc_desktop.')
         if not info.name.startswith('msc_desktop.central')]
for name in names:
    importlib.import_module(name)
from msc_desktop.cli import site_main
try:
    site_main(['--help'])
except SystemExit as done:
    assert done.code == 0, done.code
print(len(names), 'site modules imported')
"""


def _run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "sitecustomize.py").write_text(BLOCKER, encoding="utf-8")
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(REPO)]),
        "QT_QPA_PLATFORM": "offscreen",
    }
    return subprocess.run(
        [sys.executable, *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_every_site_module_imports_without_the_centre_packages(tmp_path: Path) -> None:
    done = _run(tmp_path, "-c", SITE_IMPORTS)
    assert done.returncode == 0, done.stderr[-3000:]
    count = int(done.stdout.split()[-4])
    assert count > 50


def test_a_postgresql_store_without_its_driver_says_what_to_install(tmp_path: Path) -> None:
    script = (
        "from msc_desktop.central.store import open_engine\n"
        "from msc_desktop.errors import StoreError\n"
        "try:\n"
        "    open_engine('postgresql+psycopg://u@127.0.0.1:1/db')\n"
        "except StoreError as error:\n"
        "    print(error)\n"
    )
    done = _run(tmp_path, "-c", script)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip() == (
        "A PostgreSQL store needs the coordinating centre's packages: "
        "pip install 'msc-desktop[central]'."
    )


def test_the_web_commands_without_their_packages_say_what_to_install(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from msc_desktop.cli.central import central_main\n"
        "sys.exit(central_main(['user', 'list', '--home', sys.argv[1]]))\n"
    )
    done = _run(tmp_path, "-c", script, str(tmp_path / "centre"))
    assert done.returncode == 1, done.stderr[-3000:]
    assert done.stderr.strip() == (
        "msc-central: msc-central user needs the coordinating centre's packages: "
        "pip install 'msc-desktop[central]'."
    )

"""The layers of DESIGN section 2 hold: the import-linter contracts in pyproject.toml are kept
(`lint-imports`: Qt only in msc_desktop/gui, a pure domain, no cycles...), a forbidden import or
a new cycle breaks them, the only imports made inside functions are the listed lazy ones, each
for a written reason, and every module outside the GUI imports with Qt blocked."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "msc_desktop"

#: Imports of the project's modules made inside a function, and why each waits until then.
LAZY_IMPORTS = {
    # `msc-desktop --version` and `--help` answer without importing Qt (no display needed).
    ("msc_desktop.gui.app", "msc_desktop.gui.smoke"),
    ("msc_desktop.gui.app", "msc_desktop.gui.controller"),
    # Start-up: the unlock screen is drawn before the store's packages and the main window load.
    ("msc_desktop.gui.controller", "msc_desktop.gui.actions"),
    ("msc_desktop.gui.controller", "msc_desktop.gui.site.backups"),
    ("msc_desktop.gui.controller", "msc_desktop.gui.site.tools"),
    ("msc_desktop.gui.controller", "msc_desktop.gui.crash_dialog"),
    ("msc_desktop.gui.controller", "msc_desktop.store.settings"),
    ("msc_desktop.gui.unlock", "msc_desktop.store.site"),
    # reportlab is not needed to draw the set-up wizard.
    ("msc_desktop.gui.setup_wizard", "msc_desktop.gui.widgets.pdf_preview"),
    # uvicorn is the centre's optional extra; a clinic PC imports the server module without it.
    ("msc_desktop.central.server", "msc_desktop.central.guard"),
    # So are the web application's packages (starlette, jinja2, argon2-cffi): the commands that
    # need them say so in one line when they are missing.
    ("msc_desktop.central.server", "msc_desktop.central.web.app"),
    ("msc_desktop.cli.central", "msc_desktop.central.web.app"),
    (
        "msc_desktop.cli.central",
        "msc_desktop.central",
    ),  # `from msc_desktop.central import accounts`
}


def lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    program = Path(sys.executable).parent / "lint-imports"
    if not program.exists():
        found = shutil.which("lint-imports")
        if found is None:
            pytest.skip("import-linter is not installed (pip install -e '.[test]')")
        program = Path(found)
    return subprocess.run(
        [str(program), "--no-cache"],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


def test_the_layer_contracts_are_kept() -> None:
    done = lint_imports(ROOT)
    assert done.returncode == 0, done.stdout[-4000:]
    assert "6 kept, 0 broken" in done.stdout


def copy_of_the_package(tmp_path: Path) -> Path:
    shutil.copytree(PACKAGE, tmp_path / "msc_desktop", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


@pytest.mark.parametrize(
    ("module", "added", "contract"),
    [
        # a cycle hidden in a function: the store reaching up to the command line
        (
            "store/site_kind.py",
            "def _late() -> None:\n    from msc_desktop.cli.common import open_site\n",
            "No import cycles, at any depth BROKEN",
        ),
        ("domain/scores.py", "import sqlalchemy\n", "no SQL BROKEN"),
        ("reports/sheet.py", "import PySide6.QtCore\n", "Qt only inside msc_desktop.gui BROKEN"),
        ("central/export.py", "import msc_desktop.store.models\n", "site's models BROKEN"),
        ("sync/site_export.py", "import msc_desktop.gui.i18n\n", "do not import the GUI BROKEN"),
    ],
)
def test_a_forbidden_import_breaks_a_contract(
    tmp_path: Path, module: str, added: str, contract: str
) -> None:
    root = copy_of_the_package(tmp_path)
    path = root / "msc_desktop" / module
    path.write_text(path.read_text(encoding="utf-8") + "\n" + added, encoding="utf-8")
    done = lint_imports(root)
    assert done.returncode != 0
    assert contract in done.stdout.replace("\n", " "), done.stdout[-4000:]


def function_level_imports() -> set[tuple[str, str]]:
    """(module, imported project module) for every import statement inside a function."""
    found = set()
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        module = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        for function in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(function):
                names = (
                    [alias.name for alias in node.names]
                    if isinstance(node, ast.Import)
                    else [node.module or ""]
                    if isinstance(node, ast.ImportFrom)
                    else []
                )
                found.update((module, name) for name in names if name.startswith("msc_desktop"))
    return found


def test_imports_inside_functions_are_only_the_listed_lazy_ones() -> None:
    assert function_level_imports() == LAZY_IMPORTS


def test_core_imports_with_qt_blocked() -> None:
    """Every non-GUI module imports in a fresh interpreter in which PySide6 cannot be imported."""
    modules = sorted(
        ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__")
        for path in PACKAGE.rglob("*.py")
        if "gui" not in path.relative_to(PACKAGE).parts
    )
    script = (
        "import sys, importlib\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('PySide6', 'shiboken6'):\n"
        "            raise ImportError('Qt is blocked in this test')\n"
        "sys.meta_path.insert(0, Block())\n"
        f"for m in {modules!r}:\n"
        "    importlib.import_module(m)\n"
        "print('ok', len(sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], check=False, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok")

"""Qt stops at msc_desktop/gui; the domain layer imports neither Qt nor SQLAlchemy nor the store."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "msc_desktop"


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _modules_under(*parts: str) -> list[Path]:
    return sorted((PACKAGE.joinpath(*parts)).rglob("*.py"))


def test_only_gui_imports_qt() -> None:
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if "gui" not in path.relative_to(PACKAGE).parts
        and any(name.split(".")[0] in {"PySide6", "shiboken6"} for name in _imported_modules(path))
    ]
    assert offenders == []


def test_domain_is_pure() -> None:
    forbidden = {"PySide6", "sqlalchemy", "alembic", "sqlcipher3"}
    offenders = []
    for path in _modules_under("domain"):
        for name in _imported_modules(path):
            if name.split(".")[0] in forbidden or name.startswith("msc_desktop.store"):
                offenders.append(f"{path.name}: {name}")
    assert offenders == []


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
    result = subprocess.run([sys.executable, "-c", script], check=False, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok")

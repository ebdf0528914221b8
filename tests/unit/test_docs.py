"""The user guide: every picture it shows exists and is one the screenshot scripts take."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
SCRIPTS = (ROOT / "tools" / "screenshots.py", ROOT / "tools" / "guide_screenshots.py")


def shot_names() -> set[str]:
    """Names passed to Shooter.shoot(...); an f-string's {language} stands for en and zh."""
    names: set[str] = set()
    for script in SCRIPTS:
        for name in re.findall(r'shoot\(f?"([^"]+)"\)', script.read_text(encoding="utf-8")):
            names.update({name.replace("{language}", "en"), name.replace("{language}", "zh")})
    return names


def test_both_guides_exist_and_cover_the_required_topics() -> None:
    nurse = (DOCS / "nurse-guide.md").read_text(encoding="utf-8").lower()
    admin = (DOCS / "admin-guide.md").read_text(encoding="utf-8").lower()
    for topic in ("sign", "printing", "sync", "backup", "what the messages mean"):
        assert topic in nurse, topic
    for topic in ("installing", "first run", "settings", "restore", "logs", "what the messages mean"):
        assert topic in admin, topic


def test_every_picture_of_the_guides_comes_from_the_screenshot_scripts() -> None:
    names = shot_names()
    for guide in DOCS.glob("*.md"):
        pictures = re.findall(r"\]\(images/([a-z0-9-]+)\.png\)", guide.read_text(encoding="utf-8"))
        assert pictures, guide.name
        for picture in pictures:
            assert picture in names, f"{guide.name}: {picture} is not taken by a screenshot script"
            assert (DOCS / "images" / f"{picture}.png").is_file(), f"run tools/guide_screenshots.py ({picture})"

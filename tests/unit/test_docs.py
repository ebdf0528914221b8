"""The user guides (English and Chinese): every picture they show exists and is one the screenshot
scripts take."""

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
    for topic in (
        "installing",
        "first run",
        "settings",
        "restore",
        "logs",
        "what the messages mean",
    ):
        assert topic in admin, topic


def pictures(guide: Path) -> list[str]:
    """Every image a guide links, as a path under docs/ (images/NAME.png, images/zh/NAME.png)."""
    return re.findall(r"!\[[^\]]*\]\(([^)\s]+)\)", guide.read_text(encoding="utf-8"))


def test_both_guides_exist_in_chinese_with_chinese_pictures_and_link_each_other() -> None:
    for name in ("nurse-guide", "admin-guide"):
        english, chinese = DOCS / f"{name}.md", DOCS / f"{name}.zh.md"
        assert f"]({name}.zh.md)" in english.read_text(encoding="utf-8"), english.name
        assert f"]({name}.md)" in chinese.read_text(encoding="utf-8"), chinese.name
        assert len(pictures(chinese)) == len(
            [p for p in pictures(english) if p != "images/first-run-en.png"]
        ), chinese.name
        for picture in pictures(chinese):
            assert picture.startswith("images/zh/"), (
                f"{chinese.name}: {picture} is not a Chinese screen"
            )


def test_every_picture_of_the_guides_comes_from_the_screenshot_scripts() -> None:
    names = shot_names()
    guides = sorted(DOCS.glob("*-guide*.md"))  # formats.md and other references have no pictures
    assert {g.name for g in guides} >= {
        "nurse-guide.md",
        "admin-guide.md",
        "nurse-guide.zh.md",
        "admin-guide.zh.md",
    }
    for guide in guides:
        linked = pictures(guide)
        assert linked, guide.name
        for picture in linked:
            match = re.fullmatch(r"images/(?:zh/)?([a-z0-9-]+)\.png", picture)
            assert match, f"{guide.name}: {picture} is not a picture of tools/guide_screenshots.py"
            assert match.group(1) in names, (
                f"{guide.name}: {picture} is not taken by a screenshot script"
            )
            language = "zh" if picture.startswith("images/zh/") else "en"
            assert (DOCS / picture).is_file(), (
                f"run tools/guide_screenshots.py --language {language} ({picture})"
            )

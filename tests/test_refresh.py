"""One command refreshes the archive from the fake department site: scrape -> normalise -> build."""
from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from scripts import refresh
from scripts.fakesite import FakeWordPress, hostile_post, seed_posts, synthetic_posts

PAYLOADS = ("<script>alert", "&lt;script&gt;alert", "onerror=", "onerror&#x3D;", "javascript:alert",
            "javascript&#x3A;alert", "xss-script", "xss-onerror", "xss-js", "xss-style")


pytestmark = pytest.mark.usefixtures("loopback_only")  # no test here may reach beyond 127.0.0.1


def article_of(content, wp_url: str):
    """(slug, year) of the article whose Source is ``wp_url``."""
    for path in content.rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        if f"\nSource: {wp_url}\n" in text:
            return re.search(r"^Slug: (.*)$", text, re.M).group(1), re.search(r"^Date: (\d{4})", text, re.M).group(1)
    raise AssertionError(f"no article from {wp_url}")


def page_text(path) -> str:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").get_text(" ", strip=True)


@pytest.mark.build
@pytest.mark.slow
def test_refresh_from_the_fake_site_publishes_new_posts_under_date_province_and_mission(tmp_path):
    with FakeWordPress(seed_posts() + synthetic_posts(3) + [hostile_post()]) as site:
        args = ["--base", site.url + "/rest/", "--delay", "0", "--raw", str(tmp_path / "raw"),
                "--content", str(tmp_path / "content"), "--output", str(tmp_path / "out")]
        assert refresh.main(args) == 0
        out, content = tmp_path / "out", tmp_path / "content"

        # Seed 002: Khon Kaen, 30 October 2563 (the event), although the page is dated 31 October.
        khon_kaen, year = article_of(content, site.url + "/rest/2020/10/31/post-102/")
        assert year == "2020" and (out / "news" / "2020" / khon_kaen / "index.html").exists()
        title = "พช.ขก.เพิ่มศักยภาพบุคลากร"
        assert title in page_text(out / "province" / "khon-kaen" / "index.html")
        assert title in page_text(out / "2020" / "10" / "index.html")
        assert title in page_text(out / "mission" / "organization" / "index.html")

        # The hostile post (Khon Kaen, poverty, 15 March 2564) is published, its payloads are not.
        slug, year = article_of(content, site.url + "/rest/2021/03/16/post-900/")
        hostile = "พช.ขอนแก่น ขับเคลื่อนการแก้ไขปัญหาความยากจน"
        assert hostile in page_text(out / "news" / year / slug / "index.html")
        assert hostile in page_text(out / "mission" / "poverty" / "index.html")
        assert hostile in page_text(out / "2021" / "03" / "index.html")
        for path in out.rglob("*"):
            if path.suffix == ".js" and path.relative_to(out).parts[0] == "admin":
                continue  # the editor's vendored code (cdd_admin), not made from any post
            if path.suffix in (".html", ".xml", ".json", ".js", ".txt"):
                text = path.read_text(encoding="utf-8", errors="replace")
                found = [p for p in PAYLOADS if p in text]
                assert not found, f"{path.relative_to(out)} carries {found}"
            if path.suffix == ".html":
                soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
                for tag in soup.find_all(True):
                    assert not [a for a in tag.attrs if a.lower().startswith("on")], (path, tag.name)
                for script in soup.find_all("script"):
                    assert script.get("src") or script.get("type") == "application/ld+json" \
                        or "alert" not in script.get_text(), path

        # The site edits the post: a second refresh updates the article in place (same slug, one file).
        site.change_post(102, "ทั้งนี้ มีผู้เข้าร่วมโครงการทั้งสิ้น 120 คน")
        articles = sorted(p.name for p in content.rglob("*.md"))
        assert refresh.main(args) == 0
        assert sorted(p.name for p in content.rglob("*.md")) == articles
        assert article_of(content, site.url + "/rest/2020/10/31/post-102/")[0] == khon_kaen
        assert "มีผู้เข้าร่วมโครงการทั้งสิ้น 120 คน" in page_text(out / "news" / "2020" / khon_kaen / "index.html")

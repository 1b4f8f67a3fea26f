"""The scraper stores each post's photos once by hash (REST featured media, HTML og:image and content
images, own host only, checked from the bytes), and the normaliser turns them into figures."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from conftest import ROOT
from scripts import scrape
from scripts.fakesite import FakePost, FakeWordPress
from test_images_normalize import SVG, bomb, jpeg, png, run as normalize

pytestmark = [pytest.mark.usefixtures("loopback_only"), pytest.mark.net]
UP = "/wp-content/uploads/2020/10/"
TEXT = ["วันนี้ (30 ตุลาคม 2563) นายสมชาย ใจดี พัฒนาการจังหวัดขอนแก่น เป็นประธานเปิดการอบรมผู้นำกลุ่มออมทรัพย์"
        "เพื่อการผลิต ณ ห้องประชุมสำนักงานพัฒนาชุมชนจังหวัดขอนแก่น", "โดยมีผู้เข้าร่วมการอบรม จำนวน 80 คน"]


def photo_site() -> tuple[FakeWordPress, dict]:
    files = {"lead.jpg": ("image/jpeg", jpeg()), "g1.png": ("image/png", png()), "g2.png": ("image/png", png(50, 20)),
             "broken.jpg": ("image/jpeg", jpeg()[:400]), "bomb.png": ("image/png", bomb()),
             "logo.jpg": ("image/jpeg", SVG), "lies.png": ("image/png", jpeg(30, 30, exif=False))}
    gallery = "".join(f'<figure class="gallery-item"><a href="{UP}{n}"><img src="{UP}{n[:-4]}-150x150{n[-4:]}" alt="ภาพ {n}">'
                      f'</a><figcaption class="gallery-caption">คำบรรยาย {n}</figcaption></figure>'
                      for n in ("g1.png", "g2.png", "broken.jpg", "bomb.png", "logo.jpg", "lies.png"))
    posts = [FakePost(id=501, title="พช.ขอนแก่น อบรมผู้นำกลุ่มออมทรัพย์", paragraphs=TEXT,
                      published=dt.datetime(2020, 10, 30, 9, tzinfo=dt.timezone(dt.timedelta(hours=7))),
                      categories=["ข่าวกิจกรรม"], featured=UP + "lead.jpg", featured_alt="ภาพกิจกรรม จังหวัดขอนแก่น",
                      raw_html=f'<div class="gallery">{gallery}</div>'
                               '<img src="http://example.invalid/elsewhere.jpg" alt="เว็บอื่น">')]
    site = FakeWordPress(posts)
    for prefix in ("/rest", "/html"):
        for name, (kind, data) in files.items():
            site.files[prefix + UP + name] = (kind, data)
    for post in posts:  # content paths are relative to the site root: serve both
        post.raw_html = post.raw_html
    return site, {n: hashlib.sha256(d).hexdigest() for n, (k, d) in files.items()}


@pytest.fixture
def config(tmp_path):
    path = tmp_path / "sites.toml"
    path.write_text('[scraper]\nuser_agent = "CDDNewsArchiveBot/test"\ndelay = 0\ntimeout = 2\nretries = 1\n'
                    'backoff = 0.1\n', encoding="utf-8")
    return path


def scrape_once(capsys, raw, base, config) -> dict:
    capsys.readouterr()
    code = scrape.main(["-o", str(raw), "--base", base, "--json", "--config", str(config)])
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])["sites"][0]
    summary["code"] = code
    return summary


@pytest.mark.build
@pytest.mark.parametrize("mode", ["rest", "html"])
def test_photos_are_scraped_once_and_published_as_figures(tmp_path, capsys, config, mode):
    site, sha = photo_site()
    with site:
        # the content's img paths are site-relative: point them at this mode's prefix
        post = site.posts[501]
        post.raw_html = post.raw_html.replace(f'"{UP}', f'"/{mode}{UP}')
        post.featured = f"/{mode}{UP}lead.jpg"
        raw = tmp_path / "raw"
        first = scrape_once(capsys, raw, site.url + f"/{mode}/", config)
        assert first["code"] == 0 and first["new"] == 1, first
        images = next(p for p in sorted(raw.iterdir()) if p.is_dir()) / "images"  # the site folder, not .robots.json
        names = sorted(p.name for p in images.iterdir())
        good = {f"{sha['lead.jpg']}.jpg", f"{sha['g1.png']}.png", f"{sha['g2.png']}.png", f"{sha['lies.png']}.jpg"}
        assert set(n for n in names if not n.endswith(".json")) == good  # stored under the type of the bytes
        assert set(names) == good | {f"{n}.json" for n in good}
        side = json.loads((images / f"{sha['g1.png']}.png.json").read_text(encoding="utf-8"))
        assert side["url"].endswith(f"/{mode}{UP}g1.png") and side["caption"] == "คำบรรยาย g1.png"
        assert (side["width"], side["height"], side["alt"]) == (40, 30, "ภาพ g1.png")
        lead = json.loads((images / f"{sha['lead.jpg']}.jpg.json").read_text(encoding="utf-8"))
        assert lead["alt"] == "ภาพกิจกรรม จังหวัดขอนแก่น"
        failed = {f["url"].rsplit("/", 1)[1]: f["reason"] for f in first["images"]["failed"]}
        assert set(failed) == {"broken.jpg", "bomb.png", "logo.jpg"}
        assert "SVG" in failed["logo.jpg"] and "pixels" in failed["bomb.png"]
        assert first["images"]["offsite"] == 1
        assert not [e for e in site.log if "invalid" in e["path"]]
        # a second run asks for no stored photo again; the failed ones are retried
        mark = len(site.log)
        second = scrape_once(capsys, raw, site.url + f"/{mode}/", config)
        asked = [e["path"].rsplit("/", 1)[1] for e in site.log[mark:] if UP in e["path"]]
        assert sorted(asked) == ["bomb.png", "broken.jpg", "logo.jpg"], asked
        assert second["images"]["stored"] == 0
    # normalised: the lead photo first, every good photo once, bad ones reported
    done = normalize([raw], tmp_path / "content" / "articles")
    record = json.loads(done.stdout.splitlines()[0])
    text = open(record["output"], encoding="utf-8").read()
    assert f"Image: /images/{sha['lead.jpg']}.jpg" in text
    for name in good:
        published = name.replace(f"{sha['lies.png']}.jpg", f"{sha['lies.png']}.jpg")
        assert text.count(f"/images/{published}") == (2 if sha["lead.jpg"] in name else 1), name
    assert "<figcaption>คำบรรยาย g2.png</figcaption>" in text
    assert sorted(p.name for p in (tmp_path / "content" / "images").iterdir()) == sorted(good)
    if mode == "rest":  # one build is enough: the HTML mode gave the same content above
        built_page_shows_each_good_photo_once(tmp_path / "content", images, good)


def built_page_shows_each_good_photo_once(content, raw_images, good) -> None:
    """Built (publishconf, a site under a sub-path): every good photo on the article page once, as a
    <picture> with its alt text and caption, under SITEURL; og:image absolute; no EXIF published."""
    siteurl = "https://example.test/archive"
    output = content.parent / "output"
    env = {**os.environ, "CDD_SITEURL": siteurl, "PYTHAINLP_OFFLINE": "1", "PYTHAINLP_READ_ONLY": "1"}
    done = subprocess.run([sys.executable, "-m", "pelican", str(content), "-o", str(output), "-s",
                           str(ROOT / "publishconf.py"), "-e", f'CACHE_PATH="{content.parent / "cache"}"'],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    pages = list(output.glob("news/*/*/index.html"))
    assert len(pages) == 1
    soup = BeautifulSoup(pages[0].read_text(encoding="utf-8"), "html.parser")
    shown = {}
    for pic in soup.select("article picture"):
        img = pic.find("img")
        assert img["src"].startswith(f"{siteurl}/images/derived/") and img.get("width") and img.get("height")
        sha = img["src"].rsplit("/", 1)[1].split("-")[0]
        assert sha not in shown, f"{sha} shown twice"
        figure = pic.find_parent("figure")
        caption = figure.find("figcaption") if figure else None
        shown[sha] = (img["alt"], caption.get_text() if caption else "")
    expected = {}
    for name in good:
        side = json.loads((raw_images / f"{name}.json").read_text(encoding="utf-8"))
        expected[name.split(".")[0]] = (side.get("alt") or "", side.get("caption") or "")
    assert shown == expected
    og = {m["property"]: m["content"] for m in soup.find_all("meta", property=True)}
    lead = soup.select_one(".lead-photo img")
    assert og["og:image"].startswith(f"{siteurl}/images/derived/") and lead["src"].split("-")[0] in og["og:image"]
    ld = json.loads(soup.find("script", type="application/ld+json").string)
    assert ld["image"][0]["url"] == og["og:image"] and len(ld["image"]) == len(good)
    published = [p for p in (output / "images").rglob("*") if p.is_file()]
    assert len(published) >= len(good) * 3
    for path in published:
        with Image.open(path) as im:
            assert not im.getexif() and "exif" not in im.info, path

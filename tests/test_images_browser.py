"""Photos in a browser (issue 14): one small publishconf build of real generated photos (JPEGs with EXIF
GPS and an orientation, a PNG), an article with a lead photo and a gallery, served on 127.0.0.1.

No layout shift from photos (every <img> has its dimensions; layout-shift entries summed), lazy loading
below the fold, og:image an absolute URL that answers, 0 axe violations at 360 and 1280 px with the
gallery closed and its viewer open, the gallery by keyboard, and no EXIF in any published file."""
from __future__ import annotations

import functools
import http.server
import json
import os
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path

import pytest
from PIL import Image

from scripts import images_fixture as F

ROOT = Path(__file__).resolve().parents[1]

pytestmark = [pytest.mark.browser, pytest.mark.build, pytest.mark.net]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CLS = ("window.__cls = 0; new PerformanceObserver(l => { for (const e of l.getEntries()) "
       "if (!e.hadRecentInput) window.__cls += e.value; }).observe({type: 'layout-shift', buffered: true});")
GALLERY = "news/2020/2020-10-30-khon-kaen-photo00001/"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """(server URL, output folder): served first, so that the build knows its absolute SITEURL."""
    base = tmp_path_factory.mktemp("photos")
    output = base / "output"
    output.mkdir()

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(output)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}"
    content = base / "content"
    (content / "pages").mkdir(parents=True)
    F.article(content / "articles", content / "images", 1, photos=5, size=(1700, 1100), published="2020-11-02",
              paragraphs=30)  # a long text: the gallery starts far below the fold
    F.article(content / "articles", content / "images", 2, photos=1, size=(900, 600), date="2020-11-05")
    env = {**os.environ, "CDD_SITEURL": url, "PYTHAINLP_OFFLINE": "1", "PYTHAINLP_READ_ONLY": "1"}
    done = subprocess.run([sys.executable, "-m", "pelican", str(content), "-o", str(output), "-s",
                           str(ROOT / "publishconf.py"), "-e", f'CACHE_PATH="{base / "cache"}"'],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    yield url, output
    httpd.shutdown()
    httpd.server_close()


def loaded_photos(page) -> list[str]:
    """The derivative files the page has fetched so far."""
    return page.evaluate("performance.getEntriesByType('resource').map(e => e.name)"
                         ".filter(n => n.includes('/images/derived/'))")


def axe(page) -> list:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]]) for v in result["violations"]]


@pytest.mark.parametrize("width", [360, 1280])
def test_gallery_article_no_shift_lazy_below_fold_axe_and_keyboard(browser, site, width):
    url, _ = site
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.add_init_script(CLS)
    page.goto(f"{url}/{GALLERY}")
    page.wait_for_load_state("networkidle")
    imgs = page.locator("article picture img")
    assert imgs.count() == 5  # the lead above the text, four in the gallery: each photo once
    for i in range(imgs.count()):
        img = imgs.nth(i)
        assert img.get_attribute("width") and img.get_attribute("height") and img.get_attribute("alt") is not None
        assert img.get_attribute("decoding") == "async" and img.evaluate("e => e.parentElement.tagName") == "PICTURE"
    lead = page.locator(".lead-photo img")
    assert lead.get_attribute("fetchpriority") == "high" and lead.get_attribute("loading") is None
    assert lead.evaluate("e => e.complete && e.naturalWidth > 0")
    # the lead loads at once (WebP chosen over the JPEG); the gallery, far below the fold, waits
    sha = lambda url: url.rsplit("/", 1)[1].split("-")[0]
    fetched = {sha(n) for n in loaded_photos(page)}
    assert sha(lead.get_attribute("src")) in fetched and all(n.endswith(".webp") for n in loaded_photos(page))
    gallery = page.locator(".gallery picture img")
    assert gallery.count() == 4 and all(gallery.nth(i).get_attribute("loading") == "lazy" for i in range(4))
    assert page.locator(".gallery").bounding_box()["y"] > 800 + 2500  # past Chromium's lazy-load margin
    assert not fetched & {sha(gallery.nth(i).get_attribute("src")) for i in range(4)}
    # scrolled through: every photo arrives, nothing moves
    page.mouse.wheel(0, 20000)
    page.wait_for_function("[...document.querySelectorAll('.gallery picture img')].every(i => i.complete && i.naturalWidth > 0)")
    page.wait_for_timeout(200)
    mine = {sha(imgs.nth(i).get_attribute("src")) for i in range(5)}
    assert mine <= {sha(n) for n in loaded_photos(page)}
    assert page.evaluate("window.__cls") < 0.01
    assert axe(page) == []
    # keyboard: Enter on a thumbnail opens the viewer, arrows move, Esc closes back to the thumbnail
    second = page.locator(".gallery-link").nth(1)
    second.focus()
    page.keyboard.press("Enter")
    dialog = page.locator("dialog.photo-viewer")
    assert dialog.evaluate("d => d.open") and page.locator(".viewer-count").inner_text() == "ภาพที่ 2 จาก 4"
    assert page.evaluate("document.activeElement.hasAttribute('data-close')")
    page.keyboard.press("ArrowRight")
    assert page.locator(".viewer-count").inner_text() == "ภาพที่ 3 จาก 4"
    big = dialog.locator("img")
    assert big.get_attribute("alt") == page.locator(".gallery picture img").nth(2).get_attribute("alt") != ""
    page.wait_for_function("document.querySelector('dialog.photo-viewer img').complete")
    assert axe(page) == []  # with the viewer open
    page.keyboard.press("Escape")
    assert not dialog.evaluate("d => d.open")
    assert page.evaluate("document.activeElement.classList.contains('gallery-link')")
    assert page.locator(".gallery-link").nth(2).evaluate("e => e === document.activeElement")
    context.close()


def test_share_previews_listing_thumbnails_and_no_javascript(browser, site):
    url, output = site
    html = (output / GALLERY / "index.html").read_text(encoding="utf-8")
    page = browser.new_page(viewport={"width": 360, "height": 800})
    page.add_init_script(CLS)
    page.goto(f"{url}/{GALLERY}")
    og = page.locator('meta[property="og:image"]').get_attribute("content")
    assert og.startswith(f"{url}/images/derived/") and og.endswith(".jpg")
    with urllib.request.urlopen(og) as answer:
        assert answer.headers["Content-Type"] == "image/jpeg"
        with Image.open(answer) as im:
            assert list(im.size) == [int(page.locator('meta[property="og:image:width"]').get_attribute("content")),
                                     int(page.locator('meta[property="og:image:height"]').get_attribute("content"))]
    ld = json.loads(page.locator('script[type="application/ld+json"]').inner_text())
    assert ld["image"][0]["url"] == og and len(ld["image"]) == 5
    assert ld["datePublished"] == "2020-11-02" and ld["contentReferenceTime"].startswith("2020-10-30")
    assert [t.inner_text() for t in page.locator(".article-facts dt").all()][:2] == ["วันที่จัดกิจกรรม", "วันที่เผยแพร่"]
    assert 'loading="lazy"' in html and html.count('fetchpriority="high"') == 1
    # the home page: a thumbnail per article with photos, sized by CSS, no shift
    page.goto(f"{url}/")
    page.wait_for_load_state("networkidle")
    thumbs = page.locator(".news-item .news-thumb img")
    assert thumbs.count() == 2
    box = thumbs.first.bounding_box()
    assert 90 <= box["width"] <= 130 and abs(box["height"] - box["width"] * 3 / 4) < 1
    assert page.evaluate("window.__cls") < 0.01
    assert axe(page) == []
    page.close()
    # without JavaScript a thumbnail is a plain link to the large photo
    context = browser.new_context(java_script_enabled=False)
    plain = context.new_page()
    plain.goto(f"{url}/{GALLERY}")
    href = plain.locator(".gallery-link").first.get_attribute("href")
    with urllib.request.urlopen(href) as answer:
        assert answer.status == 200 and answer.headers["Content-Type"] == "image/jpeg"
    context.close()


def test_no_published_photo_keeps_exif_or_gps(site):
    _, output = site
    files = [p for p in (output / "images").rglob("*") if p.is_file()]
    assert len(files) >= 6 * 5  # 6 photos: a clean copy and WebP + JPEG at several widths
    for path in files:
        data = path.read_bytes()
        with Image.open(path) as im:
            assert not im.getexif() and "exif" not in im.info, path
        assert b"Exif\x00\x00" not in data and b"CameraMaker" not in data, path

"""Build side of the photos: derivatives cached by hash, EXIF (GPS) gone from every published file,
orientation applied, <picture> markup with dimensions and lazy loading except the lead photo."""
from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from cdd_images import derive as D
from PIL import Image

from test_images_normalize import jpeg, png


def put(folder: Path, data: bytes, ext: str) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    sha = hashlib.sha256(data).hexdigest()
    (folder / f"{sha}.{ext}").write_bytes(data)
    return sha


def test_derivatives_strip_exif_apply_orientation_and_are_cached(tmp_path):
    images, cache = tmp_path / "content" / "images", tmp_path / "cache"
    big = jpeg(2000, 1000)  # orientation 6: shown 1000 x 2000
    with Image.open(io.BytesIO(big)) as im:
        assert im.getexif().get_ifd(0x8825)  # the source has GPS
    sha = put(images, big, "jpg")
    m = D.derive(images / f"{sha}.jpg", cache)
    assert (m["width"], m["height"]) == (1000, 2000)
    assert [v["w"] for v in m["variants"]] == [240, 480, 960, 1000]
    out = tmp_path / "output" / "images"
    D.publish(m, cache, out)
    files = sorted(p for p in out.rglob("*") if p.is_file())
    assert len(files) == 1 + 2 * 4
    for path in files:
        with Image.open(path) as im:
            assert not im.getexif(), path  # no EXIF tag at all, so no GPS
            assert "exif" not in im.info and im.size[0] <= 1000
    entry = cache / "images" / sha
    stamp = {p.name: p.stat().st_mtime_ns for p in entry.iterdir()}
    assert D.derive(images / f"{sha}.jpg", cache) == m
    assert {p.name: p.stat().st_mtime_ns for p in entry.iterdir()} == stamp  # nothing re-encoded


def test_img_becomes_picture_lead_not_lazy(tmp_path):
    images, cache = tmp_path / "images", tmp_path / "cache"
    a, b = put(images, jpeg(1200, 800, exif=False), "jpg"), put(images, png(300, 200), "png")
    html = (f'<figure><img alt="ภาพ &quot;หนึ่ง&quot;" height="800" src="/images/{a}.jpg" width="1200"></figure>'
            f'<p>x</p><img src="/images/{b}.png" alt="สอง"><img src="/images/{"0" * 64}.jpg" alt="หาย">')
    problems = []
    new, used = D.rewrite(html, images, cache, report=problems.append)
    assert len(used) == 2 and len(problems) == 1 and "0" * 64 in problems[0]
    first, second = new.split("<p>x</p>")
    assert 'fetchpriority="high"' in first and 'loading="lazy"' not in first
    assert 'alt="ภาพ &quot;หนึ่ง&quot;"' in first and 'width="1200" height="800" decoding="async"' in first
    assert f"/images/derived/{a}-240.webp 240w, /images/derived/{a}-480.webp 480w, /images/derived/{a}-960.webp 960w, /images/derived/{a}-1200.webp 1200w" in first
    assert f'src="/images/derived/{a}-960.jpg"' in first
    assert 'loading="lazy"' in second and f"{b}-300.webp 300w" in second and 'width="300" height="200"' in second
    assert f'<img src="/images/{"0" * 64}.jpg" alt="หาย">' in second  # left as it was, reported
    lead_b, _ = D.rewrite(html, images, cache, lead=f"/images/{b}.png")
    assert lead_b.split("<p>x</p>")[1].count('fetchpriority="high"') == 1


@pytest.mark.build
def test_pelican_build_publishes_no_exif(tmp_path):
    from pelican import Pelican
    from pelican.settings import read_settings

    content = tmp_path / "content"
    sha = put(content / "images", jpeg(1700, 900), "jpg")
    spare = put(content / "images", jpeg(100, 80, color=(1, 2, 3)), "jpg")  # published, in no article
    (content / "a.md").write_text(
        "Title: ข่าว\nDate: 2020-10-30\nImage: /images/" + sha + ".jpg\n\n"
        # a photo inside a paragraph (not a figure) stays in the text: the lead, not lazy
        f'ข้อความ <img src="/images/{sha}.jpg" alt="ภาพกิจกรรม" width="1700" height="900">\n',
        encoding="utf-8")
    settings = read_settings(override={
        "PATH": str(content), "OUTPUT_PATH": str(tmp_path / "output"), "CACHE_PATH": str(tmp_path / "cache"),
        "PLUGINS": ["cdd_images"], "STATIC_PATHS": ["images"],
        "ARTICLE_PATHS": [""], "SITEURL": "", "FEED_ALL_ATOM": None, "CATEGORY_FEED_ATOM": None,
        "AUTHOR_FEED_ATOM": None, "AUTHOR_FEED_RSS": None, "TRANSLATION_FEED_ATOM": None})
    Pelican(settings).run()
    out = tmp_path / "output"
    page = (out / "khaaw.html").read_text(encoding="utf-8")
    # shown upright (EXIF orientation 6): 900 x 1700
    assert "<picture>" in page and f"/images/derived/{sha}-900.webp 900w" in page
    assert 'width="900" height="1700" decoding="async" fetchpriority="high"' in page
    published = [p for p in (out / "images").rglob("*") if p.is_file()]
    assert len(published) == 2 + 2 * 3 + 2 * 1 and (out / "images" / f"{spare}.jpg").is_file()
    for path in published:
        with Image.open(path) as im:
            assert not im.getexif(), path


def test_lead_leaves_the_text_runs_of_photos_become_a_gallery_each_photo_once(tmp_path):
    from cdd_images import page as P

    images, cache = tmp_path / "images", tmp_path / "cache"
    a, b, c, d = (put(images, jpeg(600 + i, 400, exif=False), "jpg") for i in range(4))
    fig = lambda sha, alt, cap="": (f'<figure><img alt="{alt}" height="400" src="/images/{sha}.jpg" width="600">'
                                    + (f"<figcaption>{cap}</figcaption>" if cap else "") + "</figure>")
    html = (f'<p>หนึ่ง</p>\n{fig(a, "นำ", "คำบรรยาย &amp; นำ")}\n<p>สอง</p>\n{fig(b, "เดี่ยว")}\n<p>สาม</p>\n'
            f'{fig(c, "ชุด 1", "ค1")}\n\n{fig(d, "")}\n<p>จบ</p>')
    done = P.arrange(html, images, cache, lead=f"/images/{a}.jpg", site_url="https://x.test/sub")
    assert [m["sha256"] for m in done.photos] == [a, b, c, d]
    assert done.lead["sha256"] == a and done.lead_alt == "นำ"
    assert 'fetchpriority="high"' in done.lead_html and 'loading="lazy"' not in done.lead_html
    assert "<figcaption>คำบรรยาย &amp; นำ</figcaption>" in done.lead_html
    body = done.body
    assert a not in body and 'fetchpriority' not in body  # the lead is shown once, above the text
    for sha in (b, c, d):
        assert body.count(f"https://x.test/sub/images/derived/{sha}-240.jpg 240w") == 1
    assert body.count('loading="lazy"') == 3 and body.count('decoding="async"') == 3
    assert body.count("<section") == 1 and body.count('class="gallery-link"') == 2  # b stands alone
    assert f'href="https://x.test/sub/images/derived/{c}-{600 + 2}.jpg"' in body
    assert "(ภาพที่ 2 จาก 2 เปิดภาพขนาดใหญ่)" in body  # a photo without alt still names its link
    assert body.index("<p>สาม</p>") < body.index("<section") < body.index("<p>จบ</p>")
    thumb = P.thumbnail(done.lead)
    assert thumb["jpg"] == f"images/derived/{a}-240.jpg" and (thumb["w"], thumb["h"]) == (240, 160)
    # only Image:, no figure in the text: the header shows it, with an empty alt
    only = P.arrange("<p>ข้อความ</p>", images, cache, lead=f"/images/{b}.jpg")
    assert only.body == "<p>ข้อความ</p>" and 'alt=""' in only.lead_html and only.photos[0]["sha256"] == b

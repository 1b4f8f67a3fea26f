"""Scraped posts (an HTML page and its .meta.json from scripts/scrape.py) through the normaliser."""
import json
from pathlib import Path

import pytest

from scripts.normalize import normalize_paths

PAGE = """<!DOCTYPE html><html lang="th"><head><meta charset="utf-8"><title>{title}</title>
<meta property="article:published_time" content="2021-03-16T08:00:00"></head><body><article>
<h1 class="entry-title">{title}</h1><div class="entry-content"><p>{body}</p>
<div class="tptn_counter">(Visited 3 times, 1 visits today)</div></div></article></body></html>"""
URL = "https://province.cdd.go.th/khonkaen/2021/03/16/poverty/"


def write_post(raw, body, title="พช.ขอนแก่น ติดตามการแก้ไขปัญหาความยากจน"):
    raw.mkdir(parents=True, exist_ok=True)
    (raw / "wp-900.html").write_text(PAGE.format(title=title, body=body), encoding="utf-8")
    (raw / "wp-900.meta.json").write_text(json.dumps({"url": URL, "title": title, "published": "2021-03-16T08:00:00"},
                                                     ensure_ascii=False), encoding="utf-8")


def test_an_edited_post_replaces_its_article_and_keeps_its_slug(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "content"
    write_post(raw, "เมื่อวันที่ 15 มีนาคม 2564 พัฒนาการจังหวัดขอนแก่น ลงพื้นที่ติดตามการแก้ไขปัญหาความยากจน"
                    "ของครัวเรือนยากจนเป้าหมาย ณ อำเภอเมืองขอนแก่น จังหวัดขอนแก่น")
    (first,) = list(normalize_paths([raw], out, tmp_path / "q"))
    assert first.status == "ok" and first.date == "2021-03-15" and first.provinces == ["ขอนแก่น"]
    # The site corrects the date: the article moves to the new date, the old file goes, the id stays.
    write_post(raw, "เมื่อวันที่ 14 มีนาคม 2564 พัฒนาการจังหวัดขอนแก่น ลงพื้นที่ติดตามการแก้ไขปัญหาความยากจน"
                    "ของครัวเรือนยากจนเป้าหมาย ณ อำเภอเมืองขอนแก่น จังหวัดขอนแก่น")
    (second,) = list(normalize_paths([raw], out, tmp_path / "q"))
    assert second.date == "2021-03-14" and second.replaced == first.output
    files = list(out.rglob("*.md"))
    assert [str(f) for f in files] == [second.output]
    text = files[0].read_text(encoding="utf-8")
    assert f"Source: {URL}\n" in text and "Visited" not in text
    assert "\nDate: 2021-03-14\nPublished: 2021-03-16\n" in text  # the event's day, then the post's
    assert first.output.rsplit("-", 1)[1] == second.output.rsplit("-", 1)[1]  # same URL hash in the slug


@pytest.mark.net
@pytest.mark.usefixtures("loopback_only")
@pytest.mark.parametrize("prefix", ["rest", "html"])
def test_a_scraped_post_whose_text_gives_no_day_is_published_with_its_publication_date(tmp_path, capsys, prefix):
    """Through the fake site and the scraper: the post's own date (WordPress `date` in the API, the
    page's published time in HTML) dates the article, which says so (DateSource: published)."""
    import datetime as dt

    from scripts import scrape
    from scripts.fakesite import FakePost, FakeWordPress

    post = FakePost(
        id=4242, title="พช.ขอนแก่น ส่งเสริมอาชีพครัวเรือนยากจน ตามแนวทางสัมมาชีพชุมชน",
        paragraphs=["สำนักงานพัฒนาชุมชนจังหวัดขอนแก่น ลงพื้นที่ส่งเสริมอาชีพให้ครัวเรือนยากจนเป้าหมาย "
                    "ณ อำเภอเมืองขอนแก่น จังหวัดขอนแก่น เพื่อให้มีรายได้เพิ่มขึ้นอย่างยั่งยืน"],
        published=dt.datetime(2022, 7, 4, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=7))),
        categories=["ข่าวจังหวัด"])
    raw, out = tmp_path / "raw", tmp_path / "content"
    with FakeWordPress([post]) as site:
        assert scrape.main(["-o", str(raw), "--base", f"{site.url}/{prefix}/", "--delay", "0"]) == 0
    capsys.readouterr()
    (result,) = list(normalize_paths([raw], out, tmp_path / "review"))
    assert result.status == "ok", result.error
    assert (result.date, result.date_source, result.provinces) == ("2022-07-04", "published", ["ขอนแก่น"])
    text = Path(result.output).read_text(encoding="utf-8")
    assert "\nDate: 2022-07-04\nDateSource: published\nPublished: 2022-07-04\n" in text
    assert f"Source: {site.url}/{prefix}/2022/07/04/post-4242/\n" in text
    assert result.review and "publication date" in result.guesses[0]  # listed for a person to check


def test_a_text_whose_only_date_is_its_page_date_line_is_published_on_it(tmp_path):
    """A page's date line above the headline is the post's date: with a body that says only "recently"
    the article is dated by it as its publication date (DateSource: published), not held, not presented
    as the event's day."""
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "recent.txt").write_text(
        "วันศุกร์, 3 กุมภาพันธ์ 2566\n\nพช.ขอนแก่น ติดตามผลการดำเนินงานโครงการสร้างสัมมาชีพชุมชน\n\n"
        "เมื่อเร็วๆนี้ นางสมศรี ใจดี พัฒนาการอำเภอเมืองขอนแก่น จังหวัดขอนแก่น พร้อมเจ้าหน้าที่ "
        "ติดตามผลโครงการสร้างสัมมาชีพชุมชน ครัวเรือนมีรายได้เสริมจากการประกอบอาชีพ\n", encoding="utf-8")
    (result,) = list(normalize_paths([raw], tmp_path / "content", tmp_path / "q"))
    assert result.status == "ok", result.error
    assert (result.date, result.date_source, result.provinces) == ("2023-02-03", "published", ["ขอนแก่น"])
    assert "\nDate: 2023-02-03\nDateSource: published\nPublished: 2023-02-03\n" in Path(result.output).read_text(
        encoding="utf-8")

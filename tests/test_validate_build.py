"""cdd_validate in a Pelican build: invalid articles are reported (file:line, Thai + English) and not
published, the rest of the site builds, a strict build fails, BE dates are normalised."""
import logging
import shutil
from pathlib import Path

import pytest
from cdd_validate.cdd_validate import InvalidContent

pytestmark = pytest.mark.build


ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ("Title: {title}\nDate: {date}\nProvinces: {province}\nMissions: organization\nTags: ประชุม\n"
           "Slug: {slug}\nLang: th\n\nเมื่อวันที่ 30 ตุลาคม 2563 เวลา 09.00 น. ณ ห้องประชุมโรงแรมสวนเจ็ดพี่น้อง\n")


def write(folder, name, **fields):
    values = {"title": "พช.ขก.ประชุม", "date": "2020-10-30", "province": "ขอนแก่น", "slug": name, **fields}
    path = folder / "articles" / "2020" / f"{name}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(ARTICLE.format(**values), encoding="utf-8")
    return path


def build(tmp_path, strict=True, **extra):
    from pelican import Pelican
    from pelican.settings import read_settings

    settings = read_settings(None, override={
        "PATH": str(tmp_path / "content"), "OUTPUT_PATH": str(tmp_path / "out"),
        "CACHE_PATH": str(tmp_path / "cache"), "CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True,
        "PLUGINS": ["cdd_validate"], "DEFAULT_LANG": "th",
        "TIMEZONE": "Asia/Bangkok", "ARTICLE_PATHS": ["articles"],
        "ARTICLE_SAVE_AS": "news/{date:%Y}/{slug}/index.html", "ARTICLE_URL": "news/{date:%Y}/{slug}/",
        "FEED_ALL_ATOM": None, "CATEGORY_FEED_ATOM": None, "CDD_VALIDATE": {"strict": strict}, **extra,
    })
    Pelican(settings).run()


@pytest.fixture
def site(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    content = tmp_path / "content"
    write(content, "good", date="2563-10-30")  # BE, as an officer may type it
    write(content, "thai-date", date="30 ต.ค. 63")
    write(content, "typo", province="ขอนแกน")
    write(content, "bad-date", date="2563-02-30")
    return tmp_path


def published(tmp_path):
    return sorted(p.parent.name for p in (tmp_path / "out" / "news").rglob("index.html"))


def test_invalid_articles_are_reported_and_left_out(site, caplog):
    caplog.set_level(logging.WARNING)
    with pytest.raises(InvalidContent) as failure:
        build(site)
    assert published(site) == ["good", "thai-date"]  # under news/2020/: the BE dates were normalised
    assert (site / "out" / "news" / "2020" / "good" / "index.html").exists()
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert ('content/articles/2020/typo.md:3: จังหวัด "ขอนแกน" ไม่มีในรายชื่อ 77 จังหวัด + ส่วนกลาง — '
            'หมายถึง "ขอนแก่น" หรือไม่? / Unknown province "ขอนแกน" — did you mean "ขอนแก่น"?') in errors
    assert any(m.startswith("content/articles/2020/bad-date.md:2:") and "Impossible date" in m for m in errors)
    assert "2 error(s) in 2 file(s)" in str(failure.value)


def test_an_unchanged_broken_file_is_reported_on_every_build(site, caplog):
    with pytest.raises(InvalidContent):
        build(site)
    caplog.clear()
    with pytest.raises(InvalidContent):
        build(site)  # the reader cache is warm now
    assert any("typo.md:3:" in r.getMessage() for r in caplog.records if r.levelno == logging.ERROR)
    assert published(site) == ["good", "thai-date"]


def test_fixing_the_file_publishes_it(site):
    with pytest.raises(InvalidContent):
        build(site)
    write(site / "content", "typo")
    (site / "content" / "articles" / "2020" / "bad-date.md").unlink()
    build(site)
    assert published(site) == ["good", "thai-date", "typo"]


def test_not_strict_builds_without_failing(site, caplog):
    build(site, strict=False)
    assert published(site) == ["good", "thai-date"]
    assert any("2 error(s)" in r.getMessage() for r in caplog.records if r.levelno == logging.ERROR)


def test_the_live_preview_reports_and_keeps_serving(site, caplog):
    """In a live preview (CDD_LIVE_PREVIEW, which make serve sets) an exception would stop nothing
    (under pelican --autoreload it makes Pelican rebuild in a loop): only log, the summary marked."""
    build(site, CDD_LIVE_PREVIEW=True)  # strict, yet no exception
    assert published(site) == ["good", "thai-date"]
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert any("typo.md:3:" in r.getMessage() for r in errors)
    assert [r.getMessage() for r in errors if getattr(r, "cdd_summary", False)] == [
        "ข่าว 2 ไฟล์มีข้อผิดพลาด 2 รายการและไม่ได้เผยแพร่ (ดูข้อความ ERROR ด้านบน) / "
        "2 error(s) in 2 file(s): not published (see the ERROR lines above)"]


@pytest.mark.parametrize("translation_id", ["slug", None])
def test_a_duplicate_slug_is_not_published_twice(site, caplog, translation_id):
    shutil.copy(site / "content" / "articles" / "2020" / "good.md", site / "content" / "articles" / "2020" / "zz.md")
    with pytest.raises(InvalidContent) as failure:
        build(site, ARTICLE_TRANSLATION_ID=translation_id)
    assert "3 error(s) in 3 file(s)" in str(failure.value)
    assert any('Slug "good" ซ้ำกับ content/articles/2020/good.md:6' in r.getMessage()
               and r.getMessage().startswith("content/articles/2020/zz.md:6:") for r in caplog.records)


def test_the_embedded_content_builds_without_validation_errors(tmp_path, monkeypatch):
    assert list((ROOT / "content").rglob("articles/**/*.md")), "content/articles is empty"  # no skip: it ships with the seeds
    shutil.copytree(ROOT / "content", tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    build(tmp_path)  # strict: raises on any invalid article
    assert len(published(tmp_path)) == len(list((ROOT / "content").rglob("articles/**/*.md")))


def test_an_unreadable_file_fails_the_build_with_its_name(site, caplog):
    """A binary or non-UTF-8 .md is an error (file and problem named), not a skipped file."""
    folder = site / "content" / "articles" / "2020"
    (folder / "binary.md").write_bytes(b"Title: x\n\n\x00\x01\xff")
    (folder / "latin.md").write_bytes("Title: ข่าว\n\n".encode("tis-620"))
    with pytest.raises(InvalidContent) as failure:
        build(site)
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert any(m.startswith("content/articles/2020/binary.md:1:") and "binary" in m for m in errors)
    assert any(m.startswith("content/articles/2020/latin.md:1:") and "not UTF-8" in m for m in errors)
    assert "4 error(s) in 4 file(s)" in str(failure.value)
    assert published(site) == ["good", "thai-date"]


def test_a_utf16_file_with_a_bom_is_published(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = write(tmp_path / "content", "utf16")
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    build(tmp_path)
    assert published(tmp_path) == ["utf16"]
    assert "ห้องประชุมโรงแรม" in (tmp_path / "out" / "news" / "2020" / "utf16" / "index.html").read_text(encoding="utf-8")


def test_hidden_and_draft_articles_are_not_written(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for status in ("hidden", "draft"):
        path = write(tmp_path / "content", status)
        path.write_text(path.read_text(encoding="utf-8").replace("Lang: th", f"Lang: th\nStatus: {status}"),
                        encoding="utf-8")
    write(tmp_path / "content", "good")
    build(tmp_path, DRAFT_SAVE_AS="", DRAFT_LANG_SAVE_AS="")
    assert published(tmp_path) == ["good"]
    written = [p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*.html")]
    assert written and [p for p in written if "hidden" in p or "draft" in p] == []


def test_a_refused_file_is_not_rendered_and_its_fields_do_nothing(tmp_path, monkeypatch, caplog):
    """Template: x would crash the writer; Save_as: ../../x would write outside the output folder."""
    monkeypatch.chdir(tmp_path)
    for name, line in (("template", "Template: x"), ("saveas", "Save_as: ../../escaped.html"),
                       ("url", 'URL: "><script>alert(1)</script>')):
        path = write(tmp_path / "content", name)
        path.write_text(path.read_text(encoding="utf-8").replace("Lang: th", f"Lang: th\n{line}"), encoding="utf-8")
    write(tmp_path / "content", "good")
    with pytest.raises(InvalidContent) as failure:
        build(tmp_path)
    assert "3 error(s) in 3 file(s)" in str(failure.value)
    assert published(tmp_path) == ["good"] and not list(tmp_path.rglob("escaped.html"))
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert any(m.startswith("content/articles/2020/template.md:8:") and "Field Template is not allowed" in m
               for m in errors)


def test_the_strict_failure_comes_after_every_other_plugins_finalized_handler(site, tmp_path):
    """A plugin listed after cdd_validate (the search index, the sitemap) still finishes its work
    at finalized before the build fails."""
    plugins = tmp_path / "more_plugins"
    plugins.mkdir()
    (plugins / "late_marker.py").write_text(
        "from pelican import signals\n"
        "def mark(pelican):\n"
        "    open(pelican.output_path + '/late.txt', 'w').write('done')\n"
        "def register():\n"
        "    signals.finalized.connect(mark)\n",
        encoding="utf-8")
    with pytest.raises(InvalidContent):
        build(site, PLUGINS=["cdd_validate", "late_marker"], PLUGIN_PATHS=[str(plugins)])
    assert (site / "out" / "late.txt").read_text() == "done"

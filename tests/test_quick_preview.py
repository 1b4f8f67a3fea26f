"""scripts/quick_preview.py (make serve's quick phase): the edited article's page and listings written
at once, byte for byte what the full build writes; anything else falls back to the full build."""
from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from scripts import make_synthetic, quick_preview, serve

ROOT = Path(__file__).resolve().parent.parent
CONF = str(ROOT / "pelicanconf.py")


def test_the_watcher_sees_in_place_writes_and_renames_and_skips_temporary_files(tmp_path):
    (tmp_path / "a").mkdir()
    article = tmp_path / "a" / "x.md"
    article.write_text("one", encoding="utf-8")
    before = quick_preview.scan([tmp_path])
    assert list(before) == [str(article)]
    for name in (".x.md.swp", "x.md~", ".x.md.123.tmp", "x.md.part", ".hidden"):
        (tmp_path / "a" / name).write_text("y", encoding="utf-8")
    assert quick_preview.scan([tmp_path]) == before  # editors' temporary files are not saves
    stat = article.stat()
    with open(article, "r+", encoding="utf-8") as handle:  # in place, same size, same second
        handle.write("two")
    os.utime(article, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))
    after = quick_preview.scan([tmp_path])
    assert quick_preview.changes(before, after) == ([str(article)], [], [])
    temporary = tmp_path / "a" / ".x.md.99.tmp"  # an editor's save: a temporary file, then a rename
    temporary.write_text("three, longer", encoding="utf-8")
    os.replace(temporary, article)
    renamed = quick_preview.scan([tmp_path])
    assert quick_preview.changes(after, renamed) == ([str(article)], [], [])
    article.unlink()
    (tmp_path / "a" / "y.md").write_text("new", encoding="utf-8")
    assert quick_preview.changes(renamed, quick_preview.scan([tmp_path])) == (
        [], [str(tmp_path / "a" / "y.md")], [str(article)])
    settings = tmp_path / "settings.py"
    settings.write_text("X = 1")
    assert list(quick_preview.scan([settings, tmp_path / "missing"])) == [str(settings)]


@pytest.mark.slow
def test_the_watcher_looks_at_10000_files_in_a_tenth_of_a_second(tmp_path):
    for year in range(10):
        folder = tmp_path / "articles" / str(2015 + year)
        folder.mkdir(parents=True)
        for i in range(1000):
            (folder / f"{i}.md").write_bytes(b"x")
    started = time.perf_counter()
    state = quick_preview.scan([tmp_path])
    seconds = time.perf_counter() - started
    assert len(state) == 10_000
    assert seconds < 0.25, seconds  # Path.stat over os.walk took 1.0-1.8 s at this size


# --- the quick phase against real builds -------------------------------------------------------------

class Site:
    """A small synthetic archive built in process as serve.py's worker builds it."""

    def __init__(self, tmp_path: Path, n: int = 30):
        self.content, self.output, self.cache = tmp_path / "content", tmp_path / "output", tmp_path / "cache"
        make_synthetic.write_archive(n, self.content, seed=3)
        shutil.copytree(ROOT / "content" / "pages", self.content / "pages")

    def settings(self):
        from pelican.settings import read_settings

        return read_settings(CONF, override={"PATH": str(self.content), "OUTPUT_PATH": str(self.output),
                                             "CACHE_PATH": str(self.cache), "CDD_LIVE_PREVIEW": True,
                                             "SITEURL": ""})

    def watched(self):
        return [self.content, ROOT / "theme", Path(CONF)]

    def build(self) -> quick_preview.Session:
        """A full build; the session the worker would keep of it."""
        from pelican import Pelican, signals

        capture = quick_preview.Capture()
        signals.article_writer_finalized.connect(capture)
        try:
            snapshot = quick_preview.scan(self.watched())
            Pelican(self.settings()).run()
        finally:
            signals.article_writer_finalized.disconnect(capture)
        return quick_preview.Session(capture.generator, snapshot, [])

    def quick(self, session):
        """The quick phase, the problems logged meanwhile collected as serve.py's worker collects them."""
        import logging

        collect = serve.Collect()
        logging.getLogger().addHandler(collect)
        try:
            return quick_preview.quick_update(session, quick_preview.scan(self.watched()), collect.problems)
        finally:
            logging.getLogger().removeHandler(collect)

    def articles(self):
        return sorted((self.content / "articles").rglob("*.md"))


def field(text: str, name: str) -> str:
    return next(line for line in text.splitlines() if line.startswith(f"{name}: "))[len(name) + 2:]


def page_of(site: Site, text: str) -> Path:
    return site.output / "news" / field(text, "Date")[:4] / field(text, "Slug") / "index.html"


def edit(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.1.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


@pytest.mark.build
def test_the_quick_phase_writes_what_the_full_build_writes(tmp_path):
    site = Site(tmp_path)
    session = site.build()
    # an auto-tagged article (its tags follow its new title) and one with the officer's tags
    untagged = next(p for p in site.articles() if field(p.read_text(encoding="utf-8"), "Tags") == "")
    tagged = next(p for p in site.articles() if field(p.read_text(encoding="utf-8"), "Tags"))
    for round_, article in enumerate((tagged, untagged)):
        text = article.read_text(encoding="utf-8")
        title = field(text, "Title")
        new_text = text.replace(f"Title: {title}", f"Title: หัวข้อใหม่ของข่าว {round_} ประชุมคณะกรรมการกองทุนหมู่บ้าน")
        new_text = new_text.rstrip("\n") + "\n\nย่อหน้าใหม่: ผู้ว่าราชการจังหวัดเปิดงานตลาดนัดสินค้าโอทอป\n"
        edit(article, new_text)
        quick = site.quick(session)
        assert quick is not None, "an edited article's title and body: the quick phase applies"
        page = page_of(site, new_text)
        assert str(page) in quick.written
        home = {str(site.output / "index.html"), *map(str, (site.output / "page").glob("*/index.html"))}
        assert len(home & set(quick.written)) == 1  # the home listing's page that lists it
        assert any("/province/" in p for p in quick.written) and any("/mission/" in p for p in quick.written)
        assert "หัวข้อใหม่ของข่าว" in page.read_text(encoding="utf-8")
        quick_bytes = {p: Path(p).read_bytes() for p in quick.written}
        session = site.build()  # the full build that follows
        for path, data in quick_bytes.items():
            assert Path(path).read_bytes() == data, f"{path}: the quick phase wrote other bytes than the full build"
        assert quick.problems == []
        leftovers = [p for p in site.output.rglob(".*") if p.is_file()]
        assert leftovers == []  # every page written through a temporary file, renamed


@pytest.mark.build
def test_a_validation_error_in_the_quick_phase_is_reported_and_not_published(tmp_path):
    site = Site(tmp_path, n=12)
    session = site.build()
    article = site.articles()[3]
    text = article.read_text(encoding="utf-8")
    page = page_of(site, text)
    assert page.is_file()
    edit(article, text.replace("Title: ", "Title : ", 1))
    quick = site.quick(session)
    assert quick is not None
    errors = [p for p in quick.problems if p["level"] == "error"]
    assert errors and all(p["message"].startswith(f"{article}:") for p in errors)  # the file named
    assert any("A space before the colon" in p["message"] for p in errors)
    assert not page.exists() and str(page) in quick.written  # taken out, as the full build does
    assert not page.parent.exists()  # its folder too: the preview sends its 404 page, not a folder listing
    site.build()
    assert not page.exists()
    # fixed: the quick phase cannot use a build that did not publish it (the full build does)
    session = site.build()
    edit(article, text)
    assert site.quick(session) is None
    site.build()
    assert page.is_file()


@pytest.mark.build
def test_what_the_quick_phase_cannot_do_falls_back_to_the_full_build(tmp_path):
    site = Site(tmp_path, n=12)
    session = site.build()
    articles = site.articles()
    text = articles[0].read_text(encoding="utf-8")
    old_page = page_of(site, text)

    edit(articles[0], text.replace(f"Slug: {field(text, 'Slug')}", "Slug: a-new-slug-for-it"))  # its URL moves
    assert site.quick(session) is None
    session = site.build()
    assert not old_page.exists() and (old_page.parent.parent / "a-new-slug-for-it" / "index.html").is_file()

    edit(articles[0], text.replace(f"Date: {field(text, 'Date')}", "Date: 2018-01-02"))  # its listings move
    assert site.quick(session) is None
    session = site.build()
    assert (site.output / "news" / "2018" / field(text, "Slug") / "index.html").is_file()

    articles[1].unlink()  # a deletion
    assert site.quick(session) is None
    session = site.build()

    (site.content / "articles" / "2024").mkdir(exist_ok=True)  # an addition
    shutil.copy(articles[2], site.content / "articles" / "2024" / "copy.md")
    assert site.quick(session) is None
    (site.content / "articles" / "2024" / "copy.md").unlink()
    session = site.build()

    page = site.content / "pages" / sorted(os.listdir(site.content / "pages"))[0]  # a page, not an article
    page.write_text(page.read_text(encoding="utf-8") + "\nเพิ่ม\n", encoding="utf-8")
    assert site.quick(session) is None

    session = site.build()
    theme = tmp_path / "theme"  # a theme change (the theme's own folder is watched)
    shutil.copytree(ROOT / "theme", theme)
    session.snapshot = quick_preview.scan([site.content, theme, Path(CONF)])
    css = next(theme.rglob("*.css"))
    css.write_text(css.read_text(encoding="utf-8") + "\n/* x */\n", encoding="utf-8")
    assert quick_preview.quick_files(session, quick_preview.scan([site.content, theme, Path(CONF)])) is None


@pytest.mark.build
def test_an_article_with_photos_gets_the_full_builds_page_from_the_quick_phase(tmp_path):
    """cdd_images in the quick phase: the lead photo, the gallery and the listing thumbnail as the full
    build writes them, after an edit that changes the title and takes a photo out of the gallery."""
    from scripts import images_fixture

    site = Site(tmp_path, n=8)
    article = images_fixture.article(site.content / "articles" / "2020", site.content / "images", 1, photos=4,
                                     size=(640, 480), paragraphs=2)
    session = site.build()
    text = article.read_text(encoding="utf-8")
    figures = [line for line in text.splitlines() if line.startswith("<figure>")]
    assert len(figures) == 4
    new_text = text.replace("Title: ", "Title: แก้ไขแล้ว ", 1).replace(figures[2] + "\n\n", "")
    assert new_text.count("<figure>") == 3
    edit(article, new_text)
    quick = site.quick(session)
    assert quick is not None
    page = page_of(site, new_text)
    assert str(page) in quick.written
    html = page.read_text(encoding="utf-8")
    assert "แก้ไขแล้ว" in html and 'class="lead-photo"' in html and "<picture>" in html
    quick_bytes = {p: Path(p).read_bytes() for p in quick.written}
    site.build()
    for path, data in quick_bytes.items():
        assert Path(path).read_bytes() == data, f"{path}: the quick phase wrote other bytes than the full build"

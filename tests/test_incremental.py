"""cdd_incremental: a rebuild after adding one article writes exactly what a fresh build writes,
without rendering the unchanged article pages again."""
import filecmp
import os
from pathlib import Path

import pytest
from cdd_incremental.fingerprint import Fingerprints, Uncacheable, describe

from scripts import bench_build, make_synthetic

ROOT = Path(__file__).resolve().parent.parent


def watch_writer(monkeypatch) -> list[tuple[list[str], int]]:
    """(pages skipped, number rendered) of every build (Pelican's log filter drops repeated INFO lines)."""
    from cdd_incremental.cdd_incremental import IncrementalWriter

    counts = []
    save = IncrementalWriter.save

    def recording_save(self):
        counts.append((list(self.skipped_names), self.rendered))
        save(self)

    monkeypatch.setattr(IncrementalWriter, "save", recording_save)
    return counts


def test_describe_is_stable_and_refuses_memory_addresses():
    import datetime as dt

    value = {"b": [1, "ก"], "a": dt.date(2020, 10, 30), "c": {3, 1}}
    assert describe(value, Fingerprints.identity) == describe(dict(reversed(value.items())), Fingerprints.identity)
    with pytest.raises(Uncacheable):
        describe(object(), Fingerprints.identity)


def test_a_frozen_dataclass_is_described_once_and_a_mutable_or_referencing_one_every_time():
    import dataclasses

    from cdd_incremental import fingerprint

    @dataclasses.dataclass(frozen=True)
    class Fixed:
        name: str
        words: tuple = ()

    @dataclasses.dataclass(frozen=True)
    class Holder:
        items: list

    @dataclasses.dataclass
    class Open:
        name: str

    fixed, holder, mutable = Fixed("ก", ("ข", 1)), Holder(["a"]), Open("x")
    first = [describe(v, Fingerprints.identity) for v in (fixed, holder, mutable)]
    assert id(fixed) in fingerprint._FROZEN and id(holder) not in fingerprint._FROZEN  # unhashable: may change
    assert id(mutable) not in fingerprint._FROZEN
    holder.items.append("b")
    mutable.name = "y"
    again = [describe(v, Fingerprints.identity) for v in (fixed, holder, mutable)]
    assert again[0] == first[0] == "Fixed{s4:name:s1:ก,s5:words:[s1:ข,1]}"
    assert again[1] != first[1] and again[2] != first[2]
    calls = []

    @dataclasses.dataclass(frozen=True)
    class Pointing:
        to: object

    def ref(other):
        calls.append(other)
        return "<ref>"

    from pelican.contents import Content

    class Fake(Content):
        def __init__(self):
            pass

    pointing = Pointing(Fake())
    for _ in range(2):
        describe(pointing, ref)
    assert len(calls) == 2 and id(pointing) not in fingerprint._FROZEN  # its references are counted each time


@pytest.mark.build
@pytest.mark.slow
@pytest.mark.parametrize("added", ["newest", "random"])
def test_rebuild_equals_a_fresh_build_and_skips_unchanged_article_pages(tmp_path, monkeypatch, caplog, added):
    """Pages and search index: any new article is appended to the index (only the files it changes
    are written; thai_search numbers documents by arrival). Every page is a fresh build's bytes; so
    is the index after a new press release, and after a back-dated one (its id is the last here,
    its date's in a fresh build) the index gives a fresh build's answers to every query."""
    import logging

    from pelican import Pelican
    from pelican.settings import read_settings

    conf = str(ROOT / "pelicanconf.py")
    make_synthetic.write_archive(120, tmp_path / "content", seed=5)
    plugins = list(read_settings(conf)["PLUGINS"])
    if "cdd_incremental" not in plugins:
        plugins.append("cdd_incremental")

    def build(out, cache):
        Pelican(read_settings(conf, override={"PATH": str(tmp_path / "content"), "OUTPUT_PATH": str(out),
                                              "CACHE_PATH": str(cache), "PLUGINS": plugins})).run()

    counts = watch_writer(monkeypatch)
    build(tmp_path / "a", tmp_path / "cache-a")
    bench_build.add_one_article(tmp_path / "content", 1000, 5, added)
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="thai_search"):
        build(tmp_path / "a", tmp_path / "cache-a")  # incremental
    index_log = [r.getMessage() for r in caplog.records if "search index:" in r.getMessage()]
    if "thai_search" in plugins:
        assert len(index_log) == 1 and "(ต่อท้าย / appended)" in index_log[0], index_log
    skipped = len([name for name in counts[-1][0] if name.startswith("news/")])
    assert skipped >= 25  # a new article changes the related lists of some (1/2 at this tiny size)
    assert len(counts[-1][0]) > skipped  # listing pages (provinces, tags, months) were skipped too
    build(tmp_path / "b", tmp_path / "cache-b")  # fresh
    a, b = tmp_path / "a", tmp_path / "b"
    index = Path("search") / "idx"
    compared = index.parts if added == "random" else ()  # the back-dated article's id differs

    def listed(root):
        return sorted(str(p.relative_to(root)) for p in root.rglob("*")
                      if p.is_file() and (not compared or p.relative_to(root).parts[:2] != compared))

    files = listed(b)
    assert files == listed(a)
    _, mismatch, errors = filecmp.cmpfiles(a, b, files, shallow=False)
    assert mismatch == [] and errors == []
    if compared and (b / index).is_dir():
        from thai_search.query import answer

        from cdd_thai.tokenize import normalize_text

        for q in ("ขอนแก่น", "พัฒนาชุมชน", "โคก หนอง นา", ""):
            for f in ({"sort": "old"}, {"province": "khon-kaen"}, {"year": 2022}, {}):
                if q or f:
                    assert answer(a / index, q, normalize_text, **f) == answer(b / index, q, normalize_text, **f)


@pytest.mark.build
def test_an_edited_template_renders_every_article_page_again(tmp_path, monkeypatch):
    import shutil

    from pelican import Pelican
    from pelican.settings import read_settings

    conf = str(ROOT / "pelicanconf.py")
    shutil.copytree(ROOT / "theme", tmp_path / "theme")
    plugins = list(read_settings(conf)["PLUGINS"])
    if "cdd_incremental" not in plugins:
        plugins.append("cdd_incremental")
    override = {"OUTPUT_PATH": str(tmp_path / "out"), "CACHE_PATH": str(tmp_path / "c"),
                "THEME": str(tmp_path / "theme"), "PLUGINS": plugins}
    counts = watch_writer(monkeypatch)

    def skipped():
        return len([name for name in counts[-1][0] if name.startswith("news/")])

    Pelican(read_settings(conf, override=override)).run()
    Pelican(read_settings(conf, override=override)).run()
    pages = sorted((tmp_path / "out" / "news").rglob("index.html"))
    assert pages and skipped() == len(pages)
    article_template = tmp_path / "theme" / "templates" / "article.html"
    edited = article_template.read_text(encoding="utf-8").replace(
        "{% endblock content %}", "<!-- edited -->{% endblock content %}")
    article_template.write_text(edited, encoding="utf-8")
    Pelican(read_settings(conf, override=override)).run()
    assert skipped() == 0
    assert all("<!-- edited -->" in p.read_text(encoding="utf-8") for p in pages)




def test_real_path_with_folders_resolved_once_is_realpath(tmp_path, monkeypatch):
    from cdd_incremental.output_guard import real_path

    (tmp_path / "real" / "sub").mkdir(parents=True)
    (tmp_path / "real" / "sub" / "page.html").write_text("x", encoding="utf-8")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "target.html").write_text("y", encoding="utf-8")
    (tmp_path / "linked").symlink_to(tmp_path / "real")  # a folder that is a symlink
    (tmp_path / "real" / "sub" / "leaf.html").symlink_to(tmp_path / "elsewhere" / "target.html")
    monkeypatch.chdir(tmp_path)
    folders: dict = {}
    for path in ("linked/sub/page.html", "linked/sub/leaf.html", "linked/sub/missing.html", "linked/sub/..",
                 "linked/sub/.", "linked/sub/", "page.html", str(tmp_path / "linked" / "sub" / "page.html"),
                 "linked/../linked/sub/page.html", "/", "linked"):
        for _ in range(2):  # the second time from the folders already resolved
            assert real_path(path, folders) == os.path.realpath(path), path

"""cdd_autotags: empty Tags are filled with cdd_thai.tags.extract_tags, cached by content hash."""
import os
import re

import pytest
from cdd_autotags import cdd_autotags as autotags
from cdd_thai import tags as thai_tags

from conftest import SEEDS

SEED = (SEEDS / "002_46e72196f3e49e24.txt").read_text(encoding="utf-8")
TITLE = "พช.ขก.เพิ่มศักยภาพบุคลากรเพิ่มประสิทธิภาพการขับเคลื่อนนโยบายกรมการพัฒนาชุมชน"


class Counting:
    """The real extract_tags, counting its calls."""

    def __init__(self):
        self.calls = 0

    def __call__(self, title, body, k=8):
        self.calls += 1
        return thai_tags.extract_tags(title, body, k=k)


def items(texts, out):
    return [(TITLE, text, lambda tags, i=i: out.__setitem__(i, tags)) for i, text in enumerate(texts)]


def test_tags_come_from_the_thai_module_and_a_rebuild_reuses_them(tmp_path):
    path = tmp_path / "cache" / "cdd_autotags.json"
    extract = Counting()
    out = {}
    cache = autotags.TagCache(path, "model-1")
    assert autotags.fill_tags(items([SEED], out), cache, extract) == (0, 1)
    cache.save()
    assert out[0] == thai_tags.extract_tags(TITLE, SEED) and len(out[0]) >= 5
    assert "โคก หนอง นา" in out[0] or any("ขอนแก่น" in t or "บุคลากร" in t for t in out[0])

    again = {}
    cache = autotags.TagCache(path, "model-1")
    assert autotags.fill_tags(items([SEED], again), cache, extract) == (1, 0)
    assert extract.calls == 1 and again == out


def test_an_edited_article_or_a_new_tagger_is_recomputed(tmp_path):
    path = tmp_path / "cdd_autotags.json"
    extract = Counting()
    cache = autotags.TagCache(path, "model-1")
    autotags.fill_tags(items([SEED], {}), cache, extract)
    cache.save()
    edited = SEED.replace("ขอนแก่น", "ชัยภูมิ")
    cache = autotags.TagCache(path, "model-1")
    assert autotags.fill_tags(items([edited], {}), cache, extract) == (0, 1)
    cache.save()
    cache = autotags.TagCache(path, "model-2")  # tags.py, the tokeniser or its dictionary changed
    assert autotags.fill_tags(items([edited], {}), cache, extract) == (0, 1)


def test_the_cache_keeps_only_what_the_last_build_used(tmp_path):
    path = tmp_path / "cdd_autotags.json"
    cache = autotags.TagCache(path, "m")
    autotags.fill_tags(items([SEED, SEED + " ข่าวที่ถูกลบ"], {}), cache, Counting())
    cache.save()
    cache = autotags.TagCache(path, "m")
    autotags.fill_tags(items([SEED], {}), cache, Counting())
    cache.save()
    assert len(autotags.TagCache(path, "m").entries) == 1


def test_a_changed_district_list_recomputes_the_tags(tmp_path):
    """The cache is reused only under the Thai module it was made with: every file counts, the district
    gazetteer (which the tag classes read) included, not a hand-kept list of files."""
    import shutil

    from cdd_thai import fingerprint

    copy = tmp_path / "cdd_thai"
    shutil.copytree(fingerprint.MODULE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    path = tmp_path / "cache.json"
    cache = autotags.TagCache(path, autotags.model_fingerprint(copy))
    cache.put("k", ["โคก หนอง นา"])
    cache.save()
    assert autotags.TagCache(path, autotags.model_fingerprint(copy)).entries == {"k": ["โคก หนอง นา"]}
    with (copy / "data" / "districts.tsv").open("a", encoding="utf-8") as districts:
        districts.write("บ้านใหม่\tขอนแก่น\n")
    assert autotags.TagCache(path, autotags.model_fingerprint(copy)).entries == {}


def test_plain_text_of_rendered_markdown():
    html = "<p>โครงการ <strong>โคก หนอง นา</strong> &amp; OTOP</p><ul><li>หนึ่ง</li><li>สอง</li></ul>"
    assert autotags.plain_text(html) == "โครงการ โคก หนอง นา & OTOP\nหนึ่ง\nสอง"


@pytest.mark.build
def test_a_build_fills_empty_tags_and_keeps_given_ones(tmp_path):
    from pelican import Pelican
    from pelican.settings import read_settings

    content = tmp_path / "content" / "articles"
    content.mkdir(parents=True)
    header = ("Title: {title}\nDate: 2563-10-30\nProvinces: ขอนแก่น\nMissions: organization\n"
              "Tags: {tags}\nSlug: {slug}\nLang: th\n\n")
    body = SEED.split("\n", 4)[4]
    (content / "a.md").write_text(header.format(title=TITLE, tags="", slug="a") + body, encoding="utf-8")
    (content / "b.md").write_text(header.format(title="ข่าวสอง", tags="ผ้าไทย", slug="b") + body, encoding="utf-8")
    settings = read_settings(None, override={
        "PATH": str(tmp_path / "content"), "OUTPUT_PATH": str(tmp_path / "out"), "CACHE_PATH": str(tmp_path / "cache"),
        "PLUGINS": ["cdd_validate", "cdd_autotags"], "DEFAULT_LANG": "th",
        "TIMEZONE": "Asia/Bangkok", "ARTICLE_SAVE_AS": "{slug}.html", "ARTICLE_URL": "{slug}.html",
        "TAG_SAVE_AS": "tag/{slug}.html", "FEED_ALL_ATOM": None, "CATEGORY_FEED_ATOM": None,
    })
    pelican = Pelican(settings)
    pelican.run()
    page_a = (tmp_path / "out" / "a.html").read_text(encoding="utf-8")
    page_b = (tmp_path / "out" / "b.html").read_text(encoding="utf-8")
    cached = autotags.TagCache(tmp_path / "cache" / "cdd_autotags.json", autotags.model_fingerprint())
    [tags] = cached.entries.values()  # only a.md had no tags
    shown = thai_tags.meaningful(tags)  # published: the tags that mean something (no ขอนแก่น)
    assert len(tags) >= 5 and len(shown) >= 3 and "ขอนแก่น" in tags and "ขอนแก่น" not in shown
    linked = re.findall(r'<a href="[^"]*/tag/[^"]*">([^<]+)</a>', page_a)
    assert linked == shown and "ผ้าไทย" not in page_a
    assert "ผ้าไทย" in page_b
    assert 'title="2020-10-30T' in page_a  # Date: 2563-10-30 (BE) was normalised by cdd_validate


# Tags of the real releases in the embedded content and the shared eval set, by class.
PLACES = ["ขอนแก่น", "เพชรบูรณ์", "จ.เชียงใหม่", "จังหวัดลำพูน", "โคราช", "เมืองขอนแก่น", "แม่สะเรียง",
          "หาดใหญ่", "ภาคเหนือ", "อีสาน"]
GENERIC = ["ศักยภาพ", "บุคลากร", "นโยบาย", "ถ่ายทอด", "สมดุล", "เคียงข้าง", "ข้อมูล", "ครบรอบ", "จัดกิจกรรม",
           "เยี่ยมชม", "ยั่งยืน", "สนับสนุน", "ขอบคุณ", "LIVE", "VDO"]
TOPICS = ["OTOP", "TPMAP", "จปฐ.", "กชช.2ค.", "อช.", "โคก หนอง นา", "สัมมาชีพชุมชน", "หมู่บ้านเศรษฐกิจพอเพียง",
          "ผ้าไทยใส่ให้สนุก", "ความยากจน", "ทฤษฎีใหม่", "กาชาด", "มัดหมี่", "ผลิตภัณฑ์ชุมชน", "ภูมิปัญญา", "มะพร้าว",
          "ตัวชี้วัด", "ประชุมเชิงปฏิบัติการ", "นวัตกรรม", "แพลตฟอร์ม"]


def test_tags_that_mean_something_no_places_no_everyday_words():
    assert [t for t in PLACES if not thai_tags.is_place(t)] == []
    assert [t for t in GENERIC if not thai_tags.is_generic(t)] == []
    assert [t for t in TOPICS if thai_tags.is_place(t) or thai_tags.is_generic(t)] == []
    assert thai_tags.meaningful(PLACES + GENERIC + TOPICS) == TOPICS
    # one tag per key; a piece of a person's name of the article is no tag
    assert thai_tags.meaningful(["โคก หนอง นา", "โคกหนองนา", "จปฐ", "จปฐ.", "ภักดี", "นวลจันทร์"],
                                people=["นายอภิชาต ภักดี", "นางนวลจันทร์ สุนทร"]) == ["โคก หนอง นา", "จปฐ"]


def test_near_duplicates_across_an_archive_take_the_most_used_spelling():
    spelling = thai_tags.merge_variants([
        ["โคก หนอง นา", "ยุทธศาสตร์ชาติ"], ["โคกหนองนา", "ยุทธศาสตร์"], ["โคก หนอง นา", "ยุทธศาสตร์ชาติ"],
        ["สัมมาชีพ"], ["สัมมาชีพชุมชน"], ["จปฐ."], ["จปฐ"], ["ผ้าไทย"], ["ผ้าไหม"],
    ])
    assert spelling["โคกหนองนา"] == "โคก หนอง นา"  # spaces
    assert spelling["ยุทธศาสตร์"] == "ยุทธศาสตร์ชาติ"  # + an everyday word (ชาติ); used more
    assert spelling["สัมมาชีพชุมชน"] == spelling["สัมมาชีพ"] == "สัมมาชีพ"  # a tie: the shorter
    assert spelling["จปฐ"] == spelling["จปฐ."]
    assert spelling["ผ้าไหม"] == "ผ้าไหม" and spelling["ผ้าไทย"] == "ผ้าไทย"  # different things


def test_clean_tags_on_a_generator_merges_across_articles():
    from types import SimpleNamespace

    from pelican.settings import DEFAULT_CONFIG
    from pelican.urlwrappers import Tag

    def article(names, people=""):
        return SimpleNamespace(tags=[Tag(n, DEFAULT_CONFIG) for n in names], metadata={"people": people})

    a = article(["ขอนแก่น", "โคกหนองนา", "ศักยภาพ", "OTOP"], "นายสมชาย ใจดี")
    b = article(["โคก หนอง นา", "ใจดี"], "นายสมชาย ใจดี")
    c = article(["โคก หนอง นา"])
    autotags.clean_tags(SimpleNamespace(articles=[a, b, c], drafts=[], settings={**DEFAULT_CONFIG}))
    assert [t.name for t in a.tags] == ["โคก หนอง นา", "OTOP"]
    assert [t.name for t in b.tags] == ["โคก หนอง นา"] and a.metadata["tags"] == a.tags


def test_the_tagging_workers_are_the_builds_processes_unless_set():
    import os

    assert autotags.settings_of({"CDD_JOBS": 1})["processes"] == 1  # -j 1: one process, tagging too
    assert autotags.settings_of({"CDD_JOBS": 3})["processes"] == 3
    assert autotags.settings_of({})["processes"] == len(os.sched_getaffinity(0))
    assert autotags.settings_of({"CDD_JOBS": 3, "CDD_AUTOTAGS": {"processes": 1}})["processes"] == 1


_PARENT = os.getpid()


def _dies_on_seven(title, body, k=8):
    """A tagger whose worker dies (as one killed for memory) on one article."""
    if title == "ข่าว 7" and os.getpid() != _PARENT:
        os._exit(9)
    return [title, str(k)]


@pytest.mark.timeout(300)
def test_a_tagging_worker_that_dies_leaves_the_build_to_tag_here(caplog):
    """multiprocessing.Pool waited for a dead worker's task for ever; the build now says so and tags here."""
    import logging

    from pelican.log import LimitFilter

    from cdd_incremental.parallel import WORKER_DIED

    LimitFilter._raised_messages.discard((logging.WARNING, WORKER_DIED))
    pending = [(f"ข่าว {i}", "เนื้อข่าว") for i in range(autotags.PARALLEL_MIN)]
    caplog.set_level(logging.WARNING)
    assert autotags.compute(pending, _dies_on_seven, k=3, processes=2) == [[t, "3"] for t, _ in pending]
    assert WORKER_DIED in [r.getMessage() for r in caplog.records]

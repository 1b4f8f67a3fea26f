"""cdd_archive's logic without Pelican: grouping by province/mission/period, shading, related
articles, neighbours, JSON-LD / Open Graph / sitemap, the Thai date filter and the map data."""
import datetime as dt
import json
import re
import logging
import xml.etree.ElementTree as ET
from types import SimpleNamespace

import pytest
from cdd_archive import charts, discovery, groups, related, thai_map
from cdd_archive.cdd_archive import DEFAULTS, be_year, thai_date
from cdd_thai import provinces

TZ = dt.timezone(dt.timedelta(hours=7))


def article(day, province="ขอนแก่น", missions="poverty", tags=(), slug=None, title="ข่าว"):
    date = dt.datetime.fromisoformat(day).replace(hour=9, tzinfo=TZ)
    slug = slug or f"{day}-{len(tags)}"
    return SimpleNamespace(
        date=date, title=title, slug=slug, url=f"news/{date.year}/{slug}/", source_path=f"/c/{slug}.md",
        metadata={"provinces": province, "missions": missions, "summary": "สรุปข่าว"},
        tags=list(tags), author=None,
    )


@pytest.fixture
def archive():
    items = [
        article("2022-05-12", "ขอนแก่น", "organization", ["ประชุม", "บุคลากร"], "a"),
        article("2021-11-30", "ส่วนกลาง", "organization, poverty", ["ประชุม"], "b"),
        article("2020-10-30", "จ.ขอนแก่น, ชัยภูมิ", "khok-nong-na, poverty", ["โคก หนอง นา", "บุคลากร"], "c"),
        article("2020-10-02", "ชัยภูมิ", "khok-nong-na", ["โคก หนอง นา", "บุคลากร"], "d"),
        article("2020-02-26", "เพชรบูรณ์", "otop", [], "e"),
    ]
    groups.attach(items)
    return items


def test_attach_resolves_names_prefixes_and_slugs(archive):
    c = archive[2]
    assert [p.slug for p in c.province_list] == ["khon-kaen", "chaiyaphum"]  # จ. prefix accepted
    assert [m.slug for m in c.mission_list] == ["khok-nong-na", "poverty"]
    assert archive[1].province_list == [provinces.CENTRAL]


def test_unknown_province_and_mission_are_logged_with_the_file_not_fatal(caplog):
    caplog.set_level(logging.ERROR)
    bad = article("2020-01-01", "ขอนแกน, ขอนแก่น", "povrty, otop", slug="typo")
    groups.attach([bad])
    assert [p.slug for p in bad.province_list] == ["khon-kaen"]
    assert [m.slug for m in bad.mission_list] == ["otop"]
    messages = [r.getMessage() for r in caplog.records]
    assert any("/c/typo.md" in m and "ขอนแกน" in m for m in messages)
    assert any("/c/typo.md" in m and "povrty" in m for m in messages)


def test_province_groups_cover_all_78_with_counts_and_shading(archive):
    by = groups.by_province(archive, DEFAULTS)
    assert len(by) == 78 and "central" in by
    assert by["khon-kaen"].count == 2 and by["chaiyaphum"].count == 2 and by["trat"].count == 0
    assert by["khon-kaen"].url == "province/khon-kaen/"
    assert by["khon-kaen"].save_as == "province/khon-kaen/index.html"
    assert by["khon-kaen"].name == "ขอนแก่น"
    assert [a.slug for a in by["khon-kaen"].articles] == ["a", "c"]  # newest first
    assert by["trat"].level == 0 and by["khon-kaen"].level == groups.SHADE_LEVELS
    assert 1 <= by["phetchabun"].level < by["khon-kaen"].level


def test_shade_level_is_monotonic_on_a_log_scale():
    levels = [groups.shade_level(n, 1000) for n in (0, 1, 3, 10, 30, 100, 300, 1000)]
    assert levels[0] == 0 and levels[-1] == groups.SHADE_LEVELS
    assert levels == sorted(levels) and len(set(levels)) == groups.SHADE_LEVELS + 1
    assert groups.shade_level(1, 1) == groups.SHADE_LEVELS


def test_mission_groups_follow_the_taxonomy(archive):
    by = groups.by_mission(archive, DEFAULTS)
    assert by["poverty"].count == 2 and by["khok-nong-na"].count == 2 and by["women"].count == 0
    assert by["khok-nong-na"].name == "โคก หนอง นา"
    assert by["poverty"].url == "mission/poverty/"


def test_periods_have_thai_headings_with_buddhist_era_years(archive):
    years, months = groups.by_period(archive, DEFAULTS)
    assert [y.name for y in years] == ["พ.ศ. 2565", "พ.ศ. 2564", "พ.ศ. 2563"]
    assert [y.url for y in years] == ["2022/", "2021/", "2020/"]
    assert [m.name for m in months[2020]] == ["ตุลาคม 2563", "กุมภาพันธ์ 2563"]
    assert [m.url for m in months[2020]] == ["2020/10/", "2020/02/"]
    assert months[2020][0].count == 2 and years[2].count == 3


def test_neighbours_link_older_and_newer(archive):
    groups.link_neighbours(sorted(archive, key=lambda a: a.date))
    assert archive[2].older_article is archive[3] and archive[2].newer_article is archive[1]
    assert archive[4].older_article is None and archive[0].newer_article is None


def test_related_prefers_shared_tags_within_province_or_mission(archive):
    by_p, by_m = groups.by_province(archive, DEFAULTS), groups.by_mission(archive, DEFAULTS)
    lists = [g.articles for g in by_p.values()] + [g.articles for g in by_m.values()]
    ranked = related.related_articles(archive, lists, k=3)
    a, b, c, d, e = archive
    assert ranked[id(c)] == [d, a, b]  # two shared tags beat one, one beats none
    assert ranked[id(a)] == [b, c]  # one shared tag each: the closer in time first
    assert d not in ranked[id(a)]  # shares a tag but neither province nor mission
    assert c not in ranked[id(c)]
    assert ranked[id(e)] == []  # เพชรบูรณ์/otop shares nothing with the others


def test_related_is_bounded_on_a_large_archive():
    items = [article(f"20{19 + i % 6}-{1 + i % 12:02d}-{1 + i % 28:02d}", "ขอนแก่น", "poverty",
                     ["ประชุม"], slug=f"s{i}") for i in range(3000)]
    groups.attach(items)
    items.sort(key=lambda a: a.date, reverse=True)
    lists = [g.articles for g in groups.by_province(items, DEFAULTS).values()]
    ranked = related.related_articles(items, lists, k=5)
    assert all(len(v) == 5 for v in ranked.values())


def test_news_article_json_ld(archive):
    data = discovery.news_article(archive[2], "https://example.test", "คลังข่าว")
    assert data["@type"] == "NewsArticle" and data["inLanguage"] == "th"
    assert data["url"] == "https://example.test/news/2020/c/"
    assert data["datePublished"] == "2020-10-30T09:00:00+07:00"
    assert [p["name"] for p in data["contentLocation"]] == ["จังหวัดขอนแก่น", "จังหวัดชัยภูมิ"]
    assert data["publisher"]["name"] == "กรมการพัฒนาชุมชน"
    text = discovery.json_for_script({"headline": "</script><b>&"})
    assert "</" not in text and "<" not in text and json.loads(text)["headline"] == "</script><b>&"


def test_open_graph_pairs(archive):
    pairs = dict(discovery.open_graph(archive[0], "https://example.test", "คลังข่าว"))
    assert pairs["og:type"] == "article" and pairs["og:locale"] == "th_TH"
    assert pairs["og:url"] == "https://example.test/news/2022/a/"


def test_sitemap_is_valid_xml_with_encoded_thai_urls():
    xml = discovery.sitemap_xml([("", None), ("tag/โคก-หนอง-นา/", None),
                                 ("news/2020/c/", dt.date(2020, 10, 30))], "https://example.test")
    root = ET.fromstring(xml)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [e.text for e in root.findall("s:url/s:loc", ns)]
    assert locs[0] == "https://example.test/"
    assert locs[1] == "https://example.test/tag/%E0%B9%82%E0%B8%84%E0%B8%81-%E0%B8%AB%E0%B8%99%E0%B8%AD%E0%B8%87-%E0%B8%99%E0%B8%B2/"
    assert root.find("s:url[3]/s:lastmod", ns).text == "2020-10-30"


def test_thai_date_filter_uses_buddhist_era():
    moment = dt.datetime(2020, 10, 30, 9, 0, tzinfo=TZ)
    assert thai_date(moment) == "30 ตุลาคม 2563"
    assert thai_date(dt.date(2019, 8, 22), month_only=True) == "สิงหาคม 2562"
    assert thai_date(None) == ""
    assert be_year(moment) == 2563 and be_year(2024) == 2567


def test_map_has_a_shape_for_each_of_the_77_provinces():
    data = thai_map.load()
    assert set(data["provinces"]) == {p.slug for p in provinces.PROVINCES}
    width, height = map(int, data["viewBox"].split()[2:])
    for shape in data["provinces"].values():
        assert shape["d"].startswith("M") and shape["d"].endswith("z")
        assert 0 <= shape["x"] <= width and 0 <= shape["y"] <= height
    # North is up: Chiang Rai above Bangkok above Narathiwat; Ubon Ratchathani east of Kanchanaburi.
    y = {s: data["provinces"][s]["y"] for s in ("chiang-rai", "bangkok", "narathiwat")}
    assert y["chiang-rai"] < y["bangkok"] < y["narathiwat"]
    assert data["provinces"]["ubon-ratchathani"]["x"] > data["provinces"]["kanchanaburi"]["x"]


def test_province_map_joins_counts(archive):
    by = groups.by_province(archive, DEFAULTS)
    areas = {a.slug: a for a in thai_map.province_map(by).areas}
    assert len(areas) == 77 and "central" not in areas
    assert areas["khon-kaen"].count == 2 and areas["khon-kaen"].url == "province/khon-kaen/"
    assert areas["khon-kaen"].name == "ขอนแก่น"


def test_tag_slugs_keep_sara_am_after_pelicans_nfkc():
    from pelican.urlwrappers import Tag
    from pelican.settings import DEFAULT_CONFIG

    import importlib.util
    from pathlib import Path
    spec = importlib.util.spec_from_file_location("conf", Path(__file__).resolve().parent.parent / "pelicanconf.py")
    conf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conf)
    settings = {**DEFAULT_CONFIG, "SLUGIFY_USE_UNICODE": conf.SLUGIFY_USE_UNICODE,
                "TAG_REGEX_SUBSTITUTIONS": conf.TAG_REGEX_SUBSTITUTIONS}
    tags = [Tag(name, settings) for name in ("ภารกิจสำคัญ", "โคก หนอง นา", "กชช.2ค.", "พัฒนาชุมชน")]
    assert tags[0].slug != "ภารกิจสำคัญ"  # Pelican alone splits ำ into ํ + า
    groups.fix_tag_slugs([SimpleNamespace(tags=tags)])
    assert [t.slug for t in tags] == ["ภารกิจสำคัญ", "โคก-หนอง-นา", "กชช2ค", "พัฒนาชุมชน"]


def test_metro_inset_enlarges_bangkok_and_neighbours_inside_its_frame(archive):
    by = groups.by_province(archive, DEFAULTS)
    inset = thai_map.province_map(by).inset
    assert {a.slug for a in inset.areas} == set(thai_map.INSET)
    fx, fy, fw, fh = inset.frame
    bx, by_, bw, bh = inset.box
    assert fw / bw > 2  # enlarged
    for area in inset.areas:  # label points moved into the frame
        assert fx <= area.x <= fx + fw and fy <= area.y <= fy + fh
    assert thai_map.path_box("M10 20l5 0 0 5-5 0zM1 2l1 1z") == (1, 2, 15, 25)


def test_thai_dictionary_order():
    from cdd_thai.collation import thai_sort_key

    words = ["อ่าวไทย", "โคก หนอง นา", "ขอนแก่น", "เศรษฐกิจฐานราก", "ความยากจน", "ไหม"]
    assert sorted(words, key=thai_sort_key) == [
        "ขอนแก่น", "ความยากจน", "โคก หนอง นา", "เศรษฐกิจฐานราก", "ไหม", "อ่าวไทย"]


def test_fiscal_years_run_from_october_and_are_named_in_buddhist_era(archive):
    # 30 September 2020 is the last day of ปีงบประมาณ 2563, 1 October the first of 2564
    assert groups.fiscal_year(dt.date(2020, 9, 30)) == 2020
    assert groups.fiscal_year(dt.date(2020, 10, 1)) == 2021
    fiscal = groups.by_fiscal_year(archive, DEFAULTS)
    assert [(f.name, f.url, f.count) for f in fiscal] == [
        ("ปีงบประมาณ 2565", "fiscal/2565/", 2),  # 2022-05-12 and 2021-11-30
        ("ปีงบประมาณ 2564", "fiscal/2564/", 2),  # 2020-10-30 and 2020-10-02
        ("ปีงบประมาณ 2563", "fiscal/2563/", 1),  # 2020-02-26
    ]
    assert fiscal[0].subject == dt.date(2021, 10, 1)
    assert thai_date(fiscal[0].subject) == "1 ตุลาคม 2564"


def test_month_chart_draws_a_bar_per_month_with_news_and_says_it_in_text(archive):
    counts = charts.monthly_counts(archive)
    span = charts.month_span((2020, 2), (2022, 5))
    assert len(span) == 28 and span[0] == (2020, 2) and span[-1] == (2022, 5)
    html = str(charts.month_chart(counts, span, chart_id="c", title="ข่าวทดสอบ"))
    svg = re.search(r"<svg[^>]*>.*</svg>", html).group(0)
    assert 'viewBox="0 0 28 2"' in svg  # 28 months, the busiest (ตุลาคม 2563) has 2
    assert len(re.findall(r"<rect ", svg)) == 4  # 2020-02, 2020-10, 2021-11, 2022-05
    assert '<rect x="8.14" y="0" width="0.72" height="2"><title>ตุลาคม 2563: 2 ข่าว</title>' in svg
    # the years are labelled at their Januarys (and the first, February 2563); the bars are hidden
    # from screen readers, whose text is the caption and the list
    assert re.findall(r"<li style=[^>]*>(\d{4})</li>", html) == ["2563", "2564", "2565"]
    assert 'class="chart-plot" aria-hidden="true"' in html
    assert "กุมภาพันธ์ 2563 – พฤษภาคม 2565 รวม 5 ข่าว เดือนที่มากที่สุด 2 ข่าว" in html
    listed = re.findall(r"<li>(พ\.ศ\.[^<]*)</li>", html)
    assert listed == ["พ.ศ. 2563 รวม 3 ข่าว: กุมภาพันธ์ 1, ตุลาคม 2", "พ.ศ. 2564 รวม 1 ข่าว: พฤศจิกายน 1",
                      "พ.ศ. 2565 รวม 1 ข่าว: พฤษภาคม 1"]
    # a year: its twelve months named under the bars
    year = str(charts.month_chart(counts, charts.month_span((2020, 1), (2020, 12)), chart_id="y", title="ปี"))
    assert re.findall(r"<li style=[^>]*>([^<]*)</li>", year)[:3] == ["ม.ค.", "ก.พ.", "มี.ค."]


def test_narrowing_counts_years_and_the_other_axis(archive):
    khon_kaen = groups.by_province(archive, DEFAULTS)["khon-kaen"]
    groups.narrowing(khon_kaen, "mission_list")
    assert khon_kaen.by_year == [(2565, 1), (2563, 1)]
    assert [(m.slug, n) for m, n in khon_kaen.by_other] == [("khok-nong-na", 1), ("organization", 1), ("poverty", 1)]
    khok = groups.by_mission(archive, DEFAULTS)["khok-nong-na"]
    groups.narrowing(khok, "province_list")
    assert [(p.slug, n) for p, n in khok.by_other] == [("chaiyaphum", 2), ("khon-kaen", 1)]


def test_tag_index_leads_with_the_most_used_then_letters_in_thai_order():
    tag = lambda name: SimpleNamespace(name=name)  # noqa: E731
    tags = [(tag("โคก หนอง นา"), [1, 2, 3]), (tag("OTOP"), [1, 2]), (tag("ความยากจน"), [1]),
            (tag("กาชาด"), [1, 2]), (tag("เศรษฐกิจฐานราก"), [1])]
    index = groups.tag_index(tags, top=2)
    assert [(t.name, n) for t, n in index["top"]] == [("โคก หนอง นา", 3), ("OTOP", 2)]  # a tie: OTOP before ก
    assert [(letter, [t.name for t, _ in items]) for letter, items in index["letters"]] == [
        ("O", ["OTOP"]), ("ก", ["กาชาด"]), ("ค", ["ความยากจน", "โคก หนอง นา"]), ("ศ", ["เศรษฐกิจฐานราก"])]
    assert index["total"] == 5

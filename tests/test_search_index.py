"""The Thai search index (plugins/thai_search): shape of the files, encodings, and that the query
algorithm (query.py, the Python twin of theme/static/js/search.js) finds exactly the documents
whose text contains the query, on the seed articles."""
from __future__ import annotations

import os
import datetime as dt
import gzip
import json
import re
from pathlib import Path

import pytest

from cdd_thai import dates, missions
from cdd_thai.tokenize import normalize_text, segment
from thai_search.index import (Doc, IndexBuilder, decode_posting, encode_posting, gram_file,
                               prepare, tokens_of)
from thai_search.query import FileIndex, facet_rows, parse_query, search, search_words, verify
from thai_search.thai_search import TokenCache, article_doc, build_index, html_to_text, index_order

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "content" / "articles"
ISSUE_QUERIES = ["ขอนแก่น", "ความยากจน", "ยากจน", "โคก หนอง นา", "OTOP", "ระบบราชการ",
                 "เพชรบูรณ์", "อธิบดี", "พัฒนาชุมชน"]
# Words inside compounds, across token boundaries, dates, Latin, digits, parts of words.
MORE_QUERIES = ["โคกหนองนา", "ครัวเรือนยากจน", "เรือนยาก", "นชุม", "ระบบราชการ 4.0", "4.0",
                "OTOP Academy", "otopac", "ประชุมเชิงปฏิบัติการ", "งานพัฒนาชุมชนจังหวัด",
                "30 ตุลาคม 2563", "สิงหาคม 2562", "นายนิสิต จันทร์สมวงศ์", "๒๕๖๓", "สงขลา",
                "จิตอาสา", "ผู้ว่าราชการจังหวัด", "บูรณาการ", "ข่าว", "กลุ่ม"]
NEVER = ["ขาว", "กลม"]  # ข่าว and กลุ่ม without their marks


def read_article(path: Path) -> Doc:
    head, _, body = path.read_text(encoding="utf-8").partition("\n\n")
    meta = dict(line.split(": ", 1) for line in head.splitlines() if ": " in line)
    date = dt.date.fromisoformat(meta["Date"][:10])
    provinces = [p.strip() for p in meta.get("Provinces", "").split(",") if p.strip()]
    slugs = [m.strip() for m in meta.get("Missions", "").split(",") if m.strip()]
    names = [m.name_th for m in map(missions.mission_by_slug, slugs) if m]
    return Doc(title=meta["Title"], url=f"news/{date.year}/{meta['Slug']}/", date=date,
               body=html_to_text(body), provinces=provinces, missions=slugs,
               meta_texts=[*provinces, *names, dates.format_thai_date(date)],
               date_label=dates.format_thai_date(date))


def squeeze(text: str) -> str:
    return "".join(prepare(text, normalize_text).split())


def brute_force(docs: list[Doc], query: str) -> set[int]:
    """Ids (oldest first, as a fresh index numbers them) of documents containing the query."""
    q = squeeze(query)
    ordered = sorted(docs, key=index_order)
    return {i for i, d in enumerate(ordered)
            if any(q in squeeze(f) for f in [d.title, d.body, *d.meta_texts])}


@pytest.fixture(scope="module")
def seeds():
    paths = sorted(ARTICLES.rglob("*.md"))
    if len(paths) < 5:
        pytest.skip("content/articles has not the five seed articles yet")
    return [read_article(p) for p in paths]


@pytest.fixture(scope="module")
def built(seeds, tmp_path_factory):
    out = tmp_path_factory.mktemp("idx")
    cache = TokenCache(out / "tokens.json", "test")
    stats = build_index(seeds, out / "idx", cache)
    return out / "idx", stats


def test_posting_roundtrip_both_encodings():
    sparse = [3, 200, 201, 5000]
    dense = list(range(0, 1000, 2))
    for ids in (sparse, dense, [], [0], [127, 128, 16511]):
        assert decode_posting(encode_posting(ids)) == ids
    assert encode_posting(sparse)[:2] == "AA"  # type 0: varint deltas
    assert decode_posting(encode_posting(dense)) == dense
    assert len(encode_posting(dense)) < len(dense)  # the bitmap, not 500 deltas


def test_tokens_keep_marks_and_concatenate_to_the_text():
    text = "ข่าวพัฒนาชุมชน ๒๕๖๓\nโคก หนอง นา กลุ่มออมทรัพย์"
    tokens = tokens_of(text, normalize_text, segment)
    assert "".join(tokens) == "".join(normalize_text(text).split())
    assert "ข่าว" in tokens and "ขาว" not in tokens
    assert "2563" in "".join(tokens)


def test_index_files_shape(built, seeds):
    root, stats = built
    meta = json.loads((root / "meta.json").read_text(encoding="utf-8"))
    assert meta["n"] == len(seeds) == stats["docs"]
    assert [y[0] for y in meta["years"]] == sorted({d.date.year for d in seeds})
    assert ["khon-kaen", "ขอนแก่น"] in meta["provinces"] and ["central", "ส่วนกลาง"] in meta["provinces"]
    assert len(meta["missions"]) == len(missions.MISSIONS)
    assert len(gzip.decompress((root / "facets.bin.gz").read_bytes())) >= 3 * len(seeds)
    doc0 = json.loads(gzip.decompress((root / "d" / "0.json.gz").read_bytes()))
    oldest = min(seeds, key=lambda d: d.date)
    assert doc0["t"] == oldest.title and doc0["u"].startswith("news/")
    assert set(doc0) == {"t", "u", "d", "dt", "p", "m", "x"}
    # the vocabulary file of the pair "ยา" lists ความยากจน (where "ยากจน" is found)
    terms = [e[0] for e in json.loads(gzip.decompress((root / "g" / f"{gram_file('ยา')}.json.gz").read_bytes()))]
    assert "ความยากจน" in terms
    # no file holds article text except the document store
    assert max(p.stat().st_size for p in (root / "g").iterdir()) < 20_000


@pytest.mark.parametrize("query", ISSUE_QUERIES + MORE_QUERIES)
def test_query_finds_exactly_the_documents_containing_it(built, seeds, query):
    root, _ = built
    expected = brute_force(seeds, query)
    found = search(query, FileIndex(root), normalize_text)
    assert found.docs == expected
    assert not found.approximate


@pytest.mark.slow
def test_random_substrings_and_word_pairs(built, seeds):
    """Any piece of the texts is found where it occurs, and made-up word pairs only there."""
    import random

    rng = random.Random(4)
    texts = [squeeze(d.body) for d in seeds]
    words = sorted({w for d in seeds for w in tokens_of(d.body, normalize_text, segment)})
    queries = []
    for _ in range(200):
        text = rng.choice(texts)
        start = rng.randrange(len(text) - 40)
        queries.append(text[start:start + rng.randint(2, 40)])
    queries += [rng.choice(words) + rng.choice(words) for _ in range(150)]
    root, _ = built
    wrong = []
    for q in queries:
        index = FileIndex(root)
        if verify(search(q, index, normalize_text), index, q, normalize_text).docs != brute_force(seeds, q):
            wrong.append(q)
    assert not wrong


def test_issue_queries_have_hits_on_the_seeds(built, seeds):
    root, _ = built
    total = sum(len(search(q, FileIndex(root), normalize_text).docs) for q in ISSUE_QUERIES)
    assert total >= 21


@pytest.mark.parametrize("query", NEVER)
def test_marks_matter(built, query):
    root, _ = built
    assert search(query, FileIndex(root), normalize_text).docs == set()


def test_title_and_whole_word_flags(built, seeds):
    root, _ = built
    ordered = sorted(seeds, key=index_order)
    found = search("ระบบราชการ", FileIndex(root), normalize_text)
    in_title = {i for i, d in enumerate(ordered) if "ระบบราชการ" in d.title}
    assert in_title and found.title == in_title
    part = search("ยากจน", FileIndex(root), normalize_text)
    assert part.docs and not part.exact  # only inside ความยากจน / ครัวเรือนยากจน
    # "ความยากจน" is in the name of the poverty mission: articles of that mission that never
    # write the word are found, but marked as metadata-only matches (ranked after text matches)
    poverty = search("ความยากจน", FileIndex(root), normalize_text)
    in_text = {i for i, d in enumerate(ordered) if "ความยากจน" in squeeze(d.title + d.body)}
    assert poverty.text == in_text and poverty.docs > in_text


def test_token_cache_skips_tokenising(seeds, tmp_path):
    calls = []

    def counting(text):
        calls.append(text)
        return tokens_of(text, normalize_text, segment)

    first = TokenCache(tmp_path / "c.json", "fp")
    fields = [seeds[0].title, seeds[0].body]
    streams = first.streams(fields, counting)
    first.save()
    n = len(calls)
    again = TokenCache(tmp_path / "c.json", "fp")
    assert again.streams(fields, counting) == streams and len(calls) == n
    changed = TokenCache(tmp_path / "c.json", "other tokeniser")
    changed.streams(fields, counting)
    assert len(calls) > n


@pytest.mark.slow
def test_unchanged_articles_keep_the_index(seeds, tmp_path):
    cache = TokenCache(tmp_path / "tokens.json", "fp")
    first = build_index(seeds, tmp_path / "idx", cache)
    assert first["files"] > 0
    again = build_index(seeds, tmp_path / "idx", TokenCache(tmp_path / "tokens.json", "fp"))
    assert again.get("unchanged") and again["files"] == 0
    edited = [*seeds[:-1], Doc(**{**seeds[-1].__dict__, "title": seeds[-1].title + " แก้ไข"})]
    third = build_index(edited, tmp_path / "idx", TokenCache(tmp_path / "tokens.json", "fp"))
    assert not third.get("unchanged") and third["computed"] == 1  # only the edited one tokenised


def test_html_to_text_drops_tags_and_keeps_blocks():
    html = "<p>กรม&amp;การ <b>พัฒนา</b>ชุมชน</p><script>x()</script><ul><li>หนึ่ง</li><li>สอง</li></ul>"
    assert html_to_text(html) == "กรม&การ พัฒนาชุมชน\nหนึ่ง\nสอง"


def test_search_js_never_builds_html_from_content():
    js = "".join((ROOT / "theme" / "static" / "js" / name).read_text(encoding="utf-8")
                 for name in ("search.js", "search-core.js"))
    assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write", js)


# ---------------------------------------------------------------------------------------------
# Incremental index: adding articles to the last build's index gives the same bytes as a build of
# all the articles from scratch.

def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    from scripts import make_synthetic

    out = tmp_path_factory.mktemp("synthetic")
    make_synthetic.write_archive(120, out, 3)
    return sorted((read_article(p) for p in out.rglob("*.md")), key=index_order)


def build(docs, root: Path, state: bool = True) -> dict:
    cache = TokenCache(root / "tokens.json", "fp")
    return build_index(docs, root / "idx", cache, root / "state.pickle" if state else None)


@pytest.mark.slow
def test_newer_articles_extend_the_index_byte_for_byte(synthetic, tmp_path):
    first = build(synthetic[:-3], tmp_path / "inc")
    assert first["mode"] == "full"
    one = build(synthetic[:-2], tmp_path / "inc")
    two = build(synthetic, tmp_path / "inc")
    assert one["mode"] == two["mode"] == "append" and one["partial"] and two["partial"]
    scratch = build(synthetic, tmp_path / "scratch", state=False)
    assert tree(tmp_path / "inc" / "idx") == tree(tmp_path / "scratch" / "idx")
    # one new article rewrites a small part of the index (its terms' and runs' files, its own)
    assert (one["computed"], two["computed"]) == (1, 2) and one["files"] < scratch["files"] / 3
    # and the extended index answers queries like the scratch one
    for query in ("ขอนแก่น", "พัฒนาชุมชน", "โคก หนอง นา"):
        assert (search(query, FileIndex(tmp_path / "inc" / "idx"), normalize_text).docs
                == brute_force(synthetic, query))


# Queries the search page answers the same on an index updated in place and on a fresh build of the
# same articles: words, a word inside compounds, phrases, several words, Latin, a date, and filters
# alone (browsing), each with filters and sorts; every result in order (so every "more" page).
SAME_QUERIES = ["ขอนแก่น", "พัฒนาชุมชน", "ยากจน", "โคก หนอง นา", '"โคก หนอง นา"', "ชุมชน พัฒนา",
                "OTOP", "กลุ่ม", "ผู้ว่าราชการจังหวัด", "ประชุม", "2565", "ข่าวแก้ไข", ""]


def same_filters(docs: list[Doc], rng) -> list[dict]:
    """Filter sets for the comparison: none, a sort, a province, a mission and a year the
    articles have (drawn), two of them together."""
    from cdd_thai import provinces as province_module

    doc = rng.choice(docs)
    province = province_module.province_by_name(doc.provinces[0]).slug
    mission = doc.missions[0] if doc.missions else ""
    year = rng.choice(docs).date.year
    return [{}, {"sort": "old"}, {"sort": "new"}, {"province": province}, {"mission": mission},
            {"year": year}, {"province": province, "year": doc.date.year}, {"mission": mission, "sort": "old"}]


def answers(root: Path, filters: list[dict]) -> dict:
    from thai_search.query import answer

    return {(q, json.dumps(f, sort_keys=True)): answer(root, q, normalize_text, **f)
            for q in SAME_QUERIES for f in filters if q or f}


def vocabulary(root: Path) -> dict[str, set[str]]:
    """Each vocabulary file's terms (the only index files holding words, besides d/)."""
    return {p.name: {e[0] for e in json.loads(gzip.decompress(p.read_bytes()))} for p in (root / "g").iterdir()}


def edited(doc: Doc, rng, serial: int) -> Doc:
    """An edit as an officer makes one: words added to the title or the body, a day moved within
    the year (the URL keeps its year), a province or the missions changed."""
    kind = rng.randrange(4)
    if kind == 0:
        return Doc(**{**doc.__dict__, "title": f"{doc.title} ข่าวแก้ไข {serial}"})
    if kind == 1:
        return Doc(**{**doc.__dict__, "body": doc.body + " ประชุมพัฒนาชุมชน ข่าวแก้ไข"})
    if kind == 2:
        day = dt.date(doc.date.year, rng.randint(1, 12), rng.randint(1, 28))
        return Doc(**{**doc.__dict__, "date": day, "date_label": dates.format_thai_date(day),
                      "meta_texts": [*doc.provinces, dates.format_thai_date(day)]})
    return Doc(**{**doc.__dict__, "provinces": ["ขอนแก่น"], "missions": ["poverty", "otop"][:rng.randint(0, 2)],
                  "meta_texts": ["ขอนแก่น", dates.format_thai_date(doc.date)]})


@pytest.mark.slow
def test_random_additions_edits_and_deletions_answer_as_a_fresh_build(synthetic, tmp_path):
    """Issue 17: after each step of random additions (newest and back-dated), edits and deletions,
    the index updated in place (documents keep their ids, new ones take the next) answers every
    query and filter with the documents of a fresh build, in the same order, with the same
    counts; only the changed articles are tokenised. One step goes into a fresh output folder
    (scripts/build.py's CDD_PREVIOUS_OUTPUT: the last index hard-linked in)."""
    import random

    from thai_search.thai_search import link_tree

    rng = random.Random(17)
    pool = list(synthetic)
    rng.shuffle(pool)
    current = sorted(pool[:80], key=index_order)
    waiting = pool[80:]
    root = tmp_path / "inc"
    assert build(current, root)["mode"] == "full"
    modes = []
    for step in range(7):
        changed = 0
        for _ in range(rng.randint(1, 4)):
            action = rng.choice(["newest", "older", "edit", "delete"])
            if action in ("newest", "older") and waiting:
                doc = waiting.pop()
                if action == "newest":  # dated after every other
                    day = max(d.date for d in current) + dt.timedelta(days=1)
                    doc = Doc(**{**doc.__dict__, "date": day, "url": f"news/{day.year}/new-{step}-{changed}/"})
                current.append(doc)
            elif action == "edit":
                at = rng.randrange(len(current))
                current[at] = edited(current[at], rng, step)
            else:
                current.pop(rng.randrange(len(current)))
            changed += 1
        if step == 3:  # a build into a fresh folder, the previous index linked in
            link_tree(root / "idx", tmp_path / "fresh-folder" / "idx")
            (tmp_path / "fresh-folder" / "tokens.json").write_bytes((root / "tokens.json").read_bytes())
            for name in ("tokens.json.add", "state.pickle"):
                if (root / name).exists():
                    (tmp_path / "fresh-folder" / name).write_bytes((root / name).read_bytes())
            root = tmp_path / "fresh-folder"
        stats = build(current, root)
        modes.append(stats["mode"])
        assert stats["computed"] <= changed, stats  # only the added and edited articles tokenised
        scratch = tmp_path / f"scratch-{step}"
        assert build(current, scratch, state=False)["mode"] == "full"
        filters = same_filters(current, rng)
        got, want = answers(root / "idx", filters), answers(scratch / "idx", filters)
        assert got == want, step
        # the words of a deleted or edited-away text are in no file: the vocabulary is the fresh one's
        assert vocabulary(root / "idx") == vocabulary(scratch / "idx"), step
        assert sum(len(urls) for urls, _counts in want.values()) > 200  # the queries find things
        meta = json.loads((root / "idx" / "meta.json").read_text(encoding="utf-8"))
        assert meta["docs"] == len(current)
        assert len(list((root / "idx" / "d").iterdir())) == len(current)  # a deleted article's file goes
    assert "full" not in modes and "update" in modes, modes
    meta = json.loads((root / "idx" / "meta.json").read_text(encoding="utf-8"))
    assert meta["order"] != [0, meta["n"]] and meta["n"] > meta["docs"]  # out of date order, with holes


def test_a_fragmented_index_is_numbered_again():
    """Holes (deleted articles) and ids out of date order cost every query: past a limit the
    index is numbered by date again."""
    from thai_search.index import fragmented, order_runs

    assert order_runs([((1, "a"), 0), ((3, "c"), 1), ((2, "b"), 2)]) == [0, 1, 2, 1, 1, 1]
    assert not fragmented(10_000, 10_000, [0, 10_000])
    assert not fragmented(10_000, 9_400, [0, 5_000, 9_999, 1, 5_000, 4_999])
    assert fragmented(10_000, 9_000, [0, 9_000])  # a tenth of the ids are holes
    assert fragmented(1_000, 1_000, [i for k in range(300) for i in (k, 1)])


@pytest.mark.slow
def test_a_new_layout_rewrites_every_shard(synthetic, tmp_path):
    """When the term shard or run bucket count changes, every t/, p/ and g/ file is written again
    (the document files stay) and the result is still the scratch build's."""
    import pickle

    build(synthetic[:-1], tmp_path / "inc")
    path = tmp_path / "inc" / "state.pickle"
    with open(path, "rb") as handle:
        head, builder = pickle.load(handle), pickle.load(handle)
    shards, buckets = builder.layout
    builder.layout = (shards, buckets * 2)  # as if the last build had twice the buckets
    path.write_bytes(pickle.dumps(head) + pickle.dumps(builder))
    (tmp_path / "inc" / "idx" / "p" / "999999.json.gz").write_bytes(b"stale")
    again = build(synthetic, tmp_path / "inc")
    assert again["mode"] == "append" and not again["partial"]
    build(synthetic, tmp_path / "scratch", state=False)
    assert tree(tmp_path / "inc" / "idx") == tree(tmp_path / "scratch" / "idx")


@pytest.mark.slow
def test_a_damaged_state_is_ignored(synthetic, tmp_path):
    build(synthetic[:-1], tmp_path / "inc")
    (tmp_path / "inc" / "state.pickle").write_bytes(b"not a pickle")
    assert build(synthetic, tmp_path / "inc")["mode"] == "full"
    build(synthetic, tmp_path / "scratch", state=False)
    assert tree(tmp_path / "inc" / "idx") == tree(tmp_path / "scratch" / "idx")


@pytest.mark.parametrize("query", ["ความยากจน ขอนแก่น", "ครัวเรือน ยากจน", "ชุมชน พัฒนา", "OTOP ลำพูน",
                                   "ระบบ ราชการ", "ขาว ขอนแก่น", '"ระบบ ราชการ"', '"โคก หนอง นา" ขอนแก่น'])
def test_several_words_all_of_them_and_the_phrase(built, seeds, query):
    """search_words (the Python twin of search.js's several-word query): every word, each as one
    word is found; the phrase (spaces and quotes removed) is a subset ranked first."""
    root, _stats = built
    phrase, words = parse_query(query, normalize_text)
    match, together = search_words(query, FileIndex(root), normalize_text)
    assert match.docs == set.intersection(*(brute_force(seeds, w) for w in words))
    assert together == brute_force(seeds, phrase) & match.docs


def pelican_article(n: int, provinces: str, missions_field: str):
    """What thai_search reads of a Pelican article (metadata as Pelican lower-cases it)."""
    from types import SimpleNamespace

    return SimpleNamespace(title=f"ข่าวที่ {n}", url=f"news/2022/a{n}/", date=dt.datetime(2022, 1, 1 + n),
                           _content="<p>ชุมชนพัฒนา</p>",
                           metadata={"provinces": provinces, "missions": missions_field})


def test_facets_read_aliases_and_slugs_as_the_province_and_mission_pages_do(tmp_path):
    """issue 12: `Provinces: โคราช, จ.ขอนแก่น` is นครราชสีมา and ขอนแก่น in the facets (it was "no
    province"), and a mission slug in another case is that mission (it was no mission)."""
    from cdd_thai import missions as mission_module, provinces as province_module

    articles = [pelican_article(0, "โคราช, จ.ขอนแก่น", "Poverty, OTOP"),
                pelican_article(1, "จังหวัดอุดร", "khok-nong-na"),
                pelican_article(2, "ไม่มีจังหวัดนี้", "no-such-mission")]
    docs = [article_doc(a) for a in articles]
    assert docs[0].provinces == ["นครราชสีมา", "ขอนแก่น"] and docs[0].missions == ["poverty", "otop"]
    build_index(docs, tmp_path / "idx", TokenCache(None, "fp"))
    meta = json.loads((tmp_path / "idx" / "meta.json").read_text(encoding="utf-8"))
    rows = facet_rows(meta, gzip.decompress((tmp_path / "idx" / "facets.bin.gz").read_bytes()))
    names = [name for _slug, name in meta["provinces"]]
    slugs = [slug for slug, _name in meta["missions"]]
    assert [[names[i] for i in p] for p, _m in rows] == [["นครราชสีมา", "ขอนแก่น"], ["อุดรธานี"], []]
    assert [[slugs[i] for i in m] for _p, m in rows] == [["poverty", "otop"], ["khok-nong-na"], []]
    # the same provinces and missions as the pages: cdd_thai's canonical reading
    assert names == [p.name_th for p in province_module.ALL]
    assert slugs == [m.slug for m in mission_module.MISSIONS]
    assert meta["counts"]["province"][names.index("ขอนแก่น")] == 1


def test_a_seventeenth_mission_widens_the_facet_row(tmp_path):
    """Missions are a bit mask: the row grows a byte per 8 missions instead of losing the 17th."""
    builder = IndexBuilder()
    many = [(f"m{k}", f"ภารกิจ {k}") for k in range(17)]
    doc = Doc(title="ข่าว", url="news/x/", date=dt.date(2022, 1, 1), body="", provinces=["ขอนแก่น"],
              missions=["m0", "m16"])
    builder.add(doc, [["ข่าว"], []])
    builder.write(tmp_path / "idx", [("khon-kaen", "ขอนแก่น")], many)
    meta = json.loads((tmp_path / "idx" / "meta.json").read_text(encoding="utf-8"))
    assert meta["facet_row"] == 4
    rows = facet_rows(meta, gzip.decompress((tmp_path / "idx" / "facets.bin.gz").read_bytes()))
    assert rows == [([0], [0, 16])]
    with pytest.raises(ValueError, match="300 provinces"):
        builder.write(tmp_path / "idx2", [(f"p{k}", f"จังหวัด {k}") for k in range(300)], many)


def test_parse_query():
    assert parse_query("OTOP  ลำพูน", normalize_text) == ("otopลำพูน", ["otop", "ลำพูน"])
    assert parse_query('"โคก หนอง นา"', normalize_text) == ("โคกหนองนา", ["โคกหนองนา"])
    assert parse_query("“ผ้า ไทย” ศรีสะเกษ ผ้า", normalize_text)[1] == ["ผ้าไทย", "ศรีสะเกษ", "ผ้า"]
    assert parse_query("ข้อ 5 ข้อ5", normalize_text)[1] == ["ข้อ5"]  # one character joins its word


# ---------------------------------------------------------------------------------------------
# The JavaScript core (theme/static/js/search-core.js) against vectors the index code writes.

@pytest.mark.slow
def test_javascript_core_agrees_with_the_index_code(seeds, tmp_path):
    """`node --test tests/js/` on vectors made here (vectors.py): normalisation, hashes, gram
    names, postings, facet records (17 missions too), words, URLs, names, and whole queries on a
    small index, each as the Python side computes it. No browser."""
    import os
    import shutil
    import subprocess

    from thai_search import vectors

    node = shutil.which("node")
    if not node:
        pytest.fail("node is not installed: the search core cannot be checked (apt install nodejs)")
    out = tmp_path / "vectors.json"
    docs = vectors.constructed_docs() + [vectors.article(p) for p in sorted(ARTICLES.rglob("*.md"))]
    out.write_text(json.dumps(vectors.make(docs), ensure_ascii=False), encoding="utf-8")
    result = subprocess.run([node, "--test", str(ROOT / "tests" / "js")], capture_output=True, text=True,
                            env={**os.environ, "THAI_SEARCH_VECTORS": str(out)}, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert re.search(r"^# pass (\d+)", result.stdout, re.M).group(1) == re.search(
        r"^# tests (\d+)", result.stdout, re.M).group(1) != "0"


def test_names_file_is_what_the_thai_module_reads():
    """Every province (name, short forms, จ./จังหวัด, the office abbreviations) and mission (slug,
    Thai and English names) has its key, each key one page, and plain words none."""
    from cdd_thai import missions as mission_module, provinces as province_module
    from thai_search.names import lookup, name_key, names_file, query_keys

    names = names_file(normalize_text)
    slugs = [p.slug for p in province_module.ALL]

    def page(query):
        return [(kind, (slugs if kind == "p" else [m.slug for m in mission_module.MISSIONS])[i])
                for kind, i in lookup(names, query_keys(query, normalize_text))]

    for p in province_module.PROVINCES:
        for form in (p.name_th, "จ." + p.name_th, "จังหวัด " + p.name_th, f"พช.{p.abbr_th}.", f"สพจ.{p.abbr_th}."):
            assert page(form) == [("p", p.slug)], form
    for alias, name in province_module.ALIASES.items():
        assert page(alias) == [("p", province_module.province_by_name(name).slug)], alias
    for m in mission_module.MISSIONS:
        assert page(m.slug.upper()) == page(m.name_th) == [("m", m.slug)], m.slug
    assert page("ส่วนกลาง") == [("p", "central")]
    assert page("ความยากจน ขอนแก่น") == [("p", "khon-kaen")]  # a word of the query names it
    for word in ("ความยากจน", "ชุมชน", "ข่าว", "พช.", "สพจ.ขข."):
        assert page(word) == [], word
    assert not set(names["p"]) & set(names["m"])
    assert name_key("พช.ขก.", normalize_text) == name_key("พช.ขก", normalize_text) == "พชขก"


def test_an_index_file_is_created_in_place_or_replaced_never_written_through_a_link(tmp_path):
    from thai_search.index import write_index_file

    fresh = tmp_path / "t" / "0.json.gz"
    fresh.parent.mkdir()
    write_index_file(fresh, b"one")
    assert fresh.read_bytes() == b"one"
    umask = os.umask(0)
    os.umask(umask)
    assert fresh.stat().st_mode & 0o777 == 0o666 & ~umask  # the mode open() gives, as atomic_write's
    previous = tmp_path / "previous.gz"
    previous.write_bytes(b"old")
    os.unlink(fresh)
    os.link(previous, fresh)  # the previous build's index, hard-linked in
    write_index_file(fresh, b"new")
    assert fresh.read_bytes() == b"new" and previous.read_bytes() == b"old"
    assert sorted(p.name for p in fresh.parent.iterdir()) == ["0.json.gz"]  # no .tmp left


@pytest.mark.slow
def test_document_files_written_aside_are_the_same_files(synthetic, tmp_path, monkeypatch):
    """Many d/ files are written by a forked process while this one writes the postings: the same
    files and figures as written here, and a failure there fails the write."""
    from thai_search import index as index_module

    # threads another test module left (a server, the browser's) are not this write's concern
    monkeypatch.setattr(index_module.threading, "active_count", lambda: 1)
    monkeypatch.setattr(index_module, "FORK_DOCS", 10**9)
    here = build(synthetic, tmp_path / "here", state=False)
    monkeypatch.setattr(index_module, "FORK_DOCS", 2)
    aside = build(synthetic, tmp_path / "aside", state=False)
    assert tree(tmp_path / "here" / "idx") == tree(tmp_path / "aside" / "idx")
    assert {k: here[k] for k in ("files", "bytes", "kept")} == {k: aside[k] for k in ("files", "bytes", "kept")}

    def broken(self, put):
        raise OSError("disk full")

    monkeypatch.setattr(index_module.IndexBuilder, "_write_docs", broken)
    with pytest.raises(RuntimeError, match="document files failed"):
        build(synthetic, tmp_path / "failing", state=False)
    assert not (tmp_path / "failing" / "idx" / "meta.json").exists()

"""Test vectors for theme/static/js/search-core.js, made by the index code itself (issue 13, item 5).

The browser and the index writer share normalisation, hashes, gram file names, the posting codec,
the facet layout, the URL state and the names file. This module computes each of them with the
Python side and writes the inputs and answers to one JSON file; tests/js/core.test.js feeds the
same inputs to the JavaScript core under Node and compares. A small index (the seed articles
when given, and a few constructed documents) is embedded whole, so queries are resolved by the
core on real files and compared with query.py's answers.

    python -m thai_search.vectors -o vectors.json [ARTICLE.md ...]
"""
from __future__ import annotations

import argparse
import base64
import datetime as dt
import gzip
import json
import sys
import tempfile
from pathlib import Path

from .index import (Doc, IndexBuilder, bloom_positions, encode_posting, facet_row, fnv1a, gram_file, gram_keys,
                    prepare, run_bucket)
from .names import lookup, name_key, query_keys
from .query import FileIndex, Match, date_ranks, facet_rows, parse_query, rank, search_words

TEXTS = ["ข่าวพัฒนาชุมชน", "ขาว ข่าว", "กลุ่ม  กลม", "๒๕๖๓ ๑๐.๓๐ น.", "OTOP Academy ÉCOLE", "คํา ทํา",
         "น้ำ\u0e4d\u0e32", "เกาะ 𝑥 กูด", "  โคก\tหนอง\nนา  ", "จ.ขอนแก่น", "ก\u0e48\u0e34"]
QUERIES = ["ขอนแก่น", "ความยากจน", "ยากจน", "โคก หนอง นา", "โคกหนองนา", "OTOP", "otop ลำพูน",
           "ความยากจน ขอนแก่น", "ระบบ ราชการ", '"ระบบ ราชการ"', "ชุมชน พัฒนา", "ขาว", "ข่าว", "4.0",
           "ครัวเรือน ยากจน", '"โคก หนอง นา" ขอนแก่น', "ก", "ข้อ 5 ข้อ5", "๒๕๖๓", "นครราชสีมา"]
NAME_QUERIES = ["โคราช", "พช.ขก.", "สพจ.ขก", "จ.ขอนแก่น", "จังหวัด ขอนแก่น", "ความยากจน ขอนแก่น",
                "โคก หนอง นา", "OTOP", "Poverty", "Khon Kaen", "ส่วนกลาง", "กทม.", "ยากจน", "ผ้าไทย ศรีสะเกษ"]
PARAMS = ["province=khon-kaen&mission=poverty&year=2565", "province=5&mission=0&year=2022", "province=KHON-KAEN",
          "q=%E0%B8%82%E0%B8%AD%E0%B8%99&sort=old", "year=1999", "province=no-such&mission=99", "sort=bad&year=2563"]


def constructed_docs() -> list[Doc]:
    """Documents with aliases, several provinces and missions, in two years."""
    rows = [("ครัวเรือนยากจนที่โคราช", "แก้ไขปัญหาความยากจน ระบบราชการ 4.0", ["นครราชสีมา", "ขอนแก่น"], ["poverty", "otop"], 2021),
            ("โคก หนอง นา ขอนแก่น", "โคกหนองนา พัฒนาชุมชน ข่าว", ["ขอนแก่น"], ["khok-nong-na"], 2022),
            ("OTOP ลำพูน", "ผ้าไทย OTOP ชุมชนพัฒนา", ["ลำพูน"], ["otop", "thai-textiles"], 2022),
            ("ข่าวส่วนกลาง", "ระบบ ราชการ พัฒนาชุมชน", ["ส่วนกลาง"], ["organization"], 2022)]
    return [Doc(title=t, url=f"news/{y}/c{i}/", date=dt.date(y, 1 + i, 2), body=b, provinces=p, missions=m,
                meta_texts=[*p], date_label=f"2 ม.ค. {y + 543}") for i, (t, b, p, m, y) in enumerate(rows)]


def read_tree(root: Path) -> dict:
    """The index files, inflated: {"meta.json": ..., "g/x.json": ..., "facets.bin": base64}."""
    files = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        rel = path.relative_to(root).as_posix()
        raw = path.read_bytes()
        if rel.endswith(".gz"):
            rel, raw = rel[:-3], gzip.decompress(raw)
        files[rel] = base64.b64encode(raw).decode("ascii") if rel.endswith(".bin") else json.loads(raw)
    return files


# rank() cases on the updated index: query, province slug, mission slug, CE year, sort
RANK_CASES = [("", "khon-kaen", "", None, ""), ("", "", "", 2022, ""), ("", "", "", None, "old"),
              ("ขอนแก่น", "", "", None, ""), ("พัฒนาชุมชน", "", "", None, "new"), ("ชุมชน", "", "otop", None, ""),
              ("ข่าว", "", "", 2022, "old"), ("โคก หนอง นา", "", "", None, "")]


def updated_index(docs: list[Doc], tmp: Path, normalize) -> dict:
    """An index numbered by arrival (a document taken out: a hole; an edited one; one dated before
    all the others added last), and query.py rank()'s answers on it: ids in order, counts."""
    from .thai_search import TokenCache, build_index

    root, cache, state = tmp / "updated", TokenCache(tmp / "tokens.json", "vectors"), tmp / "state.pickle"
    first = sorted(docs, key=lambda d: (d.date, d.url))
    build_index(first[1:], root, cache, state)
    edited = Doc(**{**first[2].__dict__, "title": first[2].title + " ข่าวแก้ไข"})
    older = [first[0], *first[1:2], edited, *first[4:]]  # first[3] deleted, first[0] back-dated
    stats = build_index(older, root, TokenCache(tmp / "tokens.json", "vectors"), state)
    assert stats["mode"] == "update", stats
    index = FileIndex(root)
    meta = index.meta
    rows = facet_rows(meta, gzip.decompress((root / "facets.bin.gz").read_bytes()))
    slugs = {kind: [s for s, _n in meta[kind + "s"]] for kind in ("province", "mission")}
    cases = []
    for q, province, mission, year, sort in RANK_CASES:
        if q:
            match, together = search_words(q, index, normalize)
        else:
            match, together = Match(docs={i for i, r in enumerate(date_ranks(meta)) if r >= 0}), set()
        ranked = rank(meta, match, together, rows, slugs["province"].index(province) if province else None,
                      slugs["mission"].index(mission) if mission else None, year, sort, browse=not q)
        cases.append({"q": q, "province": province, "mission": mission, "year": year, "sort": sort,
                      "ids": ranked.ids, "counts": {k: {str(i): c for i, c in v.items()}
                                                    for k, v in ranked.counts.items()}})
    return {"index": read_tree(root), "cases": cases, "ranks": date_ranks(meta)}


def make(docs: list[Doc]) -> dict:
    """Every vector, with the small index built from docs."""
    from cdd_thai.tokenize import normalize_text

    from .thai_search import TokenCache, build_index

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "idx"
        build_index(docs, root, TokenCache(None, "vectors"))
        files = read_tree(root)
        updated = updated_index(docs, Path(tmp), normalize_text)
        index = FileIndex(root)
        queries = []
        for q in QUERIES:
            match, together = search_words(q, index, normalize_text)
            queries.append({"q": q, "all": sorted(match.docs), "title": sorted(match.title),
                            "phrase": sorted(together), "text": sorted(match.text)})
    meta = files["meta.json"]
    facets = base64.b64decode(files["facets.bin"])
    names = files["names.json"]
    grams = sorted({k for t in ("ความยากจน", "ข่าว", "a", "4.0", "$x^") for k in gram_keys(t)})
    many = [(f"m{k}", f"ภารกิจ {k}") for k in range(17)]
    wide = IndexBuilder()
    wide.facts = [(dt.date(2022, 1, 1), ["ขอนแก่น"], ["m0", "m16"]), (dt.date(2022, 1, 2), [], ["m8"])]
    wide_meta = {"n": 2, "missions": many, "facet_row": facet_row([("khon-kaen", "ขอนแก่น")], many)}
    wide_bytes = wide.facets([("khon-kaen", "ขอนแก่น")], many)
    return {
        "be_offset": meta["be_offset"],
        # the prepared text (spaces folded) and its compact form, which keys and lookups use
        "normalize": [[t, prepare(t, normalize_text), "".join(prepare(t, normalize_text).split())] for t in TEXTS],
        # hashes are of prepared text: code points, no astral characters (the browser counts UTF-16 units)
        "fnv1a": [[t, seed, fnv1a(t, seed)] for t in [*(prepare(t, normalize_text) for t in TEXTS), "", "^ข", "ก$"]
                  for seed in (0x811C9DC5, 0x01000193)],
        "bloom": [[k, bits, list(bloom_positions(k, bits))] for k in grams for bits in (1024, 65536)],
        "run_bucket": [[ids, b, run_bucket(ids, b)] for ids in ([0, 1], [5, 3, 9], [70000, 2], [1, 2, 3])
                       for b in (16, 1024)],
        "gram_file": [[k, gram_file(k)] for k in grams],
        "postings": [[ids, encode_posting(ids)] for ids in ([], [0], [3, 200, 201, 5000], list(range(0, 1000, 2)),
                                                            [127, 128, 16511], list(range(40)))],
        "parse_query": [[q, *parse_query(q, normalize_text)] for q in QUERIES + NAME_QUERIES],
        "name_keys": [[q, name_key(q, normalize_text), query_keys(q, normalize_text),
                       [[kind, i] for kind, i in lookup(names, query_keys(q, normalize_text))]] for q in NAME_QUERIES],
        "facet_records": [[p, m] for p, m in facet_rows(meta, facets)],
        "facet_records_17": {"meta": wide_meta, "bytes": base64.b64encode(wide_bytes).decode("ascii"),
                             "rows": [[p, m] for p, m in facet_rows(wide_meta, wide_bytes)]},
        "docs": [{"provinces": d.provinces, "missions": d.missions, "year": d.date.year}
                 for d in sorted(docs, key=lambda d: (d.date.toordinal(), d.url))],
        "params": PARAMS,
        "queries": queries,
        "index": files,
        "updated": updated,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Write search-core.js test vectors")
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("articles", nargs="*", type=Path, help="Markdown articles to index too")
    args = parser.parse_args(argv)
    docs = constructed_docs() + [article(p) for p in args.articles]
    args.output.write_text(json.dumps(make(docs), ensure_ascii=False), encoding="utf-8")
    return 0


def article(path: Path) -> Doc:
    """A content/ article as the plugin reads it (front matter resolved through cdd_thai)."""
    from types import SimpleNamespace

    from cdd_thai import dates

    from .thai_search import article_doc

    head, _, body = path.read_text(encoding="utf-8").partition("\n\n")
    meta = {k.lower(): v for k, v in (line.split(": ", 1) for line in head.splitlines() if ": " in line)}
    date = dt.datetime.fromisoformat(meta["date"][:10])
    doc = article_doc(SimpleNamespace(title=meta["title"], url=f"news/{date.year}/{meta['slug']}/", date=date,
                                      _content=body, metadata=meta))
    doc.date_label = dates.format_thai_date(date.date())
    return doc


if __name__ == "__main__":
    sys.exit(main())

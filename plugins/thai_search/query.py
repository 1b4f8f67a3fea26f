"""The query algorithm of theme/static/js/search-core.js, in Python, over the written index files.

The browser runs the JavaScript; this copy exists so that tests and scripts/bench_search.py can
check the index answers queries exactly (against a brute-force scan of the texts) without a
browser. Keep the two in step: same steps, same names (tests/js/ runs the JavaScript on
vectors made from this code: plugins/thai_search/vectors.py).

A query P (normalised, whitespace removed) occurs in a document either inside one token (a term
containing P) or across consecutive tokens t1..tk: P = (end of t1) + t2 + ... + (start of tk).
The vocabulary files give both: terms containing P's first character pair, and, step by step,
terms starting with what is left of P. Consecutive tokens are checked with the postings of
adjacent pairs and triples, so a chain of two or three tokens is exact; a longer one is the
intersection of its overlapping triples, and the documents found only that way are checked
against their stored text (``verify``; the browser checks those it shows).
"""
from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from .index import MAX_CHAINS, bloom_positions, decode_posting, gram_file, prepare, run_bucket


@dataclass
class Match:
    docs: set[int] = field(default_factory=set)
    title: set[int] = field(default_factory=set)
    exact: set[int] = field(default_factory=set)  # the query is whole tokens there
    unsure: set[int] = field(default_factory=set)  # found only by chains of 4+ tokens
    text: set[int] = field(default_factory=set)  # found in the title or body, not only metadata
    approximate: bool = False


class FileIndex:
    """Reads index files on demand and counts the bytes read (as a browser would download)."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self.meta = json.loads((self.root / "meta.json").read_text(encoding="utf-8"))
        self.bytes_read = len((self.root / "meta.json").read_bytes())
        self.bloom = __import__("base64").b64decode(self.meta["bloom"])
        self.files: dict[str, object] = {}

    def _json(self, rel: str):
        if rel not in self.files:
            path = self.root / (rel if rel == "meta.json" else rel + ".gz")
            if path.exists():
                raw = path.read_bytes()
                self.bytes_read += len(raw)
                self.files[rel] = json.loads(gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw)
            else:
                self.files[rel] = None
        return self.files[rel]

    def gram(self, key: str) -> list:
        bits = self.meta["bloom_bits"]
        if not all(self.bloom[p >> 3] >> (p & 7) & 1 for p in bloom_positions(key, bits)):
            return []
        return self._json(f"g/{gram_file(key)}.json") or []

    def term(self, tid: int, shard: int) -> list:
        return (self._json(f"t/{shard}.json") or {}).get(str(tid))

    def doc(self, doc_id: int) -> dict:
        return self._json(f"d/{doc_id}.json")

    def run(self, ids) -> list | None:
        bucket = run_bucket(ids, self.meta["pair_buckets"])
        return (self._json(f"p/{bucket}.json") or {}).get(",".join(map(str, ids)))


def resolve(p: str, index: FileIndex):
    """Terms containing p ({id: exact}), chains of term ids spelling p ([(ids, exact)]), the term
    shards seen ({id: shard}) and whether the chain limit cut the search short."""
    singles: dict[int, bool] = {}
    chains: list[tuple[list[int], bool]] = []
    shards: dict[int, int] = {}
    truncated = False

    def extend(chain: list[int], consumed: int, exact_start: bool) -> None:
        nonlocal truncated
        if len(chains) >= MAX_CHAINS:
            truncated = True
            return
        rest = p[consumed:]
        if len(rest) == 1:
            candidates = [e for e in index.gram("^" + rest) if e[0].startswith(rest)]
        else:
            candidates = [e for e in index.gram(rest[:2])
                          if e[0].startswith(rest) or rest.startswith(e[0])]
            candidates += [e for e in index.gram("#" + rest[0]) if e[0] == rest[0]]
        if not candidates:  # nothing can follow: no need for the last term's successors
            return
        last = index.term(chain[-1], shards[chain[-1]])
        following = set(last[2]) if last else set()
        for term, tid, shard in candidates:
            if tid not in following:
                continue
            shards[tid] = shard
            if term.startswith(rest):
                chains.append((chain + [tid], exact_start and term == rest))
            else:
                extend(chain + [tid], consumed + len(term), exact_start)

    for term, tid, shard in index.gram(p[:2]):
        shards[tid] = shard
        start = term.find(p[:2])
        while start != -1:
            tail = term[start:]
            if tail.startswith(p):
                singles[tid] = singles.get(tid, False) or (start == 0 and len(term) == len(p))
            elif p.startswith(tail):
                extend([tid], len(tail), start == 0)
            start = term.find(p[:2], start + 1)
    for term, tid, shard in index.gram(p[0] + "$"):
        if term.endswith(p[0]):  # a literal "$" in a term shares the file name
            shards[tid] = shard
            extend([tid], 1, len(term) == 1)
    return singles, chains, shards, truncated


def chain_runs(ids: list[int]) -> list[list[int]]:
    """The indexed runs that make up a chain: the pair, or every overlapping triple (exact for
    three tokens; for more, each triple must occur in the document)."""
    if len(ids) == 2:
        return [ids]
    return [ids[i:i + 3] for i in range(len(ids) - 2)]


def search(query: str, index: FileIndex, normalize) -> Match:
    """Documents containing the query (whitespace ignored), with title and exact-word flags."""
    p = "".join(prepare(query, normalize).split())
    match = Match()
    if len(p) < 2:
        return match
    singles, chains, shards, truncated = resolve(p, index)
    match.approximate = truncated
    sure: set[int] = set()
    for tid, exact in singles.items():
        post = index.term(tid, shards[tid])
        docs, title = set(decode_posting(post[0])), set(decode_posting(post[1]))
        match.docs |= docs
        match.title |= title
        match.text |= docs - set(decode_posting(post[3]))
        sure |= docs
        if exact:
            match.exact |= docs
    for ids, exact in chains:
        docs = title = None
        meta_only: set[int] = set()
        for run in chain_runs(ids):
            post = index.run(run)
            if post is None:
                docs = title = set()
                break
            d, t = set(decode_posting(post[0])), set(decode_posting(post[1]))
            docs = d if docs is None else docs & d
            title = t if title is None else title & t
            meta_only |= set(decode_posting(post[2]))
        docs, title = docs or set(), title or set()
        match.text |= docs - meta_only
        match.docs |= docs
        match.title |= title
        if exact:
            match.exact |= docs
        if len(ids) > 3:
            match.unsure |= docs
        else:
            sure |= docs
    match.unsure -= sure
    return match


def verify(match: Match, index: FileIndex, query: str, normalize) -> Match:
    """Drop the unsure documents whose stored text does not contain the query (the browser does
    this for the results it shows, with the same document files)."""
    p = "".join(prepare(query, normalize).split())
    missions = dict(index.meta["missions"])
    for doc_id in sorted(match.unsure):
        doc = index.doc(doc_id)
        fields = [doc["t"], doc["x"], *doc["p"], *(missions.get(m, m) for m in doc["m"]),
                  doc["dt"], doc["d"]]
        if not any(p in "".join(prepare(f, normalize).split()) for f in fields):
            match.docs.discard(doc_id)
            match.title.discard(doc_id)
            match.exact.discard(doc_id)
    match.unsure = set()
    return match


QUOTED = re.compile(r'["\u201c\u201d]([^"\u201c\u201d]*)["\u201c\u201d]?|[^\s"\u201c\u201d]+')
MIN_CHARS = 2


def parse_query(query: str, normalize) -> tuple[str, list[str]]:
    """The query's phrase (all of it, spaces and quotes removed) and its words: separated by
    spaces, quoted text one word with its spaces removed, a one-character word joined to the word
    before it (or after it), duplicates dropped. search-core.js parseQuery() is the same."""
    squeeze = lambda t: "".join(prepare(t, normalize).split())  # noqa: E731
    words = [w for w in (squeeze(m.group(1) if m.group(1) is not None else m.group(0))
                         for m in QUOTED.finditer(query)) if w]
    joined: list[str] = []
    for w in words:
        if joined and (len(w) < MIN_CHARS or len(joined[-1]) < MIN_CHARS):
            joined[-1] += w
        else:
            joined.append(w)
    return squeeze(re.sub('["\u201c\u201d]', " ", query)), list(dict.fromkeys(joined))


def search_words(query: str, index: FileIndex, normalize) -> tuple[Match, set[int]]:
    """Documents holding every word of the query (verified), and those of them holding the words
    as one phrase (ranked first by search-core.js)."""
    phrase, words = parse_query(query, normalize)
    if not words:
        return Match(), set()
    found = [verify(search(w, index, normalize), index, w, normalize) for w in words]
    match = found[0]
    for other in found[1:]:
        match.docs &= other.docs
        match.title &= other.title
        match.text &= other.text
        match.exact &= other.exact
        match.approximate |= other.approximate
    if len(words) == 1:
        return match, set(match.docs)
    together = verify(search(phrase, index, normalize), index, phrase, normalize)
    return match, together.docs & match.docs


def facet_rows(meta: dict, data: bytes) -> list[tuple[list[int], list[int]]]:
    """(province indexes, mission indexes) of each document from facets.bin (search-core.js
    facetsOf() reads the same layout)."""
    row, n = meta["facet_row"], meta["n"]
    rows = []
    for doc_id in range(n):
        first, mask = data[doc_id * row], int.from_bytes(data[doc_id * row + 1:(doc_id + 1) * row], "little")
        rows.append(([] if first == 255 else [first], [k for k in range(len(meta["missions"])) if mask >> k & 1]))
    for at in range(n * row, len(data) - 3, 4):
        rows[int.from_bytes(data[at:at + 3], "little")][0].append(data[at + 3])
    return rows


def date_ranks(meta: dict) -> list[int]:
    """Each id's date rank (0 = the oldest document; -1: a hole) from meta.json ``order``
    (search-core.js dateRanks() reads the same runs)."""
    ranks = [-1] * meta["n"]
    rank = 0
    runs = meta["order"]
    for start, count in zip(runs[::2], runs[1::2]):
        for doc_id in range(start, start + count):
            ranks[doc_id] = rank
            rank += 1
    return ranks


def year_of(meta: dict, rank: int) -> int:
    """The year of a date rank (meta.json years are rank ranges)."""
    for year, first, last in meta["years"]:
        if first <= rank <= last:
            return year
    raise ValueError(f"rank {rank} is in no year")


@dataclass
class Ranked:
    ids: list[int]  # the results in the order shown
    counts: dict  # {"province": {index: n}, "mission": {index: n}, "year": {CE year: n}}
    total: int  # matches before the filters


def rank(meta: dict, match: Match, phrase: set[int], rows, province: int | None = None,
         mission: int | None = None, year: int | None = None, sort: str = "",
         browse: bool = False) -> Ranked:
    """search-core.js rank(): the matches filtered (province and mission indexes, CE year),
    ordered (the words as a phrase > in the title > in the text > whole words, newest first among
    equals; ``sort`` "new"/"old": by date only; browsing: newest first), and the count each
    filter value would give with the other two applied."""
    ranks = date_ranks(meta)
    counts: dict = {"province": {}, "mission": {}, "year": {}}
    hits = []
    for doc_id in sorted(match.docs):
        provinces, missions = rows[doc_id]
        doc_year = year_of(meta, ranks[doc_id])
        ok_p = province is None or province in provinces
        ok_m = mission is None or mission in missions
        ok_y = year is None or doc_year == year
        if ok_m and ok_y:
            for p in provinces:
                counts["province"][p] = counts["province"].get(p, 0) + 1
        if ok_p and ok_y:
            for m in missions:
                counts["mission"][m] = counts["mission"].get(m, 0) + 1
        if ok_p and ok_m:
            counts["year"][doc_year] = counts["year"].get(doc_year, 0) + 1
        if ok_p and ok_m and ok_y:
            score = (8 * (doc_id in phrase) + 4 * (doc_id in match.title) + 2 * (doc_id in match.text)
                     + (doc_id in match.exact))
            hits.append((score, ranks[doc_id], doc_id))
    if sort == "old":
        hits.sort(key=lambda h: h[1])
    elif sort == "new" or browse:
        hits.sort(key=lambda h: -h[1])
    else:
        hits.sort(key=lambda h: (-h[0], -h[1]))
    return Ranked(ids=[h[2] for h in hits], counts=counts, total=len(match.docs))


def answer(root: Path, query: str, normalize, province: str = "", mission: str = "", year: int | None = None,
           sort: str = "") -> tuple[list[str], dict]:
    """What the search page shows for a query and filters (slugs, CE year), as document URLs in
    order, and the filter counts by slug and year: two indexes of the same articles give the
    same answer whatever their ids."""
    index = FileIndex(root)
    meta = index.meta
    rows = facet_rows(meta, gzip.decompress((Path(root) / "facets.bin.gz").read_bytes()))
    phrase, words = parse_query(query, normalize)
    if words:
        match, together = search_words(query, index, normalize)
    else:
        live = {i for i, r in enumerate(date_ranks(meta)) if r >= 0}
        match, together = Match(docs=live), set()
    slugs = {kind: [s for s, _name in meta[kind + "s"]] for kind in ("province", "mission")}
    ranked = rank(meta, match, together, rows,
                  province=slugs["province"].index(province) if province else None,
                  mission=slugs["mission"].index(mission) if mission else None,
                  year=year, sort=sort, browse=not words)
    counts = {kind: {slugs[kind][i]: n for i, n in ranked.counts[kind].items()} for kind in ("province", "mission")}
    counts["year"] = ranked.counts["year"]
    return [index.doc(doc_id)["u"] for doc_id in ranked.ids], counts

"""Build the sharded Thai search index from plain documents (no Pelican here).

The index answers one question exactly: "which documents contain this text?", where both the
query and the documents are normalised with ``cdd_thai.tokenize.normalize_text`` (Thai vowels and
tone marks kept, Thai digits as Arabic, Latin lower-cased) and whitespace is ignored.

Documents are split into newmm tokens by ``cdd_thai.tokenize.segment`` (the tokeniser and domain
dictionary tagging uses). Documents are numbered by arrival: an index built from nothing numbers
them by date, oldest first; after that a document keeps its id for as long as it exists and a new
one (whatever its date) takes the next id, so an added, edited or back-dated article changes only
the postings of its own terms. A deleted article leaves a hole (its id is never given to another
article: a browser still holding the previous meta.json or postings finds no document file
rather than the wrong article); holes and out-of-date-order ids are cleared when the index is
numbered again (``IndexBuilder.fragmented``). The files (all under ``search/idx/``):

- ``meta.json``: ``n`` (the id space: holes included), ``docs`` (live documents), ``order`` (the
  live ids in date order, oldest first, as runs of consecutive ids: ``[first id, count, ...]``,
  ``[0, n]`` when ids follow the date; a document's position in it is its date rank), years as
  ``[year, first rank, last rank]``, provinces and missions as [slug, name], the articles of
  each, the facet row size, the Buddhist-Era offset, the page URL patterns, the gram filter, the
  pair bucket count.
- ``facets.bin.gz``: a row of ``facet_row`` bytes an id: province index (255: none, and holes),
  then the missions as a bit mask of ``facet_row - 1`` bytes (little-endian; as many bytes as the
  taxonomy needs); then 4 bytes (24-bit document id, province index) for each further province.
- ``names.json.gz``: what a query naming a province or mission means (names.py).
- ``g/KEY.json.gz``: the vocabulary by character pair: every term containing the pair (``KEY`` is the
  pair's code points in hex), plus ``5e``+c (terms starting with c), c+``24`` (terms ending
  with c) and ``23``+c (the one-character term c). Entries ``[term, term id, term shard]``.
- ``t/N.json.gz``: term postings ``{id: [docs, title docs, [successor term ids], docs where
  it is only in the metadata]}``; term ``id`` is in file ``id % shards`` (a power of two).
- ``p/N.json.gz``: postings of runs of 2 and 3 adjacent tokens ``{"a,b": [docs, title docs,
  metadata-only docs], "a,b,c": [...]}``, bucket by a hash of the ids.
- ``d/ID.json.gz``: one document: title, URL, date, provinces, missions, text (for the excerpt).

Every file but ``meta.json`` is gzipped (``.gz``; Thai text shrinks ~4x): the browser inflates
it with ``DecompressionStream``, so the bytes downloaded do not depend on the web server's
compression. Postings are base64 of either a delta-varint list (type 0) or a bitmap over all documents
(type 1), whichever is shorter.
"""
from __future__ import annotations

import base64
import binascii
import bisect
import datetime as dt
import gzip
import json
import math
import os
import re
import threading
import zlib
from array import array
from dataclasses import dataclass, field
from pathlib import Path

from cdd_thai.text import atomic_write, compose_thai

FORMAT_VERSION = 4  # 2: documents numbered oldest first, terms sharded by id; 3: slugs, facet rows;
# 4: documents numbered by arrival, date order in meta.json (order runs, years by rank)
BLOOM_BITS_PER_KEY = 12  # two hashes: ~2-4% of absent pairs cost a 404
TERM_SHARD_BYTES = 2048
GZIP_LEVEL = 6  # part of made_by (meta.json): files are compared uncompressed
# runs per p/ file at least (8-16 with the power of two): fewer files vs bytes per lookup. 8 gave
# 16,384 files of ~400 bytes at 10,000 synthetic articles, over half the index's files; 16 halves
# them (~800 bytes each; a query reads a few: scripts/bench_search.py before and after)
PAIR_SHARD_TARGET = 16
NO_PROVINCE = 255
FORK_DOCS = 1000  # d/ files from which a write puts them in a process of their own (_write_docs_aside)
MAX_CHAINS = 256  # token chains followed per query word (query.py; the browser reads meta.json)
BE_OFFSET = 543  # default; the plugin passes cdd_thai.dates.BE_OFFSET (the browser reads meta.json)
PAGE_URLS = {"province": "province/{slug}/", "mission": "mission/{slug}/"}
_WS = re.compile(r"\s+")
_NON_BMP = re.compile("[\U00010000-\U0010FFFF]")


@dataclass
class Doc:
    """One article as the index sees it (plain text, no HTML)."""

    title: str
    url: str
    date: dt.date
    body: str
    provinces: list[str] = field(default_factory=list)
    missions: list[str] = field(default_factory=list)  # slugs
    meta_texts: list[str] = field(default_factory=list)  # province/mission names, dates
    date_label: str = ""  # the date as shown: "22 สิงหาคม 2562"


def prepare(text: str, normalize) -> str:
    """The normalised form the index and queries share (astral characters dropped: the browser
    counts them as two characters)."""
    return normalize(_NON_BMP.sub(" ", text or ""))


def display_text(text: str) -> str:
    """Text as stored for excerpts: NFC with sara am composed, so the browser's per-character
    normalisation keeps positions (it only maps digits and letter case)."""
    return compose_thai(_NON_BMP.sub(" ", text or ""))


def tokens_of(text: str, normalize, segment, memo: dict | None = None) -> list[str]:
    """The tokens of a text, whitespace dropped: their concatenation is the text without
    whitespace, so a substring of that is a run of (parts of) consecutive tokens.

    Each whitespace-separated chunk is segmented on its own and memoised (Thai separates phrases
    with spaces; news text repeats phrases, names and boilerplate), which makes tokenising ~10x
    faster. newmm gives the same tokens except for dictionary entries that contain a space
    ("ต่าง ๆ"), which come out as two tokens; matching is by substring, so results are the same.
    """
    out: list[str] = []
    for chunk in prepare(text, normalize).split():
        toks = memo.get(chunk) if memo is not None else None
        if toks is None:
            toks = [t for t in (_WS.sub("", tok) for tok in segment(chunk)) if t]
            if memo is not None:
                memo[chunk] = toks
        out.extend(toks)
    return out


def doc_fields(doc: Doc) -> list[str]:
    """The streams of a document, title first; a match never spans two streams."""
    return [doc.title, doc.body, *doc.meta_texts]


# ---------------------------------------------------------------------------------------------
# Postings encoding (mirrored by decodePosting in theme/static/js/search-core.js; tests/js/ checks both).

def _varint(n: int, out: bytearray) -> None:
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)


def encode_posting(ids: list[int], n_docs: int = 0) -> str:
    """Sorted document ids as base64: type byte, then varint deltas or a bitmap."""
    if not ids:
        return ""
    bitmap_len = (ids[-1] >> 3) + 1
    if len(ids) >= bitmap_len:  # every delta takes at least a byte: the bitmap is smaller
        bitmap = bytearray(bitmap_len + 1)
        bitmap[0] = 1
        for i in ids:
            bitmap[1 + (i >> 3)] |= 1 << (i & 7)
        return binascii.b2a_base64(bitmap, newline=False).decode("ascii")
    deltas = [ids[0], *(b - a - 1 for a, b in zip(ids, ids[1:]))]
    if max(deltas) < 0x80:
        data = b"\0" + bytes(deltas)
    else:
        out = bytearray([0])
        for d in deltas:
            _varint(d, out)
        data = bytes(out)
    if len(data) > bitmap_len + 1:
        bitmap = bytearray(bitmap_len + 1)
        bitmap[0] = 1
        for i in ids:
            bitmap[1 + (i >> 3)] |= 1 << (i & 7)
        data = bytes(bitmap)
    return binascii.b2a_base64(data, newline=False).decode("ascii")


def _memo_encoder():
    """encode_posting remembering its answers for one write: most runs are in one or a few
    documents, and the runs of a passage share them (~1 in 9 distinct at 1,000 articles)."""
    known: dict[bytes, str] = {}

    def encode(ids) -> str:
        if not ids:
            return ""
        key = ids.tobytes()
        text = known.get(key)
        if text is None:
            text = known[key] = encode_posting(ids)
        return text

    return encode


def decode_posting(text: str) -> list[int]:
    data = base64.b64decode(text)
    if not data:
        return []
    ids = []
    if data[0] == 1:
        for byte_no, byte in enumerate(data[1:]):
            for bit in range(8):
                if byte >> bit & 1:
                    ids.append(byte_no * 8 + bit)
        return ids
    prev, shift, value = -1, 0, 0
    for byte in data[1:]:
        value |= (byte & 0x7F) << shift
        if byte & 0x80:
            shift += 7
            continue
        prev = prev + value + 1
        ids.append(prev)
        shift = value = 0
    return ids


# ---------------------------------------------------------------------------------------------
# Hashes shared with the browser (32-bit, code points).

def remove_leftovers(out_dir: Path) -> int:
    """Remove the ``.tmp`` files a killed build left in the index folder; returns the count."""
    count = 0
    for folder in (out_dir, *(out_dir / sub for sub in ("g", "t", "p", "d"))):
        try:
            entries = list(os.scandir(folder))
        except FileNotFoundError:
            continue
        for entry in entries:
            if entry.name.endswith(".tmp") and entry.is_file(follow_symlinks=False):
                os.unlink(entry.path)
                count += 1
    return count


def _write_fd(fd: int, raw: bytes) -> None:
    """All of raw to a new file's descriptor, then closed (os.write: no buffered file object for
    each of the ~20,000 files, ~30% less CPU per file than os.fdopen)."""
    try:
        view = memoryview(raw)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


def write_index_file(path: Path, raw: bytes) -> None:
    """One index file: created in place when there is none (a fresh folder: nothing reads it, and
    meta.json, written last, is absent until the index is complete), otherwise through
    ``.NAME.tmp`` renamed over it (a reader sees the old file or the new one; a hard link to the
    previous build's file is replaced, never written through). No fsync: a build can always write
    the index again. Much cheaper than atomic_write's mkstemp for the ~20,000 files at 10,000 articles."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # the mode open() gives
    except FileExistsError:
        tmp = path.with_name(f".{path.name}.tmp")
        try:
            _write_fd(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666), raw)
            os.replace(tmp, path)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
        return
    try:
        _write_fd(fd, raw)
    except BaseException:
        try:
            os.unlink(path)
        except OSError:
            pass
        raise


def fnv1a(text: str, seed: int = 0x811C9DC5) -> int:
    h = seed
    for ch in text:
        h ^= ord(ch)
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


def bloom_positions(key: str, bits: int) -> tuple[int, int]:
    return fnv1a(key) % bits, fnv1a(key, 0x01000193) % bits


def run_bucket(ids, buckets: int) -> int:
    """The p/ file of a run of 2 or 3 consecutive term ids."""
    h = 0x811C9DC5
    for i in ids:
        h = ((h ^ i) * 0x01000193) & 0xFFFFFFFF
    h = (h * 0x85EBCA6B) & 0xFFFFFFFF
    return (h ^ (h >> 15)) % buckets


def gram_keys(term: str) -> set[str]:
    """The vocabulary files a term is listed in."""
    keys = {term[i:i + 2] for i in range(len(term) - 1)}
    keys.add("^" + term[0])
    keys.add(term[-1] + "$")
    if len(term) == 1:  # one-character tokens (ฯ ๆ - / digits) in the middle of a chain
        keys.add("#" + term)
    return keys


def gram_file(key: str) -> str:
    return "".join(f"{ord(ch):04x}" if ch not in "^$#" else f"{ord(ch):02x}" for ch in key)


def facet_row(provinces: list, missions: list) -> int:
    """Bytes of a document's facet row: one for the province, then as many as the mission mask
    needs (a 17th mission makes it two bytes and a 25th three, never a silently dropped bit)."""
    if len(provinces) >= NO_PROVINCE:
        raise ValueError(f"thai_search: {len(provinces)} จังหวัด เกินที่ดัชนีรองรับ ({NO_PROVINCE - 1}) / "
                         f"{len(provinces)} provinces: the facet byte holds at most {NO_PROVINCE - 1}")
    return 1 + max(1, math.ceil(len(missions) / 8))


def index_order(doc: Doc) -> tuple:
    """The date order of documents (oldest first; the URL breaks ties): a fresh index numbers
    documents in it, and results are sorted by it (a document's date rank)."""
    return (doc.date.toordinal(), doc.url)


def order_runs(keyed) -> list[int]:
    """The ids of ``keyed`` ((date order key, id) pairs) in date order, as runs of consecutive
    ids ``[first id, count, first id, count, ...]`` (meta.json ``order``)."""
    runs: list[int] = []
    for _key, doc_id in sorted(keyed):
        if runs and runs[-2] + runs[-1] == doc_id:
            runs[-1] += 1
        else:
            runs += [doc_id, 1]
    return runs


# When to number the documents again (a fresh index: ids in date order, no holes): holes and runs
# cost every query (bitsets over the id space, ``order`` in meta.json), numbering again costs one
# build the time of a full index (~all of its files written).
MAX_HOLES = (64, 16)  # more holes than the larger of 64 and a 16th of the ids
MAX_ORDER_RUNS = 256  # a run is ~12 bytes of meta.json


def fragmented(n_ids: int, n_live: int, runs: list[int]) -> bool:
    """Whether an index of ``n_ids`` ids, ``n_live`` of them documents, ordered by ``runs``,
    should be numbered again."""
    return n_ids - n_live > max(MAX_HOLES[0], n_ids // MAX_HOLES[1]) or len(runs) // 2 > MAX_ORDER_RUNS


def _insert(posting, doc_id: int) -> None:
    if not posting or posting[-1] < doc_id:
        posting.append(doc_id)
    else:
        bisect.insort(posting, doc_id)


def _drop(posting, doc_id: int) -> None:
    at = bisect.bisect_left(posting, doc_id)
    if at < len(posting) and posting[at] == doc_id:
        del posting[at]


def _pack_postings(postings: list) -> tuple:
    lengths, flat = array("i"), array("i")
    for posting in postings:
        lengths.append(len(posting))
        flat.extend(posting)
    return lengths, flat


def _unpack_postings(packed: tuple) -> list:
    lengths, flat = packed
    out, at = [], 0
    for length in lengths:
        out.append(flat[at:at + length])
        at += length
    return out


def _pack_runs(table: dict, width: int) -> tuple:
    """A run table ({run: (docs, title docs, metadata-only docs)}) as three flat arrays."""
    keys, lengths, flat = array("i"), array("i"), array("i")
    for run, entry in table.items():
        keys.extend(run)
        for posting in entry:
            lengths.append(len(posting))
            flat.extend(posting)
    return width, keys, lengths, flat


def _unpack_runs(packed: tuple, width: int) -> dict:
    _width, keys, lengths, flat = packed
    table = {}
    at = 0
    counts = iter(lengths)
    for run in zip(*[iter(keys)] * width):
        a, b, c = next(counts), next(counts), next(counts)
        table[run] = (flat[at:at + a], flat[at + a:at + a + b], flat[at + a + b:at + a + b + c])
        at += a + b + c
    return table


# ---------------------------------------------------------------------------------------------

class IndexBuilder:
    """Accumulates documents and writes the index files.

    Document ids follow arrival (``add`` without an id gives the next one; a fresh index is given
    its documents oldest first), term ids the order in which terms first occur; an id never
    changes while its document or term exists. ``remove`` takes a document out (its id becomes
    a hole), ``add(doc, streams, doc_id)`` puts an edited one back under its id. Files are laid
    out by id, not by size: term ``t`` is in ``t/{t % shards}``, run ``r`` in
    ``p/{run_bucket(r, buckets)}``, and the two counts are powers of two of the index's size.
    While they stay the same, a builder kept from the last build (pickled: no article text is
    kept) given the changes rewrites only the files they touch (``write(..., only_changed=True)``):
    the postings of the changed documents' terms and runs, their d/ files, the facets and
    meta.json. The index then answers every query as a fresh build of the same documents does
    (same documents, same order: tests/test_search_index.py checks it); its bytes differ where
    ids do.
    """

    def __init__(self):
        self.facts: list[tuple[dt.date, list[str], list[str]] | None] = []  # date, provinces, missions
        self.sort_keys: list[tuple | None] = []  # index_order of each id (None: a hole)
        self.docs: dict[int, Doc] = {}  # the documents added since the last write (d/ files)
        self.term_ids: dict[str, int] = {}
        self.terms: list[str] = []
        self.post_all: list[list[int]] = []
        self.post_title: list[list[int]] = []
        self.post_meta: list[list[int]] = []  # documents where the term is only in the metadata
        self.successors: list[set[int]] = []
        self.pairs: dict[tuple[int, int], tuple[list[int], list[int], list[int]]] = {}
        self.triples: dict[tuple[int, int, int], tuple[list[int], list[int], list[int]]] = {}
        self.grams: dict[str, list[int]] = {}  # vocabulary file key -> term ids, ascending
        self.entry_sizes: list[int] = []  # t/ entry sizes as last written (they set the shard count)
        self.layout: tuple[int, int] | None = None  # (term shards, run buckets) of the last write
        self.bucket_runs: dict[int, tuple[list, list]] = {}  # run bucket -> (pairs, triples)
        # terms found in no document now (every article holding them was taken out): out of the
        # vocabulary and the t/ files, so a withdrawn article's words are in no output file
        self.dead_terms: set[int] = set()
        self._forget_changes()

    def _forget_changes(self) -> None:
        self.docs = {}
        self.removed: set[int] = set()  # ids taken out since the last write (their d/ files go)
        self.changed_grams: set[str] = set()  # vocabulary files a term left or came back to
        self.changed_terms: set[int] = set()
        self.first_new_term = len(self.terms)
        self.new_runs: tuple[list, list] = ([], [])  # pairs, triples first seen since
        self.changed_runs: set[tuple] = set()

    # The kept builder is pickled after every build and loaded by the next one: its ~77,000 runs
    # (10,000 articles) and their 230,000 posting arrays go as a few flat arrays, which pickle
    # as bytes, instead of one object each.
    _RUN_TABLES = (("pairs", 2), ("triples", 3))
    _POSTINGS = ("post_all", "post_title", "post_meta")

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state.pop("_grams_cache", None)
        state["docs"] = {}
        for name, width in self._RUN_TABLES:
            state[name] = _pack_runs(state[name], width)
        for name in self._POSTINGS:
            state[name] = _pack_postings(state[name])
        return state

    def __setstate__(self, state: dict) -> None:
        for name, width in self._RUN_TABLES:
            state[name] = _unpack_runs(state[name], width)
        for name in self._POSTINGS:
            state[name] = _unpack_postings(state[name])
        self.__dict__.update(state)

    @property
    def n(self) -> int:
        """The id space: the next new document's id."""
        return len(self.facts)

    @property
    def live(self) -> int:
        return sum(1 for fact in self.facts if fact is not None)

    def _term(self, token: str) -> int:
        tid = self.term_ids.get(token)
        if tid is None:
            tid = self.term_ids[token] = len(self.terms)
            self.terms.append(token)
            self.post_all.append(array("i"))  # arrays: a kept builder loads ~4x faster
            self.post_title.append(array("i"))
            self.post_meta.append(array("i"))
            self.successors.append(set())
            for key in gram_keys(token):
                self.grams.setdefault(key, []).append(tid)
        return tid

    def _found(self, streams: list[list[str]]):
        """Per kind of stream (0 title, 1 body, 2 metadata), the sets of term ids, pairs and
        triples, and for every kind of run: all of them, those in the title, those only in
        the metadata."""
        term = self._term
        known = self.term_ids
        found = [(set(), set(), set()) for _ in range(3)]
        for stream_no, tokens in enumerate(streams):
            try:
                ids = [known[t] for t in tokens]
            except KeyError:  # a term not seen before (rare after the first documents)
                ids = [known[t] if t in known else term(t) for t in tokens]
            terms, pairs, triples = found[min(stream_no, 2)]
            terms.update(ids)
            pairs.update(zip(ids, ids[1:]))
            triples.update(zip(ids, ids[1:], ids[2:]))
        text = [found[0][k] | found[1][k] for k in range(3)]
        every = [text[k] | found[2][k] for k in range(3)]
        meta_only = [found[2][k] - text[k] for k in range(3)]
        return every, [found[0][k] for k in range(3)], meta_only

    def add(self, doc: Doc, streams: list[list[str]], doc_id: int | None = None) -> int:
        """Add a document with its token streams (title, body, then metadata) under the next id,
        or under ``doc_id`` (an edited document put back: ``remove`` it first); returns its id."""
        if doc_id is None:
            doc_id = len(self.facts)
            self.facts.append(None)
            self.sort_keys.append(None)
            put = array.append  # the largest id: appended to every posting
        elif self.facts[doc_id] is not None:
            raise ValueError(f"thai_search: document {doc_id} is in the index: remove it first")
        else:
            put = _insert
        self.facts[doc_id] = (doc.date, list(doc.provinces), list(doc.missions))
        self.sort_keys[doc_id] = index_order(doc)
        self.docs[doc_id] = doc
        self.removed.discard(doc_id)
        every, title, meta_only = self._found(streams)
        if self.dead_terms and not self.dead_terms.isdisjoint(every[0]):
            self._revive(self.dead_terms & every[0])
        for tid in every[0]:
            put(self.post_all[tid], doc_id)
        for tid in title[0]:
            put(self.post_title[tid], doc_id)
        for tid in meta_only[0]:
            put(self.post_meta[tid], doc_id)
        # what changed matters once the index was written (an unwritten builder writes it all):
        # not tracking it saves a tenth of a fresh index's CPU (10 million set insertions at
        # 10,000 articles)
        tracking = self.layout is not None
        if tracking:
            self.changed_terms.update(every[0])
        self._add_runs(doc_id, every, title, meta_only, put, tracking)
        return doc_id

    def _add_runs(self, doc_id: int, every, title, meta_only, put, tracking: bool) -> None:
        """The pairs and triples of a document being added (``add``)."""
        for k, table in ((1, self.pairs), (2, self.triples)):
            new_runs = self.new_runs[k - 1]
            for run in every[k]:
                entry = table.get(run)
                if entry is None:
                    entry = table[run] = (array("i"), array("i"), array("i"))
                    if tracking:
                        new_runs.append(run)
                    if k == 1:
                        self.successors[run[0]].add(run[1])
                put(entry[0], doc_id)
            for run in title[k]:
                put(table[run][1], doc_id)
            for run in meta_only[k]:
                put(table[run][2], doc_id)
            if tracking:
                self.changed_runs.update(every[k])

    def remove(self, doc_id: int, streams: list[list[str]]) -> None:
        """Take document ``doc_id``, added with these streams, out: its id becomes a hole. A run
        found in no other document is dropped (with the successor it gave its first term), so
        queries follow the chains a fresh index has; a term found nowhere keeps its id and
        vocabulary entries with empty postings (it matches nothing)."""
        if self.facts[doc_id] is None:
            raise ValueError(f"thai_search: document {doc_id} is not in the index")
        every, title, meta_only = self._found(streams)
        for tid in every[0]:
            _drop(self.post_all[tid], doc_id)
            _drop(self.post_title[tid], doc_id)
            _drop(self.post_meta[tid], doc_id)
        self.changed_terms.update(every[0])
        for tid in every[0]:
            if not self.post_all[tid]:
                self._bury(tid)
        buckets = self.layout[1] if self.layout else 0
        for k, table in ((1, self.pairs), (2, self.triples)):
            for run in every[k]:
                entry = table[run]
                for posting in entry:
                    _drop(posting, doc_id)
                if entry[0]:
                    continue
                del table[run]
                if k == 1:
                    self.successors[run[0]].discard(run[1])
                listed = self.bucket_runs.get(run_bucket(run, buckets)) if buckets else None
                if listed and run in listed[k - 1]:
                    listed[k - 1].remove(run)
            self.changed_runs.update(every[k])
        self.facts[doc_id] = self.sort_keys[doc_id] = None
        self.docs.pop(doc_id, None)
        self.removed.add(doc_id)

    def _bury(self, tid: int) -> None:
        self.dead_terms.add(tid)
        for key in gram_keys(self.terms[tid]):
            listed = self.grams[key]
            listed.remove(tid)
            if not listed:
                del self.grams[key]
            self.changed_grams.add(key)

    def _revive(self, tids: set[int]) -> None:
        for tid in tids:
            self.dead_terms.discard(tid)
            for key in gram_keys(self.terms[tid]):
                bisect.insort(self.grams.setdefault(key, []), tid)
                self.changed_grams.add(key)

    def order(self) -> list[int]:
        """meta.json ``order``: the live ids in date order, as runs."""
        return order_runs((key, doc_id) for doc_id, key in enumerate(self.sort_keys) if key is not None)

    # -- output -----------------------------------------------------------------------------

    def write(self, out_dir: Path, provinces: list, missions: list[tuple[str, str]],
              source: str = "", only_changed: bool = False, made_by: str = "",
              compare: bool = False, names: dict | None = None, be_offset: int = BE_OFFSET,
              urls: dict | None = None) -> dict:
        """Write the index files under out_dir; returns {"files": written, "kept": unchanged,
        "bytes": written, "partial": bool}.

        With only_changed (the files on disk are this builder's last write), only the files
        that the changes since then touch are written, unless the layout changed.
        With compare (the files on disk were made by the same code: ``made_by``), a file whose
        content is already there is left alone."""
        out_dir = Path(out_dir)
        # provinces as (slug, name); a bare name is its own slug
        provinces = [(p, p) if isinstance(p, str) else tuple(p) for p in provinces]
        self.be_offset, self.urls = be_offset, dict(urls or PAGE_URLS)
        facet_row(provinces, missions)  # fails before anything is written
        for sub in ("g", "t", "p", "d"):
            (out_dir / sub).mkdir(parents=True, exist_ok=True)
        remove_leftovers(out_dir)
        try:  # the index is about to change: without meta.json it is not taken for complete
            os.unlink(out_dir / "meta.json")
        except FileNotFoundError:
            pass
        stats = {"files": 0, "bytes": 0, "kept": 0}
        written: set[str] = set()

        def put(rel: str, data) -> None:
            """Write one file unless it already holds these bytes: reading a file costs ~1/20 of
            rewriting it (ext4 mounted with discard frees the old blocks on truncation)."""
            raw = data if isinstance(data, bytes) else json.dumps(
                data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
            name = rel if rel == "meta.json" else rel + ".gz"  # the browser inflates .gz itself
            path = out_dir / name
            written.add(name)
            try:
                if not compare:
                    raise FileNotFoundError
                old = path.read_bytes()
                same = (old if name == "meta.json" else gzip.decompress(old)) == raw
            except (OSError, EOFError, zlib.error):
                same = False
            if same:
                stats["kept"] += 1
                return
            if name != "meta.json":
                raw = gzip.compress(raw, compresslevel=GZIP_LEVEL, mtime=0)
            if name == "meta.json":
                atomic_write(path, raw, durable=False)
            else:
                write_index_file(path, raw)
            stats["files"] += 1
            stats["bytes"] += len(raw)

        partial = only_changed and self.layout is not None
        entries = self._term_entries(self.changed_terms if partial else range(len(self.terms)))
        layout = (self.term_shards(), self.pair_buckets())
        if partial and layout != self.layout:
            partial = False
            entries.update(self._term_entries(t for t in range(len(self.terms)) if t not in entries))
        shards, buckets = layout
        docs_written = self._write_docs_aside(put, stats)
        try:
            self._write_terms(put, entries, shards, partial)
            self._write_grams(put, shards, partial)
            self._write_pairs(put, buckets, partial)
        except BaseException:
            docs_written(check=False)  # the other process is waited for, this error is the one told
            raise
        docs_written()
        put("facets.bin", self.facets(provinces, missions))
        if names is not None:
            put("names.json", names)
        put("meta.json", {**self.meta(provinces, missions, buckets), "source": source, "made_by": made_by})
        if partial:
            gone = [f"d/{doc_id}.json.gz" for doc_id in self.removed]
            gone += [f"g/{gram_file(key)}.json.gz" for key in self.changed_grams if key not in self.grams]
            for rel in gone:
                try:
                    os.unlink(out_dir / rel)
                except FileNotFoundError:
                    pass
        else:
            self._remove_stale(out_dir, written, {i for i, fact in enumerate(self.facts) if fact is not None})
        self.layout = layout
        self._forget_changes()
        stats["partial"] = partial
        return stats

    def _term_entries(self, tids) -> dict[int, list]:
        entries = {}
        sizes = self.entry_sizes
        sizes.extend([0] * (len(self.terms) - len(sizes)))
        for tid in tids:
            if tid in self.dead_terms:
                sizes[tid] = 0
                continue
            entry = entries[tid] = [encode_posting(self.post_all[tid]), encode_posting(self.post_title[tid]),
                                    sorted(self.successors[tid]), encode_posting(self.post_meta[tid])]
            sizes[tid] = len(entry[0]) + len(entry[1]) + 6 * len(entry[2]) + len(entry[3]) + 12
        return entries

    def term_shards(self) -> int:
        """t/ files: a power of two, about TERM_SHARD_BYTES of entries each on average."""
        return 1 << max(0, math.ceil(math.log2(max(1, sum(self.entry_sizes) / TERM_SHARD_BYTES))))

    def _write_terms(self, put, entries: dict[int, list], shards: int, partial: bool) -> None:
        wanted = (sorted({tid % shards for tid in (*entries, *self.dead_terms & self.changed_terms)}) if partial
                  else range(min(shards, len(self.terms))))
        for shard in wanted:
            tids = range(shard, len(self.terms), shards)
            missing = [t for t in tids if t not in entries and t not in self.dead_terms]
            if missing:
                entries.update(self._term_entries(missing))
            put(f"t/{shard}.json", {str(tid): entries[tid] for tid in tids if tid not in self.dead_terms})

    def gram_lists(self, shards: int = 0) -> dict[str, list]:
        return {key: [[self.terms[t], t, t % shards if shards else 0] for t in tids]
                for key, tids in self.grams.items()}

    def _write_grams(self, put, shards: int, partial: bool) -> None:
        if partial:
            keys = set(self.changed_grams)
            for tid in range(self.first_new_term, len(self.terms)):
                keys |= gram_keys(self.terms[tid])
            keys &= set(self.grams)  # a file whose every term left is removed (write())
        else:
            keys = self.grams
        terms = self.terms
        for key in keys:
            put(f"g/{gram_file(key)}.json", [[terms[t], t, t % shards] for t in self.grams[key]])

    def pair_buckets(self) -> int:
        runs = len(self.pairs) + len(self.triples)
        return 1 << max(4, math.ceil(math.log2(max(1, runs / PAIR_SHARD_TARGET))))

    def _write_pairs(self, put, buckets: int, partial: bool) -> None:
        if partial:
            for k, table in enumerate((self.pairs, self.triples)):
                for run in dict.fromkeys(self.new_runs[k]):  # a run taken out since is not listed
                    if run in table:
                        self.bucket_runs.setdefault(run_bucket(run, buckets), ([], []))[k].append(run)
            wanted = {run_bucket(run, buckets) for run in self.changed_runs}
        else:
            self.bucket_runs = {}
            for k, table in enumerate((self.pairs, self.triples)):
                for run in table:
                    self.bucket_runs.setdefault(run_bucket(run, buckets), ([], []))[k].append(run)
            wanted = self.bucket_runs
        encode = _memo_encoder()
        for bucket in wanted:
            pairs, triples = self.bucket_runs.get(bucket, ((), ()))
            data = {}
            for table, runs in ((self.pairs, pairs), (self.triples, triples)):
                for run in runs:
                    docs, title, meta_only = table[run]
                    data[",".join(map(str, run))] = [encode(docs), encode(title), encode(meta_only)]
            put(f"p/{bucket}.json", data)

    def _write_docs_aside(self, put, stats: dict):
        """Write the d/ files, in a forked process when there are many and this process has one
        thread (the index's own process: forking a threaded one could copy a held lock), while
        this one writes the postings: the last seconds of a full build then use both cores (the
        d/ files are a fifth of a fresh index's CPU at 10,000 articles). Returns what waits for
        it (and fails if it failed), before meta.json is written."""
        if len(self.docs) < FORK_DOCS or not hasattr(os, "fork") or threading.active_count() > 1:
            self._write_docs(put)
            return lambda check=True: None
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: its figures through the pipe, then out without Python's exit
            code = 1
            try:
                os.close(read)
                before = dict(stats)
                self._write_docs(put)
                os.write(write, json.dumps({k: stats[k] - before[k] for k in ("files", "bytes", "kept")}).encode())
                code = 0
            except BaseException:
                import traceback

                traceback.print_exc()
            finally:
                os._exit(code)
        os.close(write)

        def wait(check: bool = True) -> None:
            with os.fdopen(read, "rb") as handle:
                data = handle.read()
            _pid, status = os.waitpid(pid, 0)
            if not check:
                return
            if status or not data:
                raise RuntimeError("thai_search: เขียนไฟล์ข่าวของดัชนีค้นหาไม่สำเร็จ / writing the search index's "
                                   f"document files failed (status {status})")
            for key, value in json.loads(data).items():
                stats[key] += value

        return wait

    def _write_docs(self, put) -> None:
        for doc_id, doc in self.docs.items():
            put(f"d/{doc_id}.json", {
                "t": display_text(doc.title), "u": doc.url, "d": doc.date.isoformat(),
                "dt": doc.date_label, "p": doc.provinces, "m": doc.missions,
                "x": display_text(doc.body),
            })

    def facets(self, provinces: list[tuple[str, str]], missions: list[tuple[str, str]]) -> bytes:
        """A row a document (first province, mission bit mask: ``facet_row`` bytes), then 4-byte
        records (24-bit document id, province) for each further province of a document."""
        row = facet_row(provinces, missions)
        p_index = {name: i for i, (_slug, name) in enumerate(provinces)}
        m_index = {slug: i for i, (slug, _name) in enumerate(missions)}
        out = bytearray()
        extra = bytearray()
        for doc_id, fact in enumerate(self.facts):
            if fact is None:  # a hole: no province, no mission
                out.append(NO_PROVINCE)
                out += bytes(row - 1)
                continue
            _date, doc_provinces, doc_missions = fact
            found = [p_index[p] for p in doc_provinces if p in p_index]
            mask = 0
            for slug in doc_missions:
                if slug in m_index:
                    mask |= 1 << m_index[slug]
            out.append(found[0] if found else NO_PROVINCE)
            out += mask.to_bytes(row - 1, "little")
            for province in found[1:]:
                extra += doc_id.to_bytes(3, "little") + bytes((province,))
        return bytes(out + extra)

    def meta(self, provinces: list[tuple[str, str]], missions: list[tuple[str, str]], buckets: int) -> dict:
        runs = self.order()
        years: list[list[int]] = []  # [year, first rank, last rank], oldest first like the ranks
        rank = 0
        for start, count in zip(runs[::2], runs[1::2]):
            for doc_id in range(start, start + count):
                year = self.facts[doc_id][0].year
                if years and years[-1][0] == year:
                    years[-1][2] = rank
                else:
                    years.append([year, rank, rank])
                rank += 1
        bits = max(1024, 1 << math.ceil(math.log2(max(1, len(self.grams)) * BLOOM_BITS_PER_KEY)))
        bloom = bytearray(bits // 8)
        for key in self.grams:
            for pos in bloom_positions(key, bits):
                bloom[pos >> 3] |= 1 << (pos & 7)
        # articles per province and mission: the filters of an empty search page need no facets
        per_province, per_mission = [0] * len(provinces), [0] * len(missions)
        p_index = {name: i for i, (_slug, name) in enumerate(provinces)}
        m_index = {slug: i for i, (slug, _name) in enumerate(missions)}
        for _date, doc_provinces, doc_missions in filter(None, self.facts):
            for i in {p_index[p] for p in doc_provinces if p in p_index}:
                per_province[i] += 1
            for i in {m_index[m] for m in doc_missions if m in m_index}:
                per_mission[i] += 1
        return {
            "v": FORMAT_VERSION, "n": self.n, "docs": rank, "order": runs, "years": years,
            "be_offset": self.be_offset,
            "provinces": [list(p) for p in provinces], "missions": [list(m) for m in missions],
            "counts": {"province": per_province, "mission": per_mission},
            "facet_row": facet_row(provinces, missions), "urls": self.urls,
            "pair_buckets": buckets, "max_chains": MAX_CHAINS,
            "bloom_bits": bits, "bloom": base64.b64encode(bytes(bloom)).decode("ascii"),
        }

    @staticmethod
    def _remove_stale(out_dir: Path, written: set[str], live: set[int]) -> None:
        """Files of an earlier index that this one does not have (the document files of live
        ids are kept: a document keeps its id, and its file is written again when it changes)."""
        for sub in ("g", "t", "p", "d"):
            for path in (out_dir / sub).iterdir():
                if f"{sub}/{path.name}" in written:
                    continue
                stem = path.name.split(".")[0]
                if sub == "d" and path.name == f"{stem}.json.gz" and stem.isdigit() and int(stem) in live:
                    continue
                os.unlink(path)

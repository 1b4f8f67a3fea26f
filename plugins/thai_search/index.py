"""Build the sharded Thai search index from plain documents (no Pelican here).

The index answers one question exactly: "which documents contain this text?", where both the
query and the documents are normalised with ``cdd_thai.tokenize.normalize_text`` (Thai vowels and
tone marks kept, Thai digits as Arabic, Latin lower-cased) and whitespace is ignored.

Documents are split into newmm tokens by ``cdd_thai.tokenize.segment`` (the tokeniser and domain
dictionary tagging uses). The files (all under ``search/idx/``):

- ``meta.json``: document count, years (documents are numbered newest first, so a year is an id
  range), province and mission names, the gram filter, the pair bucket count.
- ``facets.bin.gz``: 3 bytes a document: province index (255: none), missions as a 16-bit mask;
  then 4 bytes (24-bit document id, province index) for each further province of a document.
- ``g/KEY.json.gz``: the vocabulary by character pair: every term containing the pair (``KEY`` is the
  pair's code points in hex), plus ``5e``+c (terms starting with c), c+``24`` (terms ending
  with c) and ``23``+c (the one-character term c). Entries ``[term, term id, term shard]``.
- ``t/N.json.gz``: term postings ``{id: [docs, title docs, [successor term ids], docs where
  it is only in the metadata]}``.
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
import datetime as dt
import gzip
import json
import math
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

FORMAT_VERSION = 1
BLOOM_BITS_PER_KEY = 12  # two hashes: ~2-4% of absent pairs cost a 404
TERM_SHARD_BYTES = 2048
PAIR_SHARD_TARGET = 8  # runs per p/ file on average: fewer files vs bytes per lookup (measured)
NO_PROVINCE = 255
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
    text = unicodedata.normalize("NFC", _NON_BMP.sub(" ", text or ""))
    return text.replace("\u0e4d\u0e32", "\u0e33")


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
# Postings encoding (mirrored by decodePosting in theme/static/js/search.js).

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
        return base64.b64encode(bitmap).decode("ascii")
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
    return base64.b64encode(data).decode("ascii")


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


# ---------------------------------------------------------------------------------------------

class IndexBuilder:
    """Accumulates documents (added newest first) and writes the index files."""

    def __init__(self):
        self.docs: list[Doc] = []
        self.term_ids: dict[str, int] = {}
        self.terms: list[str] = []
        self.post_all: list[list[int]] = []
        self.post_title: list[list[int]] = []
        self.post_meta: list[list[int]] = []  # documents where the term is only in the metadata
        self.successors: list[set[int]] = []
        self.pairs: dict[tuple[int, int], tuple[list[int], list[int], list[int]]] = {}
        self.triples: dict[tuple[int, int, int], tuple[list[int], list[int], list[int]]] = {}

    def _term(self, token: str) -> int:
        tid = self.term_ids.get(token)
        if tid is None:
            tid = self.term_ids[token] = len(self.terms)
            self.terms.append(token)
            self.post_all.append([])
            self.post_title.append([])
            self.post_meta.append([])
            self.successors.append(set())
        return tid

    def add(self, doc: Doc, streams: list[list[str]]) -> int:
        """Add a document with its token streams (title, body, then metadata); returns its id."""
        doc_id = len(self.docs)
        self.docs.append(doc)
        term = self._term
        known = self.term_ids
        # per kind of stream: 0 title, 1 body, 2 metadata (provinces, missions, dates)
        found = [(set(), set(), set()) for _ in range(3)]
        for stream_no, tokens in enumerate(streams):
            ids = [known.get(t) if t in known else term(t) for t in tokens]
            terms, pairs, triples = found[min(stream_no, 2)]
            terms.update(ids)
            pairs.update(zip(ids, ids[1:]))
            triples.update(zip(ids, ids[1:], ids[2:]))
        text = [found[0][k] | found[1][k] for k in range(3)]
        every = [text[k] | found[2][k] for k in range(3)]
        meta_only = [found[2][k] - text[k] for k in range(3)]
        for tid in every[0]:
            self.post_all[tid].append(doc_id)
        for tid in found[0][0]:
            self.post_title[tid].append(doc_id)
        for tid in meta_only[0]:
            self.post_meta[tid].append(doc_id)
        for k, table in ((1, self.pairs), (2, self.triples)):
            for run in every[k]:
                entry = table.get(run)
                if entry is None:
                    entry = table[run] = ([], [], [])
                    if k == 1:
                        self.successors[run[0]].add(run[1])
                entry[0].append(doc_id)
            for run in found[0][k]:
                table[run][1].append(doc_id)
            for run in meta_only[k]:
                table[run][2].append(doc_id)
        return doc_id

    # -- output -----------------------------------------------------------------------------

    def write(self, out_dir: Path, provinces: list[str], missions: list[tuple[str, str]],
              source: str = "") -> dict:
        """Write every index file under out_dir; returns {"files": n, "bytes": total}."""
        out_dir = Path(out_dir)
        for sub in ("g", "t", "p", "d"):
            (out_dir / sub).mkdir(parents=True, exist_ok=True)
        stats = {"files": 0, "bytes": 0}
        written: set[str] = set()

        def put(rel: str, data) -> None:
            raw = data if isinstance(data, bytes) else json.dumps(
                data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
            if rel != "meta.json":  # the browser inflates these with DecompressionStream
                raw = gzip.compress(raw, compresslevel=6, mtime=0)
                rel += ".gz"
            with open(out_dir / rel, "wb") as handle:
                handle.write(raw)
            written.add(rel)
            stats["files"] += 1
            stats["bytes"] += len(raw)

        n = len(self.docs)
        term_shard = self._write_terms(put, n)
        self._write_grams(put, term_shard)
        buckets = self._write_pairs(put, n)
        self._write_docs(put)
        put("facets.bin", self.facets(provinces, missions))
        put("meta.json", {**self.meta(provinces, missions, buckets), "source": source})
        self._remove_stale(out_dir, written)
        return stats

    def _write_terms(self, put, n: int) -> list[int]:
        shard_of = [0] * len(self.terms)
        shard: dict[str, list] = {}
        size = 0
        shard_no = 0
        for tid in range(len(self.terms)):
            entry = [encode_posting(self.post_all[tid], n), encode_posting(self.post_title[tid], n),
                     sorted(self.successors[tid]), encode_posting(self.post_meta[tid], n)]
            entry_size = len(entry[0]) + len(entry[1]) + 6 * len(entry[2]) + len(entry[3]) + 12
            if shard and size + entry_size > TERM_SHARD_BYTES:
                put(f"t/{shard_no}.json", shard)
                shard, size, shard_no = {}, 0, shard_no + 1
            shard[str(tid)] = entry
            size += entry_size
            shard_of[tid] = shard_no
        if shard:
            put(f"t/{shard_no}.json", shard)
        return shard_of

    def gram_lists(self, term_shard: list[int] | None = None) -> dict[str, list]:
        grams: dict[str, list] = {}
        for tid, term in enumerate(self.terms):
            for key in gram_keys(term):
                grams.setdefault(key, []).append(
                    [term, tid, term_shard[tid] if term_shard else 0])
        return grams

    def _write_grams(self, put, term_shard: list[int]) -> None:
        self._grams = self.gram_lists(term_shard)
        for key, entries in self._grams.items():
            put(f"g/{gram_file(key)}.json", entries)

    def pair_buckets(self) -> int:
        runs = len(self.pairs) + len(self.triples)
        return 1 << max(4, math.ceil(math.log2(max(1, runs / PAIR_SHARD_TARGET))))

    def _write_pairs(self, put, n: int) -> int:
        buckets = self.pair_buckets()
        files: dict[int, dict] = {}
        for table in (self.pairs, self.triples):
            for run, (docs, title, meta_only) in table.items():
                files.setdefault(run_bucket(run, buckets), {})[",".join(map(str, run))] = [
                    encode_posting(docs, n), encode_posting(title, n), encode_posting(meta_only, n)]
        for bucket, data in files.items():
            put(f"p/{bucket}.json", data)
        return buckets

    def _write_docs(self, put) -> None:
        for doc_id, doc in enumerate(self.docs):
            put(f"d/{doc_id}.json", {
                "t": display_text(doc.title), "u": doc.url, "d": doc.date.isoformat(),
                "dt": doc.date_label, "p": doc.provinces, "m": doc.missions,
                "x": display_text(doc.body),
            })

    def facets(self, provinces: list[str], missions: list[tuple[str, str]]) -> bytes:
        """3 bytes a document (first province, 16-bit mission mask), then 4-byte records
        (24-bit document id, province) for each further province of a document."""
        p_index = {name: i for i, name in enumerate(provinces)}
        m_index = {slug: i for i, (slug, _name) in enumerate(missions)}
        out = bytearray()
        extra = bytearray()
        for doc_id, doc in enumerate(self.docs):
            found = [p_index[p] for p in doc.provinces if p in p_index]
            mask = 0
            for slug in doc.missions:
                if slug in m_index:
                    mask |= 1 << m_index[slug]
            out += bytes((found[0] if found else NO_PROVINCE, mask & 0xFF, mask >> 8))
            for province in found[1:]:
                extra += doc_id.to_bytes(3, "little") + bytes((province,))
        return bytes(out + extra)

    def meta(self, provinces: list[str], missions: list[tuple[str, str]], buckets: int) -> dict:
        years: list[list[int]] = []
        for doc_id, doc in enumerate(self.docs):
            if years and years[-1][0] == doc.date.year:
                years[-1][2] = doc_id
            else:
                years.append([doc.date.year, doc_id, doc_id])
        keys = getattr(self, "_grams", None) or self.gram_lists()
        bits = max(1024, 1 << math.ceil(math.log2(max(1, len(keys)) * BLOOM_BITS_PER_KEY)))
        bloom = bytearray(bits // 8)
        for key in keys:
            for pos in bloom_positions(key, bits):
                bloom[pos >> 3] |= 1 << (pos & 7)
        return {
            "v": FORMAT_VERSION, "n": len(self.docs), "years": years,
            "provinces": provinces, "missions": [list(m) for m in missions],
            "pair_buckets": buckets,
            "bloom_bits": bits, "bloom": base64.b64encode(bytes(bloom)).decode("ascii"),
        }

    @staticmethod
    def _remove_stale(out_dir: Path, written: set[str]) -> None:
        for sub in ("g", "t", "p", "d"):
            for path in (out_dir / sub).iterdir():
                if f"{sub}/{path.name}" not in written:
                    os.unlink(path)

"""Thai full-text search index, written at build time for theme/static/js/search-core.js (the page: search.js).

What is indexed: each published article's title, body text (HTML stripped), provinces, mission
names and date (Thai long and short forms, ISO), tokenised with ``cdd_thai.tokenize.segment`` (newmm
with the department's dictionary: the tokeniser tagging uses) after ``normalize_text`` (Thai
vowels and tone marks kept, Thai digits as Arabic). Provinces and missions are read as the Thai
module reads them (``resolved``: โคราช is นครราชสีมา, ``Poverty`` is poverty), so the filters
(facets) agree with the province and mission pages; names.py writes what a query naming a province
or mission means (a link to its page), vectors.py the test vectors of the browser's core.

Matching strategy, chosen by measurement (scripts/bench_search.py; the note in the report):
a query must find the text however it is split, so the index is a *token* index queried as a
*substring* index. The browser does not segment the query at all. It looks the query up in the
vocabulary by character pair (``g/`` files: every term containing a pair), which yields
(a) terms that contain the whole query ("ยากจน" inside the token "ความยากจน") and
(b) chains of consecutive tokens that spell it ("โคก|หนอง|นา" for "โคก หนอง นา" or "โคกหนองนา"),
checked with postings of adjacent token pairs. Whitespace is ignored on both sides and vowels and
tone marks are kept, so "ขาว" never matches "ข่าว" and "กลม" never matches "กลุ่ม".
Measured against a brute-force substring scan of the seeds and of the development set, it
returns exactly the same documents for every query tried (tests/test_search_index.py,
tests/test_browser_search.py). Alternatives measured and rejected:
- whole-token lookup (Pagefind-style, the query split by the same newmm): 16 of the issue's 21
  seed hits ("ยากจน" is not a token of "ความยากจน");
- positional character trigrams (exact): on the 10,000-article synthetic archive "การ" has
  390,521 positions, ~570 KB of postings for one query term: over the 200 KB budget;
- document-level trigrams without positions (small): not a phrase match; on the 17 development
  texts, 97 of 115 documents returned for 3,000 random two-word queries did not contain them.
Chains of three or more tokens are checked pair by pair (t1t2 and t2t3 somewhere in the same
document), which could in principle over-match; no case was found on the seeds or the
development set.
Results are ranked: in the title, then in the body (not only in the province, mission or date
fields), then as whole words rather than inside a longer word; newest first among equals.

Signals: at ``article_generator_finalized`` every article is read and validated (drafts
excluded), so the index is started there, in a forked process that works while Pelican renders
the pages on the other core; a generator of ours (``get_generators``: Pelican runs it after its own
generators, before ``finalized``, where a strict validation error may be raised first) waits for
it, logs the figures and fails the build if it failed (without fork, or with ``"background":
False``, it all runs there). So one invalid article never leaves the site without its index.

Files: each is written as ``NAME.tmp`` and renamed, ``meta.json`` last; ``meta.json`` is removed
before the first file changes and ``.tmp`` files a killed build left are removed first, so the
folder never holds a half-written index that looks complete. Building into a fresh folder
(scripts/build.py sets ``CDD_PREVIOUS_OUTPUT``), the previous index is hard-linked in first, so
an appended article still writes only the files it changes (renames never touch the old output).

Speed: tokens are cached by content hash in ``CACHE_PATH/thai_search_tokens.json`` with a
fingerprint of the tokeniser's code and dictionary (an incremental build appends the streams it
makes to ``thai_search_tokens.json.add``); each whitespace-separated chunk is segmented once per
build. Documents are numbered by arrival (index.py): a document keeps its id for as long as its
URL exists, a new one, of any date, takes the next id, a deleted one leaves a hole, and the date
order is in meta.json (``order``, years as rank ranges), so no change renumbers the others. The
builder of the last build is kept in ``CACHE_PATH/thai_search_state.pickle`` (postings, no article
text) with each URL's id, content key and token key; a rebuild tokenises only the added and
edited articles, takes the removed and the edited ones out with their streams from the token
cache, and writes only the files they touch (their terms' and runs' shards, their d/ files, the
facets, meta.json). The ids are kept in CACHE_PATH and not read back from the previous index:
the state must match the index on disk anyway (``meta.json``'s ``source``), and an index
without its state (another cache) is simply numbered afresh, by date. A fresh build, or an index
fragmented past ``index.fragmented`` (holes, ids out of date order), numbers the documents by
date again from the token cache. Whatever the history, the index answers every query as a fresh
build does (tests/test_search_index.py).

Settings: ``THAI_SEARCH = {"enabled": True, "output": "search/idx",
"cache_name": "thai_search_tokens.json", "state_name": "thai_search_state.pickle",
"background": True}``.
"""
from __future__ import annotations

import hashlib
import html
import json
import logging
import os
import pickle
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

from pelican import signals

from cdd_thai.text import atomic_write, html_to_text
from cdd_patches import contents

from .index import (FORMAT_VERSION, GZIP_LEVEL, PAGE_URLS, Doc, IndexBuilder, doc_fields, fragmented,
                    index_order, order_runs, tokens_of)
from .names import names_file

_PLUGINS_DIR = Path(__file__).resolve().parent.parent

logger = logging.getLogger(__name__)

DEFAULTS = {"enabled": True, "output": "search/idx", "cache_name": "thai_search_tokens.json",
            "state_name": "thai_search_state.pickle", "background": True}
# What the tokens and names depend on besides the text: the whole Thai module (its fingerprint)
# and these files of ours.
OWN_MODEL_FILES = ("index.py", "names.py")
SEPARATOR = "\x1f"


def settings_of(settings) -> dict:
    return {**DEFAULTS, **(settings.get("THAI_SEARCH") or {})}


def resolved(meta: dict) -> tuple[list[str], list[str]]:
    """The article's provinces (official names) and missions (slugs) as the Thai module reads the
    front matter: ``Provinces: โคราช, จ.ขอนแก่น`` is นครราชสีมา and ขอนแก่น, ``Missions: Poverty`` is
    poverty, as on the province and mission pages. Unknown names are left out here (the validator
    reports them)."""
    from cdd_thai import missions, provinces

    return ([p.name_th for p in provinces.resolve_provinces(meta.get("provinces"))],
            [m.slug for m in missions.resolve_missions(meta.get("missions"))])


def article_doc(article) -> Doc:
    """The Doc of one Pelican article."""
    from cdd_thai import dates, missions

    meta = article.metadata
    date = article.date.date() if hasattr(article.date, "date") else article.date
    provinces, slugs = resolved(meta)
    names = [missions.mission_by_slug(s).name_th for s in slugs]
    meta_texts = [*provinces, *names, dates.format_thai_date(date),
                  dates.format_thai_date(date, short=True), date.isoformat()]
    return Doc(title=html.unescape(article.title), url=article.url, date=date,
               body=html_to_text(contents.source_html(article) or ""), provinces=provinces, missions=slugs,
               meta_texts=meta_texts, date_label=dates.format_thai_date(date))


def model_fingerprint(plugins_dir: Path = _PLUGINS_DIR) -> str:
    """cdd_thai's fingerprint (every file of the module, pythainlp's and nlpo3's versions) and
    the files of ours that tokens and names are made by."""
    from cdd_thai.fingerprint import fingerprint

    digest = hashlib.sha1(fingerprint(plugins_dir / "cdd_thai").encode())
    for name in OWN_MODEL_FILES:
        path = plugins_dir / "thai_search" / name
        digest.update(name.encode() + b"\0" + (path.read_bytes() if path.exists() else b"-"))
    return digest.hexdigest()


class TokenCache:
    """content hash -> token streams. The file is read on first use (an index given only new
    articles does not need it): a full build keeps the entries it used and rewrites the file; an
    incremental build appends the streams it made to a journal (``NAME.add``, one JSON line
    each) read with the file, so an article added since the last full build can still be taken
    out of the index later (its old streams are needed for that)."""

    JOURNAL_SHARE = 4  # the journal is merged into the file when it passes a 4th of its size

    def __init__(self, path: Path | None, fingerprint: str):
        self.path, self.fingerprint = path, fingerprint
        self._entries: dict[str, list[str]] | None = None
        self.used: dict[str, list[str]] = {}
        self.added: dict[str, list[str]] = {}  # made by an incremental build: for the journal
        self.computed = 0

    @property
    def journal(self) -> Path | None:
        return self.path.with_name(self.path.name + ".add") if self.path else None

    @property
    def entries(self) -> dict[str, list[str]]:
        if self._entries is None:
            self._entries = {}
            if self.path and self.path.exists():
                try:
                    data = json.loads(self.path.read_text(encoding="utf-8"))
                except (OSError, ValueError):
                    data = {}
                if data.get("fingerprint") == self.fingerprint:
                    self._entries = data.get("tokens", {})
            self._entries.update(self._read_journal())
        return self._entries

    def _read_journal(self) -> dict[str, list[str]]:
        try:
            lines = self.journal.read_text(encoding="utf-8").splitlines() if self.journal else []
        except OSError:
            return {}
        out: dict[str, list[str]] = {}
        try:
            if not lines or json.loads(lines[0]).get("fingerprint") != self.fingerprint:
                return {}
            for line in lines[1:]:
                key, packed = json.loads(line)
                out[key] = packed
        except (ValueError, TypeError, AttributeError):  # a line cut by a killed build ends it
            pass
        return out

    @staticmethod
    def key(fields: list[str]) -> str:
        return hashlib.sha1("\0".join(fields).encode("utf-8")).hexdigest()

    def streams(self, fields: list[str], tokenize) -> list[list[str]]:
        key = self.key(fields)
        packed = self.entries.get(key)
        if packed is None:
            packed = [SEPARATOR.join(tokenize(text)) for text in fields]
            self.computed += 1
        self.used[key] = packed
        return [s.split(SEPARATOR) if s else [] for s in packed]

    def new_streams(self, fields: list[str], tokenize) -> list[list[str]]:
        """The streams of a new or edited article, made without reading the file (it is most
        likely not there); kept for the journal."""
        key = self.key(fields)
        packed = self._entries.get(key) if self._entries is not None else None
        if packed is None:
            packed = [SEPARATOR.join(tokenize(text)) for text in fields]
            self.computed += 1
        self.added[key] = packed
        return [s.split(SEPARATOR) if s else [] for s in packed]

    def old_streams(self, key: str) -> list[list[str]] | None:
        """The streams of an article as the last build indexed it (None: not kept)."""
        packed = self.entries.get(key)
        return None if packed is None else [s.split(SEPARATOR) if s else [] for s in packed]

    def save(self) -> None:
        """After a full build: the file holds the entries it used, the journal is gone."""
        if not self.path:
            return
        if self._entries is not None and (self.computed or len(self.used) != len(self._entries)):
            atomic_write(self.path, json.dumps({"fingerprint": self.fingerprint, "tokens": self.used},
                                               ensure_ascii=False, separators=(",", ":")))
        if self._entries is not None and self.journal.exists():
            os.unlink(self.journal)

    def save_added(self, live: set[str]) -> None:
        """After an incremental build: the new streams appended to the journal; a journal grown
        past a JOURNAL_SHARE-th of the file is merged into it (keeping the ``live`` keys)."""
        if not self.path or not self.added:
            return
        journal = self.journal
        header = json.dumps({"fingerprint": self.fingerprint}) + "\n"
        try:
            with open(journal, encoding="utf-8") as handle:
                ours = handle.readline() == header
        except (OSError, ValueError):
            ours = False
        with open(journal, "a" if ours else "w", encoding="utf-8") as handle:
            if not ours:
                handle.write(header)
            for key, packed in self.added.items():
                handle.write(json.dumps([key, packed], ensure_ascii=False, separators=(",", ":")) + "\n")
        size = self.path.stat().st_size if self.path.exists() else 0
        if journal.stat().st_size * self.JOURNAL_SHARE > size:
            entries = self.entries
            self.used = {key: entries[key] for key in live if key in entries}
            self.computed += 1  # rewrite
            self.save()


def doc_key(doc: Doc) -> str:
    """Everything of a document the index is made from."""
    return hashlib.sha1("\0".join([doc.url, doc.date.isoformat(), doc.date_label, *doc_fields(doc),
                                   *doc.provinces, "|", *doc.missions]).encode("utf-8")).hexdigest()


def source_digest(keys: list[str], fingerprint: str) -> str:
    """What the index is made from: the documents in date order, the tokeniser, the format."""
    digest = hashlib.sha1(f"{fingerprint}\0{FORMAT_VERSION}".encode())
    for key in keys:
        digest.update(key.encode("ascii"))
    return digest.hexdigest()


def load_state(path: Path | None, fingerprint: str, source: str | None, builder: bool = True):
    """(documents, IndexBuilder or None) of the last build if the index on disk is its output;
    documents: {url: [id, document key, token cache key]}. The file holds two pickles: the
    documents first, so a build that numbers the index again (which needs only them) does not
    load the builder."""
    if not path or not source or not path.exists():
        return None
    try:
        with open(path, "rb") as handle:
            head = pickle.load(handle)
            if (not isinstance(head, dict) or head.get("fingerprint") != fingerprint
                    or head.get("format") != FORMAT_VERSION or head.get("source") != source):
                return None
            return head["docs"], (pickle.load(handle) if builder else None)
    except Exception as exc:  # a damaged or older cache: build from scratch
        logger.debug("thai_search: state %s unreadable: %r", path, exc)
        return None


def save_state(path: Path | None, fingerprint: str, source: str, docs: dict, builder) -> None:
    if not path:
        return
    head = {"fingerprint": fingerprint, "format": FORMAT_VERSION, "source": source, "docs": docs}
    atomic_write(path, pickle.dumps(head, protocol=pickle.HIGHEST_PROTOCOL)
                 + pickle.dumps(builder, protocol=pickle.HIGHEST_PROTOCOL))


def made_by(fingerprint: str) -> str:
    """The code that made the files (tokeniser, index format, compression): files made by the
    same code and holding the same content are the same bytes."""
    return hashlib.sha1(f"{fingerprint}\0{FORMAT_VERSION}\0{GZIP_LEVEL}\0{zlib.ZLIB_RUNTIME_VERSION}"
                        .encode()).hexdigest()


def page_urls(settings) -> dict:
    """The province and mission page URL patterns (cdd_archive's settings) for meta.json."""
    archive = (settings or {}).get("CDD_ARCHIVE") or {}
    return {kind: archive.get(f"{kind}_url", default) for kind, default in PAGE_URLS.items()}


@dataclass
class Changes:
    """What a build changes in the last build's index (documents by URL, which is what keeps an
    id): ids taken out, documents edited in place, documents added (given the next ids, oldest
    first), and each document's id."""

    removed: list[int]
    edited: list[tuple[Doc, int]]
    added: list[Doc]
    ids: list[int]  # of the documents in date order


def plan_changes(old: dict, ordered: list[Doc], keys: list[str], n_ids: int) -> Changes | None:
    """The changes from the last build's documents (``old``: {url: [id, key, token key]}) to
    ``ordered`` (in date order, with their keys), or None when the index should be numbered
    again (URLs not unique, too many holes or ids out of date order: index.fragmented)."""
    urls = [doc.url for doc in ordered]
    if len(set(urls)) != len(urls):
        return None
    wanted = set(urls)
    changes = Changes(removed=[entry[0] for url, entry in old.items() if url not in wanted],
                      edited=[], added=[], ids=[])
    next_id = n_ids
    for doc, key in zip(ordered, keys):
        entry = old.get(doc.url)
        if entry is None:
            changes.added.append(doc)
            changes.ids.append(next_id)
            next_id += 1
            continue
        if entry[1] != key:
            changes.edited.append((doc, entry[0]))
        changes.ids.append(entry[0])
    runs = order_runs((index_order(doc), doc_id) for doc, doc_id in zip(ordered, changes.ids))
    return None if fragmented(next_id, len(ordered), runs) else changes


def update_builder(builder: IndexBuilder, changes: Changes, old: dict, cache: TokenCache, tokenize) -> bool:
    """Apply the changes to the last build's builder; False if the streams of a document to take
    out are not in the token cache (the index is then built again)."""
    token_keys = {entry[0]: entry[2] for entry in old.values()}
    out = [*changes.removed, *(doc_id for _doc, doc_id in changes.edited)]
    streams = [cache.old_streams(token_keys[doc_id]) for doc_id in out]
    if any(s is None for s in streams):
        return False
    for doc_id, old_streams in zip(out, streams):
        builder.remove(doc_id, old_streams)
    for doc, doc_id in changes.edited:
        builder.add(doc, cache.new_streams(doc_fields(doc), tokenize), doc_id)
    for doc in changes.added:
        builder.add(doc, cache.new_streams(doc_fields(doc), tokenize))
    return True


def build_index(docs: list[Doc], out_dir: Path, cache: TokenCache, state_path: Path | None = None,
                urls: dict | None = None) -> dict:
    """Tokenise (through the cache) and write the index of docs; returns figures for the log.

    When nothing it is made from changed and the files are there, nothing is written. When the
    builder of the last build is in ``state_path`` and its index is on disk, only the added,
    edited and removed articles are tokenised or taken out, and only the files they touch are
    written (mode "append": additions only, of any date; "update": edits or removals too); a
    fresh build, or an index too fragmented (holes, ids out of date order), is numbered by date
    from the token cache (mode "full"). Either way the index answers every query the same."""
    from cdd_thai import dates, missions, provinces
    from cdd_thai.tokenize import normalize_text, segment

    ordered = sorted(docs, key=index_order)
    keys = [doc_key(doc) for doc in ordered]
    urls = dict(urls or PAGE_URLS)
    # the page URLs are part of what the index is made from (the names and the BE offset are
    # made by the code in the fingerprint)
    source = source_digest([*keys, json.dumps(urls, sort_keys=True)], cache.fingerprint)
    try:
        previous = json.loads((Path(out_dir) / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        previous = {}
    if previous.get("source") == source and previous.get("docs") == len(docs):
        return {"docs": len(docs), "terms": 0, "pairs": 0, "computed": 0, "files": 0,
                "bytes": 0, "unchanged": True, "mode": "unchanged"}

    memo: dict[str, list[str]] = {}  # chunks repeated across articles segment once

    def tokenize(text: str) -> list[str]:
        return tokens_of(text, normalize_text, segment, memo)

    maker = made_by(cache.fingerprint)
    same_code = previous.get("made_by") == maker
    old = load_state(state_path, cache.fingerprint, previous.get("source"), builder=False)
    old = old[0] if old and same_code else None
    changes = plan_changes(old, ordered, keys, previous.get("n", 0)) if old is not None else None
    state = load_state(state_path, cache.fingerprint, previous.get("source")) if changes else None
    builder = state[1] if state else None
    if builder is not None and builder.n == previous.get("n") and update_builder(
            builder, changes, old, cache, tokenize):
        mode, ids = ("update" if changes.removed or changes.edited else "append"), changes.ids
    else:
        mode, builder, ids = "full", IndexBuilder(), list(range(len(ordered)))
        for doc in ordered:
            builder.add(doc, cache.streams(doc_fields(doc), tokenize))
        cache.save()
        if old is not None:
            # documents that kept their id and content keep their file
            for doc_id, (doc, key) in enumerate(zip(ordered, keys)):
                entry = old.get(doc.url)
                if entry and entry[0] == doc_id and entry[1] == key and (
                        Path(out_dir) / "d" / f"{doc_id}.json.gz").exists():
                    builder.docs.pop(doc_id, None)
    stats = builder.write(out_dir, [(p.slug, p.name_th) for p in provinces.ALL],
                          [(m.slug, m.name_th) for m in missions.MISSIONS], source=source,
                          only_changed=mode != "full", made_by=maker, compare=same_code,
                          names=names_file(normalize_text), be_offset=dates.BE_OFFSET, urls=urls)
    kept = {}
    for doc, key, doc_id in zip(ordered, keys, ids):
        entry = old.get(doc.url) if old else None
        # the token key of an unchanged document is the last build's (no need to hash its text)
        kept[doc.url] = [doc_id, key, entry[2] if entry and entry[1] == key else TokenCache.key(doc_fields(doc))]
    if mode != "full":
        cache.save_added({entry[2] for entry in kept.values()})
    save_state(state_path, cache.fingerprint, source, kept, builder)
    stats.update(docs=len(docs), terms=len(builder.terms), pairs=len(builder.pairs),
                 computed=cache.computed, mode=mode)
    return stats


def _index_articles(articles, settings) -> dict:
    options = settings_of(settings)
    started = time.perf_counter()
    docs = [article_doc(a) for a in articles]
    cache_dir = settings.get("CACHE_PATH")
    cache = TokenCache(Path(cache_dir) / options["cache_name"] if cache_dir else None,
                       model_fingerprint())
    state = Path(cache_dir) / options["state_name"] if cache_dir else None
    out_dir = Path(settings["OUTPUT_PATH"]) / options["output"]
    previous = settings.get("CDD_PREVIOUS_OUTPUT")
    if previous and not out_dir.exists():
        link_tree(Path(previous) / options["output"], out_dir)
    stats = build_index(docs, out_dir, cache, state, page_urls(settings))
    stats["seconds"] = time.perf_counter() - started
    return stats


def link_tree(source: Path, target: Path) -> int:
    """Hard-link (or copy) the files of an earlier index into a new folder; returns the count."""
    import shutil

    if not source.is_dir() or source.resolve() == target.resolve():
        return 0
    count = 0
    for folder, _dirs, files in os.walk(source):
        into = target / Path(folder).relative_to(source)
        into.mkdir(parents=True, exist_ok=True)
        for name in files:
            if name.endswith(".tmp"):
                continue
            try:
                os.link(os.path.join(folder, name), into / name)
            except OSError:
                shutil.copy2(os.path.join(folder, name), into / name)
            count += 1
    return count


def _child(articles, settings, conn) -> None:
    try:
        conn.send(("ok", _index_articles(articles, settings)))
    except BaseException as exc:  # reported by the parent, which fails the build
        import traceback

        conn.send(("error", f"{exc!r}\n{traceback.format_exc()}"))
    finally:
        conn.close()


def listed(settings) -> bool:
    """Whether this build's PLUGINS names thai_search."""
    for plugin in settings.get("PLUGINS") or ():
        name = plugin if isinstance(plugin, str) else getattr(plugin, "__name__", "")
        if name.split(".")[-1] == "thai_search" or name.endswith(".thai_search.thai_search"):
            return True
    return False


class SearchIndexWriter:
    """Indexes the articles in a forked process while Pelican writes the pages.

    Pelican renders on one core; the index (tokenising, postings, ~20,000 small files at 10,000
    articles) is built on the other one and joined at ``finalized``. Without fork (Windows) or
    with ``"background": False`` it runs inline at ``finalized``.
    """

    def __init__(self):
        self.articles: list = []
        self.process = None
        self.conn = None
        self.active = False

    def collect(self, generator) -> None:
        options = settings_of(generator.settings)
        self.articles = list(generator.articles)
        self.process = self.conn = None
        # blinker signals are global: a later in-process build without this plugin must not index
        self.active = options["enabled"] and listed(generator.settings)
        if not self.active or not options["background"]:
            return
        import multiprocessing

        try:
            context = multiprocessing.get_context("fork")
        except ValueError:
            return
        parent, child = context.Pipe(duplex=False)
        self.process = context.Process(target=_child, args=(self.articles, generator.settings, child),
                                       name="thai_search", daemon=True)
        self.process.start()
        child.close()
        self.conn = parent

    def write(self, pelican) -> None:
        """Join the child (``pelican``: anything with ``settings``)."""
        if not self.active:
            return
        self.active = False
        if self.process is not None:
            try:
                status, stats = self.conn.recv()
            except EOFError:
                status, stats = "error", f"exit code {self.process.exitcode}"
            self.process.join()
            self.process = None
            if status != "ok":
                raise RuntimeError(f"thai_search: สร้างดัชนีค้นหาไม่สำเร็จ / building the search index failed: {stats}")
        else:
            stats = _index_articles(self.articles, pelican.settings)
        if stats.get("unchanged"):
            logger.info("thai_search: ข่าวไม่เปลี่ยน ใช้ดัชนีค้นหาเดิม (%.1f วินาที) / "
                        "articles unchanged, search index kept (%.1f s)", stats["seconds"], stats["seconds"])
            return
        how = {"append": "ต่อท้าย / appended", "update": "แก้เฉพาะที่เปลี่ยน / updated in place"}.get(
            stats.get("mode") if stats.get("partial") else "", "สร้างใหม่ / rebuilt")
        logger.info("thai_search: ดัชนีค้นหา %d ข่าว %d คำ (ตัดคำใหม่ %d) เขียน %d ไฟล์ %.1f MB ใน %.1f วินาที / "
                    "search index: %d articles, %d terms (%d tokenised), %d files written, %.1f MB in %.1f s "
                    "(%s)", stats["docs"], stats["terms"], stats["computed"], stats["files"],
                    stats["bytes"] / 1e6, stats["seconds"], stats["docs"], stats["terms"],
                    stats["computed"], stats["files"], stats["bytes"] / 1e6, stats["seconds"], how)


_writer = SearchIndexWriter()


class IndexGenerator:
    """Joins the index child once Pelican's generators have written the pages (see the docstring)."""

    def __init__(self, *, settings, **_kwargs):
        self.settings = settings

    def generate_output(self, writer) -> None:
        _writer.write(self)


def index_generator(pelican_object):
    return IndexGenerator


def register():
    """Collect at article_generator_finalized (all articles read); write in our generator (pages
    done, before finalized)."""
    signals.article_generator_finalized.connect(_writer.collect)
    signals.get_generators.connect(index_generator)

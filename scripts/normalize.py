#!/usr/bin/env python3
"""Normalise raw CDD press releases (.txt scrapes, .html post pages) into Markdown articles.

usage: normalize.py [--json] [--strict] [--quarantine DIR] [-j N] -o DIR INPUT...

Each input (a file, or a folder searched recursively) becomes DIR/YYYY/SLUG.md with Pelican front
matter: Title, Date (event date, CE), Provinces, Missions, Tags, People, Author, Source, Summary, Slug.
An input that cannot be normalised is held in the review inbox (its untouched copy, a .reason.txt
and a .review.json record) and reported on stderr in Thai and English; the run goes on. Articles
published on a guess (the post's publication date for a text without a day, ส่วนกลาง for department
news without a place, no mission) are listed there too: scripts/review.py lists and releases them. The same press release reposted with
different noise becomes one article. Running twice gives byte-identical output.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from cdd_thai.text import split_list
from scripts.ingest.clean import InputError
from scripts.ingest.inbox import Inbox, default_inbox, item_id
from scripts.ingest.pipeline import Result, build_article, iter_inputs, read_raw, sources_in, write_article


def _read(result: Result) -> dict:
    """What the normaliser read of an input, for its review record."""
    return {"title": result.title, "date": result.date, "date_source": result.date_source,
            "provinces": result.provinces, "missions": result.missions, "people": result.people}


@dataclass
class _Prepared:
    """What a worker made of one input: the article, or why there is none (exceptions with extra
    constructor arguments do not pickle, so a failure travels as plain fields)."""

    path: Path
    article: object = None
    source: str | None = None
    released: bool = False  # a reviewer released this input before: their fields were applied
    error: str | None = None
    fields: dict = field(default_factory=dict)
    missing: tuple = ()


def _prepare_failure(path: Path, exc: Exception, source: str | None = None) -> _Prepared:
    """The record of an input that failed, in a worker (reading, cleaning) or in the writing step
    (the disk, the inbox): why, and the fields the error names."""
    error = str(exc) if isinstance(exc, (InputError, OSError)) else f"ข้อผิดพลาดภายใน / internal error: {exc!r}"
    return _Prepared(path, source=source, error=error, fields=dict(getattr(exc, "fields", {})),
                     missing=tuple(getattr(exc, "missing", ())))


def _prepare(job: tuple[Path, object]) -> _Prepared:
    """The pure, costly part of one input (reading, cleaning, the Thai work): no file is written here,
    so it can run in a worker process; deduplication, writing and the inbox stay in one process."""
    path, decision = job
    source = None
    try:
        if not path.is_file() and not path.is_symlink():
            raise InputError("ไม่พบไฟล์ / No such file")
        raw, source, published = read_raw(path)
        article = build_article(raw, source=source, overrides=decision, published=published)
    except Exception as exc:  # noqa: BLE001 -- a bug of ours must not lose the input either
        return _prepare_failure(path, exc, source)
    return _Prepared(path, article, source, released=decision is not None)


def _prepared(files: list[Path], inbox: Inbox, jobs: int):
    """_prepare of every file, in input order, on ``jobs`` processes (1: in this one)."""
    work = ((path, inbox.decision(item_id(path))) for path in files)
    if jobs <= 1 or len(files) < 2:
        yield from map(_prepare, work)
        return
    import multiprocessing

    # fork: the workers start with the tokeniser's dictionary already loaded by the parent
    context = multiprocessing.get_context("fork")
    with context.Pool(min(jobs, len(files))) as pool:
        yield from pool.imap(_prepare, work, chunksize=8)


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def normalize_paths(inputs: list[Path], out_dir: Path, quarantine_dir: Path | None = None, *,
                    progress: bool = False, jobs: int = 1):
    """Normalise every input; yields one Result per input, in input order.

    Each input ends as an article, a duplicate of one, or an item of the review inbox (quarantine_dir,
    default: see ingest.inbox.default_inbox) with its reason: held back, or published on a guess.
    ``jobs`` processes do the reading and the Thai work; the output is the same for any ``jobs``."""
    inbox = Inbox(quarantine_dir or default_inbox(out_dir))
    files = iter_inputs(inputs, exclude=inbox.folder)
    seen: dict[str, str] = {}  # body fingerprint -> output path
    previous = sources_in(out_dir)  # source URL -> article written by an earlier run
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(files), unit="ข่าว", file=sys.stderr)
    for prepared in _prepared(files, inbox, jobs):
        path = prepared.path
        result = Result(input=str(path))
        item = item_id(path)
        source = prepared.source
        try:
            if prepared.error is not None:
                raise _Failed(prepared)
            article = prepared.article
            if prepared.released:  # a reviewer settled this input's guesses
                article.guesses = []
            meta = article.meta
            result.title, result.date = meta["Title"], meta["Date"]
            result.date_source = meta.get("DateSource") or "text"
            result.provinces, result.missions, result.people, result.tags = (
                split_list(meta[key]) for key in ("Provinces", "Missions", "People", "Tags"))
            if article.fingerprint in seen:
                result.output = seen[article.fingerprint]
                result.duplicate_of = seen[article.fingerprint]
                inbox.clear(item)
            else:
                target, replaced = write_article(article, out_dir, previous)
                result.replaced = str(replaced) if replaced else None
                result.output = str(target)
                seen[article.fingerprint] = result.output
                if article.guesses:
                    result.guesses = [str(g) for g in article.guesses]
                    result.review = inbox.check(path, output=target, guesses=article.guesses, read=_read(result),
                                                source=source, articles=out_dir)["id"]
                else:
                    inbox.clear(item)
        except Exception as exc:  # noqa: BLE001 -- a bug of ours must not lose the input either
            failed = exc.prepared if isinstance(exc, _Failed) else _prepare_failure(path, exc)
            result.status = "quarantined"
            result.error = failed.error
            for key, value in failed.fields.items():
                setattr(result, key, value)
            try:
                record, stored = inbox.hold(path, reason=result.error, missing=list(failed.missing),
                                            read=_read(result), source=source, articles=out_dir)
                result.review = record["id"]
                result.output = str(stored) if stored else None
            except OSError as copy_error:
                result.error += f" (กักไม่ได้ / quarantine failed: {copy_error})"
            print(f"{path}: {result.error}", file=sys.stderr)
        if bar:
            bar.update(1)
        yield result
    if bar:
        bar.close()


class _Failed(Exception):
    """A worker's failure, raised again in the writing loop so both kinds end in one handler."""

    def __init__(self, prepared: _Prepared):
        super().__init__(prepared.error)
        self.prepared = prepared


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    parser.add_argument("inputs", nargs="+", type=Path, metavar="INPUT", help="raw files or folders")
    parser.add_argument("-o", "--output", type=Path, required=True, help="folder for the Markdown articles")
    parser.add_argument("--json", action="store_true", help="print one JSON object per input on stdout")
    parser.add_argument("--quarantine", "--review", type=Path, default=None, dest="quarantine",
                        help="the review inbox: held inputs and articles published on a guess "
                             "(default: raw/review for content/, else review/ beside -o)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when any input was quarantined")
    parser.add_argument("-j", "--jobs", type=int, default=default_jobs(),
                        help="processes for the reading and the Thai work (default: every core; "
                             "the output is the same for any number)")
    args = parser.parse_args(argv)
    quarantine_dir = args.quarantine or default_inbox(args.output)
    ok = bad = dup = guessed = 0
    for result in normalize_paths(args.inputs, args.output, quarantine_dir, progress=sys.stderr.isatty(),
                                  jobs=max(1, args.jobs)):
        if result.status == "ok":
            ok += 1
            dup += bool(result.duplicate_of)
            guessed += bool(result.review)
        else:
            bad += 1
        if args.json:
            print(json.dumps(result.as_json(), ensure_ascii=False), flush=True)
    waiting = Inbox(quarantine_dir).count()
    print(f"สำเร็จ {ok} (ซ้ำ {dup}, ต้องตรวจ {guessed}), กักไว้ {bad}; รอตรวจ {waiting} รายการ / "
          f"normalised {ok} ({dup} duplicates, {guessed} on a guess), held {bad}; {waiting} items wait for review"
          + (f" -> {quarantine_dir} (scripts/review.py list)" if waiting else ""), file=sys.stderr)
    return 1 if (args.strict and bad) else 0


if __name__ == "__main__":
    sys.exit(main())

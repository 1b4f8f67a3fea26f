#!/usr/bin/env python3
"""Normalise raw CDD press releases (.txt scrapes, .html post pages) into Markdown articles.

usage: normalize.py [--json] [--strict] [--quarantine DIR] -o DIR INPUT...

Each input (a file, or a folder searched recursively) becomes DIR/YYYY/SLUG.md with Pelican front
matter: Title, Date (event date, CE), Provinces, Missions, Tags, People, Author, Source, Summary, Slug.
An input that cannot be normalised is copied untouched to the quarantine folder with a .reason.txt
and reported on stderr in Thai and English; the run goes on. The same press release reposted with
different noise becomes one article. Running twice gives byte-identical output.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for _path in (ROOT / "plugins", ROOT / "scripts"):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from ingest.clean import InputError  # noqa: E402
from ingest.pipeline import (Result, atomic_write, build_article, iter_inputs, quarantine, read_raw,  # noqa: E402
                             render, sources_in)


def normalize_paths(inputs: list[Path], out_dir: Path, quarantine_dir: Path, *, progress: bool = False):
    """Normalise every input; yields one Result per input, in input order."""
    files = iter_inputs(inputs)
    seen: dict[str, str] = {}  # body fingerprint -> output path
    previous = sources_in(out_dir)  # source URL -> article written by an earlier run
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(files), unit="ข่าว", file=sys.stderr)
    for path in files:
        result = Result(input=str(path))
        try:
            if not path.is_file():
                raise InputError("ไม่พบไฟล์ / No such file")
            raw, source = read_raw(path)
            article = build_article(raw, source=source)
            meta = article.meta
            result.title, result.date = meta["Title"], meta["Date"]
            result.provinces = [p for p in meta["Provinces"].split(", ") if p]
            result.missions = [m for m in meta["Missions"].split(", ") if m]
            result.people = [p for p in meta["People"].split(", ") if p]
            result.tags = [t for t in meta["Tags"].split(", ") if t]
            if article.fingerprint in seen:
                result.output = seen[article.fingerprint]
                result.duplicate_of = seen[article.fingerprint]
            else:
                target = out_dir / article.relpath
                data = render(article)
                if not target.exists() or target.read_text(encoding="utf-8") != data:
                    atomic_write(target, data)
                # The site edited its post so that the event date or province moved: the new file
                # supersedes the old one (written first, so the article is never missing).
                old = previous.get(article.meta["Source"])
                if old is not None and old != target and old.exists():
                    old.unlink()
                    result.replaced = str(old)
                result.output = str(target)
                seen[article.fingerprint] = result.output
        except (InputError, OSError) as exc:
            result.status, result.error = "quarantined", str(exc)
            for key, value in getattr(exc, "fields", {}).items():
                setattr(result, key, value)
            if path.is_file():
                try:
                    result.output = str(quarantine(path, str(exc), quarantine_dir))
                except OSError as copy_error:
                    result.error += f" (quarantine failed: {copy_error})"
            print(f"{path}: {exc}", file=sys.stderr)
        except Exception as exc:  # a bug of ours must not lose the input either
            result.status, result.error = "quarantined", f"internal error: {exc!r}"
            if path.is_file():
                result.output = str(quarantine(path, result.error, quarantine_dir))
            print(f"{path}: ข้อผิดพลาดภายใน / internal error: {exc!r}", file=sys.stderr)
        if bar:
            bar.update(1)
        yield result
    if bar:
        bar.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    parser.add_argument("inputs", nargs="+", type=Path, metavar="INPUT", help="raw files or folders")
    parser.add_argument("-o", "--output", type=Path, required=True, help="folder for the Markdown articles")
    parser.add_argument("--json", action="store_true", help="print one JSON object per input on stdout")
    parser.add_argument("--quarantine", type=Path, default=None,
                        help="folder for inputs that cannot be normalised (default: quarantine/ beside -o)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when any input was quarantined")
    args = parser.parse_args(argv)
    quarantine_dir = args.quarantine or args.output.resolve().parent / "quarantine"
    ok = bad = dup = 0
    for result in normalize_paths(args.inputs, args.output, quarantine_dir, progress=sys.stderr.isatty()):
        if result.status == "ok":
            ok += 1
            dup += bool(result.duplicate_of)
        else:
            bad += 1
        if args.json:
            print(json.dumps(result.as_json(), ensure_ascii=False), flush=True)
    print(f"สำเร็จ {ok} (ซ้ำ {dup}), กักไว้ {bad} / normalised {ok} ({dup} duplicates), quarantined {bad}"
          + (f" -> {quarantine_dir}" if bad else ""), file=sys.stderr)
    return 1 if (args.strict and bad) else 0


if __name__ == "__main__":
    sys.exit(main())

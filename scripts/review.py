#!/usr/bin/env python3
"""กล่องข่าวรอตรวจ / The review inbox: held inputs, and articles published on a guess.

usage: review.py [--inbox DIR] list [--json]
       review.py [--inbox DIR] release ITEM [--date DATE] [--province NAME ...] [--mission SLUG ...] [-o DIR]

`list` shows every item: what was read, what is missing, why (Thai and English), and the command that
releases it. `release` writes the article with the fields supplied, through the normaliser's own code
(ingest.pipeline.build_article and write_article), takes the item out of the inbox and remembers the
fields, so the normaliser gives the same article when it meets the input again.

    python scripts/review.py list
    python scripts/review.py release wp-812-1a2b3c4d --date "27 ต.ค. 2565" --province ส่วนกลาง
    python scripts/review.py release wp-900-5e6f7a8b --mission poverty      # confirm, adding a mission

The inbox is raw/review/ for the project's content/articles (normalize.py --review DIR elsewhere).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from cdd_thai import dates, validation
from cdd_thai.dates import ThaiDateError
from cdd_thai.text import split_list
from scripts.ingest.clean import InputError
from scripts.ingest.inbox import FIELD_NAMES, Inbox, default_inbox
from scripts.ingest.pipeline import ArticleError, Overrides, build_article, read_raw, sources_in, write_article

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ARTICLES = ROOT / "content" / "articles"


class ReviewError(Exception):
    """A release that cannot be done; the message says why, in Thai and English."""


def _value(values) -> str:
    if isinstance(values, list):
        return ", ".join(values) if values else "–"
    return str(values) if values else "–"


def describe(record: dict) -> str:
    """One inbox item for a person: what was read, what is missing, why, and how to release it."""
    read = record.get("read") or {}
    held = record["kind"] == "held"
    kind = "กักไว้ ยังไม่เผยแพร่ / held, not published" if held else "เผยแพร่แล้ว ต้องตรวจ / published, to be checked"
    date = _value(read.get("date"))
    if read.get("date_source") == "published" and read.get("date"):
        date += " (วันที่เผยแพร่ / publication date)"
    lines = [f"{record['id']}  [{kind}]",
             f"  ไฟล์ / input:      {record['input']}" + (f"  ({record['source']})" if record.get("source")
                                                           and record["source"] != Path(record["input"]).name else "")]
    if record.get("output"):
        lines.append(f"  {'สำเนา / copy' if held else 'ข่าว / article'}:     {record['output']}")
    lines += [f"  อ่านได้ / read:     หัวข้อ / title: {_value(read.get('title'))}",
              f"                     วันที่ / date: {date}; จังหวัด / provinces: {_value(read.get('provinces'))}; "
              f"ภารกิจ / missions: {_value(read.get('missions'))}"]
    missing = record.get("missing") or []
    if missing:
        lines.append("  " + ("ขาด / missing" if held else "เดา / guessed") + ":       "
                     + ", ".join(f"{FIELD_NAMES[m][0]} / {FIELD_NAMES[m][1]}" for m in missing if m in FIELD_NAMES))
    lines.append(f"  เหตุผล / why:      {record.get('reason')}")
    if record.get("link_target"):
        lines.append(f"  ลิงก์ไปที่ / links to: {record['link_target']} (ไม่ปล่อยลิงก์ / a link is never released)")
    else:
        flags = {"date": '--date "27 ต.ค. 2565"', "province": "--province ขอนแก่น", "mission": "--mission poverty"}
        example = " ".join(flags[m] for m in missing if m in flags)
        lines.append(f"  ปล่อย / release:   scripts/review.py release {record['id']}" + (f" {example}" if example else ""))
    return "\n".join(lines)


def overrides_from(args) -> Overrides:
    """The fields a reviewer typed, checked with the validator's own rules."""
    problems = []
    date = None
    if args.date:
        try:
            date = dates.parse_date_value(args.date)
        except ThaiDateError as exc:
            problems.append(str(exc))
    names = [p for value in args.province for p in split_list(value)]
    slugs = [m.lower() for value in args.mission for m in split_list(value)]
    for name in names:
        problem = validation.check_province(name)
        if problem:
            problems.append(" / ".join(problem))
    for slug in slugs:
        problem = validation.check_mission(slug)
        if problem:
            problems.append(" / ".join(problem))
    if problems:
        raise ReviewError("; ".join(problems))
    return Overrides(date=date, provinces=list(dict.fromkeys(names)), missions=list(dict.fromkeys(slugs)))


def release(inbox: Inbox, item: str, overrides: Overrides, articles: Path | None = None) -> tuple[Path, dict, list]:
    """Write the item's article with the reviewer's fields; -> (article file, record, remaining guesses)."""
    record = inbox.get(item)
    if record is None:
        raise ReviewError(f'ไม่พบรายการ "{item}" ในกล่องรอตรวจ {inbox.folder} / No item "{item}" in the review '
                          f"inbox {inbox.folder} (scripts/review.py list)")
    if record.get("link_target"):
        raise ReviewError(f"{record['id']}: เป็นลิงก์สัญลักษณ์ไปยัง {record['link_target']} ปล่อยไม่ได้ คัดลอกไฟล์จริงมาแล้ว"
                          f"แปลงใหม่ / is a symbolic link to {record['link_target']}: it is never released; copy the "
                          "real file into the raw folder and normalise it")
    # A held input from its untouched copy in the inbox; a published one from where it was read.
    path = inbox.folder / record["held"] if record.get("held") else Path(record["input"])
    articles = Path(articles or record.get("articles") or DEFAULT_ARTICLES)
    try:
        raw, source, published = read_raw(path, source=record.get("source"))
        article = build_article(raw, source=source, overrides=overrides, published=published)
    except ArticleError as exc:
        flags = {"date": "--date", "province": "--province"}
        need = " ".join(flags[m] for m in exc.missing if m in flags)
        raise ReviewError(f"{record['id']}: {exc}" + (f" — ใส่ / give {need}" if need else "")) from None
    except (InputError, OSError) as exc:
        raise ReviewError(f"{record['id']}: {path}: {exc}") from None
    previous = sources_in(articles)
    target, _removed = write_article(article, articles, previous,
                                     replaces=Path(record["output"]) if record["kind"] == "check" else None)
    inbox.save_decision(record["id"], overrides, record)
    inbox.clear(record["id"])
    return target, record, article.guesses


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    parser.add_argument("--inbox", "--review", type=Path, default=None,
                        help="the review folder (default: raw/review, the inbox of content/articles)")
    commands = parser.add_subparsers(dest="command", required=True)
    listing = commands.add_parser("list", help="show the items waiting for review")
    listing.add_argument("--json", action="store_true", help="one JSON record per line")
    rel = commands.add_parser("release", help="publish an item with the missing fields supplied")
    rel.add_argument("item", help="the item's id, as `list` shows it")
    rel.add_argument("--date", help='the event date: "27 ต.ค. 2565", 2565-10-27 or 2022-10-27')
    rel.add_argument("--province", action="append", default=[], help="a province (Thai name) or ส่วนกลาง; repeatable")
    rel.add_argument("--mission", action="append", default=[], help="a mission slug; repeatable")
    rel.add_argument("-o", "--output", type=Path, default=None, help="articles folder (default: the item's)")
    args = parser.parse_args(argv)
    inbox = Inbox(args.inbox or default_inbox(DEFAULT_ARTICLES))

    if args.command == "list":
        records = inbox.records()
        if args.json:
            for record in records:
                print(json.dumps(record, ensure_ascii=False))
            return 0
        held = sum(r["kind"] == "held" for r in records)
        print(f"รอตรวจ {len(records)} รายการ (กักไว้ {held}, เผยแพร่แล้วแต่ต้องตรวจ {len(records) - held}) / "
              f"{len(records)} items wait for review ({held} held, {len(records) - held} published on a guess)"
              f" — {inbox.folder}")
        for record in records:
            print()
            print(describe(record))
        return 0

    try:
        overrides = overrides_from(args)
        target, record, guesses = release(inbox, args.item, overrides, args.output)
    except ReviewError as exc:
        print(f"ปล่อยไม่ได้ / Not released: {exc}", file=sys.stderr)
        return 1
    print(f"ปล่อยแล้ว / released: {record['id']} -> {target}")
    for guess in guesses:  # fields the reviewer left to the normaliser's fallback
        print(f"  ค่าที่ระบบเลือกให้ (ถือว่าตรวจแล้ว) / kept as reviewed: {guess}")
    print(f"รอตรวจอีก {inbox.count()} รายการ / {inbox.count()} items still wait for review")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""เขียนข่าวใหม่เป็นไฟล์ Markdown / Write a new article as a Markdown file with its front matter.

ถามทีละช่องเป็นภาษาไทย (หัวข้อ วันที่ จังหวัด ภารกิจ แท็ก) ตรวจคำตอบทันทีและเสนอชื่อที่ใกล้เคียง
เมื่อพิมพ์ผิด หรือรับค่าจากตัวเลือก (ไม่ถามเมื่อ stdin ไม่ใช่เทอร์มินัล)
Asks for each field in Thai, checking every answer (with suggestions on a typo), or takes flags
(non-interactive when stdin is not a terminal). Writes content/articles/YYYY/SLUG.md, where the
slug is ASCII and stable: date + province slug + a short hash of the title. Never overwrites a file,
and validates what it wrote. Dates in BE or CE are accepted and written as ISO CE (2020-10-30).
An empty Tags field is filled in automatically at build time.

    python scripts/new_article.py
    python scripts/new_article.py --title "พช.ขก. จัดประชุม..." --date "30 ตุลาคม 2563" \\
        --province ขอนแก่น --mission organization --mission poverty --body-file ข่าว.txt
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from cdd_thai import dates, missions, provinces, validation  # noqa: E402

CONTENT = ROOT / "content" / "articles"
BODY_PLACEHOLDER = "<!-- เขียนเนื้อข่าวต่อจากบรรทัดนี้ / write the article below this line -->"


class Invalid(ValueError):
    """An answer that cannot be used; the message is in Thai and English."""


def clean_title(value: str) -> str:
    title = " ".join(value.split())
    if not title:
        raise Invalid("ต้องมีหัวข้อข่าว / The title is required")
    return title


def clean_date(value: str, *, today: dt.date | None = None) -> dt.date:
    """A BE or CE date (2563-10-30, 2020-10-30, 30 ตุลาคม 2563); empty means today."""
    if not value.strip():
        return today or dt.date.today()
    try:
        return dates.parse_date_value(value, today=today)
    except dates.ThaiDateError as exc:
        raise Invalid(str(exc)) from None


def clean_provinces(values: list[str]) -> list[provinces.Province]:
    """Provinces by name (aliases such as กทม. or โคราช allowed); a typo gets the closest names."""
    names = [name for value in values for name in validation.split_list(value)]
    if not names:
        raise Invalid("ต้องระบุจังหวัดอย่างน้อยหนึ่งจังหวัด (หรือ ส่วนกลาง) / At least one province (or ส่วนกลาง) is required")
    found = []
    for name in names:
        province = provinces.province_by_name(name)
        if province is None:
            raise Invalid(" / ".join(validation.check_province(name)))
        if province not in found:
            found.append(province)
    return found


def clean_missions(values: list[str]) -> list[str]:
    """Mission slugs; a number from the list, a Thai or English name, or a close slug is accepted."""
    items = [item for value in values for item in validation.split_list(value)]
    if not items:
        raise Invalid("ต้องระบุภารกิจอย่างน้อยหนึ่งภารกิจ / At least one mission is required")
    slugs = []
    for item in items:
        if item.isdigit() and 1 <= int(item) <= len(missions.MISSIONS):
            slug = missions.MISSIONS[int(item) - 1].slug
        elif missions.mission_by_slug(item):
            slug = item
        else:
            exact = [s for s in validation.suggest_mission(item) if _is_name_of(item, s)]
            if not exact:
                raise Invalid(" / ".join(validation.check_mission(item)))
            slug = exact[0]
        if slug not in slugs:
            slugs.append(slug)
    return slugs


def _is_name_of(item: str, slug: str) -> bool:
    mission = missions.mission_by_slug(slug)
    return item.strip().lower() in (mission.name_th.lower(), mission.name_en.lower())


def clean_tags(value: str) -> list[str]:
    return validation.split_list(value or "")


def make_slug(date: dt.date, first: provinces.Province, title: str) -> str:
    """ASCII and stable: 2020-10-30-khon-kaen-46e72196 (the hash is of the title)."""
    digest = hashlib.sha1(title.encode("utf-8")).hexdigest()[:8]
    return f"{date.isoformat()}-{first.slug}-{digest}"


def render(title: str, date: dt.date, places: list[provinces.Province], mission_slugs: list[str],
           tags: list[str], body: str, slug: str, author: str = "") -> str:
    """The Markdown file, written like the normaliser's; an empty ``Tags:`` line is kept for the officer."""
    meta = {"Title": title, "Date": date.isoformat(), "Provinces": ", ".join(p.name_th for p in places),
            "Missions": ", ".join(mission_slugs), "Tags": ", ".join(tags), "Author": author, "Slug": slug,
            "Lang": "th"}
    return validation.render_article(meta, (body.strip() or BODY_PLACEHOLDER) + "\n", keep_empty=("Tags",))


def ask(prompt: str, clean: Callable, input_fn: Callable[[str], str], err) -> object:
    """Ask until the answer is usable, showing why it is not (Thai / English)."""
    while True:
        try:
            return clean(input_fn(prompt))
        except Invalid as exc:
            err.write(f"  ✗ {exc}\n")
        except EOFError:
            raise SystemExit(1) from None


def read_body_interactively(input_fn, err) -> str:
    err.write("เนื้อข่าว: พิมพ์ได้หลายบรรทัด จบด้วยบรรทัดว่างสองบรรทัดติดกัน หรือ Ctrl-D "
              "(เว้นว่างไว้เพื่อเขียนทีหลังในไฟล์) / Body: end with two empty lines or Ctrl-D\n")
    lines: list[str] = []
    while True:
        try:
            line = input_fn("")
        except EOFError:
            break
        if not line and lines[-1:] == [""]:
            break
        if not line and not lines:
            break
        lines.append(line)
    return "\n".join(lines).strip()


def main(argv: list[str] | None = None, *, input_fn: Callable[[str], str] = input,
         interactive: bool | None = None, today: dt.date | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--title", help="หัวข้อข่าว / headline")
    parser.add_argument("--date", help="วันที่ พ.ศ. หรือ ค.ศ. / date, BE or CE (30 ตุลาคม 2563, 2563-10-30)")
    parser.add_argument("--province", action="append", default=[],
                        help="จังหวัด (ใส่ซ้ำได้; ส่วนกลาง ได้) / province (repeatable)")
    parser.add_argument("--mission", action="append", default=[],
                        help="ภารกิจ: slug หรือชื่อ (ใส่ซ้ำได้) / mission slug or name (repeatable)")
    parser.add_argument("--tags", default=None, help="แท็ก คั่นด้วยจุลภาค; เว้นว่างให้ระบบเติมเอง / "
                                                       "comma-separated tags; empty: filled in at build")
    parser.add_argument("--author", default="", help="ผู้เขียนข่าว / byline")
    parser.add_argument("--body-file", type=Path, help="ไฟล์เนื้อข่าว ('-' = stdin) / body file ('-' = stdin)")
    parser.add_argument("--content", type=Path, default=CONTENT,
                        help="โฟลเดอร์ข่าว / articles folder (content/articles)")
    args = parser.parse_args(argv)
    err = sys.stderr
    if interactive is None:
        interactive = sys.stdin.isatty()

    try:
        title = clean_title(args.title) if args.title is not None else None
        date = clean_date(args.date, today=today) if args.date is not None else None
        places = clean_provinces(args.province) if args.province else None
        mission_slugs = clean_missions(args.mission) if args.mission else None
    except Invalid as exc:
        err.write(f"{exc}\n")
        return 2

    missing = [name for name, value in (("--title", title), ("--date", date), ("--province", places),
                                        ("--mission", mission_slugs)) if value is None]
    if missing and not interactive:
        err.write(f"ขาด {' '.join(missing)} (stdin ไม่ใช่เทอร์มินัล จึงถามไม่ได้) / "
                  f"missing {' '.join(missing)} (stdin is not a terminal, so nothing can be asked)\n")
        return 2

    tags = clean_tags(args.tags) if args.tags is not None else None
    if interactive and missing:
        err.write("ข่าวใหม่ / New article — ตอบทีละช่อง, Ctrl-C เพื่อยกเลิก\n")
    if title is None:
        title = ask("หัวข้อข่าว: ", clean_title, input_fn, err)
    if date is None:
        date = ask("วันที่ (เช่น 30 ตุลาคม 2563 หรือ 2563-10-30; เว้นว่าง = วันนี้): ",
                   lambda v: clean_date(v, today=today), input_fn, err)
    if places is None:
        places = ask("จังหวัด (คั่นด้วยจุลภาค; ข่าวของกรมใช้ ส่วนกลาง): ",
                     lambda v: clean_provinces([v]), input_fn, err)
    if mission_slugs is None:
        for i, mission in enumerate(missions.MISSIONS, 1):
            err.write(f"  {i:2d}. {mission.name_th} ({mission.slug})\n")
        mission_slugs = ask("ภารกิจ (หมายเลขหรือ slug คั่นด้วยจุลภาค): ",
                            lambda v: clean_missions([v]), input_fn, err)
    if tags is None:
        tags = clean_tags(input_fn("แท็ก (คั่นด้วยจุลภาค; เว้นว่างให้ระบบเติมเอง): ")) if interactive else []

    if args.body_file is not None:
        body = sys.stdin.read() if str(args.body_file) == "-" else args.body_file.read_text(encoding="utf-8")
    elif interactive:
        body = read_body_interactively(input_fn, err)
    else:
        body = ""

    slug = make_slug(date, places[0], title)
    path = args.content / str(date.year) / f"{slug}.md"
    if path.exists():
        err.write(f"{_shown(path)}: มีไฟล์นี้อยู่แล้ว ไม่เขียนทับ / already exists, not overwritten\n")
        return 1
    text = render(title, date, places, mission_slugs, tags, body, slug, args.author)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8") as handle:  # "x": never overwrite, even in a race
        handle.write(text)
    problems = validation.errors(validation.check_files([path], display=_shown))
    if problems:  # cannot happen with the checks above; never leave a broken file behind
        path.unlink()
        for problem in problems:
            err.write(f"{problem}\n")
        return 1
    err.write(f"เขียนแล้ว / written: {_shown(path)}\n"
              f"ดูตัวอย่าง / preview: make serve แล้วเปิด http://127.0.0.1:8000/\n")
    sys.stdout.write(f"{path}\n")
    return 0


def _shown(path: Path) -> str:
    relative = os.path.relpath(path)
    return str(path) if relative.startswith("..") else relative


if __name__ == "__main__":
    sys.exit(main())

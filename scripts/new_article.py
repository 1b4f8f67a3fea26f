"""เขียนข่าวใหม่เป็นไฟล์ Markdown / Write a new article as a Markdown file with its front matter.

ถามทีละช่องเป็นภาษาไทย (หัวข้อ วันที่ จังหวัด ภารกิจ แท็ก ภาพ เนื้อข่าว) ตรวจคำตอบทันทีและเสนอชื่อที่
ใกล้เคียงเมื่อพิมพ์ผิด หรือรับค่าจากตัวเลือก (ไม่ถามเมื่อ stdin ไม่ใช่เทอร์มินัล)
Asks for each field in Thai, checking every answer (with suggestions on a typo), or takes flags
(non-interactive when stdin is not a terminal). Writes content/articles/YYYY/SLUG.md, where the
slug is ASCII and stable: date + province slug + a short hash of the title. Never overwrites a file,
and validates what it wrote. Dates in BE or CE (2563-10-30, 30 ต.ค. 63, 15/03/2567, 2/2/66) are
accepted, shown back in Thai, and written as ISO CE (2020-10-30). Missions may be left empty; a
mission's everyday Thai name (ความยากจน) is understood. An empty Tags field is filled in at build time.

The body: pasted or typed up to a line with only a dot (.) — blank lines (as copied from Word) are
kept, and whatever is left in the terminal afterwards is discarded, never run by the shell; or
--body-file FILE, or --body-clipboard. Photos: --image FILE (repeatable) with --alt TEXT for each
(what the photo shows, for readers who cannot see it): checked (a real JPEG, PNG or WebP under the size
limit), copied into content/images/ named by their SHA-256 as the normaliser names them, and written
as figures; the first is the article's Image.

    python scripts/new_article.py
    python scripts/new_article.py --title "พช.ขก. จัดประชุม..." --date "30 ตุลาคม 2563" \\
        --province ขอนแก่น --mission organization --mission poverty --body-file ข่าว.txt \\
        --image ภาพ1.jpg --alt "นายอำเภอมอบเงินทุนแก่กลุ่มสตรี"
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

from cdd_images.check import ImageRejected, check_image
from cdd_thai import dates, missions, provinces, validation
from cdd_thai.text import split_list
from scripts.ingest.figures import Figure, copy_into  # the normaliser's figures: one naming, one markup

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content" / "articles"
BODY_PLACEHOLDER = "<!-- เขียนเนื้อข่าวต่อจากบรรทัดนี้ / write the article below this line -->"
END_MARKERS = (".", "จบ")  # a line with only this ends the body
# Commands that print the clipboard, tried in order (Linux X11/Wayland, macOS, Windows).
CLIPBOARD_COMMANDS = (["wl-paste", "--no-newline"], ["xclip", "-selection", "clipboard", "-o"],
                      ["xsel", "--clipboard", "--output"], ["pbpaste"],
                      ["powershell.exe", "-NoProfile", "-Command", "Get-Clipboard"])


class Invalid(ValueError):
    """An answer that cannot be used; the message is in Thai and English."""


def clean_title(value: str) -> str:
    title = " ".join(value.split())
    if not title:
        raise Invalid("ต้องมีหัวข้อข่าว / The title is required")
    return title


def clean_date(value: str, *, today: dt.date | None = None) -> dt.date:
    """A BE or CE date in any form the date module reads (2563-10-30, 2020-10-30, 30 ตุลาคม 2563,
    15/03/2567, 2/2/66, 15 มี.ค. 67); empty means today."""
    if not value.strip():
        return today or dt.date.today()
    try:
        return dates.parse_date_value(value, today=today)
    except dates.ThaiDateError as exc:
        raise Invalid(str(exc)) from None


def thai_date(date: dt.date) -> str:
    """How the date is shown back before saving: 15 มีนาคม 2567 (2024-03-15)."""
    return f"{dates.format_thai_date(date)} ({date.isoformat()})"


def clean_provinces(values: list[str]) -> list[provinces.Province]:
    """Provinces by name (aliases such as กทม. or โคราช allowed); a typo gets the closest names."""
    names = [name for value in values for name in split_list(value)]
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
    """Mission slugs, possibly none (Missions may be empty). A number from the list, a slug, or a name:
    the Thai or English name or a part of it, or a word of the mission's keywords (ความยากจน, ผ้าไทย),
    when it points to one mission; several get the list to choose from."""
    items = [item for value in values for item in split_list(value)]
    slugs = []
    for item in items:
        if item.isdigit() and 1 <= int(item) <= len(missions.MISSIONS):
            slug = missions.MISSIONS[int(item) - 1].slug
        elif missions.mission_by_slug(item):
            slug = item
        else:
            candidates = validation.mission_candidates(item)
            if len(candidates) > 1:
                names = "; ".join(f"{missions.MISSIONS.index(missions.mission_by_slug(c)) + 1}. "
                                  f"{missions.mission_by_slug(c).name_th} ({c})" for c in candidates)
                raise Invalid(f'"{item}" ตรงกับหลายภารกิจ: {names} — ใส่หมายเลขหรือ slug / '
                              f'"{item}" matches several missions: {names} — give the number or the slug')
            if not candidates:
                raise Invalid(" / ".join(validation.check_mission(item)))
            slug = candidates[0]
        if slug not in slugs:
            slugs.append(slug)
    return slugs


def clean_tags(value: str) -> list[str]:
    return split_list(value or "")


make_slug = validation.make_slug  # ASCII and stable: 2020-10-30-khon-kaen-46e72196


def photo(path: Path, alt: str, caption: str = "") -> Figure:
    """A photo the officer gave, checked as the normaliser checks scraped ones (cdd_images.check)."""
    alt = " ".join(alt.split())
    try:
        checked = check_image(path.read_bytes())
    except OSError as exc:
        raise Invalid(f"{path}: อ่านไฟล์ภาพไม่ได้ ({exc.strerror}) / cannot read the photo ({exc.strerror})") from None
    except ImageRejected as exc:
        raise Invalid(f"{path}: {exc}") from None
    if not alt:
        raise Invalid(f"{path}: ต้องมีคำบรรยายภาพ (--alt) บอกสั้น ๆ ว่าในภาพมีอะไร / "
                      f"the photo needs alt text (--alt): say briefly what it shows")
    return Figure(name=checked.name, source=path, alt=alt, caption=" ".join(caption.split()),
                  width=checked.width, height=checked.height)


def render(title: str, date: dt.date, places: list[provinces.Province], mission_slugs: list[str],
           tags: list[str], body: str, slug: str, author: str = "", figures: list[Figure] = ()) -> str:
    """The Markdown file, written like the normaliser's (figures after the text, the first one the
    article's Image); an empty ``Tags:`` line is kept for the officer."""
    meta = {"Title": title, "Date": date.isoformat(), "Provinces": ", ".join(p.name_th for p in places),
            "Missions": ", ".join(mission_slugs), "Tags": ", ".join(tags), "Author": author, "Slug": slug,
            "Lang": "th", "Image": figures[0].url if figures else ""}
    blocks = [body.strip() or BODY_PLACEHOLDER] + [f.markdown() for f in figures]
    return validation.render_article(meta, "\n\n".join(blocks) + "\n", keep_empty=("Tags",))


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
    """Lines up to one holding only "." (or จบ) or Ctrl-D: blank lines in a paste are the body's own."""
    err.write("เนื้อข่าว: วางหรือพิมพ์ได้หลายย่อหน้า (บรรทัดว่างเก็บไว้ตามเดิม) จบด้วยบรรทัดที่มีแค่จุด . แล้วกด Enter "
              "(หรือ Ctrl-D); บรรทัด . ทันที = เขียนทีหลังในไฟล์ / Body: paste or type, then a line with only "
              "a dot (.) to end\n")
    lines: list[str] = []
    while True:
        try:
            line = input_fn("")
        except EOFError:
            break
        if line.strip() in END_MARKERS:
            break
        lines.append(line.rstrip("\r"))
    return "\n".join(lines).strip()


def read_clipboard(commands=CLIPBOARD_COMMANDS) -> str:
    """The clipboard's text, from the first clipboard tool this computer has."""
    for command in commands:
        if shutil.which(command[0]) is None:
            continue
        done = subprocess.run(command, capture_output=True, timeout=10)
        if done.returncode == 0:
            return done.stdout.decode("utf-8", errors="replace").replace("\r\n", "\n")
    raise Invalid("อ่านคลิปบอร์ดไม่ได้ (ไม่พบ wl-paste, xclip, xsel, pbpaste หรือ powershell) — ใช้ --body-file แทน / "
                  "cannot read the clipboard (no wl-paste, xclip, xsel, pbpaste or powershell): use --body-file")


def discard_typed_ahead(stream=None) -> None:
    """Throw away what is still waiting in the terminal (the rest of a paste), so that the shell,
    which reads the terminal next, never runs it as commands."""
    stream = stream or sys.stdin
    try:
        import termios

        if stream.isatty():
            termios.tcflush(stream.fileno(), termios.TCIFLUSH)
    except (ImportError, OSError, ValueError):  # Windows, or not a terminal
        pass


def ask_photos(input_fn, err) -> list[Figure]:
    """Photo files one per answer (empty = no more), each with its alt text."""
    figures = []
    while True:
        answer = input_fn("ภาพประกอบ: ชื่อไฟล์ภาพ (ลากไฟล์มาวางได้; เว้นว่าง = ไม่มีภาพเพิ่ม): ").strip().strip("'\"")
        if not answer:
            return figures
        path = Path(answer).expanduser()
        try:
            photo(path, "-")  # the file itself first: a broken one is not asked about
        except Invalid as exc:
            err.write(f"  ✗ {exc}\n")
            continue
        figure = ask("  คำบรรยายภาพ (ในภาพมีอะไร สำหรับผู้ที่มองไม่เห็นภาพ): ", lambda v, path=path: photo(path, v), input_fn, err)
        figure.caption = " ".join(input_fn("  คำอธิบายใต้ภาพ (เว้นว่างได้): ").split())
        figures.append(figure)


def main(argv: list[str] | None = None, *, input_fn: Callable[[str], str] = input,
         interactive: bool | None = None, today: dt.date | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--title", help="หัวข้อข่าว / headline")
    parser.add_argument("--date", help="วันที่ พ.ศ. หรือ ค.ศ. / date, BE or CE (30 ตุลาคม 2563, 2563-10-30, 15/03/2567)")
    parser.add_argument("--province", action="append", default=[],
                        help="จังหวัด (ใส่ซ้ำได้; ส่วนกลาง ได้) / province (repeatable)")
    parser.add_argument("--mission", action="append", default=[],
                        help="ภารกิจ: slug หรือชื่อ (ใส่ซ้ำได้ ไม่ใส่ก็ได้) / mission slug or name (repeatable, optional)")
    parser.add_argument("--no-mission", action="store_true", help="ไม่ระบุภารกิจ (ไม่ถาม) / no mission, do not ask")
    parser.add_argument("--tags", default=None, help="แท็ก คั่นด้วยจุลภาค; เว้นว่างให้ระบบเติมเอง / "
                                                       "comma-separated tags; empty: filled in at build")
    parser.add_argument("--author", default="", help="ผู้เขียนข่าว / byline")
    body = parser.add_mutually_exclusive_group()
    body.add_argument("--body-file", type=Path, help="ไฟล์เนื้อข่าว ('-' = stdin) / body file ('-' = stdin)")
    body.add_argument("--body-clipboard", action="store_true", help="เนื้อข่าวจากคลิปบอร์ด / body from the clipboard")
    parser.add_argument("--image", action="append", default=[], type=Path,
                        help="ไฟล์ภาพ JPEG/PNG/WebP (ใส่ซ้ำได้) / photo file (repeatable)")
    parser.add_argument("--alt", action="append", default=[],
                        help="คำบรรยายภาพ ตามลำดับ --image / alt text of each --image, in order")
    parser.add_argument("--caption", action="append", default=[],
                        help="คำอธิบายใต้ภาพ ตามลำดับ --image (ไม่บังคับ) / caption of each --image (optional)")
    parser.add_argument("--content", type=Path, default=CONTENT,
                        help="โฟลเดอร์ข่าว / articles folder (content/articles)")
    parser.add_argument("--images", type=Path, help="โฟลเดอร์ภาพ / photos folder (beside the articles: content/images)")
    args = parser.parse_args(argv)
    err = sys.stderr
    if interactive is None:
        interactive = sys.stdin.isatty()
    try:
        return _write_article(args, input_fn, interactive, today, err)
    finally:
        if interactive and input_fn is input:
            discard_typed_ahead()


def _write_article(args, input_fn, interactive: bool, today, err) -> int:
    images_dir = args.images or args.content.parent / "images"
    try:
        new = _from_flags(args, today)
    except Invalid as exc:
        err.write(f"{exc}\n")
        return 2
    except OSError as exc:
        err.write(f"{args.body_file}: อ่านไฟล์ไม่ได้ ({exc.strerror}) / cannot read the file\n")
        return 2
    missing = [name for name, value in (("--title", new.title), ("--date", new.date), ("--province", new.places))
               if value is None]
    if missing and not interactive:
        err.write(f"ขาด {' '.join(missing)} (stdin ไม่ใช่เทอร์มินัล จึงถามไม่ได้) / "
                  f"missing {' '.join(missing)} (stdin is not a terminal, so nothing can be asked)\n")
        return 2
    if interactive and (missing or new.mission_slugs is None):
        err.write("ข่าวใหม่ / New article — ตอบทีละช่อง, Ctrl-C เพื่อยกเลิก\n")
    _ask_the_rest(new, args, input_fn, interactive, today, err)
    return _save(new, args, images_dir, err)


def _from_flags(args, today) -> SimpleNamespace:
    """What the flags give; None where a prompt must ask. Raises Invalid (or OSError for the body file)."""
    if len(args.alt) > len(args.image) or len(args.caption) > len(args.image):
        raise Invalid("มี --alt หรือ --caption มากกว่า --image / more --alt or --caption than --image")
    body = None
    if args.body_clipboard:
        body = read_clipboard()
    elif args.body_file is not None:
        body = sys.stdin.read() if str(args.body_file) == "-" else args.body_file.read_text(encoding="utf-8")
    return SimpleNamespace(
        title=clean_title(args.title) if args.title is not None else None,
        date=clean_date(args.date, today=today) if args.date is not None else None,
        places=clean_provinces(args.province) if args.province else None,
        mission_slugs=clean_missions(args.mission) if args.mission or args.no_mission else None,
        figures=[photo(path, (args.alt[i:i + 1] or [""])[0], (args.caption[i:i + 1] or [""])[0])
                 for i, path in enumerate(args.image)],
        body=body,
        tags=clean_tags(args.tags) if args.tags is not None else None)


def _ask_the_rest(new: SimpleNamespace, args, input_fn, interactive: bool, today, err) -> None:
    """Prompts for what the flags left open, each answer checked at once and shown back."""
    if new.title is None:
        new.title = ask("หัวข้อข่าว: ", clean_title, input_fn, err)
    if new.date is None:
        new.date = ask("วันที่ (เช่น 30 ตุลาคม 2563, 2563-10-30 หรือ 30/10/2563; เว้นว่าง = วันนี้): ",
                       lambda v: clean_date(v, today=today), input_fn, err)
    err.write(f"  → วันที่ {thai_date(new.date)}\n")  # the date understood, shown back before anything is saved
    if new.places is None:
        new.places = ask("จังหวัด (คั่นด้วยจุลภาค; ข่าวของกรมใช้ ส่วนกลาง): ",
                         lambda v: clean_provinces([v]), input_fn, err)
    if new.mission_slugs is None:
        if interactive:
            for i, mission in enumerate(missions.MISSIONS, 1):
                err.write(f"  {i:2d}. {mission.name_th} ({mission.slug})\n")
            new.mission_slugs = ask("ภารกิจ (หมายเลข ชื่อ หรือ slug คั่นด้วยจุลภาค; เว้นว่างได้): ",
                                    lambda v: clean_missions([v]), input_fn, err)
        else:
            new.mission_slugs = []
    if new.mission_slugs:
        err.write(f"  → ภารกิจ {', '.join(missions.mission_by_slug(m).name_th for m in new.mission_slugs)}\n")
    if new.tags is None:
        new.tags = clean_tags(input_fn("แท็ก (คั่นด้วยจุลภาค; เว้นว่างให้ระบบเติมเอง): ")) if interactive else []
    if new.body is None:
        new.body = read_body_interactively(input_fn, err) if interactive else ""
    if interactive and not args.image:
        new.figures = ask_photos(input_fn, err)


def _save(new: SimpleNamespace, args, images_dir: Path, err) -> int:
    """Writes the file (never over another), copies the photos, and validates what it wrote."""
    slug = make_slug(new.date, new.places[0], new.title)
    path = args.content / str(new.date.year) / f"{slug}.md"
    if path.exists():
        err.write(f"{_shown(path)}: มีไฟล์นี้อยู่แล้ว ไม่เขียนทับ / already exists, not overwritten\n")
        return 1
    copy_into(new.figures, images_dir)  # named by content: a photo already there is the same photo
    text = render(new.title, new.date, new.places, new.mission_slugs, new.tags, new.body, slug, args.author,
                  new.figures)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8") as handle:  # "x": never overwrite, even in a race
        handle.write(text)
    problems = validation.errors(validation.check_files([path], display=_shown, content=images_dir.parent))
    if problems:  # cannot happen with the checks above; never leave a broken file behind
        path.unlink()
        for problem in problems:
            err.write(f"{problem}\n")
        return 1
    for figure in new.figures:
        err.write(f"ภาพ / photo: {figure.source} → {_shown(images_dir / figure.name)}\n")
    err.write(f"เขียนแล้ว / written: {_shown(path)}\n"
              f"ดูตัวอย่าง / preview: make serve แล้วเปิด http://127.0.0.1:8000/\n")
    sys.stdout.write(f"{path}\n")
    return 0


def _shown(path: Path) -> str:
    relative = os.path.relpath(path)
    return str(path) if relative.startswith("..") else relative


if __name__ == "__main__":
    sys.exit(main())

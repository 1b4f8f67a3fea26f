"""ตรวจไฟล์ข่าว Markdown ใน content/ / Check the Markdown articles in content/.

Checks every file's header: required fields (Title, Date, Provinces; Missions may be empty), a real
date (พ.ศ. or ค.ศ.: 2563-10-30, 2020-10-30, 30 ตุลาคม 2563), provinces from the 77 + ส่วนกลาง, known
mission slugs (a mission's Thai name gets its slug suggested), an ASCII Slug (a missing one is a
warning naming the stable slug to add), and slugs unique across all the files given. The usual header
slips get their own message: a tab or spaces before a field, "Title : x", Thai field names
(หัวข้อ: → Title:), a full-width colon. Photos (the Image field, ![alt](src) and <img> in the body):
the file exists in content/images/, is a real JPEG, PNG or WebP under the size limit
(cdd_images.check), and has alt text. A file in a content folder that is not .md (an article saved
as .txt or .docx, which the build skips without a word) is an error. Refused (errors): fields
that make Pelican act (Template, Save_as, URL, *_save_as, *_url, ... unless CDD_VALIDATE
["allow_fields"] in the settings lists them), a Status other than published/draft/hidden,
invisible, control and bidi characters in a field, references ({attach}, {static}, {filename})
to files outside the content folder, a file that is a link to a file outside it, a file that is
binary or not UTF-8 (UTF-16 with a BOM is read). Raw HTML in the body is a warning naming what the
build removes (script, event handlers, javascript: links, ...). Every problem names the file and
the line, in Thai and English. Files under a pages/ folder only need a Title.

Exit status: 0 when there is no error (warnings allowed), 1 when there is at least one error.

    python scripts/validate.py                 # content/
    python scripts/validate.py content/articles/2020/x.md
"""
from __future__ import annotations

import argparse
import os
import runpy
import sys
from pathlib import Path

from cdd_thai import validation

ROOT = Path(__file__).resolve().parent.parent


def shown(path: Path) -> str:
    """The path as the officer typed it: relative to the current folder when inside it."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def allowed_fields(settings: Path) -> list[str]:
    """CDD_VALIDATE["allow_fields"] of the Pelican settings file (none when it is absent)."""
    if not settings.is_file():
        return []
    values = runpy.run_path(str(settings))
    return list((values.get("CDD_VALIDATE") or {}).get("allow_fields") or ())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", type=Path, default=[ROOT / "content"],
                        help="ไฟล์หรือโฟลเดอร์ / files or folders (content/)")
    parser.add_argument("-q", "--quiet", action="store_true", help="ไม่แสดงคำเตือน / hide warnings")
    parser.add_argument("-s", "--settings", type=Path, default=ROOT / "pelicanconf.py",
                        help="การตั้งค่า Pelican ที่อ่าน CDD_VALIDATE / Pelican settings read for CDD_VALIDATE")
    args = parser.parse_args(argv)
    missing = [p for p in args.paths if not p.exists()]
    for path in missing:
        sys.stderr.write(f"{shown(path)}: ไม่พบไฟล์ / no such file or folder\n")
    problems = validation.check_files([p for p in args.paths if p.exists()], display=shown,
                                      allow_fields=allowed_fields(args.settings))
    problems.sort(key=lambda p: (p.path, p.line))
    errors = validation.errors(problems)
    for problem in problems:
        if problem.severity == validation.ERROR or not args.quiet:
            label = "ผิดพลาด/error" if problem.severity == validation.ERROR else "คำเตือน/warning"
            sys.stderr.write(f"{problem}  [{label}]\n")
    files = len({p.path for p in errors})
    if errors or missing:
        sys.stderr.write(f"พบข้อผิดพลาด {len(errors)} รายการใน {files} ไฟล์ / "
                         f"{len(errors)} error(s) in {files} file(s)\n")
        return 1
    sys.stderr.write("ทุกไฟล์ถูกต้อง / all files are valid\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

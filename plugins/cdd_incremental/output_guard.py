"""What a build may read and write: nothing outside the content folder is published, nothing is
written outside the output folder, one bad file never stops the build, unpublished stays unpublished.

Plain functions (the tests call them); cdd_incremental.register wires them to Pelican:

- ``check_contents`` (article_generator_pretaxonomy, page_generator_finalized): an article or page
  whose source is a symlink leaving the content folder, whose ``save_as`` leaves the output folder
  (Pelican's own check compares string prefixes, so ``../output2/x`` passes it, and only logs
  without the file), or whose ``Template`` does not exist (Pelican stops the whole build with
  PelicanTemplateNotFound) is dropped with an ERROR naming the file; the rest of the site builds.
  Hidden and draft articles get no page at all (drafts: DRAFT_SAVE_AS; hidden: here).
- ``check_static_files`` (just before Pelican copies static files): a static file reached through
  ``{static}``/``{attach}`` or a symlink whose real path is outside the content folder, or whose
  output path is outside the output folder, is not copied (ERROR naming it and the articles that
  reference it).
"""
from __future__ import annotations

import logging
import os

from cdd_patches.contents import no_output_file, source_html

logger = logging.getLogger(__name__)

ARTICLE_LISTS = ("articles", "translations", "hidden_articles", "hidden_translations", "drafts",
                 "drafts_translations")
PAGE_LISTS = ("pages", "translations", "hidden_pages", "hidden_translations", "draft_pages",
              "draft_translations")
UNPUBLISHED_ARTICLE_LISTS = ("hidden_articles", "hidden_translations", "drafts", "drafts_translations")
UNPUBLISHED_PAGE_LISTS = ("draft_pages", "draft_translations")


def real_path(path: str, folders: dict | None = None) -> str:
    """``os.path.realpath(path)``; with ``folders`` (a dict kept for one pass over many files) the
    folder part is resolved once per folder: the real path of ``a/b`` is that of ``a``, resolved,
    joined with ``b`` unless ``b`` itself is a symlink (or ``..``/``.``, resolved in full)."""
    if folders is None:
        return os.path.realpath(path)
    head, tail = os.path.split(path)
    if not head or tail in ("", ".", "..") or os.path.islink(path):
        return os.path.realpath(path)
    real_head = folders.get(head)
    if real_head is None:
        real_head = folders[head] = os.path.realpath(head)
    return os.path.join(real_head, tail)


def inside(base: str, path: str, folders: dict | None = None) -> bool:
    """Whether ``path`` is ``base`` or below it once symlinks and ``..`` are resolved (``folders``:
    see real_path)."""
    base_real = real_path(base, folders) if folders is not None else os.path.realpath(base)
    return os.path.commonpath([base_real, real_path(path, folders)]) == base_real


def output_target(output_path: str, save_as: str, folders: dict | None = None) -> str | None:
    """The file ``save_as`` names under ``output_path``, or None when it would be outside."""
    target = os.path.join(output_path, save_as)
    return target if not os.path.isabs(save_as) and inside(output_path, target, folders) else None


def shown(path: str) -> str:
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


def content_problems(content, content_path: str, output_path: str, get_template,
                     folders: dict | None = None) -> list[str]:
    """Why an article or page must not be written (Thai / English), or [] (``folders``: see real_path)."""
    problems = []
    source = getattr(content, "source_path", None)
    if source and not inside(content_path, source, folders):
        problems.append(f"ไฟล์อยู่นอกโฟลเดอร์ content (ลิงก์สัญลักษณ์ไปที่ {os.path.realpath(source)}) / "
                        f"the file is outside the content folder (a symlink to {os.path.realpath(source)})")
    try:
        save_as = content.save_as
    except Exception as exc:  # a URL pattern that cannot be filled in from this file's fields
        problems.append(f"สร้างที่อยู่หน้าเว็บไม่ได้ / cannot make the page's path: {exc!r}")
        save_as = ""
    if save_as and output_target(output_path, save_as, folders) is None:
        problems.append(f"Save_as/Slug {save_as!r} จะเขียนไฟล์นอกโฟลเดอร์ output / "
                        f"would write outside the output folder")
    template = getattr(content, "template", None)
    if save_as and template:
        try:
            get_template(template)
        except Exception as exc:
            problems.append(f"ไม่มีแม่แบบ (Template) {template!r} / no such template {template!r} "
                            f"({type(exc).__name__})")
    return problems


def check_contents(generator, lists=ARTICLE_LISTS, unpublished=UNPUBLISHED_ARTICLE_LISTS) -> list[str]:
    """Drop the contents of ``generator`` that must not be written (ERROR with the file); give
    hidden and draft ones no page. Returns the error messages."""
    settings = generator.settings
    content_path, output_path = settings["PATH"], settings["OUTPUT_PATH"]
    messages, dropped = [], set()
    folders: dict = {}  # the real path of each folder, resolved once in this pass
    for name in lists:
        for content in getattr(generator, name, None) or ():
            problems = content_problems(content, content_path, output_path, generator.get_template, folders)
            if not problems:
                continue
            where = shown(getattr(content, "source_path", "?"))
            for problem in problems:
                message = f"{where}: {problem}"
                logger.error("%s", message)
                messages.append(message)
            logger.error("%s: ไม่เผยแพร่ไฟล์นี้จนกว่าจะแก้ไข / not published until fixed", where)
            dropped.add(id(content))
    if dropped:
        for name in lists:  # in place: the template context may already hold these lists
            items = getattr(generator, name, None)
            if isinstance(items, list):
                items[:] = [c for c in items if id(c) not in dropped]
        for name in lists:
            for content in getattr(generator, name, None) or ():
                if getattr(content, "translations", None):
                    content.translations = [t for t in content.translations if id(t) not in dropped]
    for name in unpublished:
        for content in getattr(generator, name, None) or ():
            no_output_file(content)
    return messages


def check_pages(generator) -> list[str]:
    return check_contents(generator, PAGE_LISTS, UNPUBLISHED_PAGE_LISTS)


def _referrers(context, static) -> list[str]:
    """Source files whose text mentions the static file (to name them in the error)."""
    name = os.path.basename(static.source_path)
    found = []
    for content in (context.get("generated_content") or {}).values():
        text = source_html(content) or ""
        if name and name in text and ("{static}" in text or "{attach}" in text or "|static|" in text):
            found.append(shown(content.source_path))
    return sorted(set(found))


def static_problem(static, content_path: str, output_path: str) -> str | None:
    source = os.path.join(content_path, static.source_path)
    if not inside(content_path, source):
        return (f"อยู่นอกโฟลเดอร์ content ({os.path.realpath(source)}) / outside the content folder "
                f"({os.path.realpath(source)})")
    if output_target(output_path, static.save_as) is None:
        return f"จะเขียนไฟล์นอกโฟลเดอร์ output ({static.save_as}) / would be written outside the output folder"
    return None


def check_static_files(context, settings) -> list[str]:
    """Remove from ``context["staticfiles"]`` (in place: Pelican's StaticGenerator holds the same
    list) every file that must not be copied; returns the error messages."""
    files = context.get("staticfiles")
    if not files:
        return []
    content_path, output_path = settings["PATH"], settings["OUTPUT_PATH"]
    keep, messages = [], []
    for static in files:
        problem = static_problem(static, content_path, output_path)
        if problem is None:
            keep.append(static)
            continue
        referrers = _referrers(context, static)
        by = f" ({', '.join(referrers)})" if referrers else ""
        message = (f"{shown(os.path.join(content_path, static.source_path))}: ไม่คัดลอกไฟล์ที่อ้างถึง{by} / "
                   f"referenced file not copied{by}: {problem}")
        logger.error("%s", message)
        messages.append(message)
    files[:] = keep
    return messages

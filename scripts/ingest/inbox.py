"""The review inbox: inputs held back, and articles published on a guess, waiting for a person.

One folder (default ``raw/review/`` for the project's content, else ``review/`` beside the output
folder) holds, per item ``ID`` (the input's name and a hash of its path):

- ``ID.review.json``: the record: what was read, what is missing, why (Thai and English);
- for a held input, ``ID.EXT`` its untouched copy (``ID.meta.json`` the scraper's metadata beside it,
  ``ID.EXT.reason.txt`` the reason), or ``ID.EXT.link.txt`` naming a symbolic link's target: a link is
  stored as a note, never followed, so no file of the server is ever copied in;
- ``released/ID.json``: the fields a reviewer supplied (scripts/review.py release); the normaliser applies
  them whenever it meets the input again, so a released item never comes back.

The normaliser writes and clears records; scripts/review.py lists them and releases them through the
same pipeline.build_article and write_article.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import shutil
from pathlib import Path

from cdd_thai.text import atomic_write

from .pipeline import Overrides

ROOT = Path(__file__).resolve().parents[2]
RECORD = ".review.json"
RELEASED = "released"
FIELD_NAMES = {"date": ("วันที่", "date"), "province": ("จังหวัด", "province"), "mission": ("ภารกิจ", "mission")}


def default_inbox(out_dir: Path) -> Path:
    """raw/review for the project's own content folder, else review/ beside the output folder."""
    out = Path(os.path.abspath(out_dir))
    content = ROOT / "content"
    if out == content or content in out.parents:
        return ROOT / "raw" / "review"
    return out.parent / "review"


@functools.lru_cache(maxsize=256)
def _real_folder(folder: str) -> str:
    return os.path.realpath(folder)


def item_id(path: Path) -> str:
    """The input's name and a hash of where it is (the link itself, not its target)."""
    where = os.path.join(_real_folder(str(path.parent)), path.name)
    return f"{path.stem}-{hashlib.sha1(where.encode('utf-8')).hexdigest()[:8]}"


# A file of the inbox is ITEM.SUFFIX and an item id ends in "-" and 8 hex digits (item_id); the
# input's own name may hold dots and such runs, its suffix (.txt, .reason.txt, .meta.json) not.
_ITEM_FILE = re.compile(r"(.+-[0-9a-f]{8})\.")


def _dump(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def _write_if_changed(path: Path, text: str) -> None:
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        atomic_write(path, text)


class Inbox:
    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self._files: dict[str, set[str]] | None = None  # item -> its files here, listed once (_files_of)

    # ------------------------------------------------------------------------------ reading

    def records(self) -> list[dict]:
        out = []
        for path in sorted(self.folder.glob(f"*{RECORD}")) if self.folder.is_dir() else []:
            try:
                out.append(json.loads(path.read_text(encoding="utf-8")))
            except (OSError, ValueError):
                continue
        return out

    def count(self) -> int:
        return len(list(self.folder.glob(f"*{RECORD}"))) if self.folder.is_dir() else 0

    def get(self, item: str) -> dict | None:
        """A record by its id (or the name of its record or held file)."""
        name = Path(item).name
        for suffix in (RECORD, ".json"):
            name = name.removesuffix(suffix)
        path = self.folder / f"{name}{RECORD}"
        if not path.is_file():
            match = [r for r in self.records() if r.get("held") == name or r["id"].startswith(name)]
            return match[0] if len(match) == 1 else None
        return json.loads(path.read_text(encoding="utf-8"))

    def decision(self, item: str) -> Overrides | None:
        path = self.folder / RELEASED / f"{item}.json"
        if not path.is_file():
            return None
        try:
            return Overrides.from_json(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError):
            return None

    # ------------------------------------------------------------------------------ writing

    def hold(self, path: Path, *, reason: str, missing: list[str], read: dict, source: str | None,
             articles: Path) -> tuple[dict, Path | None]:
        """Keep a held input (a copy, or a note naming a link's target) and its record."""
        self.folder.mkdir(parents=True, exist_ok=True)
        item = item_id(path)
        held = link = None
        copy = self.folder / f"{item}{path.suffix}"
        if path.is_symlink():
            link = os.readlink(path)
            note = self.folder / f"{copy.name}.link.txt"
            _write_if_changed(note, f"ลิงก์สัญลักษณ์ / symbolic link: {path}\nชี้ไปที่ / target: {link}\n")
            self._wrote(note)
            stored = note
        elif path.is_file():
            shutil.copy2(path, copy)
            self._wrote(copy)
            sidecar = path.with_name(path.name.rsplit(".", 1)[0] + ".meta.json")
            if sidecar.is_file() and not sidecar.is_symlink():
                shutil.copy2(sidecar, self.folder / f"{item}.meta.json")
                self._wrote(self.folder / f"{item}.meta.json")
            held, stored = copy.name, copy
            _write_if_changed(copy.with_name(copy.name + ".reason.txt"), f"{path}\n{reason}\n")
            self._wrote(copy.with_name(copy.name + ".reason.txt"))
        else:
            stored = None
        record = {"id": item, "kind": "held", "input": str(path), "source": source, "held": held,
                  "link_target": link, "output": None, "articles": str(articles),
                  "reason": reason, "missing": missing, "read": read}
        _write_if_changed(self.folder / f"{item}{RECORD}", _dump(record))
        return record, stored

    def check(self, path: Path, *, output: Path, guesses: list, read: dict, source: str,
              articles: Path) -> dict:
        """An article published on a guess: listed until a person confirms or corrects it."""
        self.folder.mkdir(parents=True, exist_ok=True)
        item = item_id(path)
        self._remove_held(item)  # held before, published now
        record = {"id": item, "kind": "check", "input": str(path), "source": source, "held": None,
                  "link_target": None, "output": str(output), "articles": str(articles),
                  "reason": "; ".join(str(g) for g in guesses), "missing": [g.field for g in guesses],
                  "read": read}
        _write_if_changed(self.folder / f"{item}{RECORD}", _dump(record))
        return record

    def _files_of(self, item: str) -> set[str]:
        """Names of the item's files in the folder. The folder is listed once per Inbox, not once
        per input: a normaliser run clears every input it publishes, and the inbox may hold
        thousands of files."""
        if self._files is None:
            self._files = {}
            for entry in os.scandir(self.folder) if self.folder.is_dir() else ():
                if not entry.is_dir():
                    self._wrote(Path(entry.name))
        return self._files.setdefault(item, set())

    def _remove_held(self, item: str) -> None:
        names = self._files_of(item)
        for name in sorted(names - {f"{item}{RECORD}"}):
            (self.folder / name).unlink(missing_ok=True)
            names.discard(name)

    def _wrote(self, path: Path) -> None:
        """Count a file of the folder in the listing, if it was made."""
        owner = _ITEM_FILE.match(path.name)
        if self._files is not None and owner:
            self._files.setdefault(owner[1], set()).add(path.name)

    def clear(self, item: str) -> None:
        """The input needs no review (any more): its record and held copies go."""
        if not self.folder.is_dir():
            return
        self._remove_held(item)
        (self.folder / f"{item}{RECORD}").unlink(missing_ok=True)

    def save_decision(self, item: str, overrides: Overrides, record: dict) -> None:
        data = {**overrides.as_json(), "id": item, "input": record.get("input"), "source": record.get("source")}
        _write_if_changed(self.folder / RELEASED / f"{item}.json", _dump(data))

"""Fingerprints of what a page is rendered from: articles, their references, settings, code.

``describe`` turns a value into a deterministic string; an object it cannot describe without its
memory address raises ``Uncacheable``, and the page is then always rendered.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Callable, Iterable
from pathlib import Path

from pelican.contents import Content
from pelican.urlwrappers import URLWrapper

from cdd_patches.contents import own_attributes


class Uncacheable(ValueError):
    """A value with no stable description (its repr shows a memory address)."""


def sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


def describe(value, ref: Callable[[Content], str]) -> str:
    """A stable description of ``value``; Content objects are described by ``ref``."""
    kind = type(value)  # the common exact types first: this runs ~150 times per article
    if kind is str:  # length-prefixed: cheaper than repr on 5 KB of HTML, still unambiguous
        return f"s{len(value)}:{value}"
    if kind is list or kind is tuple:
        return "[" + ",".join([describe(item, ref) for item in value]) + "]"
    if value is None or kind is int or kind is bool or kind is float:
        return repr(value)
    if kind is dict:
        return _describe_dict(value, ref)
    if isinstance(value, str):
        return f"s{len(value)}:{value}"
    if value is None or isinstance(value, (int, float, bool)):
        return repr(value)
    if isinstance(value, Content):
        return ref(value)
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, URLWrapper):
        return f"{type(value).__name__}({value.name!r},{value.slug!r})"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join([describe(item, ref) for item in value]) + "]"
    if isinstance(value, (set, frozenset)):
        return "{" + ",".join(sorted([describe(item, ref) for item in value])) + "}"
    if isinstance(value, dict):
        return _describe_dict(value, ref)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _describe_dataclass(value, ref)
    text = repr(value)
    if " at 0x" in text or (text.startswith("<") and text.endswith(">")):
        raise Uncacheable(type(value).__name__)
    return text


# id -> (value, description) of frozen, hashable dataclass values that reference no Content (a
# province, a mission with its keyword patterns: ~300 describe calls each, on every article that
# names it); the value is kept so that its id is not reused.
_FROZEN: dict[int, tuple[object, str]] = {}


def _describe_dataclass(value, ref) -> str:
    memo = _FROZEN.get(id(value))
    if memo is not None and memo[0] is value:
        return memo[1]
    referenced = []

    def counting(content):
        referenced.append(content)
        return ref(content)

    fields = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    text = f"{type(value).__name__}{describe(fields, counting)}"
    if not referenced and getattr(value.__dataclass_params__, "frozen", False):
        try:
            hash(value)  # every field hashable: nothing in it can change
        except TypeError:
            return text
        _FROZEN[id(value)] = (value, text)
    return text


def _dict_order(item) -> tuple:
    return (type(item[0]).__name__, str(item[0]))


def _describe_dict(value: dict, ref) -> str:
    items = sorted(value.items(), key=_dict_order)
    return "{" + ",".join([f"{describe(k, ref)}:{describe(v, ref)}" for k, v in items]) + "}"


class Fingerprints:
    """Memoised fingerprints of the articles of one build."""

    def __init__(self):
        self._shallow: dict[int, str] = {}
        self._references: dict[int, list[Content]] = {}
        self._deep: dict[int, str] = {}

    @staticmethod
    def identity(content: Content) -> str:
        return f"<{content.source_path}>"

    def shallow(self, content: Content) -> str:
        """The article as another page shows it: all its data; each article it references is only a
        marker (a listing showing this article does not change when its related list does; its own
        page does, and ``deep`` adds what the references show, in order)."""
        key = id(content)
        if key not in self._shallow:
            references: list[Content] = []

            def ref(other: Content) -> str:
                references.append(other)
                return "<ref>"

            # the settings are in the build key; the site-wide context is not a page's own
            self._shallow[key] = sha1(describe(own_attributes(content), ref))
            self._references[key] = references
        return self._shallow[key]

    def shallow_ids(self) -> set[int]:
        return set(self._shallow)

    def shallow_since(self, known: set[int]) -> dict[int, str]:
        """The shallow fingerprints computed since ``shallow_ids`` gave ``known`` (for the parent)."""
        return {key: value for key, value in self._shallow.items() if key not in known}

    def adopt(self, shallow: dict[int, str]) -> None:
        """Fingerprints a forked worker computed for the same objects (ids survive a fork)."""
        for key, value in shallow.items():
            self._shallow.setdefault(key, value)

    def deep(self, content: Content) -> str:
        """The article as its own page shows it: its data and every article it references."""
        key = id(content)
        if key not in self._deep:
            if key not in self._references:  # adopted from a worker: its references found again here
                self._shallow.pop(key, None)
            own = self.shallow(content)
            self._deep[key] = sha1(own + "|" + "|".join(self.shallow(other) for other in self._references[key]))
        return self._deep[key]


def files_fingerprint(roots: Iterable[Path], suffixes=None) -> str:
    """A hash of every file under ``roots`` (templates, plugin code and data)."""
    digest = hashlib.sha1()
    for root in roots:
        root = Path(root)
        if not root.exists():
            continue
        for path in sorted(root.rglob("*")):
            if not path.is_file() or "__pycache__" in path.parts or path.suffix == ".pyc":
                continue
            if suffixes and path.suffix not in suffixes:
                continue
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


# Where and how the build writes, not what the pages say: scripts/build.py writes each build into
# a new folder, whose pages are the same; the number of processes (CDD_JOBS) gives the same pages
# byte for byte (tests/test_parallel_build.py), so a build with another -j keeps the pages too.
WHERE_NOT_WHAT = frozenset({"OUTPUT_PATH", "CDD_PREVIOUS_OUTPUT", "CDD_JOBS"})


def settings_fingerprint(settings: dict) -> str:
    """A hash of the settings (values without a stable description count by their type)."""
    parts = []
    for key in sorted(set(settings) - WHERE_NOT_WHAT):
        try:
            parts.append(f"{key}={describe(settings[key], Fingerprints.identity)}")
        except (Uncacheable, RecursionError):
            parts.append(f"{key}=<{type(settings[key]).__name__}>")
    return sha1("\n".join(parts))

"""The one text layer: Thai normalisation, article HTML as text, list fields, atomic file writes.

Tags, search, listings, validation and the normaliser all see an article through these functions,
so they see the same text: before, each had its own HTML-to-text (with different block tags), its
own sara-am fix, list splitting and temporary-file dance.
"""
from __future__ import annotations

import contextlib
import html
import os
import re
import tempfile
import unicodedata
from pathlib import Path
from re import _compiler, _parser  # the regex module's own parser and compiler: what a pattern's matches open with

# --------------------------------------------------------------------------- Thai normalisation

THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_THAI_DIGIT = re.compile("[๐-๙]")
# SARA AM (ำ) has a compatibility decomposition, NIKHAHIT + SARA AA (ํา): NFKC (Pelican's slugify)
# and some keyboards produce it, and NFC does not compose it again. It looks the same but is
# another string, so it is composed here (normalize() in theme/static/js/search-core.js is the
# JavaScript twin, checked against this one by tests/js/ with plugins/thai_search/vectors.py).
SARA_AM_SPLIT = "\u0e4d\u0e32"
SARA_AM = "\u0e33"


def thai_digits_to_arabic(text: str) -> str:
    # str.translate walks every character; most texts have no Thai digit at all.
    return text.translate(THAI_DIGITS) if _THAI_DIGIT.search(text) else text


def compose_thai(text: str) -> str:
    """NFC with SARA AM composed: the form to store and show (case, digits and spaces kept)."""
    text = unicodedata.normalize("NFC", text)
    return text.replace(SARA_AM_SPLIT, SARA_AM) if SARA_AM_SPLIT in text else text


def normalize_text(text: str) -> str:
    """The form to match on: NFC, SARA AM composed, Thai digits to Arabic, Latin lower-cased,
    runs of whitespace folded to one space.

    Thai vowels and tone marks are kept: ขาว (white) and ข่าว (news) are different words.
    """
    text = thai_digits_to_arabic(compose_thai(text)).lower()
    return " ".join(text.split())  # str.split's whitespace is the regex \s: runs folded, ends trimmed


# --------------------------------------------------------------------------- HTML as text

# Elements whose end (or, for void ones, whose tag) ends a line of text. Inline tags are removed
# without a space: Thai words have no spaces, so <b>โค</b>ก is one word.
_BLOCKS = ("address|article|aside|blockquote|caption|dd|div|dl|dt|figcaption|figure|footer|h[1-6]|"
           "header|li|main|nav|ol|p|pre|section|table|td|th|tr|ul")
_BLOCK_BREAK = re.compile(rf"</(?:{_BLOCKS})\s*>|<(?:br|hr)\b[^>]*>", re.I)
_INVISIBLE = re.compile(r"<(script|style|template|noscript)\b.*?</\1\s*>|<!--.*?-->", re.I | re.S)
_TAG = re.compile(r"<[^>]*>")
_BLANKS = re.compile(r"[^\S\n]+")  # whitespace but newlines (nbsp included)


def html_to_text(content: str | None) -> str:
    """Rendered article HTML as plain text: one line per block, entities decoded, spaces folded,
    no empty lines; scripts, styles and comments are not text."""
    text = _BLOCK_BREAK.sub("\n", _INVISIBLE.sub(" ", content or ""))
    text = html.unescape(_TAG.sub("", text))
    lines = (_BLANKS.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def html_to_line(content: str | None) -> str:
    """html_to_text on one line (blocks separated by a space): summaries, descriptions."""
    return " ".join(html_to_text(content).split())


# --------------------------------------------------------------------------- regular expressions


_CATEGORIES = {_parser.CATEGORY_DIGIT: r"\d", _parser.CATEGORY_NOT_DIGIT: r"\D", _parser.CATEGORY_SPACE: r"\s",
               _parser.CATEGORY_NOT_SPACE: r"\S", _parser.CATEGORY_WORD: r"\w", _parser.CATEGORY_NOT_WORD: r"\W"}


def _class_items(kind, item) -> str | None:
    """One item of a parsed character class, written back as regex text."""
    if kind is _parser.LITERAL:
        return re.escape(chr(item))
    if kind is _parser.RANGE:
        return f"{re.escape(chr(item[0]))}-{re.escape(chr(item[1]))}"
    return _CATEGORIES.get(item) if kind is _parser.CATEGORY else None


def _first(items) -> tuple[set[str], bool] | None:
    """(character-class items a match of the parsed items can open with, whether it can be empty);
    None when unknown (a negated class, any character, a back reference, a group with flags of its own)."""
    out: set[str] = set()
    for op, value in items:
        if op is _parser.LITERAL:
            return out | {_class_items(op, value)}, False
        if op is _parser.IN:
            written = [_class_items(kind, item) for kind, item in value]
            return (None if None in written else (out | set(written), False))
        if op in (_parser.AT, _parser.ASSERT, _parser.ASSERT_NOT):
            continue  # zero-width: the match opens with what follows
        if op is _parser.SUBPATTERN:
            if value[1] or value[2]:
                return None  # (?i:...): its letters would need other flags than the lookahead's
            alternatives = [value[3]]
        elif op is _parser.BRANCH:
            alternatives = value[1]
        elif op in (_parser.MAX_REPEAT, _parser.MIN_REPEAT):
            alternatives = [value[2]] if value[1] else []
        else:
            return None
        empty = op in (_parser.MAX_REPEAT, _parser.MIN_REPEAT) and value[0] == 0
        for alternative in alternatives:
            first = _first(alternative)
            if first is None:
                return None
            out |= first[0]
            empty = empty or first[1]
        if not empty:
            return out, False
    return out, True


def opening_class(pattern: str, flags: int = 0) -> str:
    """A lookahead of the characters every match of ``pattern`` opens with ("" when unknown), to be
    compiled before it with the same ``flags`` (IGNORECASE folds the class as it folds the pattern): it
    leaves the matches as they are, and the regex engine tries the pattern only where one of those
    characters stands (far fewer places than every character of a Thai text). A pattern that opens
    with a plain class or literal gains nothing: the engine already scans for those (compile_at_openings
    adds none there)."""
    parsed = _parser.parse(pattern, flags)
    inline = parsed.state.flags & ~flags & (re.I | re.M | re.S | re.X | re.A | re.L)
    first = None if inline else _first(parsed)
    if first is None or first[1]:
        return ""  # inline flags must stay first; a match that may be empty opens anywhere
    return "(?=[" + "".join(sorted(first[0])) + "])"


def _openings(items, n: int) -> set[tuple[str, ...]] | None:
    """The first ``n`` characters a match of the parsed ``items`` can open with, each as the body of a
    character class ("น", "\\.", "\\d", "ก-๙"), shorter where a match may end sooner; None when unknown
    (as _first) or when there are too many to be worth a lookahead."""
    out: set[tuple[str, ...]] = {()}
    for op, value in items:
        if all(len(opening) >= n for opening in out):
            break
        if op in (_parser.AT, _parser.ASSERT, _parser.ASSERT_NOT):
            continue  # zero-width
        if op is _parser.LITERAL:
            steps = {(_class_items(op, value),)}
        elif op is _parser.IN:
            written = [_class_items(kind, item) for kind, item in value]
            if None in written:
                return None
            steps = {("".join(written),)}  # one character, of the class
        elif op is _parser.SUBPATTERN:
            steps = None if value[1] or value[2] else _openings(value[3], n)  # a group with flags: unknown
        elif op is _parser.BRANCH:
            steps = set()
            for alternative in value[1]:
                found = _openings(alternative, n)
                if found is None:
                    return None
                steps |= found
        elif op in (_parser.MAX_REPEAT, _parser.MIN_REPEAT):
            steps = _repeat_openings(value, n)
        else:
            return None
        if steps is None:
            return None
        out = {(opening + step)[:n] if len(opening) < n else opening for opening in out for step in steps}
        if len(out) > 64:
            return None
    return out


def _repeat_openings(value, n: int) -> set[tuple[str, ...]] | None:
    """_openings of a repeat (its least and greatest count, the parsed item repeated)."""
    low, high, item = value
    one = _openings(item, n)
    if one is None:
        return None
    steps, copies = set(), {()}
    for count in range(min(high, low + n) + 1):
        if count >= low:
            steps |= copies
            if all(len(c) >= n for c in copies):
                break  # more copies change nothing in the first n characters
        copies = {(c + o)[:n] for c in copies for o in one}
    return steps


def opening_pairs(pattern: str, flags: int = 0) -> str:
    """A lookahead of the two characters every match of ``pattern`` opens with ("" when unknown or no
    finer than opening_class): "(?=น[า.]|ว่|...)" for the honorifics, whose first letters (น, ร, ส, พ, เ)
    open a third of the places of a Thai text, and their first two far fewer. Same flags as the pattern."""
    parsed = _parser.parse(pattern, flags)
    inline = parsed.state.flags & ~flags & (re.I | re.M | re.S | re.X | re.A | re.L)
    found = None if inline else _openings(parsed, 2)
    if not found or () in found or all(len(opening) < 2 for opening in found):
        return ""
    seconds: dict[str, set[str] | None] = {}
    for opening in found:
        if len(opening) == 1:
            seconds[opening[0]] = None  # a match of one character: no second to ask for
        elif seconds.get(opening[0], set()) is not None:
            seconds.setdefault(opening[0], set()).add(opening[1])
    return "(?=" + "|".join(f"[{first}]" + (f"[{''.join(sorted(rest))}]" if rest else "")
                            for first, rest in sorted(seconds.items())) + ")"


def _engine_skips_to_openings(pattern: str, flags: int) -> bool:
    """Whether the regex engine itself scans a text for where a match can open: a pattern that opens
    with a literal or a class of uncased characters (not an IGNORECASE Latin letter, not a lookaround).
    A lookahead before such a pattern would only slow it: the engine would try it at every character."""
    parsed = _parser.parse(pattern, flags)
    flags |= parsed.state.flags
    return bool(_compiler._get_literal_prefix(parsed, flags)[0] or _compiler._get_charset_prefix(parsed, flags))


def compile_at_openings(pattern: str, flags: int = 0) -> re.Pattern:
    """``pattern`` compiled to be tried only where a match can open (opening_class): the same matches."""
    lookahead = "" if _engine_skips_to_openings(pattern, flags) else opening_class(pattern, flags)
    if not lookahead:
        return re.compile(pattern, flags)
    lookahead += opening_pairs(pattern, flags)  # asked only where the first character may open one
    # In a group: before "a|b" the lookahead would guard the first branch only, and the engine would
    # still try the others at every character (a verbose pattern may end in a comment: a newline ends it).
    return re.compile(f"{lookahead}(?:{pattern}{chr(10) if flags & re.X else ''})", flags)


# --------------------------------------------------------------------------- list fields


def split_list(value) -> list[str]:
    """A front-matter list field as a list of non-empty, stripped items: "ขอนแก่น, ชัยภูมิ" splits
    at commas, or at semicolons when there is one (as Pelican splits Tags); a list or tuple
    (Pelican's or the editor's) is taken item by item; None and "" are []."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [str(item).strip() for item in value if str(item).strip()]
    text = str(value)
    separator = ";" if ";" in text else ","
    return [item.strip() for item in text.split(separator) if item.strip()]


def resolve_list(value, lookup, on_unknown=None) -> list:
    """The items a list field names (split_list), each given by ``lookup``, in their order, each
    once; a name ``lookup`` does not know (None) is skipped and given to ``on_unknown``."""
    found: list = []
    for name in split_list(value):
        item = lookup(name)
        if item is None:
            if on_unknown is not None:
                on_unknown(name)
        elif item not in found:
            found.append(item)
    return found


# --------------------------------------------------------------------------- files


def _default_mode() -> int:
    """The mode open() gives a new file (0o666 less the umask); mkstemp's own is 0o600."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return 0o666 & ~int(line.split()[1], 8)
    except OSError:
        pass
    return 0o644


def atomic_write(path, data: str | bytes, *, encoding: str = "utf-8", mode: int | None = None,
                 durable: bool = True) -> None:
    """Write ``data`` (text is encoded, newlines kept as given) to ``path`` so that a reader, a
    crash or a full disk leaves the old file or the new one, never half of one: through a
    dot-named temporary file in the same folder, flushed to disk (fsync), then renamed over the
    path. The temporary file is removed on any error; missing folders are made. The file gets
    ``mode``, by default the one open() would give it (a published page must stay readable).
    ``durable=False`` skips the fsync, for many small files a build can always write again (the
    search index's shards): still never half a file for a reader, only not sure to survive a crash."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode(encoding) if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fchmod(handle.fileno(), _default_mode() if mode is None else mode)
            if durable:
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise

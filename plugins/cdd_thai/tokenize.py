"""Thai word segmentation: the newmm algorithm, with the department's own terms kept whole.

nlpo3 runs newmm ~9x faster than pythainlp's Python newmm and agrees with it on 99.3% of tokens
(FACTS.md), but through pythainlp's word_tokenize it ignores custom dictionaries, so it is called
directly with a dictionary file written once per process: pythainlp's thai_words() UNION the
domain terms (a dictionary of only the extra words would replace the base one).
"""
from __future__ import annotations

import hashlib
import os
import re
import tempfile
import threading
from collections import Counter
from functools import lru_cache

from . import DATA_DIR
from .text import atomic_write, normalize_text  # noqa: F401  (normalize_text: imported from here too)

DICT_NAME = "cdd_news"
_lock = threading.Lock()
_loaded = False

_THAI_OR_WORD = re.compile(r"[ก-๙A-Za-z0-9]")


def domain_terms() -> list[str]:
    terms = []
    for line in (DATA_DIR / "domain_words.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            terms.append(line)
    return terms


def dictionary_words() -> set[str]:
    """Every word the tokeniser knows: pythainlp's, the domain terms, provinces and districts."""
    from pythainlp.corpus import thai_words

    from .provinces import ALIASES, DISTRICTS, PROVINCES

    words = set(thai_words()) | set(domain_terms())
    words |= {p.name_th for p in PROVINCES} | set(ALIASES) | set(DISTRICTS)
    return {w for w in words if w and "\n" not in w}


def _dictionary_file() -> str:
    """The dictionary as a file (nlpo3 loads only files), named by its content hash and written
    atomically: processes forked by the build or killed mid-way share it and never see half a file."""
    data = "\n".join(sorted(dictionary_words())).encode("utf-8")
    path = os.path.join(tempfile.gettempdir(), f"cdd-news-dict-{hashlib.sha1(data).hexdigest()[:12]}.txt")
    if not os.path.exists(path):
        atomic_write(path, data)
    return path


def _ensure_dictionary() -> None:
    global _loaded
    if _loaded:
        return
    with _lock:
        if _loaded:
            return
        import nlpo3

        message, ok = nlpo3.load_dict(_dictionary_file(), DICT_NAME)
        if not ok and "exist" not in message.lower():
            raise RuntimeError(f"nlpo3 could not load the dictionary: {message}")
        _loaded = True


def _tokens(text: str) -> list[str]:
    """newmm tokens (whitespace included) with the domain dictionary."""
    if not text:
        return []
    _ensure_dictionary()
    import nlpo3

    # safe=False: nlpo3 1.4.0's safe mode scrambles texts longer than a few hundred characters
    # (tests/test_thai_tokenize.py guards this); plain newmm is fast enough on news paragraphs.
    return nlpo3.segment(text, DICT_NAME, False, False)


def segment(text: str) -> list[str]:
    """Split Thai text into words (newmm + domain dictionary); whitespace tokens are dropped."""
    return [token for token in _tokens(text) if token.strip()]


@lru_cache(maxsize=65536)
def _is_word(token: str) -> bool:
    return _THAI_OR_WORD.search(token) is not None  # never whitespace


def words(text: str) -> list[str]:
    """The normalised word tokens of a text: no whitespace, no punctuation-only tokens."""
    return list(filter(_is_word, _tokens(normalize_text(text))))


def word_counts(text: str, *, but_last: bool = False) -> dict[str, int]:
    """How often each of words(text) comes (without its last word when ``but_last``), in the order
    of their first use: the tokens are counted first, so each distinct one is tested once."""
    tokens = _tokens(normalize_text(text))
    counts = Counter(tokens)
    if but_last:
        last = next(filter(_is_word, reversed(tokens)), None)
        if last is not None:
            counts[last] -= 1
    return {token: n for token, n in counts.items() if n and _is_word(token)}

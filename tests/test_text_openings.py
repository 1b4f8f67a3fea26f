"""cdd_thai.text.compile_at_openings: a lookahead of a pattern's opening characters, same matches."""
import re
from pathlib import Path

import pytest

from cdd_thai.text import compile_at_openings, opening_class

SEEDS = Path(__file__).resolve().parent.parent / "raw" / "seeds"

PATTERNS = [
    (r"(?:นาย|นาง(?:สาว)?|ดร\.)\s*[ก-๛]+", 0),   # honorifics then a name
    (r"(?:จังหวัด|จ\.)\s?[ก-๛]+", 0),
    (r"\d{1,2}\s*(?:ม\.ค\.|มกราคม)", 0),
    (r"(?:january|jan\.?)\s+\d{4}", re.I),         # IGNORECASE folds the lookahead too
    (r"(?:\bที่|ณ)\s*[ก-๛]+", 0),                    # zero-width \b first
]


@pytest.mark.parametrize("pattern,flags", PATTERNS)
def test_the_same_matches_as_the_plain_pattern_on_real_text(pattern, flags):
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))] + ["JAN 2020 Jan. 2021"]
    plain, fast = re.compile(pattern, flags), compile_at_openings(pattern, flags)
    assert opening_class(pattern, flags)  # each of these opens with a known class
    for text in texts:
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]


@pytest.mark.parametrize("pattern,flags", [(r"(?i)abc", 0), (r"a*b?", 0), (r".x", 0), (r"[^ก]x", 0),
                                           (r"(?i:ab)c", 0)])
def test_no_lookahead_where_the_opening_is_unknown_or_may_be_empty(pattern, flags):
    assert opening_class(pattern, flags) == ""
    assert compile_at_openings(pattern, flags).pattern == pattern

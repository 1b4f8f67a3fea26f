"""cdd_thai.text.compile_at_openings: a lookahead of a pattern's opening characters, same matches."""
import random
import re
from pathlib import Path

import pytest

from cdd_thai.people import _HONORIFIC_START, HONORIFICS, POSITIONS
from cdd_thai.text import compile_at_openings, opening_class, opening_pairs

SEEDS = Path(__file__).resolve().parent.parent / "raw" / "seeds"

PATTERNS = [
    (r"(?:นาย|นาง(?:สาว)?|ดร\.)\s*[ก-๛]+", 0),   # honorifics then a name
    (r"(?:จังหวัด|จ\.)\s?[ก-๛]+", 0),
    (r"\d{1,2}\s*(?:ม\.ค\.|มกราคม)", 0),
    (r"(?:january|jan\.?)\s+\d{4}", re.I),         # IGNORECASE folds the lookahead too
    (r"(?:\bที่|ณ)\s*[ก-๛]+", 0),                    # zero-width \b first
    (r"ผู้อำนวยการสำนัก|(?:VDO|Video)\s?Conference|\d{2}\s*จังหวัด|ส่วนกลาง", re.I),  # branches at the top
    (r"(?<!\d)(?P<d>\d{1,2})\s+(?P<m>may|june)\s+\d{4}|\b(?:may|june)\s+\d{1,2},\s*\d{4}", re.I),
    (rf"(?P<title>{HONORIFICS})(?P<name>[ก-๙]{{2,}}(?:\s[ก-๙]+?){{1,3}}?)\s?(?={POSITIONS})", 0),  # the people's
    (rf"{_HONORIFIC_START}{HONORIFICS}\s?[ก-๙]{{2,}}", 0),
]


@pytest.mark.parametrize("pattern,flags", PATTERNS)
def test_the_same_matches_as_the_plain_pattern_on_real_text(pattern, flags):
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))] + [
        "JAN 2020 Jan. 2021", "VDO Conference 12 จังหวัด ส่วนกลาง 3 May 2024, June 5, 2023 5 june 2020"]
    plain, fast = re.compile(pattern, flags), compile_at_openings(pattern, flags)
    assert opening_class(pattern, flags)  # each of these opens with a known class
    for text in texts:
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]
        assert [m.groupdict() for m in fast.finditer(text)] == [m.groupdict() for m in plain.finditer(text)]


@pytest.mark.parametrize("pattern,flags", [(r"นาย|นาง", 0), (r"\d\d*\s*บาท", 0), (r"(?:กรม|กอง)\S+", re.I)])
def test_no_lookahead_where_the_engine_scans_for_the_opening_itself(pattern, flags):
    assert opening_class(pattern, flags)
    assert compile_at_openings(pattern, flags).pattern == pattern


def test_the_two_letter_lookahead_of_the_honorifics():
    pairs = opening_pairs(HONORIFICS)
    assert "[น][า]" in pairs and "[ว][่]" in pairs and "[ศ][\\.]" in pairs
    assert opening_pairs(r"ab?|cd") == "(?=[a]|[c][d])"  # a match of one letter asks for no second
    assert opening_pairs(r"a*b") == "(?=[a][ab]|[b])"
    assert opening_pairs(r"(?i:ab)") == opening_pairs(r"a|") == opening_pairs(r"[^a]b") == ""  # unknown, or empty


def test_random_patterns_give_the_plain_patterns_matches():
    rng = random.Random(7)
    atoms = ["a", "b", "ก", "น", r"\.", "[ab]", "[ก-ฮ]", r"\d", r"\s", "(?<!a)", "(?<=b)", r"\b", "$"]

    def pattern(depth=0):
        parts = []
        for _ in range(rng.randint(1, 4)):
            roll = rng.random()
            if roll < 0.15 and depth < 2:
                parts.append("(?:" + "|".join(pattern(depth + 1) for _ in range(rng.randint(2, 3))) + ")")
            elif roll < 0.3 and depth < 2:
                parts.append("(?:" + pattern(depth + 1) + ")" + rng.choice(["?", "*", "+", "{2}", "{0,2}", "??"]))
            else:
                parts.append(rng.choice(atoms))
        return "".join(parts)

    texts = ["".join(rng.choice("abกน. 1\n") for _ in range(60)) for _ in range(30)]
    for _ in range(400):
        source = pattern()
        plain, fast = re.compile(source), compile_at_openings(source)
        for text in texts:
            assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)], source


def test_the_lookahead_guards_every_branch_of_a_top_level_alternation():
    fast = compile_at_openings(r"ab|cd", re.I)  # Latin letters, case-insensitive: the engine tries every place
    assert fast.pattern == "(?=[ac])(?=[a][b]|[c][d])(?:ab|cd)" and [m.span() for m in fast.finditer("xCdab")] == [(1, 3), (3, 5)]


def test_a_verbose_pattern_may_end_in_a_comment():
    fast = compile_at_openings("ab | cd  # two words", re.X | re.I)
    assert [m.group() for m in fast.finditer("ab cd abcd")] == ["ab", "cd", "ab", "cd"]


@pytest.mark.parametrize("pattern,flags", [(r"(?i)abc", 0), (r"a*b?", 0), (r".x", 0), (r"[^ก]x", 0),
                                           (r"(?i:ab)c", 0)])
def test_no_lookahead_where_the_opening_is_unknown_or_may_be_empty(pattern, flags):
    assert opening_class(pattern, flags) == ""
    assert compile_at_openings(pattern, flags).pattern == pattern

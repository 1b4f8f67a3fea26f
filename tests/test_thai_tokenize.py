"""Tokenising, tags and people on real seed text."""
import pytest
from conftest import SEEDS

from cdd_thai.people import extract_people
from cdd_thai.tags import extract_tags
from cdd_thai.tokenize import normalize_text, segment, words


def test_domain_terms_stay_whole():
    tokens = segment("นายสมคิด จันทมฤก อธิบดีกรมการพัฒนาชุมชน จปฐ. กชช.2ค. จ.สงขลา")
    assert "กรมการพัฒนาชุมชน" in tokens and "จปฐ." in tokens and "กชช.2ค." in tokens and "สงขลา" in tokens


def test_long_text_is_segmented_without_loss():
    # nlpo3's "safe" mode scrambles long texts; the tokens must rebuild the text exactly.
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    tokens = segment(text)
    assert "".join("".join(t.split()) for t in tokens) == "".join(text.split())
    assert "ความยากจน" in tokens or "ขจัดความยากจน" in tokens


def test_normalize_keeps_tone_marks_and_folds_digits():
    assert normalize_text("ข่าว ๒๕๖๓  OTOP") == "ข่าว 2563 otop"
    assert "ขาว" not in words("ข่าว")


def test_tags_and_people_on_a_seed():
    text = (SEEDS / "002_46e72196f3e49e24.txt").read_text(encoding="utf-8")
    tags = extract_tags("", text)
    assert "ขอนแก่น" in tags and "โคก หนอง นา" in tags
    assert extract_people(text) == ["นางจิรภา เชื้อดวงผุย"]


def test_people_glued_to_a_conjunction():
    text = ("นายสมชาย ใจดี พัฒนาการจังหวัดน่าน พร้อมด้วยนางรัชนี ศรีสุข หัวหน้ากลุ่มงาน "
            "และนายวิฑูรย์ นวลนุกูล ผู้อำนวยการสำนัก")
    assert extract_people(text) == ["นายสมชาย ใจดี", "นางรัชนี ศรีสุข", "นายวิฑูรย์ นวลนุกูล"]


def test_tags_are_words_of_the_news_not_pieces_of_names():
    title = "พช.นครนายก จัดประชุมเชิงปฏิบัติการ สัมมาชีพชุมชน"
    body = ("วันที่ 5 มีนาคม 2566 ณ ห้องประชุมสุนทรพิพิธ ตำบลสาริกา นายอภิชาต ภักดี พัฒนาการจังหวัดนครนายก "
            "พร้อมด้วยนางนวลจันทร์ สุนทร ประชุมเชิงปฏิบัติการสัมมาชีพชุมชน ปราชญ์สัมมาชีพ สัมมาชีพ "
            "ผลิตภัณฑ์ โอทอป กลุ่มอาชีพ ผู้ประกอบการ OTOP จังหวัดนครนายก วิสาหกิจชุมชน จ.นครนายก ประสา")
    found = extract_tags(title, body)
    assert 5 <= len(found) <= 10
    for piece in ("สุนทร", "พิพิธ", "สาริกา", "อภิชาต", "ภักดี", "นวลจันทร์", "ประสา"):
        assert piece not in found  # names of people, rooms and places, and a word cut by the scrape
    assert "OTOP" in found and "โอทอป" not in found  # one spelling
    assert "สัมมาชีพชุมชน" in found and "สัมมาชีพ" not in found  # the part adds nothing to the whole


@pytest.mark.parametrize("text, expected", [
    # glued to the word before, ranks and stacked titles, the position first in brackets
    ("เวลา 09.00 น. โดยนายนิเวศน์ หาญสมุทร์ รองผู้ว่าราชการจังหวัดเพชรบูรณ์ เป็นประธาน", ["นายนิเวศน์ หาญสมุทร์"]),
    ("ว่าที่ ร.ต.ดร.สมชาย ใจดี พัฒนาการจังหวัดน่าน และ พ.ต.อ.สมศักดิ์ กล้าหาญ ผู้กำกับการสถานีตำรวจ",
     ["ว่าที่ ร.ต.ดร.สมชาย ใจดี", "พ.ต.อ.สมศักดิ์ กล้าหาญ"]),
    ("ผู้ว่าราชการจังหวัดชัยนาท (นายไพฑูรย์ สมบัติทอง) เป็นประธานเปิดงาน", ["นายไพฑูรย์ สมบัติทอง"]),
    # a district chief is a position, not a name; a retired teacher is not an official
    ("นายอำเภอไชยา เป็นประธาน นางบัวผัน ดีงาม อดีตข้าราชการครูบำนาญ ร่วมงาน", []),
    # one person, two honorifics
    ("ดร.วิไลวรรณ แสงทอง พัฒนาการจังหวัดตาก กล่าวว่า นางวิไลวรรณ แสงทอง พัฒนาการจังหวัดตาก", ["ดร.วิไลวรรณ แสงทอง"]),
    # "รอง" written apart from the position is not part of the name
    ("นายสมชาย ใจดี รอง ผวจ.ตาก เป็นประธาน", ["นายสมชาย ใจดี"]),
    # prosecutors, legal officers and a chief written "หน."
    ("นางสาวอรุณี ทองดี รองอัยการจังหวัด นายวิชัย ศรีสุข นิติกรชำนาญการ และนางปราณี ดีใจ หน.ผู้ตรวจราชการกรม",
     ["นางสาวอรุณี ทองดี", "นายวิชัย ศรีสุข", "นางปราณี ดีใจ"]),
])
def test_officials_as_thai_press_releases_write_them(text, expected):
    assert extract_people(text) == expected

"""The headline of a raw page among its furniture: site names, breadcrumbs, posting lines."""
import pytest

from scripts.ingest.clean import parse_raw, read_post_page

BODY = ("วันที่ 14 กรกฎาคม 2565 เวลา 09.30 น. นายสมชาย ใจดี พัฒนาการจังหวัดน่าน เป็นประธานเปิดการอบรม "
        "ณ ห้องประชุมศาลากลางจังหวัดน่าน")
HEADLINE = "พช.น่าน อบรมพัฒนาศักยภาพผู้นำสตรี"


@pytest.mark.parametrize("page", [
    # government CMS page: office name, breadcrumb and a posting line above the headline
    f"สำนักงานพัฒนาชุมชนจังหวัดน่าน\nหน้าแรก » ข่าวประชาสัมพันธ์\n{HEADLINE}\n"
    f"เผยแพร่เมื่อ : 15 ก.ค. 2565 | ผู้ชม 45 ครั้ง\n{BODY}",
    # a CMS breadcrumb with ">" and a category line
    f"หน้าหลัก > ข่าวทั่วไป\nข่าวทั่วไป\n{HEADLINE}\n{BODY}",
    # a news site's section label and the office's name around the headline
    f"ข่าวทั่วไปข่าวภูมิภาค\nสำนักงานพัฒนาชุมชนจังหวัดน่าน | {HEADLINE}\nมีผู้อ่านข่าวนี้แล้ว 87 ครั้ง\n{BODY}",
    # a labelled headline
    f"หัวข้อข่าว : {HEADLINE}\n{BODY}",
    # a numeric page date and a viewer count
    f"วันที่ 15/07/2565\n{HEADLINE}\nผู้ชม : 120\n{BODY}",
    # a search excerpt: the headline runs on into the dateline on one line
    f"{HEADLINE} อย่างต่อเนื่องเพื่อให้สตรีในจังหวัดมีบทบาทในการพัฒนาชุมชนและครอบครัว ตามแนวทางของกรมการพัฒนาชุมชน"
    f"และกองทุนพัฒนาบทบาทสตรีที่ได้กำหนดไว้ในแผนปฏิบัติงานประจำปีงบประมาณของสำนักงานพัฒนาชุมชนจังหวัดน่าน {BODY}",
])
def test_headline_found_among_page_furniture(page):
    raw = parse_raw(page)
    assert raw.title.startswith(HEADLINE)
    assert "เผยแพร่เมื่อ" not in raw.title and "วันที่ 14" not in raw.title
    assert any(line.startswith("วันที่ 14 กรกฎาคม 2565") for line in raw.body_lines)
    assert not any("ผู้ชม" in line or "หน้าแรก" in line for line in raw.body_lines)


def test_related_posts_and_share_buttons_are_not_article_text():
    page = ("<html><head><title>x</title></head><body><article><h1 class='entry-title'>หัวข่าว</h1>"
            "<div class='entry-content'><p>เนื้อข่าวจริง</p>"
            "<div class='addtoany_share_save_container'>แชร์ข่าวนี้: Facebook Line</div>"
            "<div class='yarpp-related'><h3>ข่าวที่เกี่ยวข้อง</h3><a>ข่าวอื่น 3 มีนาคม 2567</a></div>"
            "</div></article></body></html>")
    _title, text, _published = read_post_page(page)
    assert "เนื้อข่าวจริง" in text and "แชร์" not in text and "ข่าวอื่น" not in text


def test_a_headline_wrapped_over_two_lines_is_joined():
    raw = parse_raw(f"พช.น่าน อบรมพัฒนาศักยภาพผู้นำสตรี ขับเคลื่อนกองทุนพัฒนาบทบาทสตรี\nระดับจังหวัด ประจำปี 2565\n{BODY}")
    assert raw.title == "พช.น่าน อบรมพัฒนาศักยภาพผู้นำสตรี ขับเคลื่อนกองทุนพัฒนาบทบาทสตรี ระดับจังหวัด ประจำปี 2565"
    assert raw.body_lines[0].startswith("วันที่ 14 กรกฎาคม 2565")


def test_a_position_or_place_name_on_its_own_line_is_not_the_headline():
    """Signature layouts put each official's name and title on their own lines; a title repeated there
    ("พัฒนาการจังหวัดน่าน" twice) or a bare place name is page chrome, and the article text stays body."""
    page = (f"{HEADLINE} นายสมชาย ใจดี พัฒนาการจังหวัดน่าน\n\nน่าน 14 กรกฎาคม 2565\n\nนายสมชาย ใจดี\nพัฒนาการจังหวัดน่าน\n"
            "เป็นประธานเปิดการอบรมผู้นำสตรี ณ ห้องประชุมศาลากลางจังหวัดน่าน\nผู้ว่าราชการจังหวัดน่าน\n"
            "กล่าวให้โอวาท\nพัฒนาการจังหวัดน่าน\nได้บรรยายแนวทางการขับเคลื่อนกองทุนพัฒนาบทบาทสตรี")
    raw = parse_raw(page)
    assert raw.title.startswith(HEADLINE)
    assert "เป็นประธานเปิดการอบรมผู้นำสตรี ณ ห้องประชุมศาลากลางจังหวัดน่าน" in raw.body_lines
    for chrome in ("พัฒนาการจังหวัดน่าน", "ผู้ว่าราชการจังหวัดน่าน", "อำเภอเมืองน่าน", "จ.น่าน", "น่าน"):
        assert parse_raw(f"{chrome}\n{BODY}").title != chrome


@pytest.mark.parametrize("page,published", [
    (f"วันพฤหัสบดี, 23 พฤษภาคม 2567\n\n{HEADLINE}\n\n{BODY}", "2024-05-23"),  # seed 002's page date
    (f"วันที่ 15/07/2565\n{HEADLINE}\nผู้ชม : 120\n{BODY}", "2022-07-15"),
    (f"Post Top Ad\n\nTuesday 21 May 2024\n\n{HEADLINE}\n\n{BODY}", "2024-05-21"),  # an English theme
    (f"{HEADLINE}\n{BODY}", ""),  # the event's date in the lead is not the page's
    (f"วันที่ 15/07/2599\n{HEADLINE}\n{BODY}", ""),  # no news is dated in the future
])
def test_a_date_line_above_the_headline_is_the_posts_own_date(page, published):
    raw = parse_raw(page)
    assert raw.title.startswith(HEADLINE) and raw.page_date == published and raw.published == ""


@pytest.mark.parametrize("image, title", [
    # a news portal's text dump: the photo's alt is the headline, the text has none of its own
    (f'<image>https://example.com/a.jpg alt="{HEADLINE}"</image>', HEADLINE),
    (f'![{HEADLINE}](https://example.com/a.jpg)', HEADLINE),
    (f'![](https://example.com/a.jpg "{HEADLINE}")', HEADLINE),
    (f'<img src="https://example.com/a.jpg" alt="{HEADLINE}">', HEADLINE),
])
def test_a_photo_line_gives_its_words_not_its_markup(image, title):
    raw = parse_raw(f"{image}\n{BODY}")
    assert raw.title == title
    assert not any("example.com" in line for line in raw.body_lines + raw.header_lines)


@pytest.mark.parametrize("image", ["![IMG_0042.JPG](a.jpg)", '<image>a.jpg alt="ภาพข่าว"</image>', "![](a.jpg)",
                                   '<img src="a.jpg" alt="รูปกิจกรรม">'])
def test_a_photo_with_a_file_name_or_a_label_leaves_no_line(image):
    raw = parse_raw(f"{image}\n{HEADLINE}\n{BODY}")
    assert raw.title == HEADLINE
    assert not any("a.jpg" in line or line in ("ภาพข่าว", "รูปกิจกรรม") for line in raw.header_lines + raw.body_lines)

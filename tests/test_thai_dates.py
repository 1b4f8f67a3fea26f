"""Thai dates: BE years, month names and abbreviations, Thai digits, ranges and the event date."""
import datetime as dt

import pytest

from cdd_thai.dates import ThaiDateError, find_event_date, format_thai_date, parse_date_value

TODAY = dt.date(2026, 11, 22)


@pytest.mark.parametrize("text, expected", [
    ("30 ตุลาคม 2563", dt.date(2020, 10, 30)),
    ("2563-10-30", dt.date(2020, 10, 30)),
    ("2020-10-30", dt.date(2020, 10, 30)),
    ("2020-10-30 09:00", dt.date(2020, 10, 30)),
    ("30 ต.ค. 63", dt.date(2020, 10, 30)),
    ("๗ กันยายน ๒๕๖๑", dt.date(2018, 9, 7)),
    ("วันศุกร์ที่ 20 พฤษภาคม 2565", dt.date(2022, 5, 20)),
    ("26 เดือน กุมภาพันธ์ พ.ศ.2563", dt.date(2020, 2, 26)),
    ("15/03/2567", dt.date(2024, 3, 15)),  # day/month/year as offices write it: BE,
    ("2/2/66", dt.date(2023, 2, 2)),  # a 2-digit BE year,
    ("15/3/2024", dt.date(2024, 3, 15)),  # or CE
    ("๑๕/๓/๒๕๖๗", dt.date(2024, 3, 15)),
    ("September 12,2018", dt.date(2018, 9, 12)),  # page dates of English-language themes,
    ("Tuesday 21 May 2024", dt.date(2024, 5, 21)),  # with their weekday
    ("Sunday, October 1, 2023", dt.date(2023, 10, 1)),
])
def test_parse_date_value(text, expected):
    assert parse_date_value(text, today=TODAY) == expected


@pytest.mark.parametrize("text, words", [
    ("31 กุมภาพันธ์ 2563", "Impossible"), ("2499-12-31", "before 2500 BE"), ("2590-01-01", "future"),
    ("1 มกราคม 2570", "future"), ("เมื่อวาน", "Unreadable"), ("", "empty"),
    ("30/2/2567", "Impossible"), ("15/03/2567 และ 16/03/2567", "Unreadable"),
])
def test_bad_dates_are_errors_in_thai_and_english(text, words):
    with pytest.raises(ThaiDateError) as err:
        parse_date_value(text, today=TODAY)
    assert words in str(err.value) and " / " in str(err.value)


@pytest.mark.parametrize("text, expected", [
    ("วันนี้ (22 สิงหาคม 62) นายนิสิต", dt.date(2019, 8, 22)),
    ("ระหว่างวันที่ 22 – 23 สิงหาคม 2562 ณ โรงแรม", dt.date(2019, 8, 22)),
    ("ระหว่างวันที่ 30 ตุลาคม – 2 พฤศจิกายน 2563", dt.date(2020, 10, 30)),
    # a meeting serial "ครั้งที่ 1/2564" is not a date; the dateline is
    ("ประชุม ครั้งที่ 1/2564\nวันนี้ (16 กุมภาพันธ์ 2564) เวลา 13.30 น.", dt.date(2021, 2, 16)),
    # a deadline is not the event
    ("เมื่อวันที่ 30 ตุลาคม 2563 เวลา 09.00 น. ... ส่งข้อมูลภายในวันที่ 2 พฤศจิกายน 2563", dt.date(2020, 10, 30)),
    # an English portal date is a last resort behind the Thai dateline
    ("Tuesday 21 May 2024\nเมื่อวันพฤหัสบดีที่ 16 พฤษภาคม 2567 ณ", dt.date(2024, 5, 16)),
    ("ข่าวที่ไม่มีวันที่เลย", None),
    # a weekday inside the brackets of "วันนี้ (...)" is still today's dateline
    ("วันนี้ (จันทร์ที่ 22 กรกฎาคม 2567) นายสมชาย ... เมื่อวันที่ 10 กรกฎาคม 2567 ได้ประชุม", dt.date(2024, 7, 22)),
    # no year in the text: the year that puts the event on or before the page's date
    ("October 16, 2023\n\nหัวข่าว\n\nเมื่อวันที่ 12 ต.ค. ที่ผ่านมา นายสมหมาย", dt.date(2023, 10, 12)),
    ("5 มกราคม 2567\n\nเมื่อวันที่ 28 ธันวาคม ที่ผ่านมา นายก", dt.date(2023, 12, 28)),
    ("ระหว่างวันที่ 12-14 มีนาคม ที่ผ่านมา\nเผยแพร่ 20 มีนาคม 2566", dt.date(2023, 3, 12)),
    # ... and with no dated page to take the year from, no guess
    ("เมื่อวันที่ 5 มีนาคม ที่ผ่านมา นายสมชาย", None),
    # a numeric date as offices write it; a letter's date is a reference, never the event
    ("ตามหนังสือกรมการพัฒนาชุมชน ลงวันที่ 10 มกราคม 2566\nวันที่ 2/2/66 เวลา 09.00 น. ประชุม", dt.date(2023, 2, 2)),
    ("ขอให้ส่งรายงานภายในวันที่ 15 มีนาคม 2566", None),
])
def test_find_event_date(text, expected):
    assert find_event_date(text, today=TODAY) == expected


def test_page_date_above_the_headline_loses_to_the_body():
    text = "วันพฤหัสบดี, 23 พฤษภาคม 2567\nหัวข่าว\nเมื่อวันที่ 30 ตุลาคม 2563 เวลา 09.00 น."
    assert find_event_date(text, body_start=text.index("เมื่อ"), today=TODAY) == dt.date(2020, 10, 30)


def test_page_date_above_the_headline_is_never_the_event_date():
    # the body says only "recently": the page's own date line is the post's date, not the event's
    text = "วันศุกร์, 3 กุมภาพันธ์ 2566\nหัวข่าว\nเมื่อเร็วๆนี้ นางสมศรี พัฒนาการอำเภอ ติดตามผลโครงการ"
    assert find_event_date(text, body_start=text.index("เมื่อ"), today=TODAY) is None


def test_format_thai_date():
    assert format_thai_date(dt.date(2020, 10, 30)) == "30 ตุลาคม 2563"
    assert format_thai_date(dt.date(2020, 10, 30), month_only=True) == "ตุลาคม 2563"
    assert format_thai_date(dt.date(2020, 10, 30), short=True) == "30 ต.ค. 2563"


def test_the_pages_own_date_gives_the_year():
    # related posts of another year must not lend their year to "14 ก.พ."
    text = "เมื่อวันที่ 14 ก.พ. ที่ผ่านมา นายสมชาย ประชุม\nข่าวที่เกี่ยวข้อง 3 มีนาคม 2567"
    assert find_event_date(text, today=TODAY) == dt.date(2024, 2, 14)
    assert find_event_date(text, today=TODAY, published=dt.date(2025, 2, 16)) == dt.date(2025, 2, 14)


@pytest.mark.parametrize("text, expected", [
    # a list of days, or a range written with ถึง: the first day
    ("เมื่อวันที่ 8, 9 และ 10 มีนาคม 2564 ณ ศาลากลาง", dt.date(2021, 3, 8)),
    ("ระหว่างวันที่ 8 และ 9 มีนาคม 2564", dt.date(2021, 3, 8)),
    ("ระหว่างวันที่ 8 ถึงวันที่ 12 มีนาคม 2564", dt.date(2021, 3, 8)),
    ("เมื่อวันที่ 13 - 14 พ.ค. 62", dt.date(2019, 5, 13)),
    # amounts are not lists of days
    ("เงินสัจจะ 1,284 บาท เมื่อวันที่ 5 มีนาคม 2566", dt.date(2023, 3, 5)),
])
def test_lists_of_days(text, expected):
    assert find_event_date(text, today=TODAY) == expected


@pytest.mark.parametrize("text, expected", [
    # the year of the programme, in the headline or the body
    ("เปิดงาน OTOP ภูมิภาค 2568\nวันที่ 12 มีนาคม นางสาวธีรรัตน์ เปิดงาน", dt.date(2025, 3, 12)),
    # Thai digits, and a founding year that is older than the programme's
    ("ก่อตั้งเมื่อปี ๒๕๔๐ โครงการประจำปี ๒๕๖๖ เมื่อวันที่ ๕ มิ.ย. นายสมชาย", dt.date(2023, 6, 5)),
    # a fiscal year starts in October of the year before its number
    ("ประชุมรับมอบนโยบาย ปีงบประมาณ พ.ศ. 2565 เมื่อวันที่ 8 ตุลาคม นายสมคิด", dt.date(2021, 10, 8)),
    ("ปีงบประมาณ 2565 เมื่อวันที่ 8 มีนาคม นายสมคิด", dt.date(2022, 3, 8)),
    # a Gregorian year
    ("Phetchabun 2020 เมื่อวันที่ 26 ก.พ. นายนิเวศน์", dt.date(2020, 2, 26)),
    # never in the future: on 22 November 2026 (BE 2569) a 5 December is last year's
    ("ประจำปี 2569 เมื่อวันที่ 5 ธันวาคม นายสมชาย", dt.date(2025, 12, 5)),
    # amounts and counts are not years
    ("งบประมาณ 2500 บาท เมื่อวันที่ 5 ธันวาคม", None),
])
def test_year_from_the_context(text, expected):
    assert find_event_date(text, today=TODAY) == expected


def test_days_relative_to_the_pages_date():
    page = dt.date(2024, 3, 3)
    # a day of the month without its month: the last such day on or before the page's date
    assert find_event_date("เมื่อวันที่ 1 ที่ผ่านมา นายสมชาย ประชุม", today=TODAY, published=page) == dt.date(2024, 3, 1)
    assert find_event_date("เมื่อวันที่ 28 ที่ผ่านมา นายสมชาย ประชุม", today=TODAY, published=page) == dt.date(2024, 2, 28)
    # yesterday is the day before the page's own date, and only that date says which day it was
    assert find_event_date("เมื่อวานนี้ นายสมชาย เปิดงาน", today=TODAY, published=page) == dt.date(2024, 3, 2)
    assert find_event_date("เมื่อวานนี้ นายสมชาย เปิดงาน", today=TODAY) is None
    # a date written with its month wins
    assert find_event_date("เมื่อวานนี้ (2 มีนาคม 2567) นายสมชาย", today=TODAY, published=page) == dt.date(2024, 3, 2)
    assert find_event_date("เมื่อวันที่ 1 ที่ผ่านมา ... ณ วันที่ 12 ก.พ. 2567", today=TODAY, published=page) == dt.date(2024, 2, 12)


def test_a_completed_date_says_it_was_completed():
    from cdd_thai.dates import event_date_mention

    m = event_date_mention("เปิดงาน OTOP ภูมิภาค 2568\nวันที่ 12 มีนาคม นางสาวธีรรัตน์ เปิดงาน", today=TODAY)
    assert m.date == dt.date(2025, 3, 12) and "another year in the text" in m.guess
    m = event_date_mention("เมื่อวันที่ 12 มีนาคม 2568 นางสาวธีรรัตน์ เปิดงาน", today=TODAY)
    assert m.date == dt.date(2025, 3, 12) and m.guess is None
    m = event_date_mention("เมื่อวานนี้ นายสมชาย เปิดงาน", today=TODAY, published=dt.date(2024, 3, 3))
    assert m.date == dt.date(2024, 3, 2) and "yesterday" in m.guess


def test_year_from_the_context_written_against_its_era():
    assert find_event_date("ประจำปีงบประมาณ พ.ศ.2565 เมื่อวันที่ 8 ตุลาคม นายสมคิด", today=TODAY) == dt.date(2021, 10, 8)
    assert find_event_date("โครงการ พ.ศ.2566 เมื่อวันที่ 8 มีนาคม นายสมคิด", today=TODAY) == dt.date(2023, 3, 8)
    # a decimal or a serial is not a year
    assert find_event_date("ครั้งที่ 1/2566 ร้อยละ 3.2566 เมื่อวันที่ 8 มีนาคม", today=TODAY) is None


def test_a_day_and_month_followed_by_this_is_the_pages_year():
    page = dt.date(2023, 11, 9)
    assert find_event_date("จะจัดงานในวันที่ 8 ธันวาคม นี้ ณ สวนลุมพินี", today=TODAY, published=page) == dt.date(2023, 12, 8)
    # without "นี้" a day after the page's date is last year's
    assert find_event_date("เมื่อวันที่ 8 ธันวาคม ณ สวนลุมพินี", today=TODAY, published=page) == dt.date(2022, 12, 8)

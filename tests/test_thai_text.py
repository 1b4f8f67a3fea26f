"""cdd_thai.text: the one Thai normalisation, HTML-to-text, list split and atomic write."""
import os

import pytest
from cdd_thai import text
from cdd_thai.text import (atomic_write, compose_thai, html_to_line, html_to_text, normalize_text,
                           split_list, thai_digits_to_arabic)

SPLIT_AM = "ก\u0e4d\u0e32แพง"  # กำแพง with SARA AM as NIKHAHIT + SARA AA (what NFKC gives)


def test_sara_am_is_composed_and_nothing_else_changes_for_display():
    assert compose_thai(SPLIT_AM) == "กำแพง"
    assert compose_thai("OTOP ๒๕๖๓  ข่าว") == "OTOP ๒๕๖๓  ข่าว"
    assert compose_thai("e\u0301") == "\u00e9"  # NFC


def test_normalize_text_is_the_matching_form():
    assert normalize_text(f"  OTOP\t{SPLIT_AM}\n๒๕๖๓ ") == "otop กำแพง 2563"
    assert normalize_text("ข่าว") != normalize_text("ขาว")  # tone marks are kept
    assert thai_digits_to_arabic("๐๑๒๓๔๕๖๗๘๙") == "0123456789"
    # the tokeniser and the date parser use these very functions
    from cdd_thai import dates, tokenize

    assert tokenize.normalize_text is normalize_text and dates.thai_digits_to_arabic is thai_digits_to_arabic


def test_html_to_text_one_line_per_block_inline_tags_join():
    html = ("<h2>หัว&amp;ข้อ</h2><p>โค<strong>ก</strong> หนอง&nbsp;&nbsp;นา<br>บรรทัดสอง</p>"
            "<ul><li>หนึ่ง</li><li>สอง</li></ul><table><tr><th>จังหวัด</th><td>ขอนแก่น</td></tr></table>"
            "<figure><img src='a.jpg' alt='x'><figcaption>ภาพ</figcaption></figure><p>  </p><hr/>ท้าย")
    assert html_to_text(html) == "หัว&ข้อ\nโคก หนอง นา\nบรรทัดสอง\nหนึ่ง\nสอง\nจังหวัด\nขอนแก่น\nภาพ\nท้าย"
    assert html_to_line(html) == "หัว&ข้อ โคก หนอง นา บรรทัดสอง หนึ่ง สอง จังหวัด ขอนแก่น ภาพ ท้าย"


def test_html_to_text_drops_what_is_not_text():
    html = ("<p>ก่อน<script>var x = '<p>โฆษณา</p>';</script><style>p{color:red}</style>"
            "<!-- <p>ความเห็น</p> -->หลัง</p><P>&lt;script&gt; เป็นข้อความ</P>")
    assert html_to_text(html) == "ก่อน หลัง\n<script> เป็นข้อความ"
    assert html_to_text(None) == html_to_text("") == ""


@pytest.mark.parametrize("value, items", [
    ("ขอนแก่น, ชัยภูมิ,", ["ขอนแก่น", "ชัยภูมิ"]),
    ("โคก หนอง นา, OTOP; ประชุม", ["โคก หนอง นา, OTOP", "ประชุม"]),  # semicolons win (Pelican's Tags)
    (["ขอนแก่น ", "", " สงขลา"], ["ขอนแก่น", "สงขลา"]),
    (("organization",), ["organization"]),
    (None, []), ("", []), (" , ", []),
])
def test_split_list(value, items):
    assert split_list(value) == items


def test_atomic_write_text_and_bytes_fsynced_with_open_s_mode(tmp_path, monkeypatch):
    synced = []
    real_fsync = os.fsync
    monkeypatch.setattr(text.os, "fsync", lambda fd: (synced.append(fd), real_fsync(fd)))
    target = tmp_path / "new" / "folder" / "a.md"
    atomic_write(target, "Title: ก\r\nบรรทัด\n")
    assert target.read_bytes() == "Title: ก\r\nบรรทัด\n".encode("utf-8")  # newlines as given
    atomic_write(target, b"\x00\x01")
    assert target.read_bytes() == b"\x00\x01" and len(synced) == 2
    reference = tmp_path / "by-open"
    reference.write_text("x")
    assert target.stat().st_mode & 0o777 == reference.stat().st_mode & 0o777
    atomic_write(target, "x", mode=0o600)
    assert target.stat().st_mode & 0o777 == 0o600
    atomic_write(target, "y", durable=False)
    assert target.read_text() == "y" and len(synced) == 3  # no fsync when not durable
    assert sorted(p.name for p in target.parent.iterdir()) == ["a.md"]


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_a_failed_atomic_write_keeps_the_old_file_and_leaves_no_temporary_file(tmp_path, monkeypatch, failing):
    target = tmp_path / "state.json"
    target.write_text("old", encoding="utf-8")

    def fail(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(text.os, failing, fail)
    with pytest.raises(OSError, match="No space"):
        atomic_write(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["state.json"]

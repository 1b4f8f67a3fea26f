"""scripts/new_article.py: flags, interactive Thai prompts with suggestions, never overwriting."""
import datetime as dt

import new_article
import pytest
from cdd_thai import validation

TODAY = dt.date(2026, 11, 1)
FLAGS = ["--title", "พช.ขก.เพิ่มศักยภาพบุคลากร", "--date", "30 ตุลาคม 2563", "--province", "ขอนแก่น",
         "--province", "กทม.", "--mission", "organization", "--mission", "โคก หนอง นา"]


def written(tmp_path):
    return sorted(tmp_path.rglob("*.md"))


def test_flags_write_a_valid_file_named_by_year_and_stable_slug(tmp_path):
    assert new_article.main(FLAGS + ["--content", str(tmp_path)], interactive=False, today=TODAY) == 0
    [path] = written(tmp_path)
    assert path.parent.name == "2020" and path.name.startswith("2020-10-30-khon-kaen-")
    text = path.read_text(encoding="utf-8")
    assert "Date: 2020-10-30\n" in text  # BE in, ISO CE out
    assert "Provinces: ขอนแก่น, กรุงเทพมหานคร\n" in text  # the alias written as the official name
    assert "Missions: organization, khok-nong-na\n" in text
    assert "\nTags: \n" in text  # empty: autotags fills it at build time
    assert validation.check_files([tmp_path]) == []
    # the same title, date and province always give the same slug
    assert new_article.make_slug(dt.date(2020, 10, 30), new_article.provinces.province_by_name("ขอนแก่น"),
                                 "พช.ขก.เพิ่มศักยภาพบุคลากร") == path.stem


def test_never_overwrites(tmp_path, capsys):
    assert new_article.main(FLAGS + ["--content", str(tmp_path)], interactive=False, today=TODAY) == 0
    before = written(tmp_path)[0].read_text(encoding="utf-8")
    assert new_article.main(FLAGS + ["--content", str(tmp_path), "--tags", "x"], interactive=False, today=TODAY) == 1
    assert "ไม่เขียนทับ" in capsys.readouterr().err
    assert written(tmp_path)[0].read_text(encoding="utf-8") == before


def test_a_typo_in_a_flag_is_refused_with_the_suggestion(tmp_path, capsys):
    argv = ["--title", "x", "--date", "2563-10-30", "--province", "ขอนแกน", "--mission", "otop",
            "--content", str(tmp_path)]
    assert new_article.main(argv, interactive=False, today=TODAY) == 2
    assert 'หมายถึง "ขอนแก่น" หรือไม่?' in capsys.readouterr().err
    assert written(tmp_path) == []


def test_without_a_terminal_missing_flags_are_an_error_not_a_prompt(tmp_path, capsys):
    def no_input(prompt):
        raise AssertionError("must not ask")
    assert new_article.main(["--title", "x", "--content", str(tmp_path)], input_fn=no_input,
                            interactive=False, today=TODAY) == 2
    assert "--date --province --mission" in capsys.readouterr().err


def test_interactive_answers_are_checked_and_asked_again(tmp_path, capsys):
    answers = iter(["", "ประชุมประจำเดือน", "31 กุมภาพันธ์ 2563", "", "ขอนแกน", "ส่วนกลาง",
                    "foo", "11, poverty", "", "บรรทัดแรก", "บรรทัดสอง", "", ""])
    prompts = []

    def fake_input(prompt):
        prompts.append(prompt)
        return next(answers)

    assert new_article.main(["--content", str(tmp_path)], input_fn=fake_input, interactive=True, today=TODAY) == 0
    err = capsys.readouterr().err
    assert "ต้องมีหัวข้อข่าว" in err and "วันที่ไม่มีอยู่จริง" in err and 'หมายถึง "ขอนแก่น"' in err
    assert 'ไม่รู้จักภารกิจ "foo"' in err
    assert prompts[0] == "หัวข้อข่าว: "
    [path] = written(tmp_path)
    text = path.read_text(encoding="utf-8")
    assert path.name.startswith("2026-11-01-central-")  # empty date = today
    assert "Missions: organization, poverty\n" in text and text.endswith("บรรทัดแรก\nบรรทัดสอง\n")


def test_body_file(tmp_path):
    body = tmp_path / "body.txt"
    body.write_text("เมื่อวันที่ 30 ตุลาคม 2563 เวลา 09.00 น.\n", encoding="utf-8")
    out = tmp_path / "content"
    assert new_article.main(FLAGS + ["--content", str(out), "--body-file", str(body)], interactive=False,
                            today=TODAY) == 0
    assert written(out)[0].read_text(encoding="utf-8").endswith("\n\nเมื่อวันที่ 30 ตุลาคม 2563 เวลา 09.00 น.\n")


@pytest.mark.parametrize("script", ["new_article", "validate", "make_synthetic", "bench_build"])
def test_scripts_have_help(script, capsys):
    module = __import__(script)
    with pytest.raises(SystemExit) as exit_info:
        module.main(["--help"])
    assert exit_info.value.code == 0 and capsys.readouterr().out.strip()

"""The five embedded seeds: the right title, event date, provinces and missions, and golden files."""
import json
import subprocess
import sys

import pytest
from conftest import ROOT, SEEDS

from scripts.normalize import normalize_paths

# Read off the seeds by people (../shared/eval/labels.json); primary province and mission first.
EXPECTED = {
    "000": ("อธิบดีกรมการพัฒนาชุมชน เปิดประชุมเชิงปฏิบัติการขับเคลื่อนงาน", "2022-05-12", ["ขอนแก่น"], ["organization"]),
    "001": ("อธิบดี พช. ประชุมกรมการพัฒนาชุมชน ประจำเดือนพฤศจิกายน 2564", "2021-11-30", ["ส่วนกลาง"],
            ["organization", "community-data", "poverty"]),
    "002": ("พช.ขก.เพิ่มศักยภาพบุคลากร", "2020-10-30", ["ขอนแก่น"], ["organization", "khok-nong-na", "poverty"]),
    "003": ("ผนึกกำลัง พช. ใต้อ่าวไทย พัฒนาระบบราชการ 4.0 ขับเคลื่อนยุทธศาสตร์ชาติ", "2019-08-22", ["สงขลา"],
            ["organization"]),
    "004": ("พัฒนาชุมชนจังหวัดเพชรบูรณ์ โครงการเพชรบูรณ์คูณสุข 2020", "2020-02-26", ["เพชรบูรณ์"], ["organization"]),
}


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    out = tmp_path_factory.mktemp("articles")
    found = {r.input.rsplit("/", 1)[-1][:3]: r for r in normalize_paths([SEEDS], out, out.parent / "q")}
    return found


@pytest.mark.parametrize("seed", sorted(EXPECTED))
def test_seed_fields(results, seed):
    title, date, provinces, missions = EXPECTED[seed]
    r = results[seed]
    assert r.status == "ok", r.error
    assert r.title.startswith(title)
    assert r.date == date
    assert r.provinces == provinces
    assert r.missions[0] == missions[0] and set(r.missions) == set(missions)


def test_seed_002_page_date_is_not_the_event_date(results):
    # The page says "วันพฤหัสบดี, 23 พฤษภาคม 2567" above the headline; the event was 30 ต.ค. 2563.
    assert results["002"].date == "2020-10-30"


@pytest.mark.parametrize("seed", sorted(EXPECTED))
def test_seed_golden(results, seed, update_golden):
    from pathlib import Path

    produced = Path(results[seed].output).read_text(encoding="utf-8")
    golden = ROOT / "tests" / "golden" / f"seed_{seed}.md"
    if update_golden:
        golden.write_text(produced, encoding="utf-8")
    # A missing golden file fails (it used to be written and the test passed): --update-golden makes it.
    assert golden.exists(), f"{golden} is missing: run pytest --update-golden and review the diff"
    assert produced == golden.read_text(encoding="utf-8")


def test_body_is_clean(results):
    from pathlib import Path

    for seed, r in results.items():
        text = Path(r.output).read_text(encoding="utf-8")
        body = text.split("\n\n", 1)[1]
        assert "Visited" not in body and "อ่าน :" not in body and "พิมพ์" not in body.split("\n")
        title_line = text.split("\n", 1)[0].removeprefix("Title: ")
        assert body.count(title_line) <= 1, f"seed {seed}: duplicated title in the body"
    r = results["004"]
    assert "Author: พรสวรรค์ อุทัยวงศ์" in Path(r.output).read_text(encoding="utf-8")
    assert "พรสวรรค์" not in Path(r.output).read_text(encoding="utf-8").split("\n\n", 1)[1]


def test_tags_are_words_not_fragments(results):
    for r in results.values():
        assert 5 <= len(r.tags) <= 10
        for tag in r.tags:
            assert tag not in {"ข", "ก.", "คิด", "จ.", "พช."}
            assert len(tag) >= 3


def test_people_are_officials(results):
    assert results["000"].people == ["นายสมคิด จันทมฤก"]
    assert {p.replace(" ", "") for p in results["004"].people} == {"นายวสันต์ศรีจุดานุ", "นายนิเวศน์หาญสมุทร์"}
    assert "นายทวีป บุตรโพธิ์" in results["003"].people  # glued to "รองอธิบดี" in the text


@pytest.mark.slow
def test_cli_json_is_stable_and_idempotent(tmp_path):
    cmd = [sys.executable, str(ROOT / "scripts" / "normalize.py"), "--json", "-o", str(tmp_path / "out"), str(SEEDS)]
    first = subprocess.run(cmd, capture_output=True, text=True, check=True)
    files = {p: p.read_bytes() for p in (tmp_path / "out").rglob("*.md")}
    second = subprocess.run(cmd, capture_output=True, text=True, check=True)
    assert first.stdout == second.stdout
    assert {p: p.read_bytes() for p in (tmp_path / "out").rglob("*.md")} == files
    records = [json.loads(line) for line in first.stdout.splitlines()]
    assert len(records) == 5 and {r["status"] for r in records} == {"ok"}
    # The stable interface; later fields (date_source, review, ...) are additions.
    assert list(records[0])[:10] == ["input", "output", "status", "error", "title", "date", "provinces",
                                     "missions", "people", "tags"]
    assert {r["date_source"] for r in records} == {"text"} and {r["review"] for r in records} == {None}


def test_embedded_content_is_the_normalised_seeds(tmp_path):
    """content/articles is what the normaliser makes of raw/seeds today (regenerate: make content)."""
    list(normalize_paths([SEEDS], tmp_path, tmp_path / "q"))
    produced = {p.relative_to(tmp_path): p.read_text(encoding="utf-8") for p in tmp_path.rglob("*.md")}
    content = ROOT / "content" / "articles"
    embedded = {p.relative_to(content): p.read_text(encoding="utf-8") for p in content.rglob("*.md")
                if p.name.startswith(tuple("0123456789"))}
    assert {k: v for k, v in embedded.items() if k in produced} == produced

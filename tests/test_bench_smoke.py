"""The benchmark scripts at a tiny size, so they do not rot (the figures come from a real run)."""
from pathlib import Path

import pytest
from cdd_thai import provinces, validation
from cdd_thai.text import split_list

from scripts import make_synthetic

ROOT = Path(__file__).resolve().parent.parent


def test_synthetic_archive_is_deterministic_valid_and_spread(tmp_path):
    a = make_synthetic.write_archive(160, tmp_path / "a", seed=7)
    b = make_synthetic.write_archive(160, tmp_path / "b", seed=7)
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]
    assert validation.errors(validation.check_files([tmp_path / "a"])) == []
    headers = [validation.parse_header(p.read_text(encoding="utf-8")) for p in a]
    named = {name for h in headers for name in split_list(h.value("provinces"))}
    assert named == {p.name_th for p in provinces.ALL}  # all 77 + ส่วนกลาง
    years = {h.value("date")[:4] for h in headers}
    assert years <= {str(y) for y in range(2019, 2026)} and len(years) >= 5  # 2562-2568 BE
    empty = sum(1 for h in headers if not h.value("tags"))
    assert 0.2 * len(a) < empty < 0.5 * len(a)  # work for the autotags plugin
    bodies = [p.read_text(encoding="utf-8").split("\n\n", 1)[1] for p in a]
    sizes = sorted(len(body.encode("utf-8")) for body in bodies)
    assert 4500 < sizes[len(sizes) // 2] < 6500  # ~4.8 KB bodies
    assert all("พัฒนาชุมชน" in body or "ชุมชน" in body for body in bodies)  # sentences of the seeds


def test_a_different_seed_gives_a_different_archive(tmp_path):
    a = make_synthetic.write_archive(5, tmp_path / "a", seed=1)
    b = make_synthetic.write_archive(5, tmp_path / "b", seed=2)
    assert [p.read_bytes() for p in a] != [p.read_bytes() for p in b]


@pytest.mark.build
@pytest.mark.slow
def test_bench_build_runs_at_a_tiny_size(tmp_path, capsys):
    from scripts import bench_build

    out = tmp_path / "bench.json"
    assert bench_build.main(["--n", "40", "--work", str(tmp_path / "work"), "--json", str(out)]) == 0
    text = capsys.readouterr().out
    assert "| plain Pelican" in text and "| our full build" in text and "| our rebuild" in text
    assert "x plain" in text and "x full" in text and "ArticlesGenerator.generate_context" in text
    import json

    data = json.loads(out.read_text(encoding="utf-8"))
    assert {r["label"] for runs in data["results"].values() for r in runs} == {"plain", "full", "rebuild"}
    assert all(r["peak_mb"] > 20 and r["wall"] > 0 for runs in data["results"].values() for r in runs)
    # our builds ran the snapshot of the plugins, not the work tree's (which may change mid-run)
    snapshot = str(tmp_path / "work" / "code" / "plugins")
    assert {r["plugins_dir"] for r in data["results"]["full"] + data["results"]["rebuild"]} == {snapshot}


@pytest.mark.build
@pytest.mark.slow
@pytest.mark.net  # serve.py listens on 127.0.0.1 and the benchmark fetches its pages
def test_bench_serve_runs_at_a_tiny_size(tmp_path, capsys):
    """A real preview server on 30 articles: one title edit and one new article reach their pages."""
    import html
    import json
    import re

    from scripts import bench_serve

    work, out = tmp_path / "work", tmp_path / "serve.json"
    assert bench_serve.main(["--n", "30", "--edits", "1", "--work", str(work), "--json", str(out)]) == 0
    text = capsys.readouterr().out
    assert "load average at start:" in text and "| edit 1: new title of" in text and "| new article |" in text
    assert "median of the 1 edits" in text and "≤ 1.5 s" in text
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["n"] == 30 and data["first_build_s"] > 0 and data["first_build_problems"] == 0
    (edit,) = data["edits"]
    assert 0 < edit["seen_s"] <= edit["shown_s"] == data["median_shown_s"]
    assert edit["shown_s"] <= edit["caught_up_s"]  # the full build after the quick phase ended too
    assert edit["build_s"] is not None and data["met"] == (edit["shown_s"] <= 1.5)
    assert 0 < data["added"]["seen_s"] <= data["added"]["shown_s"]
    # the pages really carry the saved titles: the article's heading and <title>, its body still there
    for entry in (edit, data["added"]):
        path = work / "output" / entry["url"].split("/", 3)[3] / "index.html"
        page = path.read_text(encoding="utf-8")
        heading = re.search(r"<h1>(.*?)</h1>", page).group(1)
        assert html.unescape(heading) == entry["title"]
        assert html.unescape(re.search(r"<title>(.*?)</title>", page).group(1)).startswith(entry["title"] + " |")
        assert "ชุมชน" in page.split("<h1>", 1)[1] and len(page) > 5000
    assert edit["title"].startswith("ข่าวทดสอบการแสดงตัวอย่าง ครั้งที่ 1 รหัส ")
    assert data["peak_rss_mb"] is None or data["peak_rss_mb"] > 50

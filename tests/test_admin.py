"""The browser editor (plugins/cdd_admin): its config comes from cdd_thai, its Pelican format reads
and writes what the validator accepts, and the public pages load none of it."""
from __future__ import annotations

import datetime as dt
import json
import re
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cdd_admin import cdd_admin, schema
from cdd_thai import dates, missions, provinces, validation
from cdd_thai.text import split_list

ROOT = Path(__file__).resolve().parent.parent
NODE = shutil.which("node")
BUNDLE = ROOT / "node_modules" / "decap-cms" / "dist" / "decap-cms.js"
ARTICLES = sorted((ROOT / "content" / "articles").rglob("*.md"))


def needs_node(test):
    """A test that runs cdd-admin.js under node: a subprocess, so the slow tier."""
    return pytest.mark.slow(pytest.mark.skipif(NODE is None, reason="node is not installed")(test))


needs_bundle = pytest.mark.skipif(not BUNDLE.is_file(), reason="npm ci has not installed decap-cms")


def collection(config: dict) -> dict:
    (articles,) = config["collections"]
    return articles


def field(config: dict, name: str) -> dict:
    return next(f for f in collection(config)["fields"] if f["name"] == name)


def test_config_lists_all_78_provinces_and_every_mission_of_the_taxonomy():
    config = json.loads(schema.render_config(schema.build_config()).split("\n", 1)[1])
    values = [o["value"] for o in field(config, "provinces")["options"]]
    assert len(values) == 78 == len(set(values))
    assert set(values) == {p.name_th for p in provinces.ALL}
    assert values[0] == "ส่วนกลาง" and "ขอนแก่น" in values and "กรุงเทพมหานคร" in values
    assert all(provinces.province_by_name(v) is not None for v in values)
    options = field(config, "missions")["options"]
    assert [o["value"] for o in options] == [m.slug for m in missions.MISSIONS]
    assert [o["label"] for o in options] == [m.name_th for m in missions.MISSIONS]
    assert field(config, "provinces")["multiple"] and field(config, "missions")["multiple"]


def test_required_fields_are_exactly_the_validators():
    config = schema.build_config()
    required = {f["name"] for f in collection(config)["fields"] if f.get("required")}
    assert required == {key for key, f in validation.FIELDS.items() if f.required} == {"title", "date", "provinces"}
    assert field(config, "provinces")["min"] == 1
    date = field(config, "date")
    assert date["widget"] == "datetime" and date["time_format"] is False and date["format"] == "YYYY-MM-DD"
    # every field of the form is a field of the schema (or the body)
    assert {f["name"] for f in collection(config)["fields"]} - {"body"} <= set(validation.FIELDS)


def test_config_is_thai_local_and_uses_the_pelican_format():
    config = schema.build_config({"local_port": 9999})
    assert config["locale"] == "th"
    assert config["local_backend"]["url"] == "http://127.0.0.1:9999/api/v1"
    assert collection(config)["folder"] == "content/articles"
    assert collection(config)["format"] == "pelican"
    assert collection(config)["media_folder"] == "/content/images" and config["public_folder"] == "/images"
    assert "local_backend" not in schema.build_config(local_backend=False)


def run_js(script: str, payload) -> object:
    """Run ``script`` in node with cdd-admin.js's api (``api``) and ``input`` (the JSON payload)."""
    source = (
        "const {makeApi} = require(%s);\n"
        "const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));\n"
        "const api = makeApi(input.schema);\n"
        "const result = (function () { %s })();\n"
        "Promise.resolve(result).then(r => process.stdout.write(JSON.stringify(r)));\n"
    ) % (json.dumps(str(cdd_admin.HERE / "static" / "cdd-admin.js")), script)
    done = subprocess.run([NODE, "-e", source], input=json.dumps({"schema": schema.browser_schema(), "data": payload}),
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@needs_node
def test_every_article_round_trips_byte_for_byte_through_the_editor_format():
    assert len(ARTICLES) >= 5, "content/articles lost the embedded seeds"  # an empty archive fails, not skips
    texts = {str(p): p.read_text(encoding="utf-8") for p in ARTICLES}
    back = run_js("const out = {}; for (const [k, v] of Object.entries(input.data)) out[k] = api.toFile(api.fromFile(v)); return out;",
                  texts)
    for path, text in texts.items():
        assert back[path] == text, path


@needs_node
def test_the_editor_reads_lists_and_continuation_lines_as_the_validator_does():
    text = "Title: ข่าว\n    ต่อบรรทัด\nDate: 2020-10-30\nProvinces: ขอนแก่น; ชัยภูมิ\nMissions: poverty, otop\n\nเนื้อข่าว\n"
    data = run_js("return api.fromFile(input.data);", text)
    header = validation.parse_header(text)
    assert data["title"] == header.value("title") == "ข่าว ต่อบรรทัด"
    assert data["provinces"] == split_list(header.value("provinces")) == ["ขอนแก่น", "ชัยภูมิ"]
    assert data["missions"] == ["poverty", "otop"]
    assert data["body"] == "เนื้อข่าว\n"


@needs_node
def test_what_the_editor_writes_passes_the_validator_and_keeps_unknown_fields():
    entry = {"title": "พช.ขอนแก่น\u200b จัดอบรม\nผ้าไทย", "date": "2024-03-15", "provinces": ["ขอนแก่น", "ส่วนกลาง"],
             "missions": ["thai-textiles"], "tags": ["ผ้าไทย", "กลุ่มสตรี"], "people": ["นายสมชาย ใจดี, พัฒนาการจังหวัด"],
             "summary": "บรรทัดหนึ่ง\n\nบรรทัดสอง", "image": "/images/photo-1.png", "status": "published",
             "source": "https://example.go.th/x", "body": "ย่อหน้าแรก\n\nย่อหน้าสอง\n\n\n"}
    text = run_js("return api.toFile(api.preSave(input.data));", entry)
    assert validation.errors(validation.check_text(text, "x.md")) == []
    header = validation.parse_header(text)
    assert header.value("title") == "พช.ขอนแก่น จัดอบรม ผ้าไทย"  # zero-width space gone, one line
    assert header.value("summary") == "บรรทัดหนึ่ง บรรทัดสอง"
    # a comma inside a name: the list is written with ";" (split_list and Pelican split there)
    assert split_list(header.value("people")) == ["นายสมชาย ใจดี, พัฒนาการจังหวัด"]
    assert header.value("source") == "https://example.go.th/x" and header.value("lang") == "th"
    assert "_year" not in text and text.endswith("ย่อหน้าแรก\n\nย่อหน้าสอง\n")


@needs_node
def test_slugs_are_new_articles_and_dates_are_shown_in_buddhist_era():
    from scripts.new_article import make_slug

    title = "พช.ขอนแก่น จัดอบรมการทอผ้าไทยให้กลุ่มสตรี"
    got = run_js("return [api.makeSlug('2024-03-15', ['ขอนแก่น', 'ชัยภูมิ'], input.data + '  '), "
                 "api.makeSlug('2024-03-15', ['ส่วนกลาง'], input.data), api.makeSlug('', ['ขอนแก่น'], input.data), "
                 "api.thaiDate('2020-10-30'), api.sha1Hex('abc')];", title)
    assert got[0] == make_slug(dt.date(2024, 3, 15), provinces.province_by_name("ขอนแก่น"), title)
    assert got[1] == make_slug(dt.date(2024, 3, 15), provinces.CENTRAL, title)
    assert got[2] == ""  # no date yet: no slug (the form requires one)
    assert got[3] == "30 ตุลาคม 2563"
    assert got[4] == "a9993e364706816aba3e25717850c26c9cd0d89d"
    assert validation.SLUG_RE.fullmatch(got[0])


@needs_bundle
@pytest.mark.build  # the Java HTML checker
def test_write_admin_vendors_the_bundle_and_writes_the_generated_files(tmp_path):
    settings = {"SITENAME": "คลัง <ข่าว>", "THEME": str(ROOT / "theme"), "SITEURL": ""}
    admin = cdd_admin.write_admin(tmp_path, settings)
    names = {p.name for p in admin.iterdir()}
    assert {"index.html", "config.yml", "cdd-admin.js", "decap-cms.js", "fonts.css"} <= names
    assert len([n for n in names if n.endswith(".decap-cms.js")]) == len(cdd_admin.bundle_files(ROOT / "node_modules")) - 1
    assert not any(n.endswith(".map") for n in names)
    html = (admin / "index.html").read_text(encoding="utf-8")
    assert "คลัง &lt;ข่าว>" in html and "https://" not in html and "http://" not in html  # no CDN
    assert '<link rel="stylesheet" href="fonts.css">' in html
    fonts = (admin / "fonts.css").read_text(encoding="utf-8")
    # the site's Thai faces, waiting for the font (the site's "optional" left the editor in boxes: tofu)
    assert "url(../theme/fonts/sarabun-thai-400-normal.woff2)" in fonts and "url(../theme/fonts/sarabun-thai-700" in fonts
    assert fonts.count("font-display: block") == fonts.count("@font-face") >= 2 and "optional" not in fonts
    assert json.loads(html.split('id="cdd-schema">')[1].split("</script>")[0])["collection"] == "articles"
    config = (admin / "config.yml").read_text(encoding="utf-8")
    assert "local_backend" in config
    vnu = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    if shutil.which("java") and vnu.is_file():  # the editor's page is valid HTML too
        checked = subprocess.run(["java", "-jar", str(vnu), str(admin / "index.html")], capture_output=True, text=True)
        assert checked.returncode == 0, checked.stderr
    public = {**settings, "SITEURL": "https://news.example.go.th"}
    assert cdd_admin.write_admin(tmp_path / "public", public) is None  # no shared backend: no /admin/
    assert not (tmp_path / "public" / "admin").exists()
    assert cdd_admin.write_admin(tmp_path, public) is None  # the development build's /admin/ is removed
    assert not admin.exists() and tmp_path.is_dir()
    backend = {"name": "gitlab", "repo": "cdd/news", "base_url": "https://git.example.go.th"}
    shared = cdd_admin.write_admin(tmp_path / "shared", {**public, "CDD_ADMIN": {"backend": backend}})
    config = json.loads((shared / "config.yml").read_text(encoding="utf-8").split("\n", 1)[1])
    assert config["backend"] == backend and "local_backend" not in config
    assert cdd_admin.write_admin(tmp_path / "none", {**settings, "CDD_ADMIN": {"node_modules": str(tmp_path)}}) is None


@needs_bundle
@pytest.mark.build
def test_the_public_pages_load_nothing_of_the_editor(tmp_path):
    output = tmp_path / "output"
    from scripts.edit import pelican_overrides

    overrides = pelican_overrides(ROOT / "pelicanconf.py", tmp_path, output, 8081)
    extra = [f"{k}={json.dumps(v, ensure_ascii=False)}" for k, v in overrides.items()]
    env = {**os.environ, "PYTHAINLP_OFFLINE": "1", "PYTHAINLP_READ_ONLY": "1"}
    done = subprocess.run([sys.executable, "-m", "pelican", str(ROOT / "content"), "-o", str(output), "-s",
                           str(ROOT / "pelicanconf.py"), "-e", *extra], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (output / "admin" / "decap-cms.js").is_file() and (output / "admin" / "config.yml").is_file()
    public = [p for p in output.rglob("*") if p.is_file() and "admin" not in p.relative_to(output).parts
              and p.suffix in (".html", ".js", ".css", ".xml", ".json")]
    assert any(p.name == "index.html" for p in public)
    for path in public:
        text = path.read_text(encoding="utf-8", errors="replace")
        assert "admin/" not in text and "decap" not in text.lower() and "cdd-admin" not in text, path


@needs_node
def test_dates_the_validator_refuses_stop_the_save():
    got = run_js("const today = new Date(2024, 2, 15); return ['2024-03-15', '2024-03-16', '2023-02-29', '1956-12-31', '']"
                 ".map(d => api.dateProblem(d, today));", None)
    assert got[0] == ""
    assert got[1].startswith("วันที่อยู่ในอนาคต") and "Date in the future" in got[1]
    assert got[2].startswith("วันที่ไม่มีอยู่จริง")
    assert got[3].startswith("วันที่ก่อน พ.ศ. 2500")
    assert got[4] != ""
    for day in ("2024-03-16", "2023-02-29", "1956-12-31"):  # the same dates the validator refuses
        with pytest.raises(dates.ThaiDateError):
            dates.parse_date_value(day, today=dt.date(2024, 3, 15))
    error = run_js("try { api.preSave({title: 'x', date: '2999-01-01', provinces: ['ขอนแก่น']}); return ''; }"
                   " catch (e) { return e.message; }", None)
    assert "Date in the future: 2999-01-01" in error


@needs_node
def test_uploads_are_named_by_hash_and_typed_from_their_bytes_as_the_normaliser_does(tmp_path):
    import base64
    import hashlib

    from cdd_images import check
    from PIL import Image

    photos = {}
    for fmt, ext in (("JPEG", "jpg"), ("PNG", "png"), ("WEBP", "webp")):
        path = tmp_path / f"ภาพ.{ext}"
        Image.new("RGB", (20, 10), (200, 30, 30)).save(path, fmt)
        photos[ext] = path.read_bytes()
    photos["lying.jpg"] = b"<?xml version='1.0'?><svg><script>alert(1)</script></svg>"
    photos["text.png"] = "ไม่ใช่ภาพ".encode()
    script = ("const subtle = require('crypto').webcrypto.subtle;"
              "return Promise.all(Object.entries(input.data).map(([k, v]) => api.photoName(Buffer.from(v, 'base64'), subtle)"
              ".then(n => [k, n], e => [k, 'ERROR ' + e.message])));")
    got = dict(run_js(script, {k: base64.b64encode(v).decode() for k, v in photos.items()}))
    for ext in ("jpg", "png", "webp"):
        assert got[ext] == check.check_image(photos[ext]).name == f"{hashlib.sha256(photos[ext]).hexdigest()}.{ext}"
    assert got["lying.jpg"].startswith("ERROR ภาพ SVG ไม่เผยแพร่")
    assert got["text.png"] == "ERROR ไม่ใช่ภาพ JPEG, PNG หรือ WebP / not a JPEG, PNG or WebP image"
    over = run_js("return api.photoName(new Uint8Array(input.schema.photo_max_bytes + 1), null).catch(e => e.message);", None)
    assert over.startswith("ไฟล์ภาพใหญ่เกิน 15 MB")


@needs_node
def test_a_photo_in_the_body_without_alt_text_stops_the_save():
    body = "ย่อหน้า\n\n![](/images/a.jpg)\n\n![กลุ่มสตรีทอผ้า](/images/b.jpg)\n\n```\n![](/images/code.jpg)\n```\n"
    got = run_js("return api.altProblems(input.data);", body)
    assert len(got) == 1 and "/images/a.jpg" in got[0] and "alt" in got[0]
    error = run_js("try { api.preSave({title: 'x', date: '2024-03-15', provinces: ['ขอนแก่น'], body: input.data}); return ''; }"
                   " catch (e) { return e.message; }", body)
    assert "ไม่มีคำบรรยายภาพ" in error
    # the validator says the same of the file
    text = "Title: x\nDate: 2024-03-15\nProvinces: ขอนแก่น\nSlug: x\n\n" + body
    problems = validation.check_images(text, validation.parse_header(text), "x.md", ROOT / "content")
    assert any("ไม่มีคำบรรยายภาพ" in p.th and "/images/a.jpg" in p.th for p in problems)


# --- shared mode (issue 16 item 3) ----------------------------------------------------------------

SHARED = {"backend": {"name": "gitlab", "repo": "pr/cdd-news", "branch": "main", "base_url": "https://git.cdd.go.th",
                      "api_root": "https://git.cdd.go.th/api/v4", "auth_type": "pkce", "app_id": "0123abcd"}}


def test_shared_mode_config_is_the_editorial_workflow_on_the_departments_git_service():
    config = schema.build_config(SHARED, local_backend=False)
    assert config["publish_mode"] == "editorial_workflow"
    assert config["backend"] == SHARED["backend"] and "local_backend" not in config
    assert json.loads(schema.render_config(config).split("\n", 1)[1]) == config  # what /admin/config.yml holds
    # local mode saves at once, unless the workflow is asked for (make edit --workflow: decap-server's git mode)
    assert schema.build_config({}, local_backend=True)["publish_mode"] == "simple"
    assert schema.build_config({"publish_mode": "editorial_workflow"}, local_backend=True)["publish_mode"] == "editorial_workflow"
    assert schema.build_config({**SHARED, "publish_mode": "simple"}, local_backend=False)["publish_mode"] == "simple"


def test_a_backend_without_the_workflow_is_refused_with_the_reason():
    with pytest.raises(schema.ConfigError, match="ใช้ gitlab หรือ forgejo"):
        schema.build_config({"backend": {"name": "gitea", "repo": "pr/cdd-news"}}, local_backend=False)
    with pytest.raises(schema.ConfigError, match="unknown publish_mode"):
        schema.build_config({"publish_mode": "review"}, local_backend=True)
    forgejo = schema.build_config({"backend": {"name": "forgejo", "repo": "pr/cdd-news"}}, local_backend=False)
    assert forgejo["publish_mode"] == "editorial_workflow"
    # Decap's own Gitea backend says the same, which is why it is refused here
    gitea = (ROOT / "node_modules" / "decap-cms-backend-gitea" / "src" / "implementation.tsx")
    if gitea.is_file():
        assert "does not support editorial workflow" in gitea.read_text(encoding="utf-8")


def test_a_public_build_with_a_shared_backend_writes_admin_and_without_one_does_not(tmp_path):
    if not BUNDLE.is_file():
        pytest.fail("npm ci has not installed decap-cms")
    settings = {"SITENAME": "คลังข่าว", "THEME": str(ROOT / "theme"), "SITEURL": "https://news.cdd.go.th",
                "CDD_ADMIN": SHARED}
    admin = cdd_admin.write_admin(tmp_path, settings)
    config = json.loads((admin / "config.yml").read_text(encoding="utf-8").split("\n", 1)[1])
    assert config["publish_mode"] == "editorial_workflow" and config["backend"]["name"] == "gitlab"
    assert "local_backend" not in config  # the public site never talks to a decap-server
    assert cdd_admin.write_admin(tmp_path / "plain", {"SITEURL": "https://news.cdd.go.th"}) is None


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout


@needs_node
@pytest.mark.net  # decap-server on loopback
@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_the_workflow_on_one_machine_a_draft_stays_off_main_until_the_review_publishes_it(tmp_path):
    """decap-server in git mode (make edit --workflow) is the editorial workflow's local twin: the
    requests the editor sends for a draft, a status change and a publish, and what git holds after each."""
    import socket
    import time
    import urllib.request

    from scripts import edit

    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "content" / "articles", repo / "content" / "articles")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.name", "officer")
    git(repo, "config", "user.email", "pr@example.go.th")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "archive")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    log = open(tmp_path / "cms.log", "w")
    cms = edit.start_cms(repo, port, 8000, node=NODE, log=log, workflow=True)
    entry = {"title": "พช.ขอนแก่น จัดอบรมการทอผ้าไทย", "date": "2024-03-15", "provinces": ["ขอนแก่น"],
             "missions": ["thai-textiles"], "body": "ย่อหน้าแรก\n"}
    text = run_js("return api.toFile(api.preSave(input.data));", entry)
    slug = validation.parse_header(text).value("slug")
    path = f"content/articles/2024/{slug}.md"

    def call(action, **params):
        request = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1", method="POST",
                                         data=json.dumps({"action": action, "params": {"branch": "main", **params}}).encode(),
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as answer:
            return json.loads(answer.read())

    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                call("info")
                break
            except OSError:
                if time.monotonic() > deadline or cms.poll() is not None:
                    raise
                time.sleep(0.3)
        # the officer saves a draft: a branch of its own, main untouched
        call("persistEntry", dataFiles=[{"slug": slug, "path": path, "raw": text}], assets=[],
             options={"collectionName": "articles", "commitMessage": f"ข่าวใหม่ {slug}", "useWorkflow": True,
                      "status": "draft"})
        branch = f"cms/articles/{slug}"
        assert branch in git(repo, "branch", "--list", "cms/*")
        assert path not in git(repo, "ls-tree", "-r", "--name-only", "main")
        assert not (repo / path).exists()  # the working tree (what make site builds) stays on main
        shown = git(repo, "show", f"{branch}:{path}")
        assert shown == text and validation.errors(validation.check_text(shown, path)) == []
        assert call("unpublishedEntries") == [f"articles/{slug}"]  # the review queue: this draft
        # ready for review, then the central PR unit publishes it: merged into main, the branch gone
        call("updateUnpublishedEntryStatus", collection="articles", slug=slug, newStatus="pending_publish")
        call("publishUnpublishedEntry", collection="articles", slug=slug)
        assert path in git(repo, "ls-tree", "-r", "--name-only", "main")
        assert branch not in git(repo, "branch", "--list", "cms/*")
        assert (repo / path).read_text(encoding="utf-8") == text
        # what the repository's CI then runs before building and deploying
        assert validation.errors(validation.check_files([repo / "content"])) == []
    finally:
        edit.stop([cms])
        log.close()


def test_the_documented_shared_settings_give_the_workflow_and_the_ci_runs_what_exists(monkeypatch):
    import runpy

    monkeypatch.setenv("CDD_GIT_URL", "https://git.cdd.go.th/")
    monkeypatch.setenv("CDD_GIT_APP_ID", "abc123")
    settings = runpy.run_path(str(ROOT / "docs" / "shared-mode" / "sharedconf.py"))
    assert "cdd_admin" in settings["PLUGINS"] and settings["SITEURL"].startswith("https://")
    config = schema.build_config(settings["CDD_ADMIN"], local_backend=False)
    assert config["publish_mode"] == "editorial_workflow"
    assert config["backend"]["name"] == "gitlab" and config["backend"]["api_root"] == "https://git.cdd.go.th/api/v4"
    assert config["backend"]["app_id"] == "abc123" and "local_backend" not in config
    ci = (ROOT / "docs" / "shared-mode" / "gitlab-ci.yml").read_text(encoding="utf-8")
    for path in ("scripts/validate.py", "scripts/build.py", "docs/shared-mode/sharedconf.py"):
        assert path in ci and (ROOT / path).is_file()
    assert "make setup" in ci and "\nsetup:" in (ROOT / "Makefile").read_text(encoding="utf-8")
    guide = (ROOT / "docs" / "editor.md").read_text(encoding="utf-8")
    for image in set(re.findall(r"editor-[a-z-]+\.png", guide)):
        assert (ROOT / "docs" / image).is_file(), image

"""Writes the browser editor into output/admin/ after every build.

- the Decap CMS bundle (dist/decap-cms.js and the chunks it loads on demand) copied from
  node_modules (``npm ci``): no CDN, so the editor works offline and on a closed network;
- config.yml generated from plugins/cdd_thai (schema.py), index.html and cdd-admin.js (the Pelican
  header format, the slug, the preview with the site's CSS and fonts).

Nothing is added to the public pages: only /admin/ loads the editor. Settings: CDD_ADMIN = {
"enabled": True, "node_modules": path, "local_backend": bool (default: on when SITEURL is empty, i.e. the
development build; make edit), "local_port": 8081, "content_folder": "content", "backend": {...} (Decap's
backend for shared mode; without it and without local_backend, no /admin/ is written) }.
"""
from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path

from pelican import signals

from cdd_thai.text import atomic_write

from . import schema

log = logging.getLogger(__name__)
HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
BUNDLE = Path("decap-cms") / "dist"


def bundle_files(node_modules: Path) -> list[Path]:
    """decap-cms.js and its on-demand chunks (N.decap-cms.js); no source maps."""
    dist = node_modules / BUNDLE
    main = dist / "decap-cms.js"
    if not main.is_file():
        return []
    return [main] + sorted(p for p in dist.glob("*.decap-cms.js") if p.name != main.name)


def _copy_if_changed(source: Path, target: Path) -> None:
    try:
        same = target.stat().st_size == source.stat().st_size and target.stat().st_mtime >= source.stat().st_mtime
    except OSError:
        same = False
    if not same:
        shutil.copy2(source, target)


def _write(path: Path, text: str) -> None:
    atomic_write(path, text, durable=False)  # rewritten by every build


def font_faces(theme_css: Path) -> str:
    """The site's @font-face rules (theme/static/css/site.css), their URLs made relative to /admin/.
    The site's "font-display: optional" (no layout shift for readers) would leave the editor without
    Thai letters on a PC that has no Thai font when the font is not there in time: here the text waits
    for the font (block)."""
    try:
        css = theme_css.read_text(encoding="utf-8")
    except OSError:
        return ""
    faces = re.findall(r"@font-face\s*{[^}]*}", css)
    faces = [re.sub(r"font-display:\s*\w+", "font-display: block", face) for face in faces]
    return "\n".join(face.replace("url(../fonts/", "url(../theme/fonts/") for face in faces)


def index_html(site_name: str) -> str:
    schema_json = schema.script_json(schema.browser_schema())
    return f"""<!doctype html>
<html lang="th">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>เขียนข่าว — {site_name}</title>
<link rel="stylesheet" href="fonts.css">
<style>
/* Decap's own font stack has no Thai on a PC without Thai system fonts: the site's Sarabun first
   (fonts.css: its faces; cdd-admin.js gives them to the preview too). */
body, body *:not(code):not(pre):not(kbd) {{ font-family: "Sarabun", -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, Ubuntu, Arial, sans-serif !important; }}
</style>
</head>
<body>
<noscript>หน้าเขียนข่าวต้องเปิด JavaScript / The editor needs JavaScript.</noscript>
<script type="application/json" id="cdd-schema">{schema_json}</script>
<script src="decap-cms.js"></script>
<script src="cdd-admin.js"></script>
</body>
</html>
"""


def remove_stale_admin(output: Path) -> None:
    """An output folder reused from a development build (make site, then publishconf.py into the same
    output/) would keep its local-mode /admin/ and rsync would publish it: removed, if it is ours."""
    admin = output / "admin"
    try:
        ours = (admin / "config.yml").read_text(encoding="utf-8").startswith(schema.CONFIG_HEADER)
    except OSError:
        return
    if ours and not admin.is_symlink():
        shutil.rmtree(admin)
        log.info("cdd_admin: removed %s (no editor in this build)", admin)


def write_admin(output: Path, settings: dict) -> Path | None:
    """output/admin/ (index.html, config.yml, cdd-admin.js, the bundle); None when the bundle is missing."""
    options = dict(settings.get("CDD_ADMIN") or {})
    local = options.get("local_backend")
    if local is None:
        local = not settings.get("SITEURL")
    # A public build gets /admin/ only once a shared backend (GitLab, Gitea) is configured: a login
    # page that cannot log in would only confuse.
    if not options.get("enabled", True) or not (local or options.get("backend")):
        remove_stale_admin(output)
        return None
    node_modules = Path(options.get("node_modules") or ROOT / "node_modules")
    files = bundle_files(node_modules)
    if not files:
        log.warning("cdd_admin: ไม่พบ %s — สั่ง npm ci (หรือ make setup) ก่อน หน้าเขียนข่าว /admin/ จึงยังไม่ถูกสร้าง / "
                    "%s not found: run npm ci (make setup); the editor /admin/ was not written",
                    node_modules / BUNDLE / "decap-cms.js", node_modules / BUNDLE / "decap-cms.js")
        return None
    admin = output / "admin"
    admin.mkdir(parents=True, exist_ok=True)
    for source in files:
        _copy_if_changed(source, admin / source.name)
    _copy_if_changed(HERE / "static" / "cdd-admin.js", admin / "cdd-admin.js")
    html_name = str(settings.get("SITENAME", "")).replace("&", "&amp;").replace("<", "&lt;")
    faces = font_faces(Path(settings.get("THEME", "")) / "static" / "css" / "site.css")
    _write(admin / "fonts.css", faces + "\n")
    _write(admin / "index.html", index_html(html_name))
    _write(admin / "config.yml", schema.render_config(schema.build_config(options, local_backend=bool(local))))
    return admin


def finalized(pelican) -> None:
    write_admin(Path(pelican.output_path), pelican.settings)


def register():
    signals.finalized.connect(finalized)

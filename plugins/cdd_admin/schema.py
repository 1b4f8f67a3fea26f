"""The editor's configuration, generated from the project's own article schema.

Everything an officer picks or types in /admin/ comes from plugins/cdd_thai: the fields and which are
required (validation.FIELDS), the 77 provinces + ส่วนกลาง (provinces.ALL), the missions
(data/missions.toml), the Thai month names and the Buddhist-Era offset (dates), the slug and invisible-
character rules (validation). Nothing is listed twice: a new mission in missions.toml appears in the
editor on the next build.

Decap reads config.yml as YAML; JSON is YAML, so the config is written as JSON (no YAML library).
The field names of the editor are the lower-case header keys (title, date, ...): Decap then infers the
entry's title and date by name, and static/cdd-admin.js maps them back to Pelican's "Title: ..." header.
"""
from __future__ import annotations

import json
from collections.abc import Mapping

from cdd_images import check as photo_check
from cdd_thai import dates, missions, provinces, validation

COLLECTION = "articles"
# decap-server's port in local mode (make edit); the page asks it only from 127.0.0.1.
LOCAL_PORT = 8081
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"

# Thai labels and hints of the form. The names are validation.FIELDS'; the words are the officer's.
_LABELS = {
    "title": ("หัวข้อข่าว", "พิมพ์หัวข้อข่าวเต็ม ๆ เช่น พช.ขอนแก่น จัดประชุมคณะกรรมการ..."),
    "date": ("วันที่จัดกิจกรรม", "วันที่เกิดเหตุการณ์ในข่าว (ไม่ใช่วันที่เผยแพร่) — ปฏิทินแสดงเป็น ค.ศ.; "
                                 "พ.ศ. = ค.ศ. + 543 และช่องตัวอย่างด้านขวาแสดงวันที่เป็น พ.ศ."),
    "provinces": ("จังหวัด", "พิมพ์เพื่อค้นหา เลือกได้หลายจังหวัด จังหวัดแรกคือจังหวัดหลัก; "
                             "ข่าวของส่วนกลาง (กรม) เลือก ส่วนกลาง"),
    "missions": ("ภารกิจ", "เลือกภารกิจของกรมที่ข่าวนี้เกี่ยวข้อง (เว้นว่างได้ถ้าไม่เข้าภารกิจใด) ภารกิจแรกคือภารกิจหลัก"),
    "tags": ("แท็ก", "คำสำคัญคั่นด้วยจุลภาค (,) — เว้นว่างได้ ระบบจะเติมแท็กให้เองตอนสร้างเว็บ"),
    "people": ("บุคคล", "ชื่อและตำแหน่งของผู้ที่มีชื่อในข่าว คั่นด้วยจุลภาค (,)"),
    "author": ("ผู้เขียนข่าว", "ชื่อผู้เขียนหรือหน่วยงานที่ส่งข่าว (ไม่บังคับ)"),
    "summary": ("สรุปข่าว", "หนึ่งถึงสองประโยค แสดงในหน้ารายการข่าว (ไม่บังคับ)"),
    "image": ("ภาพหลักของข่าว", "อัปโหลดภาพ JPG, PNG หรือ WebP (ไม่เกิน 15 MB) ภาพจะเก็บไว้ในโฟลเดอร์ content/images "
                                "ชื่อไฟล์เปลี่ยนเป็นรหัสของภาพเอง; ภาพในเนื้อข่าวต้องมีคำบรรยายภาพ"),
    "status": ("สถานะ", "เผยแพร่ = ขึ้นเว็บ; ฉบับร่าง = ยังไม่ขึ้นเว็บ"),
    "body": ("เนื้อข่าว", "เขียนหรือวางเนื้อข่าว ใส่ภาพในเนื้อข่าวได้ด้วยปุ่มเพิ่มภาพ"),
}
_STATUS_LABELS = {"published": "เผยแพร่ (published)", "draft": "ฉบับร่าง (draft)"}


def province_options() -> list[dict[str, str]]:
    """ส่วนกลาง first, then the 77 in Thai dictionary order; the English name helps the search box."""
    ordered = (provinces.CENTRAL,) + tuple(p for p in provinces.ALL if p is not provinces.CENTRAL)
    return [{"label": f"{p.name_th} ({p.name_en})", "value": p.name_th} for p in ordered]


def mission_options() -> list[dict[str, str]]:
    return [{"label": m.name_th, "value": m.slug} for m in missions.MISSIONS]


def _field(name: str, widget: str, **extra) -> dict:
    spec = validation.FIELDS[name]
    label, hint = _LABELS[name]
    out = {"name": name, "label": label, "widget": widget, "required": spec.required, "hint": hint}
    out.update(extra)
    return out


def fields() -> list[dict]:
    """The form, in the order of validation.FIELDS; required exactly where the validator requires."""
    return [
        _field("title", "string"),
        _field("date", "datetime", format="YYYY-MM-DD", date_format="YYYY-MM-DD", time_format=False,
               picker_utc=False, pattern=[DATE_PATTERN, "ใส่วันที่ในรูป ปปปป-ดด-วว (ค.ศ.)"]),
        _field("provinces", "select", multiple=True, min=1, options=province_options()),
        _field("missions", "select", multiple=True, options=mission_options()),
        _field("tags", "list"),
        _field("people", "list"),
        _field("author", "string"),
        _field("summary", "text"),
        _field("image", "image", choose_url=False),
        _field("status", "select", default="published",
               options=[{"label": _STATUS_LABELS[s], "value": s} for s in ("published", "draft")]),
        {"name": "body", "label": _LABELS["body"][0], "hint": _LABELS["body"][1], "widget": "markdown",
         "required": False},
    ]


def browser_schema() -> dict:
    """What static/cdd-admin.js needs to read and write Pelican headers and make slugs."""
    return {
        "collection": COLLECTION,
        "fields": [{"key": key, "name": f.name, "many": f.many} for key, f in validation.FIELDS.items()],
        "province_slugs": {p.name_th: p.slug for p in provinces.ALL},
        "missions": {m.slug: m.name_th for m in missions.MISSIONS},
        "thai_months": list(dates.THAI_MONTHS),
        "be_offset": dates.BE_OFFSET,
        "min_year": dates.MIN_BE_YEAR - dates.BE_OFFSET,  # dates.make_date refuses older dates
        "invisible": validation.INVISIBLE_RE.pattern,
        "slug_pattern": validation.SLUG_RE.pattern,
        "photo_max_bytes": photo_check.MAX_BYTES,
    }


# Decap backends that keep drafts as branches / merge requests (editorial workflow). Decap's Gitea
# backend (decap-cms-backend-gitea 3.5) refuses it ("does not support editorial workflow"); its
# Forgejo backend (Forgejo is the community fork of Gitea) and GitLab's have it.
WORKFLOW_BACKENDS = ("gitlab", "forgejo", "github", "bitbucket", "azure", "git-gateway", "proxy", "test-repo")
PUBLISH_MODES = ("simple", "editorial_workflow")


class ConfigError(ValueError):
    """A CDD_ADMIN setting Decap cannot work with; the message is in Thai and English."""


def publish_mode(options: Mapping, local_backend: bool) -> str:
    """Shared mode (a git service as the backend) defaults to the editorial workflow: an officer's
    draft -> review by the central PR unit -> publish. Local mode (make edit) saves at once, unless
    CDD_ADMIN["publish_mode"] says otherwise (decap-server in git mode has the workflow too)."""
    mode = options.get("publish_mode") or ("editorial_workflow" if options.get("backend") and not local_backend
                                           else "simple")
    if mode not in PUBLISH_MODES:
        raise ConfigError(f'CDD_ADMIN["publish_mode"] = "{mode}" ใช้ไม่ได้ (ใช้ {" หรือ ".join(PUBLISH_MODES)}) / '
                          f'unknown publish_mode "{mode}" (use {" or ".join(PUBLISH_MODES)})')
    backend = (options.get("backend") or {}).get("name", "")
    if mode == "editorial_workflow" and backend and backend not in WORKFLOW_BACKENDS and not local_backend:
        raise ConfigError(f'ระบบ "{backend}" ของ Decap ไม่มีขั้นตอนตรวจก่อนเผยแพร่ (editorial workflow) — ใช้ gitlab หรือ forgejo / '
                          f'Decap\'s "{backend}" backend has no editorial workflow: use gitlab or forgejo')
    return mode


def build_config(options: Mapping | None = None, *, local_backend: bool = True) -> dict:
    """Decap's config. ``options`` is the CDD_ADMIN setting: content_folder (the content folder
    relative to the repository root, "content"), backend (the shared-mode backend: GitLab or Forgejo,
    see docs/editor.md), publish_mode (see publish_mode()), local_port."""
    options = dict(options or {})
    content = options.get("content_folder", "content").strip("/")
    config = {
        "backend": options.get("backend") or {"name": "git-gateway", "branch": "main"},
        "locale": "th",
        "publish_mode": publish_mode(options, local_backend),
        "media_folder": f"{content}/images",
        "public_folder": "/images",
        # ASCII file names for uploads and entries (a Thai file name would be percent-encoded in URLs).
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [{
            "name": COLLECTION,
            "label": "ข่าว",
            "label_singular": "ข่าว",
            "description": "ข่าวประชาสัมพันธ์ของกรมการพัฒนาชุมชน — ช่องที่มีเครื่องหมาย * ต้องกรอก",
            "folder": f"{content}/articles",
            # A collection with a path would keep photos beside each article; "/" = from the repository root.
            "media_folder": f"/{content}/images",
            "public_folder": "/images",
            "create": True,
            "extension": "md",
            "format": "pelican",
            # cdd-admin.js's preSave fills slug (date-province-hash, as scripts/new_article.py) and _year.
            "slug": "{{fields.slug}}",
            "path": "{{_year}}/{{slug}}",  # no "fields.": Decap turns dots in a path template into hyphens
            "summary": "{{date}} — {{title}}",
            "sortable_fields": ["date", "title"],
            "fields": fields(),
        }],
    }
    if local_backend:
        port = int(options.get("local_port", LOCAL_PORT))
        config["local_backend"] = {"url": f"http://127.0.0.1:{port}/api/v1",
                                   "allowed_hosts": ["127.0.0.1", "localhost"]}
    return config


CONFIG_HEADER = "# Generated by plugins/cdd_admin"


def render_config(config: dict) -> str:
    return (f"{CONFIG_HEADER} from plugins/cdd_thai (fields, provinces, missions): do not edit, rebuild.\n"
            + json.dumps(config, ensure_ascii=False, indent=1) + "\n")


def script_json(data: dict) -> str:
    """JSON safe inside <script type="application/json">: no "</" can close the element."""
    text = json.dumps(data, ensure_ascii=False).replace("</", "<\\/").replace("<!--", "<\\u0021--")
    # control and invisible characters (the validator's own pattern carries some) as \\uXXXX escapes:
    # raw, they are forbidden code points in an HTML document
    return validation.INVISIBLE_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)

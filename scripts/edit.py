"""เขียนข่าวในเบราว์เซอร์บนเครื่องนี้ / Write articles in the browser, on this PC (local mode).

Starts two servers, both on 127.0.0.1 only (nothing is reachable from another machine):
- decap-server (npm, pinned in package.json) on port 8081: the editor's "local backend", which reads
  and writes the Markdown files and photos of the working tree (MODE=fs: files only, no git commit);
- scripts/serve.py (make serve's live preview) on port 8000: the site, rebuilt after every save
  (a save during a build too), its pages reloading by themselves and showing build errors, with the
  editor at http://127.0.0.1:8000/admin/ (plugins/cdd_admin, added to PLUGINS here if the settings
  do not list it yet; the editor's own page is not reloaded).

    python scripts/edit.py                 # then open http://127.0.0.1:8000/admin/
    python scripts/edit.py --project DIR   # another checkout (DIR/content, DIR/output)
    python scripts/edit.py --workflow      # practise shared mode's review on one PC: decap-server in git
                                           # mode, each draft a branch cms/articles/SLUG, published = merged

Ctrl-C stops both servers.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from scripts.serve import wait_for_ctrl_c

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
DECAP_SERVER = ROOT / "node_modules" / "decap-server" / "dist" / "index.js"
BUNDLE = ROOT / "node_modules" / "decap-cms" / "dist" / "decap-cms.js"


class SetupError(RuntimeError):
    """Something to install or free first; the message is in Thai and English."""


def pelican_overrides(settings_file: Path, project: Path, output: Path, cms_port: int,
                      workflow: bool = False) -> dict:
    """Settings added for local mode: the editor plugin, the photos folder, decap-server's port."""
    from pelican.settings import read_settings

    settings = read_settings(str(settings_file))
    plugins = list(settings.get("PLUGINS") or [])
    if "cdd_admin" not in plugins:
        plugins.append("cdd_admin")
    static = list(settings.get("STATIC_PATHS") or [])
    if "images" not in static:
        static.append("images")  # the editor uploads into content/images, linked as /images/...
    admin = dict(settings.get("CDD_ADMIN") or {})
    admin.update({"local_backend": True, "local_port": cms_port})
    if workflow:
        admin["publish_mode"] = "editorial_workflow"
    return {"PLUGINS": plugins, "STATIC_PATHS": static, "CDD_ADMIN": admin,
            "CACHE_PATH": str(project / "cache"), "SITEURL": "", "RELATIVE_URLS": True}


def port_free(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex((HOST, port)) != 0


def wait_for_port(port: int, process: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SetupError(f"เซิร์ฟเวอร์หยุดทำงาน (รหัส {process.returncode}) / the server exited "
                             f"(status {process.returncode}): {' '.join(map(str, process.args[:3]))}")
        if not port_free(port):
            return
        time.sleep(0.2)
    raise SetupError(f"พอร์ต {port} ไม่ตอบภายใน {timeout:.0f} วินาที / port {port} did not answer in {timeout:.0f} s")


def start_cms(project: Path, cms_port: int, site_port: int, *, node: str, log=None,
              workflow: bool = False) -> subprocess.Popen:
    """decap-server on 127.0.0.1: MODE=fs writes files only; MODE=git (the editorial workflow) keeps
    each draft on a branch of the project's git repository and merges it when it is published."""
    if workflow and not (project / ".git").exists():
        raise SetupError(f"{project} ไม่ใช่ git repository (ต้องใช้กับ --workflow) / {project} is not a git repository "
                         f"(--workflow needs one)")
    env = {**os.environ, "PORT": str(cms_port), "BIND_HOST": HOST, "MODE": "git" if workflow else "fs",
           "GIT_REPO_DIRECTORY": str(project), "LOG_LEVEL": os.environ.get("DECAP_LOG_LEVEL", "info"),
           # decap-server's CORS: only the editor's own origin
           "ORIGIN": f"http://{HOST}:{site_port}"}
    return subprocess.Popen([node, str(DECAP_SERVER)], cwd=project, env=env, stdout=log, stderr=log,
                            start_new_session=True)


def start(project: Path, output: Path, settings_file: Path, port: int, cms_port: int,
          node: str | None = None, log=None, workflow: bool = False) -> list[subprocess.Popen]:
    """Start decap-server and Pelican; returns the two processes once both listen."""
    node = node or shutil.which("node")
    if not node or not DECAP_SERVER.is_file() or not BUNDLE.is_file():
        raise SetupError("ไม่พบ node หรือ decap-server/decap-cms ใน node_modules — สั่ง make setup (npm ci) ก่อน / "
                         "node, or decap-server/decap-cms in node_modules, not found: run make setup (npm ci) first")
    for p in (port, cms_port):
        if not port_free(p):
            raise SetupError(f"พอร์ต {p} ถูกใช้อยู่ (เปิด make edit ค้างไว้อีกหน้าต่างหรือไม่?) / port {p} is in use "
                             f"(is another make edit running?)")
    (project / "content" / "images").mkdir(parents=True, exist_ok=True)
    out = log if log is not None else None
    # Each server in its own process group: the site's builds run in a child process of its own
    # (scripts/serve.py's worker), so stop() signals the whole group.
    cms = start_cms(project, cms_port, port, node=node, log=out, workflow=workflow)
    processes = [cms]
    try:
        wait_for_port(cms_port, cms, 30)
        overrides = pelican_overrides(settings_file, project, output, cms_port, workflow)
        extra = [f"--set={key}={json.dumps(value, ensure_ascii=False)}" for key, value in overrides.items()]
        site_env = {**os.environ, "PYTHAINLP_OFFLINE": "1", "PYTHAINLP_READ_ONLY": "1",
                    "PYTHONHASHSEED": os.environ.get("PYTHONHASHSEED", "0")}
        site = subprocess.Popen(
            [sys.executable, str(ROOT / "scripts" / "serve.py"), "--content", str(project / "content"),
             "--output", str(output), "-s", str(settings_file), "--port", str(port), *extra],
            cwd=ROOT, env=site_env, stdout=out, stderr=out, start_new_session=True)
        processes.append(site)
        wait_for_port(port, site, 300)
    except BaseException:
        stop(processes)
        raise
    return processes


def _signal_group(process: subprocess.Popen, sig: int) -> None:
    try:
        os.killpg(process.pid, sig)  # the group start() made for it: the server and its children
    except ProcessLookupError:
        pass


def stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        _signal_group(process, signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            _signal_group(process, signal.SIGKILL)
            process.wait()
    deadline = time.monotonic() + 10  # the group's other members (Pelican's children) too
    for process in processes:
        while time.monotonic() < deadline:
            try:
                os.killpg(process.pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.1)
        else:
            _signal_group(process, signal.SIGKILL)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--project", type=Path, default=ROOT, help="โฟลเดอร์โครงการ (มี content/) / project folder")
    parser.add_argument("--output", type=Path, help="โฟลเดอร์เว็บที่สร้าง / build output (PROJECT/output)")
    parser.add_argument("--settings", type=Path, default=ROOT / "pelicanconf.py")
    parser.add_argument("--port", type=int, default=8000, help="พอร์ตของเว็บ / site port (8000)")
    parser.add_argument("--cms-port", type=int, default=8081, help="พอร์ตของ decap-server (8081)")
    parser.add_argument("--workflow", action="store_true",
                        help="ฝึกขั้นตอน ร่าง → ตรวจ → เผยแพร่ บนเครื่องนี้ (git) / draft → review → publish, on this PC (git)")
    args = parser.parse_args(argv)
    project = args.project.resolve()
    output = (args.output or project / "output").resolve()
    try:
        processes = start(project, output, args.settings.resolve(), args.port, args.cms_port, workflow=args.workflow)
    except SetupError as exc:
        sys.stderr.write(f"{exc}\n")
        return 1
    sys.stderr.write(
        f"\nพร้อมแล้ว: เปิด http://{HOST}:{args.port}/admin/ เพื่อเขียนข่าว (บันทึกแล้วไฟล์อยู่ใน {project / 'content'}; "
        f"ดูหน้าเว็บที่ http://{HOST}:{args.port}/) — กด Ctrl-C เพื่อหยุด\n"
        f"Ready: open http://{HOST}:{args.port}/admin/ to write (files are saved under {project / 'content'}; "
        f"the site is at http://{HOST}:{args.port}/) — Ctrl-C stops.\n\n")
    try:
        if wait_for_ctrl_c(lambda: all(p.poll() is None for p in processes), 0.5):
            return 0
        sys.stderr.write("เซิร์ฟเวอร์ตัวหนึ่งหยุดทำงาน จึงหยุดทั้งหมด / a server stopped, stopping both\n")
        return 1
    finally:
        stop(processes)


if __name__ == "__main__":
    sys.exit(main())

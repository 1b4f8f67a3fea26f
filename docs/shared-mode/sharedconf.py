"""Settings of the department's shared editor (shared mode): the public site (publishconf.py) plus the
editor at /admin/, whose backend is the department's own GitLab with the editorial workflow
(an officer's draft -> review by the central PR unit -> publish). See docs/editor.md.

    python scripts/build.py content -o output -s docs/shared-mode/sharedconf.py

From the environment (the CI sets them; nothing secret: PKCE needs no client secret):
  CDD_GIT_URL     https://git.cdd.go.th        the GitLab server
  CDD_GIT_REPO    pr/cdd-news                  the archive's repository on it
  CDD_GIT_APP_ID  (GitLab > Admin > Applications: the editor's OAuth application ID)
  CDD_GIT_BACKEND gitlab (default) or forgejo
"""
import os
import runpy
from pathlib import Path

# Every setting of publishconf.py (its public upper-case names: what Pelican reads), read by its path.
_publishconf = runpy.run_path(str(Path(__file__).resolve().parents[2] / "publishconf.py"))
globals().update((name, value) for name, value in _publishconf.items()
                 if name.isupper() and not name.startswith("_"))

_git = os.environ.get("CDD_GIT_URL", "https://git.cdd.go.th").rstrip("/")
_backend = os.environ.get("CDD_GIT_BACKEND", "gitlab")
PLUGINS = [*_publishconf["PLUGINS"], "cdd_admin"]
CDD_ADMIN = {
    "backend": {
        "name": _backend,
        "repo": os.environ.get("CDD_GIT_REPO", "pr/cdd-news"),
        "branch": "main",
        "base_url": _git,
        "api_root": f"{_git}/api/v4" if _backend == "gitlab" else f"{_git}/api/v1",
        "auth_type": "pkce",
        "app_id": os.environ.get("CDD_GIT_APP_ID", ""),
    },
    "publish_mode": "editorial_workflow",
}

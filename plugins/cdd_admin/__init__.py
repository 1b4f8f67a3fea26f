"""The browser editor at /admin/ (Decap CMS, vendored from node_modules); see cdd_admin.py."""
from .cdd_admin import *  # noqa: F401,F403

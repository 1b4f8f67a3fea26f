"""Photos: responsive, EXIF-free derivatives and <picture> markup; see derive.py (logic) and plugin.py."""
from .plugin import register  # noqa: F401

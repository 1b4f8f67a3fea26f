"""Fill empty Tags with cdd_thai.tags.extract_tags, cached by content hash; see cdd_autotags.py."""
from .cdd_autotags import *  # noqa: F401,F403

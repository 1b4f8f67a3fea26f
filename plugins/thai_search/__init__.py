"""Thai search: a build-time index for the browser (see thai_search.py)."""
from .thai_search import *  # noqa: F401,F403
from .thai_search import register  # noqa: F401

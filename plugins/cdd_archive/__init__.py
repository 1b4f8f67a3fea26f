from .cdd_archive import *  # noqa: F401,F403

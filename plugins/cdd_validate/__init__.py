"""Validate every article while Pelican reads it; see cdd_validate.py."""
from .cdd_validate import *  # noqa: F401,F403

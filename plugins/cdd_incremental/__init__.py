"""Skip re-rendering article pages whose inputs have not changed; see cdd_incremental.py."""
from .cdd_incremental import *  # noqa: F401,F403

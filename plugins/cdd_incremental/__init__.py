"""Skip re-rendering article pages whose inputs have not changed (cdd_incremental.py); read the
source files on every core (parallel.py, the plugin ``cdd_incremental.parallel``)."""
from .cdd_incremental import *  # noqa: F401,F403

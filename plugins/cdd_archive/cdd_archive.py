"""Province, mission and date archives for the CDD News Archive (stub: grows next)."""
import logging

logger = logging.getLogger(__name__)


def register():
    """Nothing wired yet."""

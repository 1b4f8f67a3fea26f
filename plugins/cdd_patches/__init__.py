"""Every patch of Pelican internals, in one place (see the modules here)."""

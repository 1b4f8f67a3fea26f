"""The one Thai-language module of the CDD news archive.

Dates (Buddhist Era), provinces, missions, tokenising, tags, people, the text layer (text.py) and
the module's fingerprint live here, and the normaliser, the Pelican plugins and the search index all
import them from here. It is a library, not a Pelican plugin (it has no register()).

Importing it makes pythainlp offline and read-only: nothing is ever downloaded at run time.
"""
import os

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"

"""cdd_thai.fingerprint: one hash of the whole Thai module (every file, data included) and of
pythainlp's and nlpo3's versions, which every cache of its results is keyed by."""
import shutil

import pytest
from cdd_thai import fingerprint as thai_fingerprint
from cdd_thai.fingerprint import MODULE_DIR, fingerprint


@pytest.fixture
def module_copy(tmp_path):
    copy = tmp_path / "cdd_thai"
    shutil.copytree(MODULE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def test_the_copy_has_the_fingerprint_of_the_module(module_copy):
    assert fingerprint(module_copy) == fingerprint(MODULE_DIR) == fingerprint()


# data/districts.tsv and dates.py were missing from the autotags cache's hand-kept list.
@pytest.mark.parametrize("name", ["data/districts.tsv", "dates.py", "data/missions.toml", "people.py"])
def test_every_file_of_the_module_counts(module_copy, name):
    before = fingerprint(module_copy)
    path = module_copy / name
    path.write_bytes(path.read_bytes() + b"\n")
    assert fingerprint(module_copy) != before


def test_a_new_or_renamed_file_counts_and_bytecode_does_not(module_copy):
    before = fingerprint(module_copy)
    cache = module_copy / "__pycache__"
    cache.mkdir()
    (cache / "dates.cpython-311.pyc").write_bytes(b"\0\1")
    assert fingerprint(module_copy) == before
    (module_copy / "data" / "domain_words.txt").rename(module_copy / "data" / "domain_words.bak")
    assert fingerprint(module_copy) != before
    (module_copy / "data" / "domain_words.bak").rename(module_copy / "data" / "domain_words.txt")
    assert fingerprint(module_copy) == before
    (module_copy / "data" / "extra.tsv").write_text("", encoding="utf-8")
    assert fingerprint(module_copy) != before


@pytest.mark.parametrize("package", ["pythainlp", "nlpo3"])
def test_the_package_versions_count(module_copy, monkeypatch, package):
    before = fingerprint(module_copy)
    real = thai_fingerprint.metadata.version
    monkeypatch.setattr(thai_fingerprint.metadata, "version",
                        lambda name: "0.0.1" if name == package else real(name))
    assert thai_fingerprint.package_versions()[package] == "0.0.1"
    assert fingerprint(module_copy) != before


def test_the_incremental_build_key_follows_the_package_versions(tmp_path, monkeypatch):
    """Article pages show automatic tags, which a new pythainlp word list changes."""
    from cdd_incremental.cdd_incremental import IncrementalWriter
    from pelican.settings import DEFAULT_CONFIG

    settings = {**DEFAULT_CONFIG, "THEME": str(tmp_path / "theme"), "PLUGIN_PATHS": [],
                "CACHE_PATH": str(tmp_path / "cache")}
    before = IncrementalWriter(str(tmp_path / "out"), settings=settings).build_key
    assert IncrementalWriter(str(tmp_path / "out"), settings=settings).build_key == before
    monkeypatch.setattr(thai_fingerprint, "package_versions", lambda: {"pythainlp": "9.9", "nlpo3": "9.9"})
    assert IncrementalWriter(str(tmp_path / "out"), settings=settings).build_key != before

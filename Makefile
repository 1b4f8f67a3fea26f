# One entry point for people and CI. `make site` and `make test` set everything up themselves.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
export PYTHAINLP_OFFLINE := 1
export PYTHAINLP_READ_ONLY := 1
export PYTHONHASHSEED := 0

.PHONY: setup system-deps site content test test-fast serve edit review validate new-article bench bench-normalize bench-build bench-serve bench-search bench-scrape bench-images scrape refresh eval clean

setup: $(VENV)/.stamp node_modules/.stamp

$(VENV)/.stamp: requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	# the project itself, editable: plugins and scripts import each other as packages (pyproject.toml)
	PYTHONWARNINGS=ignore $(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

node_modules/.stamp: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

# Debian packages the browser tests and the HTML checker need (root on CI; skipped when present).
system-deps:
	@command -v chromium >/dev/null && command -v java >/dev/null || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium default-jre-headless >/dev/null; }

## Build the site from content/ into output/ (built aside, swapped in when complete: a failed build keeps output/).
site: $(VENV)/.stamp
	$(PY) scripts/build.py content -o output -s pelicanconf.py

## Re-normalise the embedded raw samples into content/articles/.
content: $(VENV)/.stamp
	$(PY) scripts/normalize.py -o content/articles raw/seeds

## The whole test suite (unit, golden, build and browser tests).
test: setup system-deps
	$(VENV)/bin/pytest

## The unit tier only (no build, socket, browser or subprocess; --check-tiers fails a test that does one).
test-fast: $(VENV)/.stamp
	$(VENV)/bin/pytest -m "not build and not net and not browser and not slow" --check-tiers

## The browser editor (Decap CMS) on the working tree: http://127.0.0.1:8000/admin/
edit: setup
	$(PY) scripts/edit.py

## Live preview on http://127.0.0.1:8000/: every save rebuilt, the page reloads, build errors shown in it.
serve: $(VENV)/.stamp
	$(PY) scripts/serve.py --content content --output output -s pelicanconf.py --port 8000

## Collect new and changed posts from the sites of sites.toml into raw/scraped/.
scrape: $(VENV)/.stamp
	$(PY) scripts/scrape.py -o raw/scraped

## Scrape, normalise raw/scraped into content/articles, build output/.
refresh: $(VENV)/.stamp
	$(PY) scripts/refresh.py

## The review inbox: held inputs and articles published on a guess (scripts/review.py release ITEM ...).
review: $(VENV)/.stamp
	$(PY) scripts/review.py list

validate: $(VENV)/.stamp
	$(PY) scripts/validate.py content

new-article: $(VENV)/.stamp
	$(PY) scripts/new_article.py

eval: $(VENV)/.stamp
	$(PY) scripts/eval_normalize.py ../shared/eval
	$(PY) scripts/eval_normalize.py tests/eval_constructed

bench: bench-normalize bench-build bench-serve bench-search bench-scrape bench-images

bench-normalize: $(VENV)/.stamp
	$(PY) scripts/bench_normalize.py

## 10,000 articles beside plain Pelican, medians of 3 (issue 17); then the same with a back-dated article.
bench-build: $(VENV)/.stamp
	$(PY) scripts/bench_build.py --repeat 3
	$(PY) scripts/bench_build.py --repeat 3 --added random

## make serve: from saving one article to the page showing it, at 10,000 articles (issue 17: <= 1.5 s).
bench-serve: $(VENV)/.stamp
	$(PY) scripts/bench_serve.py

bench-search: setup system-deps
	$(PY) scripts/bench_search.py

bench-scrape: $(VENV)/.stamp
	$(PY) scripts/bench_scrape.py

## Photos: cost per photo on one core; 1,000 articles x 5 photos: full build, peak memory, rebuild.
bench-images: $(VENV)/.stamp
	$(PY) scripts/bench_images.py

clean:
	rm -rf output __pycache__ .pytest_cache cache

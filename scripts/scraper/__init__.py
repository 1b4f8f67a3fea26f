"""Collect press releases from the department's WordPress sites into a raw archive (see scripts/scrape.py).

- ``http``: a polite HTTP client (robots.txt, one request at a time per host, delay, Retry-After,
  back-off, time-outs, same-host redirects only);
- ``wordpress``: what a WordPress site looks like (REST API pages, HTML listing and post pages);
- ``store``: the raw archive on disk (one HTML file and one metadata file per post, written atomically);
- ``crawl``: one site walked incrementally, with a summary of what was new, changed, unchanged or failed.
"""

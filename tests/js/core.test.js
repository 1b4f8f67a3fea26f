// search-core.js against the vectors the index code writes (plugins/thai_search/vectors.py):
// the browser side of every shared rule (normalisation, hashes, gram names, postings, facets,
// words, names, URLs) and whole queries on a small index, compared with the Python answers.
//   node --test tests/js/          (makes the vectors with .venv/bin/python, or python3)
//   THAI_SEARCH_VECTORS=v.json node --test tests/js/
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { execFileSync } = require("node:child_process");

const ROOT = path.resolve(__dirname, "..", "..");
const core = require(path.join(ROOT, "theme", "static", "js", "search-core.js"));

function loadVectors() {
  let file = process.env.THAI_SEARCH_VECTORS;
  if (!file) {
    file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "search-vectors-")), "vectors.json");
    const venv = path.join(ROOT, ".venv", "bin", "python");
    const articles = fs.readdirSync(path.join(ROOT, "content", "articles"), { recursive: true })
      .filter((p) => p.endsWith(".md")).map((p) => path.join(ROOT, "content", "articles", p));
    execFileSync(fs.existsSync(venv) ? venv : "python3",
      ["-m", "thai_search.vectors", "-o", file, ...articles], // a module: vectors.py imports its package
      { env: { ...process.env, PYTHAINLP_OFFLINE: "1", PYTHAINLP_READ_ONLY: "1",
               PYTHONPATH: path.join(ROOT, "plugins") }, stdio: "inherit" });
  }
  return JSON.parse(fs.readFileSync(file, "utf8"));
}

const V = loadVectors();
const meta = V.index["meta.json"];
// search.js's file loader over the files of an index embedded in the vectors
const loaderOf = (files) => (rel, kind) => {
  const v = files[rel];
  if (v === undefined) return Promise.resolve(null);
  return Promise.resolve(kind === "bytes" ? core.fromBase64(v) : v);
};
const load = loaderOf(V.index);
const index = new core.Index(meta, load);

test("normalised strings", () => {
  for (const [text, normalised, compacted] of V.normalize) {
    // normalize() keeps every whitespace character (excerpt positions); folded it is normalize_text's
    assert.equal(core.normalize(text).replace(/\s+/g, " ").trim(), normalised, JSON.stringify(text));
    assert.equal(core.compact(text), compacted, JSON.stringify(text));
  }
});

test("hashes, bloom positions and run buckets", () => {
  for (const [text, seed, hash] of V.fnv1a) assert.equal(core.fnv1a(text, seed), hash, text);
  for (const [key, bits, pos] of V.bloom) assert.deepEqual(core.bloomPositions(key, bits), pos, key);
  for (const [ids, buckets, bucket] of V.run_bucket) assert.equal(core.runBucket(ids, buckets), bucket);
});

test("gram file names", () => {
  for (const [key, name] of V.gram_file) assert.equal(core.gramFile(key), name, key);
  assert.ok(V.gram_file.length > 10);
});

test("encoded postings decode to their ids (both encodings)", () => {
  const types = new Set();
  for (const [ids, encoded] of V.postings) {
    const n = (ids.length ? ids[ids.length - 1] : 0) + 1;
    assert.deepEqual(core.ids(core.decodePosting(encoded, n)), ids);
    if (encoded) types.add(core.fromBase64(encoded)[0]);
  }
  assert.deepEqual([...types].sort(), [0, 1]);
});

test("the query's words and phrase", () => {
  for (const [q, phrase, words] of V.parse_query) {
    assert.deepEqual(core.parseQuery(q), { phrase, words }, q);
  }
});

test("facet records, and a 17th mission", () => {
  const facets = core.facetsOf(meta, core.fromBase64(V.index["facets.bin"]));
  V.facet_records.forEach(([provinces, missions], id) => {
    assert.deepEqual(facets.provinces(id), provinces, `doc ${id}`);
    assert.deepEqual(facets.missions(id), missions, `doc ${id}`);
  });
  // the records are the documents' resolved front matter (aliases read as the pages read them)
  V.docs.forEach((doc, id) => {
    assert.deepEqual(facets.provinces(id).map((i) => meta.provinces[i][1]), doc.provinces);
    assert.deepEqual(facets.missions(id).map((i) => meta.missions[i][0]).sort(), [...doc.missions].sort());
  });
  const wide = V.facet_records_17;
  const f17 = core.facetsOf(wide.meta, core.fromBase64(wide.bytes));
  wide.rows.forEach(([p, m], id) => { assert.deepEqual(f17.provinces(id), p); assert.deepEqual(f17.missions(id), m); });
  assert.deepEqual(f17.missions(0), [0, 16]);
});

test("queries resolved on the small index as query.py resolves them", async () => {
  let found = 0;
  for (const q of V.queries) {
    const m = await core.matchQuery(index, core.parseQuery(q.q));
    // unsure documents (4+ token chains) are checked against the stored text, as on the page
    const all = [];
    for (const id of core.ids(m.all)) {
      if (core.has(m.unsure, id)) {
        const doc = V.index[`d/${id}.json`];
        if (!core.containsAll(meta, doc, core.parseQuery(q.q).words)) continue;
      }
      all.push(id);
    }
    assert.deepEqual(all, q.all, q.q);
    assert.deepEqual(core.ids(m.phrase).filter((id) => all.includes(id)), q.phrase, q.q);
    assert.deepEqual(core.ids(m.title).filter((id) => all.includes(id)), q.title, q.q);
    found += all.length;
  }
  assert.ok(found > 20, "the queries are not vacuous");
  // the chain limit is the index's (meta.json): reached, the answer says it may be incomplete
  assert.equal(meta.max_chains, 256);
  const tight = new core.Index({ ...meta, max_chains: 0 }, load);
  assert.equal((await core.match(tight, core.compact("โคก หนอง นา"))).approximate, true);
  assert.equal((await core.match(index, core.compact("โคก หนอง นา"))).approximate, false);
});

test("browsing by filters: newest first, counts with the other filters applied", () => {
  const facets = core.facetsOf(meta, core.fromBase64(V.index["facets.bin"]));
  const state = core.readState(new URLSearchParams("province=khon-kaen&year=2565"), meta);
  const opts = core.options(meta, state);
  const ranked = core.rank(meta, core.matchAll(meta), facets, opts);
  const want = V.docs.map((d, id) => [d, id])
    .filter(([d]) => d.provinces.includes("ขอนแก่น") && d.year + meta.be_offset === 2565).map(([, id]) => id).reverse();
  assert.deepEqual(ranked.hits.map((h) => h.id), want);
  assert.ok(want.length >= 1);
  // a province's count: the articles of that province in the chosen year
  meta.provinces.forEach(([, name], i) => {
    const n = V.docs.filter((d) => d.provinces.includes(name) && d.year + meta.be_offset === 2565).length;
    assert.equal(ranked.counts.province[i] || 0, n, name);
  });
  // a year's count: the articles of the chosen province in that year
  meta.years.forEach(([year]) => {
    const n = V.docs.filter((d) => d.provinces.includes("ขอนแก่น") && d.year === year).length;
    assert.equal(ranked.counts.year[year] || 0, n, String(year));
  });
  assert.equal(ranked.total, meta.n);
  // without the facets (a search with no province or mission chosen) years are still counted
  const bare = core.rank(meta, core.matchAll(meta), null, core.options(meta, core.readState(new URLSearchParams("year=2565"), meta)));
  assert.equal(bare.counts.province, null);
  assert.deepEqual(bare.hits.map((h) => h.id), V.docs.map((d, id) => [d, id]).filter(([d]) => d.year === 2022).map(([, id]) => id).reverse());
  meta.years.forEach(([year, first, last]) => assert.equal(bare.counts.year[year], last - first + 1));
  assert.throws(() => core.rank(meta, core.matchAll(meta), null, opts), /facets/);
});

test("URLs: slugs and BE years; the old numeric ones read as the same state", () => {
  const read = (qs) => core.readState(new URLSearchParams(qs), meta);
  const be = (ce) => String(ce + V.be_offset);
  const years = meta.years.map((y) => y[0]);
  const slug = read("province=khon-kaen&mission=poverty&year=2565");
  assert.equal(slug.province, "khon-kaen");
  assert.equal(slug.mission, "poverty");
  assert.equal(slug.year, years.includes(2022) ? "2565" : "");
  const old = read("province=" + meta.provinces.findIndex((p) => p[0] === "khon-kaen") +
                   "&mission=" + meta.missions.findIndex((m) => m[0] === "poverty") + "&year=2022");
  assert.deepEqual(old, slug);
  assert.equal(read("province=KHON-KAEN").province, "khon-kaen");
  assert.deepEqual(read("province=no-such&mission=99&year=1999&sort=bad"),
                   { q: "", province: "", mission: "", year: "", sort: "" });
  assert.equal(core.writeState({ q: "โคก หนอง นา", province: "khon-kaen", mission: "", year: be(2022), sort: "" }),
               "q=" + encodeURIComponent("โคก") + "+" + encodeURIComponent("หนอง") + "+" + encodeURIComponent("นา") +
               "&province=khon-kaen&year=2565");
  assert.deepEqual(core.options(meta, slug).year, years.includes(2022) ? 2022 : null);
  assert.equal(V.be_offset, 543);
});

test("names: the keys and pages of queries naming a province or mission", () => {
  const names = V.index["names.json"];
  for (const [q, key, keys, pages] of V.name_keys) {
    assert.equal(core.nameKey(q), key, q);
    assert.deepEqual(core.queryKeys(q), keys, q);
    const got = core.namedPages(meta, names, keys);
    assert.deepEqual(got.map((p) => [p.kind === "province" ? "p" : "m", (p.kind === "province" ? meta.provinces : meta.missions)
      .findIndex((x) => x[0] === p.slug)]), pages, q);
    got.forEach((p) => assert.equal(p.url, meta.urls[p.kind].replace("{slug}", p.slug)));
  }
  const korat = core.namedPages(meta, names, core.queryKeys("โคราช"));
  assert.deepEqual(korat.map((p) => [p.kind, p.slug]), [["province", "nakhon-ratchasima"]]);
  assert.deepEqual(core.namedPages(meta, names, core.queryKeys("พช.ขก.")).map((p) => p.url), ["province/khon-kaen/"]);
});

test("an index numbered by arrival (a hole, an edit, a back-dated article): date ranks, order, filters", async () => {
  const U = V.updated;
  const umeta = U.index["meta.json"];
  const uindex = new core.Index(umeta, loaderOf(U.index));
  assert.deepEqual(Array.from(core.dateOrder(umeta).rank), U.ranks);
  assert.ok(U.ranks.includes(-1), "the vectors have a hole");
  assert.notDeepEqual(umeta.order, [0, umeta.n], "the vectors have ids out of date order");
  const facets = core.facetsOf(umeta, core.fromBase64(U.index["facets.bin"]));
  let shown = 0;
  for (const c of U.cases) {
    const state = { q: c.q, province: c.province, mission: c.mission, year: c.year ? String(c.year + umeta.be_offset) : "", sort: c.sort };
    const parsed = core.parseQuery(c.q);
    const m = c.q ? await core.matchQuery(uindex, parsed) : core.matchAll(umeta);
    const ranked = core.rank(umeta, m, facets, core.options(umeta, state));
    const ids = ranked.hits.filter((h) => !h.unsure || core.containsAll(umeta, U.index[`d/${h.id}.json`], parsed.words)).map((h) => h.id);
    assert.deepEqual(ids, c.ids, JSON.stringify(c));
    for (const kind of ["province", "mission", "year"]) {
      const got = Object.fromEntries(Object.entries(ranked.counts[kind]).map(([k, v]) => [String(k), v]));
      assert.deepEqual(got, c.counts[kind], kind + " " + JSON.stringify(c));
    }
    shown += ids.length;
  }
  assert.ok(shown > 10, "the cases are not vacuous");
});

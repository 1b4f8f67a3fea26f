/* Thai search, the pure core: no DOM, no network. search.js (the page) gives it a loader of index
 * files; tests/js/ runs it under Node against test vectors the index writer makes
 * (plugins/thai_search/vectors.py), so the Python and JavaScript sides stay in step.
 *
 * The index (plugins/thai_search/index.py) is a token index queried as a substring index: a
 * word is one token containing it or consecutive tokens spelling it, vowels and tone marks kept
 * ("ขาว" never finds "ข่าว"). plugins/thai_search/query.py is the same algorithm in Python.
 */
(function (root, factory) {
  "use strict";
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.ThaiSearchCore = factory();
})(this, function () {
  "use strict";

  var MIN_CHARS = 2;

  // ---------------------------------------------------------------------------------------
  // Text: cdd_thai.tokenize.normalize_text (NFC, sara am composed, Thai digits to Arabic, Latin
  // lower-cased, marks kept), astral characters dropped as index.prepare() does.

  function normChar(c) {
    var code = c.charCodeAt(0);
    if (code >= 0x0e50 && code <= 0x0e59) return String.fromCharCode(code - 0x0e50 + 48);
    var lower = c.toLowerCase();
    return lower.length === 1 ? lower : c;
  }

  function normalize(text) {
    text = String(text || "").normalize("NFC").replace(/\u0e4d\u0e32/g, "\u0e33")
      .replace(/[\ud800-\udbff][\udc00-\udfff]/g, " ");
    var out = "";
    for (var i = 0; i < text.length; i++) out += normChar(text[i]);
    return out;
  }

  function compact(text) { return normalize(text).replace(/\s+/g, ""); }

  // The query's words (query.py parse_query): separated by spaces; quoted text is one word,
  // spaces removed; a one-character word joins the word before it (or after it).
  var QUOTES = /["\u201c\u201d]/g;
  function parseQuery(q) {
    var words = [];
    var re = /["\u201c\u201d]([^"\u201c\u201d]*)["\u201c\u201d]?|[^\s"\u201c\u201d]+/g, m;
    while ((m = re.exec(String(q || "")))) {
      var w = compact(m[1] !== undefined ? m[1] : m[0]);
      if (w) words.push(w);
    }
    var joined = [];
    words.forEach(function (w) {
      var last = joined.length - 1;
      if (last >= 0 && (w.length < MIN_CHARS || joined[last].length < MIN_CHARS)) joined[last] += w;
      else joined.push(w);
    });
    var unique = joined.filter(function (w, i) { return joined.indexOf(w) === i; });
    return { phrase: compact(String(q || "").replace(QUOTES, " ")), words: unique };
  }

  // ---------------------------------------------------------------------------------------
  // Hashes and file names (index.py fnv1a, bloom_positions, run_bucket, gram_file).

  function fnv1a(text, seed) {
    var h = seed === undefined ? 0x811c9dc5 : seed;
    for (var i = 0; i < text.length; i++) h = Math.imul((h ^ text.charCodeAt(i)) >>> 0, 0x01000193) >>> 0;
    return h;
  }

  function bloomPositions(key, bits) { return [fnv1a(key) % bits, fnv1a(key, 0x01000193) % bits]; }

  function runBucket(ids, buckets) {
    var h = 0x811c9dc5;
    for (var i = 0; i < ids.length; i++) h = Math.imul((h ^ ids[i]) >>> 0, 0x01000193) >>> 0;
    h = Math.imul(h, 0x85ebca6b) >>> 0;
    return ((h ^ (h >>> 15)) >>> 0) % buckets;
  }

  function gramFile(key) {
    var name = "";
    for (var i = 0; i < key.length; i++) {
      var c = key[i], hex = c.charCodeAt(0).toString(16);
      name += (c === "^" || c === "$" || c === "#") ? hex : ("0000" + hex).slice(-4);
    }
    return name;
  }

  function fromBase64(text) {
    var bin = atob(text);
    var out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }

  // ---------------------------------------------------------------------------------------
  // Document sets: bitsets over the ids (numbered by arrival: dateOrder below). Postings (index.py
  // encode_posting): base64 of a type byte, then varint deltas (0) or a bitmap (1).

  function Bits(n) { return new Uint32Array((n + 31) >>> 5); }

  function decodePosting(text, n) {
    var bits = Bits(n);
    var data = fromBase64(text || "");
    if (!data.length) return bits;
    var i;
    if (data[0] === 1) {
      for (i = 1; i < data.length; i++) bits[(i - 1) >>> 2] |= data[i] << (((i - 1) & 3) * 8);
      return bits;
    }
    var prev = -1, shift = 0, value = 0;
    for (i = 1; i < data.length; i++) {
      value += (data[i] & 0x7f) * Math.pow(2, shift);
      if (data[i] & 0x80) { shift += 7; continue; }
      prev = prev + value + 1;
      bits[prev >>> 5] |= 1 << (prev & 31);
      shift = 0; value = 0;
    }
    return bits;
  }

  function orInto(target, bits) { for (var i = 0; i < target.length; i++) target[i] |= bits[i]; }
  function orNotInto(target, bits, except) { for (var i = 0; i < target.length; i++) target[i] |= bits[i] & ~except[i]; }
  function andInto(target, bits) { for (var i = 0; i < target.length; i++) target[i] &= bits[i]; }
  function has(bits, id) { return (bits[id >>> 5] >>> (id & 31)) & 1; }
  function ids(bits) {
    var out = [];
    for (var w = 0; w < bits.length; w++) for (var b = 0; b < 32; b++) if ((bits[w] >>> b) & 1) out.push((w << 5) + b);
    return out;
  }

  // ---------------------------------------------------------------------------------------
  // The index over a loader: load(rel, kind) -> Promise of the parsed file (null when absent).

  function Index(meta, load) {
    this.meta = meta;
    this.load = load;
    this.bloom = fromBase64(meta.bloom);
  }

  Index.prototype.gram = function (key) {
    var pos = bloomPositions(key, this.meta.bloom_bits), bloom = this.bloom;
    if (!((bloom[pos[0] >>> 3] >>> (pos[0] & 7)) & 1) || !((bloom[pos[1] >>> 3] >>> (pos[1] & 7)) & 1)) {
      return Promise.resolve([]);
    }
    return this.load("g/" + gramFile(key) + ".json").then(function (v) { return v || []; });
  };
  Index.prototype.term = function (id, shard) {
    return this.load("t/" + shard + ".json").then(function (v) { return v ? v[String(id)] : null; });
  };
  Index.prototype.run = function (runIds) {
    return this.load("p/" + runBucket(runIds, this.meta.pair_buckets) + ".json")
      .then(function (v) { return v ? v[runIds.join(",")] : null; });
  };

  // A chain of 2 or 3 terms is one indexed run (exact); a longer one is its overlapping triples.
  function chainRuns(chain) {
    if (chain.length === 2) return [chain];
    var out = [];
    for (var i = 0; i + 2 < chain.length; i++) out.push(chain.slice(i, i + 3));
    return out;
  }

  // Terms containing p ({id: exact}) and chains of consecutive terms spelling it (query.py resolve).
  function resolve(index, p) {
    var singles = new Map(), chains = [], shards = new Map(), state = { truncated: false };
    var limit = index.meta.max_chains; // query.py's MAX_CHAINS, from meta.json

    function extend(chain, consumed, exactStart) {
      if (chains.length >= limit) { state.truncated = true; return Promise.resolve(); }
      var rest = p.slice(consumed);
      var lastId = chain[chain.length - 1];
      var candidates = rest.length === 1
        ? index.gram("^" + rest).then(function (entries) {
          return entries.filter(function (e) { return e[0][0] === rest; });
        })
        : Promise.all([index.gram(rest.slice(0, 2)), index.gram("#" + rest[0])]).then(function (got) {
          return got[0].filter(function (e) {
            return e[0].lastIndexOf(rest, 0) === 0 || rest.lastIndexOf(e[0], 0) === 0;
          }).concat(got[1].filter(function (e) { return e[0] === rest[0]; }));
        });
      return candidates.then(function (found) {
        if (!found.length) return null; // nothing can follow: no need for the last term's successors
        return index.term(lastId, shards.get(lastId)).then(function (last) {
          var following = new Set(last ? last[2] : []);
          var next = [];
          found.forEach(function (e) {
            var t = e[0], id = e[1];
            if (!following.has(id)) return;
            shards.set(id, e[2]);
            if (t.lastIndexOf(rest, 0) === 0) chains.push([chain.concat(id), exactStart && t === rest]);
            else next.push(extend(chain.concat(id), consumed + t.length, exactStart));
          });
          return Promise.all(next);
        });
      });
    }

    var head = p.slice(0, 2);
    return Promise.all([index.gram(head), index.gram(p[0] + "$")]).then(function (got) {
      var work = [];
      got[0].forEach(function (e) {
        var t = e[0], id = e[1];
        shards.set(id, e[2]);
        for (var start = t.indexOf(head); start !== -1; start = t.indexOf(head, start + 1)) {
          var tail = t.slice(start);
          if (tail.lastIndexOf(p, 0) === 0) singles.set(id, singles.get(id) || (start === 0 && t.length === p.length));
          else if (p.lastIndexOf(tail, 0) === 0) work.push(extend([id], tail.length, start === 0));
        }
      });
      got[1].forEach(function (e) {
        if (e[0][e[0].length - 1] !== p[0]) return; // a literal "$" in a term shares the file
        shards.set(e[1], e[2]);
        work.push(extend([e[1]], 1, e[0].length === 1));
      });
      return Promise.all(work);
    }).then(function () {
      return { singles: singles, chains: chains, shards: shards, truncated: state.truncated };
    });
  }

  // One word: {all, title, exact, unsure, text} bitsets (query.py search).
  function match(index, p) {
    var n = index.meta.n;
    var all = Bits(n), title = Bits(n), exact = Bits(n), sure = Bits(n), unsure = Bits(n), text = Bits(n);
    return resolve(index, p).then(function (r) {
      var work = [];
      r.singles.forEach(function (isExact, id) {
        work.push(index.term(id, r.shards.get(id)).then(function (post) {
          if (!post) return;
          var docs = decodePosting(post[0], n);
          orInto(all, docs);
          orInto(title, decodePosting(post[1], n));
          orInto(sure, docs);
          orNotInto(text, docs, decodePosting(post[3], n));
          if (isExact) orInto(exact, docs);
        }));
      });
      r.chains.forEach(function (c) {
        var chain = c[0];
        work.push(Promise.all(chainRuns(chain).map(function (run) { return index.run(run); })).then(function (posts) {
          var docs = null, inTitle = null, metaOnly = Bits(n);
          for (var j = 0; j < posts.length; j++) {
            if (!posts[j]) return;
            var d = decodePosting(posts[j][0], n), t = decodePosting(posts[j][1], n);
            if (docs) { andInto(docs, d); andInto(inTitle, t); } else { docs = d; inTitle = t; }
            orInto(metaOnly, decodePosting(posts[j][2], n));
          }
          orNotInto(text, docs, metaOnly);
          orInto(all, docs);
          orInto(title, inTitle);
          if (c[1]) orInto(exact, docs);
          orInto(chain.length > 3 ? unsure : sure, docs); // 4+ tokens: verified on display
        }));
      });
      return Promise.all(work).then(function () {
        for (var i = 0; i < unsure.length; i++) unsure[i] &= ~sure[i];
        return { all: all, title: title, exact: exact, unsure: unsure, text: text, approximate: r.truncated };
      });
    });
  }

  // Several words: documents holding every word (AND); "phrase" marks those holding them together
  // (the whole query, spaces removed), ranked first (query.py search_words).
  function matchQuery(index, parsed) {
    var words = parsed.words, one = words.length === 1, n = index.meta.n;
    var wanted = words.map(function (w) { return match(index, w); });
    if (!one) wanted.push(match(index, parsed.phrase));
    return Promise.all(wanted).then(function (ms) {
      if (one) { ms[0].phrase = ms[0].all; return ms[0]; }
      var ph = ms.pop();
      var out = { all: Bits(n), title: Bits(n), exact: Bits(n), unsure: Bits(n), text: Bits(n),
                  phrase: Bits(n), approximate: false };
      ["all", "title", "text", "exact"].forEach(function (k) { orInto(out[k], ms[0][k]); });
      ms.forEach(function (m) {
        ["all", "title", "text", "exact"].forEach(function (k) { andInto(out[k], m[k]); });
        orInto(out.unsure, m.unsure); // checked against every word on display
        out.approximate = out.approximate || m.approximate;
      });
      orInto(out.phrase, ph.all);
      andInto(out.phrase, out.all);
      andInto(out.unsure, out.all);
      orInto(out.exact, ph.exact);
      andInto(out.exact, out.all);
      return out;
    });
  }

  // No word, only filters: every article, newest first (browsing). Holes (ids of deleted
  // articles) are not articles.
  function matchAll(meta) {
    var n = meta.n, all = Bits(n), order = dateOrder(meta);
    for (var i = 0; i < n; i++) if (order.rank[i] >= 0) all[i >>> 5] |= 1 << (i & 31);
    return { all: all, title: Bits(n), exact: Bits(n), unsure: Bits(n), text: Bits(n), phrase: Bits(n),
             approximate: false, browse: true };
  }

  // Does a stored document (d/ file) hold the word (the check of unsure results)?
  function contains(meta, doc, p) {
    var fields = [doc.t, doc.x, doc.dt, doc.d].concat(doc.p, doc.m.map(function (slug) { return missionName(meta, slug); }));
    return fields.some(function (f) { return compact(f || "").indexOf(p) !== -1; });
  }
  function containsAll(meta, doc, words) { return words.every(function (w) { return contains(meta, doc, w); }); }

  function missionName(meta, slug) {
    for (var i = 0; i < meta.missions.length; i++) if (meta.missions[i][0] === slug) return meta.missions[i][1];
    return slug;
  }

  // ---------------------------------------------------------------------------------------
  // Facets (index.py facets()): a row of meta.facet_row bytes a document (province, mission
  // mask bytes little-endian), then 4-byte records (24-bit id, province) for further provinces.

  function facetsOf(meta, bytes) {
    var row = meta.facet_row, n = meta.n, extra = new Map();
    for (var at = n * row; at + 3 < bytes.length; at += 4) {
      var doc = bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16);
      if (!extra.has(doc)) extra.set(doc, []);
      extra.get(doc).push(bytes[at + 3]);
    }
    return {
      provinces: function (id) {
        var first = bytes[id * row];
        var out = first === 255 ? [] : [first];
        return extra.has(id) ? out.concat(extra.get(id)) : out;
      },
      hasMission: function (id, k) { return (bytes[id * row + 1 + (k >>> 3)] >>> (k & 7)) & 1; },
      missions: function (id) {
        var out = [];
        for (var k = 0; k < meta.missions.length; k++) if ((bytes[id * row + 1 + (k >>> 3)] >>> (k & 7)) & 1) out.push(k);
        return out;
      },
    };
  }

  // Documents are numbered by arrival (index.py): meta.order lists the ids in date order as runs
  // [first id, count, ...], a document's place in it is its date rank, and a year is a range of
  // ranks (meta.years: [year, first rank, last rank]). Per id: rank (-1: a hole) and year index.
  var orders = typeof WeakMap === "function" ? new WeakMap() : null;
  function dateOrder(meta) {
    var known = orders && orders.get(meta);
    if (known) return known;
    var n = meta.n, rankOf = new Int32Array(n).fill(-1), yearOf = new Int16Array(n).fill(-1);
    // format 3 (a meta.json cached from before): ids were the date order, years id ranges
    var runs = meta.order || [0, n], rank = 0, yi = 0;
    for (var r = 0; r + 1 < runs.length; r += 2) {
      for (var id = runs[r]; id < runs[r] + runs[r + 1]; id++) {
        while (yi < meta.years.length - 1 && rank > meta.years[yi][2]) yi++;
        rankOf[id] = rank++;
        yearOf[id] = yi;
      }
    }
    known = { rank: rankOf, year: yearOf };
    if (orders) orders.set(meta, known);
    return known;
  }

  // The hits in order and the count of each filter value. A value's count is what choosing it
  // would show: the matches filtered by the other two filters (so counts add up to the list).
  // opts: {province: index|null, mission: index|null, year: CE year|null, sort: ""|"new"|"old"}.
  // Without facets (null: not loaded, no province or mission chosen) the years are still
  // counted (meta.order gives each id's year) and counts.province and counts.mission are null.
  var NONE = [];
  function rank(meta, m, facets, opts) {
    var hits = [];
    var provCount = new Int32Array(meta.provinces.length), misCount = new Int32Array(meta.missions.length);
    var yearCount = new Int32Array(meta.years.length);
    var nMis = meta.missions.length, total = 0, order = dateOrder(meta), rankOf = order.rank;
    if (!facets && (opts.province !== null || opts.mission !== null)) throw new Error("facets needed");
    for (var w = 0; w < m.all.length; w++) {
      var word = m.all[w];
      while (word) {
        var bit = 31 - Math.clz32(word & -word);
        word &= word - 1;
        var id = (w << 5) + bit, yi = order.year[id];
        total++;
        var provs = facets ? facets.provinces(id) : NONE;
        var okP = opts.province === null || provs.indexOf(opts.province) >= 0;
        var okM = opts.mission === null || facets.hasMission(id, opts.mission);
        var okY = opts.year === null || meta.years[yi][0] === opts.year;
        if (facets) {
          if (okM && okY) for (var e = 0; e < provs.length; e++) provCount[provs[e]]++;
          if (okP && okY) for (var k = 0; k < nMis; k++) if (facets.hasMission(id, k)) misCount[k]++;
        }
        if (okP && okM) yearCount[yi]++;
        if (!(okP && okM && okY)) continue;
        // the words as a phrase > in the title > in the text (not only the metadata) > whole words
        hits.push({ id: id, rank: rankOf[id], score: 8 * has(m.phrase, id) + 4 * has(m.title, id) + 2 * has(m.text, id) + has(m.exact, id),
                    unsure: has(m.unsure, id) === 1 });
      }
    }
    if (opts.sort === "old") hits.sort(function (a, b) { return a.rank - b.rank; });
    else if (opts.sort === "new" || m.browse) hits.sort(function (a, b) { return b.rank - a.rank; });
    else hits.sort(function (a, b) { return b.score - a.score || b.rank - a.rank; });
    var counts = { province: facets ? {} : null, mission: facets ? {} : null, year: {} };
    if (facets) {
      provCount.forEach(function (v, i) { if (v) counts.province[i] = v; });
      misCount.forEach(function (v, i) { if (v) counts.mission[i] = v; });
    }
    yearCount.forEach(function (v, i) { if (v) counts.year[meta.years[i][0]] = v; });
    return { hits: hits, counts: counts, total: total };
  }

  // Counts of an empty page (no word, no filter): meta.json has them, no facets needed.
  function totalCounts(meta) {
    var counts = { province: {}, mission: {}, year: {} };
    meta.counts.province.forEach(function (v, i) { if (v) counts.province[i] = v; });
    meta.counts.mission.forEach(function (v, i) { if (v) counts.mission[i] = v; });
    meta.years.forEach(function (y) { counts.year[y[0]] = y[2] - y[1] + 1; });
    return counts;
  }

  // ---------------------------------------------------------------------------------------
  // URLs: ?q=&province=SLUG&mission=SLUG&year=BE&sort=. The numeric URLs of format 2
  // (province=INDEX, mission=INDEX, year=CE) are read too and written back as slugs.

  function readState(params, meta) {
    var get = function (k) { return (params.get(k) || "").trim(); };
    var state = { q: get("q"), province: "", mission: "", year: "", sort: get("sort") };
    if (["", "new", "old"].indexOf(state.sort) < 0) state.sort = "";
    state.province = slugOf(meta.provinces, get("province"));
    state.mission = slugOf(meta.missions, get("mission"));
    var year = get("year");
    if (/^\d{4}$/.test(year)) {
      var be = Number(year) < 2400 ? Number(year) + meta.be_offset : Number(year);
      if (meta.years.some(function (y) { return y[0] + meta.be_offset === be; })) state.year = String(be);
    }
    return state;
  }

  function slugOf(pairs, value) {
    if (!value) return "";
    if (/^\d+$/.test(value)) return pairs[Number(value)] ? pairs[Number(value)][0] : "";
    var low = value.toLowerCase();
    for (var i = 0; i < pairs.length; i++) if (pairs[i][0] === low) return pairs[i][0];
    return "";
  }

  function indexOfSlug(pairs, slug) {
    for (var i = 0; i < pairs.length; i++) if (pairs[i][0] === slug) return i;
    return null;
  }

  // The state as rank() options (indexes and the CE year).
  function options(meta, state) {
    return {
      province: state.province ? indexOfSlug(meta.provinces, state.province) : null,
      mission: state.mission ? indexOfSlug(meta.missions, state.mission) : null,
      year: state.year ? Number(state.year) - meta.be_offset : null,
      sort: state.sort,
    };
  }

  function writeState(state) {
    var parts = [];
    ["q", "province", "mission", "year", "sort"].forEach(function (k) {
      if (state[k]) parts.push(k + "=" + encodeURIComponent(state[k]).replace(/%20/g, "+"));
    });
    return parts.join("&");
  }

  // ---------------------------------------------------------------------------------------
  // Names (names.py): the pages a query names, looked up by key; nothing is read here.

  function nameKey(text) { return compact(text).replace(/\./g, ""); }

  function queryKeys(q) {
    var parsed = parseQuery(q);
    var keys = [parsed.phrase].concat(parsed.words).map(function (w) { return w.replace(/\./g, ""); });
    return keys.filter(function (k, i) { return k.length >= MIN_CHARS && keys.indexOf(k) === i; });
  }

  // [{kind: "province"|"mission", slug, name, url}] for the keys, each page once.
  function namedPages(meta, names, keys) {
    var out = [], seen = {};
    keys.forEach(function (key) {
      [["p", "province", meta.provinces], ["m", "mission", meta.missions]].forEach(function (k) {
        var i = names[k[0]][key];
        if (i === undefined || seen[k[0] + i]) return;
        seen[k[0] + i] = true;
        var slug = k[2][i][0];
        out.push({ kind: k[1], slug: slug, name: k[2][i][1], url: meta.urls[k[1]].replace("{slug}", slug) });
      });
    });
    return out;
  }

  // ---------------------------------------------------------------------------------------
  // Highlights: occurrences of any pattern in text, whitespace and case ignored, as
  // [[start, end], ...] in text's indices, in order, without overlaps (longest first).

  function occurrences(text, pats) {
    var sq = squeezed(text), spans = [];
    (typeof pats === "string" ? [pats] : pats).forEach(function (p) {
      if (!p) return;
      for (var at = sq.text.indexOf(p); at !== -1; at = sq.text.indexOf(p, at + p.length)) {
        spans.push([sq.where[at], sq.where[at + p.length - 1] + 1]);
      }
    });
    spans.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var out = [], end = -1;
    spans.forEach(function (s) { if (s[0] >= end) { out.push(s); end = s[1]; } });
    return out;
  }

  // The text without whitespace, each character normalised as normChar does, and where each
  // came from; the last few are kept (a result's title and text are searched for every pattern).
  var squeezedCache = new Map();
  function squeezed(text) {
    var hit = squeezedCache.get(text);
    if (hit) return hit;
    var chars = [], where = [];
    for (var i = 0; i < text.length; i++) {
      var c = text[i], code = text.charCodeAt(i);
      if (code <= 32 || code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 ||
          code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff) continue;
      if (code >= 65 && code <= 90) c = String.fromCharCode(code + 32);
      else if (code >= 0x0e50 && code <= 0x0e59) c = String.fromCharCode(code - 0x0e50 + 48);
      else if (code >= 0xc0 && (code < 0x0e00 || code > 0x0e7f)) c = normChar(c);
      chars.push(c);
      where.push(i);
    }
    hit = { text: chars.join(""), where: where };
    if (squeezedCache.size > 64) squeezedCache.clear();
    squeezedCache.set(text, hit);
    return hit;
  }

  return {
    MIN_CHARS: MIN_CHARS,
    normalize: normalize, compact: compact, parseQuery: parseQuery,
    fnv1a: fnv1a, bloomPositions: bloomPositions, runBucket: runBucket, gramFile: gramFile,
    fromBase64: fromBase64, decodePosting: decodePosting, Bits: Bits, ids: ids, has: has,
    Index: Index, resolve: resolve, match: match, matchQuery: matchQuery, matchAll: matchAll,
    contains: contains, containsAll: containsAll, missionName: missionName,
    facetsOf: facetsOf, dateOrder: dateOrder, rank: rank, totalCounts: totalCounts,
    readState: readState, options: options, writeState: writeState,
    nameKey: nameKey, queryKeys: queryKeys, namedPages: namedPages, occurrences: occurrences,
  };
});

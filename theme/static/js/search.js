/* Thai search for the CDD News Archive: the search page (/search/?q=...).
 *
 * Reads the index written by plugins/thai_search (files under search/idx/, described in
 * plugins/thai_search/index.py). The query is not segmented here: it is looked up as a substring
 * of the index's newmm tokens (one token containing it, or consecutive tokens spelling it), so
 * "ยากจน" finds "ความยากจน" and "โคก หนอง นา" finds "โคกหนองนา"; vowels and tone marks are kept, so
 * "ขาว" never finds "ข่าว". Words separated by spaces are each looked up so (a result holds all
 * of them, those holding them as one phrase first); a quoted phrase is one word, spaces removed.
 * plugins/thai_search/query.py is the same algorithm in Python (tests);
 * keep the two in step.
 *
 * Article text is only ever inserted as text nodes (titles, excerpts, <mark> highlights).
 */
(function () {
  "use strict";

  var app = document.getElementById("search-app");
  if (!app) return;

  var INDEX = new URL(app.getAttribute("data-index"), location.href);
  var SITE = new URL(app.getAttribute("data-site"), location.href);
  var PAGE_SIZE = 10;
  var MAX_QUERY = 200; // as the search box's maxlength: a longer ?q= is cut
  var FILTER_DELAY_MS = 350;
  var MAX_CHAINS = 256;
  var MIN_CHARS = 2;

  var form = document.querySelector("form.search-box");
  var input = document.getElementById("site-search-q");
  var filters = document.getElementById("search-filters");
  var selProvince = document.getElementById("search-province");
  var selMission = document.getElementById("search-mission");
  var selYear = document.getElementById("search-year");
  var selSort = document.getElementById("search-sort");
  var statusEl = document.getElementById("search-status");
  var helpEl = document.getElementById("search-help");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");

  // ---------------------------------------------------------------------------------------
  // Text: the same normalisation as cdd_thai.tokenize.normalize_text (NFC, Thai digits to Arabic,
  // Latin lower-cased, vowels and tone marks kept), astral characters dropped as in the index.

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

  function compact(text) {
    return normalize(text).replace(/\s+/g, "");
  }

  // The query's words: separated by spaces, each matched on its own (a result holds all of
  // them); text in double quotes is one word, spaces removed (an exact phrase). A word of one
  // character cannot be looked up alone and joins the word before it (or after it).
  // plugins/thai_search/query.py parse_query() is the same.
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
      if (w.length < MIN_CHARS && joined.length) joined[joined.length - 1] += w;
      else if (joined.length && joined[joined.length - 1].length < MIN_CHARS) joined[joined.length - 1] += w;
      else joined.push(w);
    });
    var unique = joined.filter(function (w, i) { return joined.indexOf(w) === i; });
    return { phrase: compact(String(q || "").replace(QUOTES, " ")), words: unique };
  }

  // ---------------------------------------------------------------------------------------
  // Index files (fetched once each) and their encodings.

  var files = new Map();

  // Index files are gzipped (".gz", all but meta.json) and inflated here, unless the server
  // already removed the compression (checked by the gzip magic bytes).
  function inflate(buffer) {
    var bytes = new Uint8Array(buffer);
    if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) return Promise.resolve(bytes);
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).arrayBuffer().then(function (b) { return new Uint8Array(b); });
  }

  var decoder = new TextDecoder("utf-8");

  function fetchFile(rel, kind) {
    if (!files.has(rel)) {
      var url = new URL(rel === "meta.json" ? rel : rel + ".gz", INDEX).href;
      files.set(rel, fetch(url).then(function (r) {
        if (!r.ok) return null;
        return r.arrayBuffer().then(inflate).then(function (bytes) {
          return kind === "bytes" ? bytes : JSON.parse(decoder.decode(bytes));
        });
      }).catch(function () { return null; }));
    }
    return files.get(rel);
  }

  function fnv1a(text, seed) {
    var h = seed === undefined ? 0x811c9dc5 : seed;
    for (var i = 0; i < text.length; i++) {
      h = Math.imul((h ^ text.charCodeAt(i)) >>> 0, 0x01000193) >>> 0;
    }
    return h;
  }

  function runBucket(ids, buckets) {
    var h = 0x811c9dc5;
    for (var i = 0; i < ids.length; i++) h = Math.imul((h ^ ids[i]) >>> 0, 0x01000193) >>> 0;
    h = Math.imul(h, 0x85ebca6b) >>> 0;
    return ((h ^ (h >>> 15)) >>> 0) % buckets;
  }

  function gramFile(key) {
    var name = "";
    for (var i = 0; i < key.length; i++) {
      var c = key[i];
      var hex = c.charCodeAt(0).toString(16);
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

  // Document sets are bitsets over the document ids (0 = oldest article: by date, so a new one
  // is appended and the rest of the index keeps its files).
  function Bits(n) { return new Uint32Array((n + 31) >>> 5); }

  function decodePosting(text, n) {
    var bits = Bits(n);
    var data = fromBase64(text);
    if (!data.length) return bits;
    var i;
    if (data[0] === 1) {
      for (i = 1; i < data.length; i++) {
        var byteNo = i - 1;
        bits[byteNo >>> 2] |= data[i] << ((byteNo & 3) * 8);
      }
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
  function orNotInto(target, bits, except) {
    for (var i = 0; i < target.length; i++) target[i] |= bits[i] & ~except[i];
  }
  function andInto(target, bits) { for (var i = 0; i < target.length; i++) target[i] &= bits[i]; }
  function has(bits, id) { return (bits[id >>> 5] >>> (id & 31)) & 1; }

  var metaPromise = null;
  function loadMeta() {
    if (!metaPromise) {
      metaPromise = fetchFile("meta.json").then(function (meta) {
        if (!meta) throw new Error("no index");
        meta.bloomBytes = fromBase64(meta.bloom);
        return meta;
      });
    }
    return metaPromise;
  }

  function gram(meta, key) {
    var bits = meta.bloom_bits;
    var a = fnv1a(key) % bits, b = fnv1a(key, 0x01000193) % bits;
    if (!((meta.bloomBytes[a >>> 3] >>> (a & 7)) & 1) || !((meta.bloomBytes[b >>> 3] >>> (b & 7)) & 1)) {
      return Promise.resolve([]);
    }
    return fetchFile("g/" + gramFile(key) + ".json").then(function (v) { return v || []; });
  }

  function term(id, shard) {
    return fetchFile("t/" + shard + ".json").then(function (v) { return v ? v[String(id)] : null; });
  }

  // Runs of 2 or 3 consecutive terms; a chain of 2 or 3 is one run (exact), a longer one is
  // its overlapping triples.
  function runPosting(meta, ids) {
    return fetchFile("p/" + runBucket(ids, meta.pair_buckets) + ".json")
      .then(function (v) { return v ? v[ids.join(",")] : null; });
  }

  function chainRuns(ids) {
    if (ids.length === 2) return [ids];
    var out = [];
    for (var i = 0; i + 2 < ids.length; i++) out.push(ids.slice(i, i + 3));
    return out;
  }

  // ---------------------------------------------------------------------------------------
  // The query: terms containing p, and chains of consecutive terms spelling p.

  function resolve(meta, p) {
    var singles = new Map();
    var chains = [];
    var shards = new Map();
    var state = { truncated: false };

    function extend(chain, consumed, exactStart) {
      if (chains.length >= MAX_CHAINS) { state.truncated = true; return Promise.resolve(); }
      var rest = p.slice(consumed);
      var lastId = chain[chain.length - 1];
      var candidates = rest.length === 1
        ? gram(meta, "^" + rest).then(function (entries) {
          return entries.filter(function (e) { return e[0][0] === rest; });
        })
        : Promise.all([gram(meta, rest.slice(0, 2)), gram(meta, "#" + rest[0])]).then(function (got) {
          return got[0].filter(function (e) {
            return e[0].lastIndexOf(rest, 0) === 0 || rest.lastIndexOf(e[0], 0) === 0;
          }).concat(got[1].filter(function (e) { return e[0] === rest[0]; }));
        });
      return candidates.then(function (found) {
        // nothing can follow: no need for the last term's successors
        if (!found.length) return null;
        return term(lastId, shards.get(lastId)).then(function (last) {
          var following = new Set(last ? last[2] : []);
          var next = [];
          found.forEach(function (e) {
            var t = e[0], id = e[1];
            if (!following.has(id)) return;
            shards.set(id, e[2]);
            if (t.lastIndexOf(rest, 0) === 0) {
              chains.push([chain.concat(id), exactStart && t === rest]);
            } else {
              next.push(extend(chain.concat(id), consumed + t.length, exactStart));
            }
          });
          return Promise.all(next);
        });
      });
    }

    var head = p.slice(0, 2);
    return Promise.all([gram(meta, head), gram(meta, p[0] + "$")]).then(function (got) {
      var work = [];
      got[0].forEach(function (e) {
        var t = e[0], id = e[1];
        shards.set(id, e[2]);
        for (var start = t.indexOf(head); start !== -1; start = t.indexOf(head, start + 1)) {
          var tail = t.slice(start);
          if (tail.lastIndexOf(p, 0) === 0) {
            singles.set(id, singles.get(id) || (start === 0 && t.length === p.length));
          } else if (p.lastIndexOf(tail, 0) === 0) {
            work.push(extend([id], tail.length, start === 0));
          }
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

  function match(meta, p) {
    var n = meta.n;
    var all = Bits(n), title = Bits(n), exact = Bits(n), sure = Bits(n), unsure = Bits(n);
    var text = Bits(n); // found in the title or body, not only in the metadata
    return resolve(meta, p).then(function (r) {
      var work = [];
      r.singles.forEach(function (isExact, id) {
        work.push(term(id, r.shards.get(id)).then(function (post) {
          if (!post) return;
          var docs = decodePosting(post[0], n);
          orInto(all, docs);
          orInto(title, decodePosting(post[1], n));
          orInto(sure, docs);
          orNotInto(text, docs, decodePosting(post[3] || "", n));
          if (isExact) orInto(exact, docs);
        }));
      });
      r.chains.forEach(function (c) {
        var ids = c[0];
        var links = chainRuns(ids).map(function (r) { return runPosting(meta, r); });
        work.push(Promise.all(links).then(function (posts) {
          var docs = null, inTitle = null, metaOnly = Bits(n);
          for (var j = 0; j < posts.length; j++) {
            if (!posts[j]) return;
            var d = decodePosting(posts[j][0], n), t = decodePosting(posts[j][1], n);
            if (docs) { andInto(docs, d); andInto(inTitle, t); } else { docs = d; inTitle = t; }
            orInto(metaOnly, decodePosting(posts[j][2] || "", n));
          }
          orNotInto(text, docs, metaOnly);
          orInto(all, docs);
          orInto(title, inTitle);
          if (c[1]) orInto(exact, docs);
          // chains of 4+ tokens are checked triple by triple: verified on display
          orInto(ids.length > 3 ? unsure : sure, docs);
        }));
      });
      return Promise.all(work).then(function () {
        for (var i = 0; i < unsure.length; i++) unsure[i] &= ~sure[i];
        return { all: all, title: title, exact: exact, unsure: unsure, text: text,
                 approximate: r.truncated };
      });
    });
  }

  // Several words: the documents holding every word (AND); "phrase" marks those where the
  // words stand together, in order (the whole query, spaces removed), ranked first.
  function matchQuery(meta, parsed) {
    var words = parsed.words;
    var one = words.length === 1;
    var wanted = words.map(function (w) { return match(meta, w); });
    if (!one) wanted.push(match(meta, parsed.phrase));
    return Promise.all(wanted).then(function (ms) {
      if (one) { ms[0].phrase = ms[0].all; return ms[0]; }
      var ph = ms.pop();
      var n = meta.n;
      var out = { all: Bits(n), title: Bits(n), exact: Bits(n), unsure: Bits(n), text: Bits(n),
                  phrase: Bits(n), approximate: false };
      orInto(out.all, ms[0].all); orInto(out.title, ms[0].title); orInto(out.text, ms[0].text);
      orInto(out.exact, ms[0].exact);
      ms.forEach(function (m) {
        andInto(out.all, m.all); andInto(out.title, m.title); andInto(out.text, m.text);
        andInto(out.exact, m.exact);
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

  // ---------------------------------------------------------------------------------------
  // Facets, ranking, filters.

  // Further provinces of a document: 4-byte records after the 3-byte rows (index.py facets()).
  var extraProvinces = null, extraFrom = null;
  function provincesOf(meta, facets, id) {
    if (extraFrom !== facets) {
      extraFrom = facets;
      extraProvinces = new Map();
      for (var at = meta.n * 3; at + 3 < facets.length; at += 4) {
        var doc = facets[at] | (facets[at + 1] << 8) | (facets[at + 2] << 16);
        if (!extraProvinces.has(doc)) extraProvinces.set(doc, []);
        extraProvinces.get(doc).push(facets[at + 3]);
      }
    }
    var out = facets[id * 3] === 255 ? [] : [facets[id * 3]];
    return extraProvinces.has(id) ? out.concat(extraProvinces.get(id)) : out;
  }

  function rank(meta, m, facets, opts) {
    var hits = [];
    var nProv = meta.provinces.length, nMis = meta.missions.length;
    var provCount = new Int32Array(nProv), misCount = new Int32Array(nMis);
    var yearCount = new Int32Array(meta.years.length);
    provincesOf(meta, facets, 0); // builds the map of further provinces for these facets
    var yi = 0;
    for (var w = 0; w < m.all.length; w++) {
      var word = m.all[w];
      while (word) {
        var bit = 31 - Math.clz32(word & -word);
        word &= word - 1;
        var id = (w << 5) + bit; // ascending: the year ranges are walked once
        while (yi < meta.years.length - 1 && id > meta.years[yi][2]) yi++;
        var first = facets[id * 3];
        var more = extraProvinces.get(id);
        var mask = facets[id * 3 + 1] | (facets[id * 3 + 2] << 8);
        if (first !== 255) provCount[first]++;
        if (more) for (var e = 0; e < more.length; e++) provCount[more[e]]++;
        for (var k = 0; k < nMis; k++) if (mask & (1 << k)) misCount[k]++;
        yearCount[yi]++;
        if (opts.province !== null && first !== opts.province &&
            !(more && more.indexOf(opts.province) >= 0)) continue;
        if (opts.mission !== null && !(mask & (1 << opts.mission))) continue;
        if (opts.year !== null && meta.years[yi][0] !== opts.year) continue;
        // the words as a phrase > in the title > in the text (not only in the province/mission/
        // date fields) > whole words
        hits.push({ id: id, score: 8 * has(m.phrase, id) + 4 * has(m.title, id) + 2 * has(m.text, id) +
                    has(m.exact, id),
                    unsure: has(m.unsure, id) === 1 });
      }
    }
    if (opts.sort === "new") hits.sort(function (a, b) { return b.id - a.id; });
    else if (opts.sort === "old") hits.sort(function (a, b) { return a.id - b.id; });
    else hits.sort(function (a, b) { return b.score - a.score || b.id - a.id; });
    var counts = { province: new Map(), mission: new Map(), year: new Map() };
    provCount.forEach(function (v, i) { if (v) counts.province.set(i, v); });
    misCount.forEach(function (v, i) { if (v) counts.mission.set(i, v); });
    yearCount.forEach(function (v, i) { if (v) counts.year.set(meta.years[i][0], v); });
    return { hits: hits, counts: counts };
  }


  // ---------------------------------------------------------------------------------------
  // Rendering (text nodes only).

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  function fillSelect(select, options, counts, selected, allLabel) {
    clear(select);
    var first = document.createElement("option");
    first.value = "";
    first.textContent = allLabel;
    select.appendChild(first);
    options.forEach(function (o) {
      var count = counts.get(o.key) || 0;
      if (!count && String(o.key) !== selected) return;
      var opt = document.createElement("option");
      opt.value = String(o.key);
      opt.textContent = o.label + " (" + count.toLocaleString("th-TH") + ")";
      select.appendChild(opt);
    });
    select.value = selected;
    if (select.value !== selected) select.value = "";
  }

  // Occurrences of any of the patterns in text, whitespace and case ignored: [[start, end], ...]
  // in text's indices, in order, without overlaps (the longest where two start together).
  function occurrences(text, pats) {
    var spans = [];
    (typeof pats === "string" ? [pats] : pats).forEach(function (p) {
      spans = spans.concat(occurrencesOf(text, p));
    });
    spans.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var out = [], end = -1;
    spans.forEach(function (s) { if (s[0] >= end) { out.push(s); end = s[1]; } });
    return out;
  }

  function occurrencesOf(text, p) {
    var squeezed = "", where = [];
    for (var i = 0; i < text.length; i++) {
      if (/\s/.test(text[i])) continue;
      squeezed += normChar(text[i]);
      where.push(i);
    }
    var out = [];
    if (!p) return out;
    for (var at = squeezed.indexOf(p); at !== -1; at = squeezed.indexOf(p, at + p.length)) {
      out.push([where[at], where[at + p.length - 1] + 1]);
    }
    return out;
  }

  function appendMarked(node, text, spans, from, to) {
    var pos = from;
    spans.forEach(function (s) {
      var a = Math.max(s[0], from), b = Math.min(s[1], to);
      if (a >= b || a < pos) return;
      node.appendChild(document.createTextNode(text.slice(pos, a)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(a, b);
      node.appendChild(mark);
      pos = b;
    });
    node.appendChild(document.createTextNode(text.slice(pos, to)));
  }

  // Thai writes no spaces between words: cut excerpts where the browser's word breaker says a
  // word starts, never inside one (a cut can leave a tone mark hanging).
  var segmenter = typeof Intl !== "undefined" && Intl.Segmenter ? new Intl.Segmenter("th", { granularity: "word" }) : null;

  function wordStarts(text, lo, hi) {
    if (!segmenter) return [];
    return Array.from(segmenter.segment(text.slice(lo, hi)), function (seg) { return lo + seg.index; });
  }

  // [from, to] moved inwards to word boundaries, keeping [keepFrom, keepTo] inside.
  function snapToWords(text, from, to, keepFrom, keepTo) {
    var starts = wordStarts(text, Math.max(0, from - 40), Math.min(text.length, to + 40));
    if (from > 0) {
      var after = starts.filter(function (i) { return i >= from && i <= keepFrom; });
      if (after.length) from = after[0];
    }
    if (to < text.length) {
      var before = starts.filter(function (i) { return i <= to && i >= keepTo; });
      if (before.length) to = before[before.length - 1];
    }
    return [from, to];
  }

  // The excerpt is around the first occurrence of the first pattern (the phrase, when the words
  // stand together), else of any word.
  function excerpt(node, text, pats) {
    var spans = occurrences(text, pats);
    var from = 0, to = Math.min(text.length, 200), keep = [0, 0];
    if (spans.length) {
      var lead = occurrences(text, pats[0]);
      keep = lead.length ? lead[0] : spans[0];
      from = Math.max(0, keep[0] - 70);
      to = Math.min(text.length, keep[1] + 150);
      var space = text.lastIndexOf(" ", keep[0]);
      if (from > 0 && space > from && space < keep[0]) from = space + 1;
    }
    var cut = snapToWords(text, from, to, keep[0], keep[1]);
    from = cut[0];
    to = cut[1];
    if (from > 0) node.appendChild(document.createTextNode("… "));
    appendMarked(node, text, spans, from, to);
    if (to < text.length) node.appendChild(document.createTextNode(" …"));
  }

  function renderResult(li, meta, doc, p) {
    var h = document.createElement("h2");
    var a = document.createElement("a");
    a.href = new URL(doc.u, SITE).href;
    appendMarked(a, doc.t, occurrences(doc.t, p), 0, doc.t.length);
    h.appendChild(a);
    var info = document.createElement("p");
    info.className = "search-result-meta";
    var names = doc.m.map(function (slug) {
      for (var i = 0; i < meta.missions.length; i++) if (meta.missions[i][0] === slug) return meta.missions[i][1];
      return slug;
    });
    var time = document.createElement("time");
    time.dateTime = doc.d;
    time.textContent = doc.dt || doc.d;
    info.appendChild(time);
    var rest = [doc.p.join(", "), names.join(", ")].filter(Boolean).join(" · ");
    if (rest) info.appendChild(document.createTextNode(" · " + rest));
    var ex = document.createElement("p");
    ex.className = "search-excerpt";
    excerpt(ex, doc.x, p);
    li.appendChild(h);
    li.appendChild(info);
    li.appendChild(ex);
  }

  // ---------------------------------------------------------------------------------------
  // The page.

  var current = null; // {p, ranked, shown, meta}
  var generation = 0;

  function readParams() {
    var params = new URLSearchParams(location.search);
    return {
      q: params.get("q") || "", province: params.get("province") || "",
      mission: params.get("mission") || "", year: params.get("year") || "",
      sort: params.get("sort") || "",
    };
  }

  // A new query is a new history entry (Back returns to the previous search); a filter change or
  // the first run only rewrites the current one.
  function writeParams(state, push) {
    var params = new URLSearchParams();
    ["q", "province", "mission", "year", "sort"].forEach(function (k) {
      if (state[k]) params.set(k, state[k]);
    });
    var qs = params.toString();
    var url = location.pathname + (qs ? "?" + qs : "");
    if (push && url !== location.pathname + location.search) history.pushState(null, "", url);
    else history.replaceState(history.state, "", url);
  }

  // How many results were shown, kept with the history entry so that Back from an article
  // shows as many again.
  function rememberShown(n) {
    history.replaceState({ shown: n }, "", location.pathname + location.search);
  }

  function shortQuery(q) { return q.length > 60 ? q.slice(0, 60) + "…" : q; }

  function setStatus(text, state) {
    statusEl.textContent = text;
    list.setAttribute("data-state", state);
    app.setAttribute("aria-busy", state === "loading" ? "true" : "false");
  }

  function containsAll(meta, doc, words) {
    return words.every(function (w) { return contains(meta, doc, w); });
  }

  function contains(meta, doc, p) {
    var fields = [doc.t, doc.x, doc.dt, doc.d].concat(doc.p, doc.m.map(function (slug) {
      for (var i = 0; i < meta.missions.length; i++) if (meta.missions[i][0] === slug) return meta.missions[i][1];
      return slug;
    }));
    return fields.some(function (f) { return compact(f || "").indexOf(p) !== -1; });
  }

  // Show up to `want` more results; results found only by long chains that turn out not to
  // contain the query are dropped (and replaced) here.
  function showMore(want) {
    var c = current;
    var gen = generation;
    want = want || PAGE_SIZE;
    var batch = c.ranked.hits.slice(c.shown, c.shown + want);
    c.shown += batch.length;
    return Promise.all(batch.map(function (hit) {
      var li = document.createElement("li");
      li.setAttribute("data-search-result", "");
      li.setAttribute("data-doc", String(hit.id));
      list.appendChild(li);
      return fetchFile("d/" + hit.id + ".json").then(function (doc) {
        if (gen !== generation || !doc) return 0;
        hit.checked = true;
        if (hit.unsure && !containsAll(c.meta, doc, c.words)) {
          list.removeChild(li);
          c.dropped += 1;
          return 0;
        }
        renderResult(li, c.meta, doc, c.marks);
        return 1;
      });
    })).then(function (shown) {
      if (gen !== generation) return null;
      var ok = shown.reduce(function (a, b) { return a + b; }, 0);
      if (ok < batch.length && c.shown < c.ranked.hits.length) return showMore(batch.length - ok);
      more.hidden = c.shown >= c.ranked.hits.length;
      list.setAttribute("data-count", String(c.ranked.hits.length - c.dropped));
      statusEl.textContent = statusText(c);
      return null;
    });
  }

  function statusText(c) {
    var n = c.ranked.hits.length - c.dropped;
    var q = (c.words.length > 1 ? "ทุกคำใน " : "") + "“" + shortQuery(c.q.replace(/["\u201c\u201d]/g, "")) + "”";
    if (!n) {
      helpEl.hidden = false;
      return c.total ? "ไม่พบข่าวที่มีคำว่า " + q + " ตามตัวกรองที่เลือก (ถ้าไม่กรองพบ " + c.total.toLocaleString("th-TH") + " ข่าว)"
                     : "ไม่พบข่าวที่มีคำว่า " + q;
    }
    var unchecked = c.ranked.hits.some(function (h) { return h.unsure && !h.checked; });
    var text = (unchecked ? "พบประมาณ " : "พบ ") + n.toLocaleString("th-TH") + " ข่าวที่มีคำว่า " + q;
    if (n < c.total) text += " (กรองจากที่พบทั้งหมด " + c.total.toLocaleString("th-TH") + " ข่าว)";
    if (c.approximate) text += " คำนี้พบได้หลายแบบ ผลอาจไม่ครบ ลองพิมพ์ให้ยาวขึ้น";
    return text;
  }

  function run(how) {
    var state = {
      q: input ? input.value.trim().slice(0, MAX_QUERY) : "", province: selProvince.value,
      mission: selMission.value, year: selYear.value, sort: selSort.value,
    };
    var restore = how === "restore" && history.state && history.state.shown;
    if (how !== "popstate") writeParams(state, how === "push");
    var gen = ++generation;
    clear(list);
    more.hidden = true;
    helpEl.hidden = true;
    var parsed = parseQuery(state.q);
    var p = parsed.words.join("");
    list.setAttribute("data-query", state.q);
    if (!p) { setStatus("พิมพ์คำที่ต้องการค้นหาในช่องค้นหาด้านบน แล้วกดปุ่ม ค้นหา", "idle"); return Promise.resolve(); }
    if (p.length < MIN_CHARS) { setStatus("พิมพ์คำค้นอย่างน้อย " + MIN_CHARS + " ตัวอักษร", "idle"); return Promise.resolve(); }
    document.title = "ค้นหา “" + shortQuery(state.q) + "” – " + document.title.replace(/^ค้นหา.*?– /, "");
    setStatus("กำลังค้นหา…", "loading");
    var started = performance.now();
    return loadMeta().then(function (meta) {
      var times = {};
      return matchQuery(meta, parsed).then(function (m) {
        times.match = performance.now() - started;
        // the facets (20-35 KB at 10,000 articles) are only needed when something was found
        var any = m.all.some(function (w) { return w !== 0; });
        return Promise.all([m, any ? fetchFile("facets.bin", "bytes") : new Uint8Array(meta.n * 3)]);
      }).then(function (got) {
        if (gen !== generation) return;
        var opts = {
          province: state.province === "" ? null : Number(state.province),
          mission: state.mission === "" ? null : Number(state.mission),
          year: state.year === "" ? null : Number(state.year), sort: state.sort,
        };
        var t = performance.now();
        var ranked = rank(meta, got[0], got[1], opts);
        times.rank = performance.now() - t;
        fillSelect(selProvince, meta.provinces.map(function (name, i) { return { key: i, label: name }; }),
                   ranked.counts.province, state.province, "ทุกจังหวัด");
        fillSelect(selMission, meta.missions.map(function (m, i) { return { key: i, label: m[1] }; }),
                   ranked.counts.mission, state.mission, "ทุกภารกิจ");
        fillSelect(selYear, meta.years.map(function (y) { return { key: y[0], label: String(y[0] + 543) }; }).reverse(),
                   ranked.counts.year, state.year, "ทุกปี");
        var total = 0;
        ranked.counts.year.forEach(function (v) { total += v; });
        current = { p: p, q: state.q, words: parsed.words,
                    marks: parsed.words.length > 1 ? [parsed.phrase].concat(parsed.words) : parsed.words,
                    ranked: ranked, shown: 0, dropped: 0, meta: meta,
                    total: total, approximate: got[0].approximate };
        return showMore(restore || PAGE_SIZE).then(function () {
          if (gen !== generation) return;
          rememberShown(current.shown);
          app.setAttribute("data-search-ms", String(Math.round(performance.now() - started)));
          app.setAttribute("data-search-times", JSON.stringify({
            match: Math.round(times.match), rank: Math.round(times.rank),
            total: Math.round(performance.now() - started) }));
          list.setAttribute("data-query", state.q);
          setStatus(statusText(current), "done");
        });
      });
    }).catch(function () {
      if (gen === generation) setStatus("โหลดดัชนีค้นหาไม่สำเร็จ ลองโหลดหน้านี้ใหม่อีกครั้ง", "error");
    });
  }

  // Wiring: the header box searches in place on this page; filters apply once the choice settles
  // (arrow keys in a closed select fire a change at every step).
  function applyParams(wanted) {
    if (input) input.value = wanted.q;
    selSort.value = wanted.sort;
    // The filters' options arrive with the index: keep the wanted values until then.
    [[selProvince, wanted.province], [selMission, wanted.mission], [selYear, wanted.year]].forEach(function (s) {
      s[0].value = s[1];
      if (s[1] && s[0].value !== s[1]) {
        var opt = document.createElement("option");
        opt.value = s[1];
        opt.textContent = s[0] === selYear && /^\d{4}$/.test(s[1]) ? String(Number(s[1]) + 543) : "…";
        s[0].appendChild(opt);
        s[0].value = s[1];
      }
    });
  }
  applyParams(readParams());
  if (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      run("push");
    });
  }
  var settle = 0;
  filters.addEventListener("change", function () {
    clearTimeout(settle);
    generation++; // the shown results are stale until the new search runs
    list.setAttribute("data-state", "loading");
    settle = setTimeout(function () { run("replace"); }, FILTER_DELAY_MS);
  });
  filters.addEventListener("submit", function (event) { event.preventDefault(); run("replace"); });
  window.addEventListener("popstate", function () {
    applyParams(readParams());
    run("popstate");
  });
  more.addEventListener("click", function () {
    var first = list.children.length;
    list.setAttribute("data-state", "more"); // "done" again once the button is up to date
    var gen = generation;
    showMore().then(function () {
      if (gen !== generation) return;
      list.setAttribute("data-state", "done");
      rememberShown(current.shown);
      var link = list.children[first] && list.children[first].querySelector("a");
      if (link) link.focus();
    });
  });

  // For tests and the benchmark: the search function without the page around it.
  window.thaiSearch = { run: run, compact: compact, snapToWords: snapToWords, parseQuery: parseQuery };
  run("restore");
})();

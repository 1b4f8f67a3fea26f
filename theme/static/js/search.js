/* Thai search for the CDD News Archive: the search page (/search/?q=...), its DOM side.
 *
 * The algorithm (normalisation, index files, words and phrases, facets, URLs, names) is in
 * search-core.js, loaded before this file and tested under Node (tests/js/). Here: fetching and
 * inflating the index files, the form and filters, history, and rendering.
 *
 * ?q=words searches (every word, the phrase first); ?province=SLUG&mission=SLUG&year=BE without
 * a word browses those articles, newest first. Article text is only ever inserted as text nodes
 * (titles, excerpts, <mark> highlights).
 */
(function () {
  "use strict";

  var core = window.ThaiSearchCore;
  var app = document.getElementById("search-app");
  if (!app || !core) return;

  var INDEX = new URL(app.getAttribute("data-index"), location.href);
  var SITE = new URL(app.getAttribute("data-site"), location.href);
  var PAGE_SIZE = 10;
  var MAX_QUERY = 200; // as the search box's maxlength: a longer ?q= is cut
  var FILTER_DELAY_MS = 350;

  var form = document.querySelector("form.search-box");
  var input = document.getElementById("site-search-q");
  var filters = document.getElementById("search-filters");
  var field = filters.elements; // its selects by name, which is their key in the state: field.province, field.sort
  var statusEl = document.getElementById("search-status");
  var helpEl = document.getElementById("search-help");
  var namesEl = document.getElementById("search-names");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");

  // ---------------------------------------------------------------------------------------
  // Index files, fetched once each. All but meta.json are gzipped (".gz") and inflated here,
  // unless the server already removed the compression (checked by the gzip magic bytes).

  var files = new Map();
  var decoder = new TextDecoder("utf-8");

  function inflate(buffer) {
    var bytes = new Uint8Array(buffer);
    if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) return Promise.resolve(bytes);
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).arrayBuffer().then(function (b) { return new Uint8Array(b); });
  }

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

  var indexPromise = null;
  function loadIndex() {
    if (!indexPromise) {
      indexPromise = fetchFile("meta.json").then(function (meta) {
        if (!meta) throw new Error("no index");
        return new core.Index(meta, fetchFile);
      });
    }
    return indexPromise;
  }

  function loadFacets(meta) {
    return fetchFile("facets.bin", "bytes").then(function (bytes) {
      return core.facetsOf(meta, bytes || new Uint8Array(meta.n * meta.facet_row));
    });
  }

  // ---------------------------------------------------------------------------------------
  // Rendering (text nodes only).

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  var numbers = new Intl.NumberFormat("th-TH");
  function num(n) { return numbers.format(n); }

  // options: [{key, value, label}]; counts: {key: n}, a value with no article left out unless
  // chosen; or null: the facets are not loaded yet, every value is listed without a count.
  function fillSelect(select, options, counts, selected, allLabel) {
    clear(select);
    var first = document.createElement("option");
    first.value = "";
    first.textContent = allLabel;
    select.appendChild(first);
    options.forEach(function (o) {
      var count = counts ? counts[o.key] || 0 : null;
      if (count === 0 && o.value !== selected) return;
      var opt = document.createElement("option");
      opt.value = o.value;
      opt.textContent = count === null ? o.label : o.label + " (" + num(count) + ")";
      select.appendChild(opt);
    });
    select.value = selected;
    if (select.value !== selected) select.value = "";
  }

  function fillFilters(meta, counts, state) {
    fillSelect(field.province, meta.provinces.map(function (p, i) { return { key: i, value: p[0], label: p[1] }; }),
               counts.province, state.province, "ทุกจังหวัด");
    fillSelect(field.mission, meta.missions.map(function (m, i) { return { key: i, value: m[0], label: m[1] }; }),
               counts.mission, state.mission, "ทุกภารกิจ");
    fillSelect(field.year, meta.years.map(function (y) {
      var be = String(y[0] + meta.be_offset);
      return { key: y[0], value: be, label: be };
    }).reverse(), counts.year, state.year, "ทุกปี");
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
  // stand together), else of any word; the text's opening when browsing.
  function excerpt(node, text, pats) {
    var spans = core.occurrences(text, pats);
    var from = 0, to = Math.min(text.length, 200), keep = [0, 0];
    if (spans.length) {
      var lead = core.occurrences(text, pats[0]);
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

  function renderResult(li, meta, doc, pats) {
    var h = document.createElement("h2");
    var a = document.createElement("a");
    a.href = new URL(doc.u, SITE).href;
    appendMarked(a, doc.t, core.occurrences(doc.t, pats), 0, doc.t.length);
    h.appendChild(a);
    var info = document.createElement("p");
    info.className = "search-result-meta";
    var time = document.createElement("time");
    time.dateTime = doc.d;
    time.textContent = doc.dt || doc.d;
    info.appendChild(time);
    var names = doc.m.map(function (slug) { return core.missionName(meta, slug); });
    var rest = [doc.p.join(", "), names.join(", ")].filter(Boolean).join(" · ");
    if (rest) info.appendChild(document.createTextNode(" · " + rest));
    var ex = document.createElement("p");
    ex.className = "search-excerpt";
    excerpt(ex, doc.x, pats);
    li.appendChild(h);
    li.appendChild(info);
    li.appendChild(ex);
  }

  // Links to the pages the query names (a province, a mission), above the results.
  function renderNames(pages) {
    clear(namesEl);
    pages.slice(0, 3).forEach(function (page) {
      var a = document.createElement("a");
      a.href = new URL(page.url, SITE).href;
      a.setAttribute("data-named", page.kind);
      a.textContent = (page.kind === "province"
        ? (page.slug === "central" ? "ข่าวทั้งหมดของส่วนกลาง" : "ข่าวทั้งหมดของจังหวัด" + page.name)
        : "ข่าวทั้งหมดในภารกิจ" + page.name) + " →";
      namesEl.appendChild(a);
    });
    namesEl.hidden = !pages.length;
  }

  // ---------------------------------------------------------------------------------------
  // The page.

  var current = null;
  var generation = 0;

  function currentState() {
    return {
      q: input ? input.value.trim().slice(0, MAX_QUERY) : "", province: field.province.value,
      mission: field.mission.value, year: field.year.value, sort: field.sort.value,
    };
  }

  // A new query is a new history entry (Back returns to the previous search); a filter change or
  // the first run only rewrites the current one.
  function writeParams(state, push) {
    var qs = core.writeState(state);
    var url = location.pathname + (qs ? "?" + qs : "");
    if (url === location.pathname + location.search) return; // history writes are slow (IPC)
    if (push) history.pushState(null, "", url);
    else history.replaceState(history.state, "", url);
  }

  // How many results were shown, kept with the history entry so that Back from an article
  // shows as many again.
  function rememberShown(n) {
    if (!history.state || history.state.shown !== n) history.replaceState({ shown: n }, "", location.pathname + location.search);
  }

  function shortQuery(q) { return q.length > 60 ? q.slice(0, 60) + "…" : q; }

  function setStatus(text, state) {
    statusEl.textContent = text;
    list.setAttribute("data-state", state);
    app.setAttribute("aria-busy", state === "loading" ? "true" : "false");
  }

  // Show up to `want` more results; results found only by long chains that turn out not to
  // contain every word are dropped (and replaced) here. A batch goes in at once, when all its
  // document files are in: results never push each other down as they arrive.
  function showMore(want) {
    var c = current, gen = generation;
    want = want || PAGE_SIZE;
    var batch = c.ranked.hits.slice(c.shown, c.shown + want);
    c.shown += batch.length;
    return Promise.all(batch.map(function (hit) { return fetchFile("d/" + hit.id + ".json"); })).then(function (docs) {
      if (gen !== generation) return null;
      var items = document.createDocumentFragment(), ok = 0;
      batch.forEach(function (hit, i) {
        var doc = docs[i];
        if (!doc) return;
        hit.checked = true;
        if (hit.unsure && !core.containsAll(c.meta, doc, c.words)) { c.dropped += 1; return; }
        var li = document.createElement("li");
        li.setAttribute("data-search-result", "");
        li.setAttribute("data-doc", String(hit.id));
        renderResult(li, c.meta, doc, c.marks);
        items.appendChild(li);
        ok += 1;
      });
      list.appendChild(items);
      if (ok < batch.length && c.shown < c.ranked.hits.length) return showMore(batch.length - ok);
      more.hidden = c.shown >= c.ranked.hits.length;
      list.setAttribute("data-count", String(c.ranked.hits.length - c.dropped));
      statusEl.textContent = statusText(c);
      return null;
    });
  }

  function filterLabel(c) {
    var meta = c.meta, s = c.state, parts = [];
    if (s.province) parts.push(s.province === "central" ? "ส่วนกลาง" : "จังหวัด" + meta.provinces[c.opts.province][1]);
    if (s.mission) parts.push("ภารกิจ" + meta.missions[c.opts.mission][1]);
    if (s.year) parts.push("ปี " + s.year);
    return parts.join(" ");
  }

  function statusText(c) {
    var n = c.ranked.hits.length - c.dropped;
    if (c.browse) {
      var order = c.state.sort === "old" ? "เก่าก่อน" : "ใหม่ก่อน";
      return n ? "ข่าว" + filterLabel(c) + " " + num(n) + " ข่าว เรียงวันที่" + order
               : "ไม่มีข่าว" + filterLabel(c) + " ลองเลือก “ทุกจังหวัด” “ทุกภารกิจ” หรือ “ทุกปี”";
    }
    var q = (c.words.length > 1 ? "ทุกคำใน " : "") + "“" + shortQuery(c.state.q.replace(/["\u201c\u201d]/g, "")) + "”";
    if (!n) {
      helpEl.hidden = false;
      return c.total ? "ไม่พบข่าวที่มีคำว่า " + q + " ตามตัวกรองที่เลือก (ถ้าไม่กรองพบ " + num(c.total) + " ข่าว)"
                     : "ไม่พบข่าวที่มีคำว่า " + q;
    }
    var unchecked = c.ranked.hits.some(function (h) { return h.unsure && !h.checked; });
    var text = (unchecked ? "พบประมาณ " : "พบ ") + num(n) + " ข่าวที่มีคำว่า " + q;
    if (n < c.total) text += " (กรองจากที่พบทั้งหมด " + num(c.total) + " ข่าว)";
    if (c.approximate) text += " คำนี้พบได้หลายแบบ ผลอาจไม่ครบ ลองพิมพ์ให้ยาวขึ้น";
    return text;
  }

  function run(how) {
    var state = currentState();
    var restore = how === "restore" && history.state && history.state.shown;
    if (how !== "popstate") writeParams(state, how === "push");
    var gen = ++generation;
    clear(list);
    more.hidden = true;
    helpEl.hidden = true;
    renderNames([]);
    var parsed = core.parseQuery(state.q);
    var p = parsed.words.join("");
    var browse = !p && !!(state.province || state.mission || state.year);
    list.setAttribute("data-query", state.q);
    list.removeAttribute("data-count");
    if (!p && !browse) {
      setStatus("พิมพ์คำที่ต้องการค้นหาในช่องค้นหาด้านบน หรือเลือกจังหวัด ภารกิจ หรือปี เพื่อดูข่าว", "idle");
      // the filters of an empty page: counts from meta.json, no facets needed
      return loadIndex().then(function (index) {
        if (gen !== generation) return;
        fillFilters(index.meta, core.totalCounts(index.meta), state);
        filters.setAttribute("data-counts", "all");
      }).catch(function () {});
    }
    if (p && p.length < core.MIN_CHARS) {
      setStatus("พิมพ์คำค้นอย่างน้อย " + core.MIN_CHARS + " ตัวอักษร", "idle");
      return Promise.resolve();
    }
    document.title = (p ? "ค้นหา “" + shortQuery(state.q) + "”" : "ค้นหา") + " – " + document.title.replace(/^ค้นหา.*?– /, "");
    setStatus("กำลังค้นหา…", "loading");
    var started = performance.now();
    var times = {};
    return loadIndex().then(function (index) {
      var meta = index.meta;
      var keys = p ? core.queryKeys(state.q) : [];
      var names = keys.length ? fetchFile("names.json") : Promise.resolve(null);
      return Promise.all([browse ? core.matchAll(meta) : core.matchQuery(index, parsed), names]).then(function (got) {
        times.match = performance.now() - started;
        // The facets (~24 KB at 10,000 articles) are needed to filter by province or mission,
        // and for their counts: those wait until the filters are used (their counts only show
        // in an opened list). Years come from meta.json's date order: counted without them.
        var any = got[0].all.some(function (w) { return w !== 0; });
        var need = any && (browse || state.province || state.mission || facetsWanted);
        var none = any ? null : core.facetsOf(meta, new Uint8Array(meta.n * meta.facet_row)); // all counts 0
        return Promise.all([got[0], got[1], need ? loadFacets(meta) : none]);
      }).then(function (got) {
        if (gen !== generation) return null;
        var opts = core.options(meta, state);
        var t = performance.now();
        var ranked = core.rank(meta, got[0], got[2], opts);
        times.rank = performance.now() - t;
        fillFilters(meta, ranked.counts, state);
        filters.setAttribute("data-counts", ranked.counts.province ? "all" : "years");
        current = { q: state.q, state: state, opts: opts, words: parsed.words, browse: browse, match: got[0],
                    facets: got[2],
                    marks: parsed.words.length > 1 ? [parsed.phrase].concat(parsed.words) : parsed.words,
                    ranked: ranked, shown: 0, dropped: 0, meta: meta, total: ranked.total,
                    approximate: got[0].approximate };
        renderNames(got[1] ? core.namedPages(meta, got[1], keys) : []);
        statusEl.textContent = statusText(current); // before the results: the list does not move
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

  // The URL's state into the form. Slugs and BE years need meta.json to be checked, and the old
  // numeric URLs (province=2, year=2022) to be read: the first run waits for it.
  function applyState(state, meta) {
    var name = function (pairs, slug) {
      for (var i = 0; meta && i < pairs.length; i++) if (pairs[i][0] === slug) return pairs[i][1];
      return slug;
    };
    if (input) input.value = state.q;
    field.sort.value = state.sort;
    [[field.province, state.province, meta && name(meta.provinces, state.province)],
     [field.mission, state.mission, meta && name(meta.missions, state.mission)],
     [field.year, state.year, state.year]].forEach(function (s) {
      s[0].value = s[1];
      if (s[1] && s[0].value !== s[1]) { // the options arrive with the index: keep the value until then
        var opt = document.createElement("option");
        opt.value = s[1];
        opt.textContent = s[2];
        s[0].appendChild(opt);
        s[0].value = s[1];
      }
    });
  }

  function fromUrl(how) {
    var params = new URLSearchParams(location.search);
    var wanted = ["province", "mission", "year"].some(function (k) { return params.get(k); });
    if (!wanted) {
      applyState(core.readState(params, { provinces: [], missions: [], years: [], be_offset: 0 }));
      return run(how);
    }
    if (input) input.value = (params.get("q") || "").trim();
    setStatus("กำลังค้นหา…", "loading");
    return loadIndex().then(function (index) {
      applyState(core.readState(params, index.meta), index.meta);
      return run(how);
    }).catch(function () { setStatus("โหลดดัชนีค้นหาไม่สำเร็จ ลองโหลดหน้านี้ใหม่อีกครั้ง", "error"); });
  }

  if (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      run("push");
    });
  }
  // The first use of the filters (pointer over them, a touch, keyboard focus) loads the facets
  // and puts the counts of the shown search beside each value.
  var facetsWanted = false;
  function wantFacets() {
    if (facetsWanted) return;
    facetsWanted = true;
    var c = current;
    if (!c || c.facets) return;
    loadFacets(c.meta).then(function (facets) {
      if (current !== c) return;
      c.facets = facets;
      fillFilters(c.meta, core.rank(c.meta, c.match, facets, c.opts).counts, c.state);
      filters.setAttribute("data-counts", "all");
    });
  }
  ["pointerover", "pointerdown", "focusin"].forEach(function (type) { filters.addEventListener(type, wantFacets); });

  var settle = 0;
  filters.addEventListener("change", function () {
    clearTimeout(settle);
    generation++; // the shown results are stale until the new search runs
    list.setAttribute("data-state", "loading");
    settle = setTimeout(function () { run("replace"); }, FILTER_DELAY_MS);
  });
  filters.addEventListener("submit", function (event) { event.preventDefault(); run("replace"); });
  window.addEventListener("popstate", function () { fromUrl("popstate"); });
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

  // For tests and the benchmark: the search without the page around it.
  window.thaiSearch = { run: run, compact: core.compact, snapToWords: snapToWords, parseQuery: core.parseQuery };
  fromUrl("restore");
})();

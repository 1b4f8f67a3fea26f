/* The CDD editor's glue to Decap CMS (loaded only by /admin/, after decap-cms.js).
 *
 * - format "pelican": reads and writes Pelican's Markdown header ("Title: ...", lists comma-separated),
 *   the way plugins/cdd_thai/validation.py parses it; Decap's own formats write YAML, which Pelican's
 *   Markdown reader does not read.
 * - preSave: a new article gets the slug scripts/new_article.py would give it
 *   (date-province-sha1(title)[:8], ASCII) and is saved as content/articles/YYYY/SLUG.md.
 * - the preview: the site's own CSS and fonts, the date in Buddhist Era.
 * - photos: an upload is checked (JPEG, PNG or WebP from its bytes, under the size limit) and renamed
 *   <sha256>.<ext> before Decap sees it, as the normaliser names photos (scripts/ingest/figures.py),
 *   so cdd_images makes its responsive, EXIF-free copies; a photo in the body needs alt text.
 * The schema (fields, provinces, missions, months) comes from plugins/cdd_thai through the JSON that
 * plugins/cdd_admin writes into index.html. Plain functions: tests/test_admin.py runs them in node.
 */
(function (root) {
  "use strict";

  function makeApi(schema) {
    var INVISIBLE = new RegExp(schema.invisible, "g");
    var SLUG_RE = new RegExp("^(?:" + schema.slug_pattern + ")$");
    var META_RE = /^ {0,3}([A-Za-z0-9_-]+):\s*(.*)$/;
    var MORE_RE = /^ {4,}(.*)$/;
    var BEGIN_RE = /^-{3}(\s.*)?$/;
    var END_RE = /^(-{3}|\.{3})(\s.*)?$/;
    var byKey = {};
    schema.fields.forEach(function (f) { byKey[f.key] = f; });

    function toArray(value) {
      if (value === null || value === undefined) return [];
      if (typeof value.toJS === "function") value = value.toJS();
      if (Array.isArray(value)) return value;
      return splitList(String(value));
    }

    // validation.split_list: semicolons win over commas.
    function splitList(value) {
      var sep = value.indexOf(";") >= 0 ? ";" : ",";
      return value.split(sep).map(function (s) { return s.trim(); }).filter(Boolean);
    }

    // One header line: whitespace (newlines too) becomes one space; invisible and bidi characters,
    // which the validator refuses in a header, are dropped.
    function clean(value) {
      return String(value).replace(/\s+/g, " ").replace(INVISIBLE, "").trim();
    }

    function isoDate(value) {
      if (value instanceof Date) {
        var m = String(value.getMonth() + 1), d = String(value.getDate());
        return value.getFullYear() + "-" + (m.length < 2 ? "0" + m : m) + "-" + (d.length < 2 ? "0" + d : d);
      }
      return clean(value);
    }

    function fromFile(content) {
      var lines = String(content).replace(/^\ufeff/, "").replace(/\r\n?/g, "\n").split("\n");
      var data = {}, last = null, i = 0;
      if (lines.length && BEGIN_RE.test(lines[0])) i = 1;
      for (; i < lines.length; i++) {
        var line = lines[i], m;
        if (!line.trim() || END_RE.test(line)) { i++; break; }
        if ((m = META_RE.exec(line))) {
          last = m[1].toLowerCase();
          if (!(last in data)) data[last] = m[2].trim();
        } else if (last && MORE_RE.test(line)) {
          data[last] = (data[last] + " " + line.trim()).trim();
        } else {
          break; // not a header line: the body starts here
        }
      }
      Object.keys(data).forEach(function (key) {
        if (byKey[key] && byKey[key].many) data[key] = splitList(data[key]);
      });
      data.body = lines.slice(i).join("\n");
      return data;
    }

    function headerValue(key, value) {
      if (byKey[key] && byKey[key].many) {
        var items = toArray(value).map(clean).filter(Boolean);
        var comma = items.some(function (s) { return s.indexOf(",") >= 0; });
        // validation.split_list splits at ";" when there is one: a lone item with a comma ends in ";".
        return comma ? items.join("; ") + (items.length === 1 ? ";" : "") : items.join(", ");
      }
      if (value === null || value === undefined) return "";
      return key === "date" || key === "modified" ? isoDate(value) : clean(value);
    }

    function toFile(data) {
      if (data && typeof data.toJS === "function") data = data.toJS();
      data = data || {};
      var out = [];
      schema.fields.forEach(function (f) {
        var value = headerValue(f.key, data[f.key]);
        if (value) out.push(f.name + ": " + value);
      });
      Object.keys(data).forEach(function (key) {
        // "_year" and the like are the editor's own; the body is not a header field.
        if (byKey[key] || key === "body" || key.charAt(0) === "_" || !/^[A-Za-z0-9_-]+$/.test(key)) return;
        var value = headerValue(key, data[key]);
        if (value) out.push(key + ": " + value);
      });
      var body = String(data.body === undefined || data.body === null ? "" : data.body).replace(/\s+$/, "");
      return out.join("\n") + "\n\n" + body + "\n";
    }

    // SHA-1 of the UTF-8 bytes (synchronous: crypto.subtle is async and absent on plain http).
    function sha1Hex(text) {
      var bytes = utf8(text), n = bytes.length;
      var words = [], i;
      for (i = 0; i < n; i++) words[i >> 2] |= bytes[i] << (24 - (i % 4) * 8);
      words[n >> 2] |= 0x80 << (24 - (n % 4) * 8);
      var total = (((n + 8) >> 6) + 1) * 16;
      for (i = words.length; i < total; i++) words[i] = words[i] || 0;
      words[total - 1] = n * 8;
      var h0 = 0x67452301, h1 = 0xefcdab89, h2 = 0x98badcfe, h3 = 0x10325476, h4 = 0xc3d2e1f0, w = [];
      for (var b = 0; b < total; b += 16) {
        var a = h0, bb = h1, c = h2, d = h3, e = h4;
        for (var t = 0; t < 80; t++) {
          w[t] = t < 16 ? words[b + t] | 0 : rotl(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
          var f, k;
          if (t < 20) { f = (bb & c) | (~bb & d); k = 0x5a827999; }
          else if (t < 40) { f = bb ^ c ^ d; k = 0x6ed9eba1; }
          else if (t < 60) { f = (bb & c) | (bb & d) | (c & d); k = 0x8f1bbcdc; }
          else { f = bb ^ c ^ d; k = 0xca62c1d6; }
          var tmp = (rotl(a, 5) + f + e + k + w[t]) | 0;
          e = d; d = c; c = rotl(bb, 30); bb = a; a = tmp;
        }
        h0 = (h0 + a) | 0; h1 = (h1 + bb) | 0; h2 = (h2 + c) | 0; h3 = (h3 + d) | 0; h4 = (h4 + e) | 0;
      }
      return [h0, h1, h2, h3, h4].map(function (x) { return ("00000000" + (x >>> 0).toString(16)).slice(-8); }).join("");
    }

    function rotl(x, s) { return (x << s) | (x >>> (32 - s)); }

    function utf8(text) {
      if (typeof TextEncoder !== "undefined") return new TextEncoder().encode(text);
      var s = unescape(encodeURIComponent(text)), out = [];
      for (var i = 0; i < s.length; i++) out.push(s.charCodeAt(i));
      return out;
    }

    // scripts/new_article.py make_slug: 2020-10-30-khon-kaen-46e72196 (hash of the title).
    function makeSlug(date, provinceNames, title) {
      var first = toArray(provinceNames)[0];
      var province = schema.province_slugs[first];
      var day = isoDate(date || "");
      var headline = String(title || "").split(/\s+/).filter(Boolean).join(" ");
      if (!province || !/^\d{4}-\d{2}-\d{2}$/.test(day) || !headline) return "";
      var slug = day + "-" + province + "-" + sha1Hex(headline).slice(0, 8);
      return SLUG_RE.test(slug) ? slug : "";
    }

    // cdd_images.check.sniff: the type from the bytes, never from the name.
    function sniff(bytes) {
      var b = bytes, ascii = function (from, to) { return String.fromCharCode.apply(null, Array.prototype.slice.call(b, from, to)); };
      if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return "jpg";
      if (ascii(0, 8) === "\x89PNG\r\n\x1a\n") return "png";
      if (ascii(0, 4) === "RIFF" && ascii(8, 12) === "WEBP") return "webp";
      if (/<svg|<\?xml/i.test(ascii(0, 1024))) return "svg";
      return null;
    }

    // "<sha256>.<ext>" of a photo's bytes (a Uint8Array), or an Error in Thai and English.
    function photoName(bytes, subtle) {
      var kind = sniff(bytes), mb = Math.floor(schema.photo_max_bytes / 1048576);
      if (bytes.length > schema.photo_max_bytes) {
        return Promise.reject(new Error("ไฟล์ภาพใหญ่เกิน " + mb + " MB / image file over " + mb + " MB"));
      }
      if (kind === "svg") return Promise.reject(new Error("ภาพ SVG ไม่เผยแพร่ (อาจมีสคริปต์) / SVG is never published"));
      if (!kind) return Promise.reject(new Error("ไม่ใช่ภาพ JPEG, PNG หรือ WebP / not a JPEG, PNG or WebP image"));
      return subtle.digest("SHA-256", bytes).then(function (digest) {
        return Array.prototype.map.call(new Uint8Array(digest), function (x) { return ("0" + x.toString(16)).slice(-2); }).join("") + "." + kind;
      });
    }

    // The photos of a Markdown body without alt text (validation.check_images refuses them).
    function altProblems(body) {
      var out = [], re = /!\[([^\]]*)\]\(\s*<?([^\s)>]+)/g, m;
      var text = String(body || "").replace(/```[\s\S]*?```/g, "");
      while ((m = re.exec(text))) {
        if (!m[1].trim()) {
          out.push("ภาพ " + m[2] + " ไม่มีคำบรรยายภาพ (alt): เปิดภาพในเนื้อข่าวแล้วกรอกช่องคำบรรยาย / " +
                   "the photo " + m[2] + " has no alt text: open it in the body and fill in its description");
        }
      }
      return out;
    }

    function thaiDate(value) {
      var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate(value || ""));
      if (!m) return "";
      return Number(m[3]) + " " + schema.thai_months[Number(m[2]) - 1] + " " + (Number(m[1]) + schema.be_offset);
    }

    // The date rules of cdd_thai.dates.make_date the form cannot express: a real day, not in the
    // future, not before 2500 BE. Returns "" or the message (Thai / English).
    function dateProblem(value, today) {
      var day = isoDate(value || ""), m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
      if (!m) return "ใส่วันที่ในรูป ปปปป-ดด-วว / Write the date as YYYY-MM-DD: " + day;
      var d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
      if (d.getFullYear() !== Number(m[1]) || d.getMonth() !== Number(m[2]) - 1 || d.getDate() !== Number(m[3])) {
        return "วันที่ไม่มีอยู่จริง: " + day + " / Impossible date: " + day;
      }
      if (Number(m[1]) < schema.min_year) {
        return "วันที่ก่อน พ.ศ. " + (schema.min_year + schema.be_offset) + ": " + day + " / Date before " +
          (schema.min_year + schema.be_offset) + " BE: " + day;
      }
      if (day > isoDate(today || new Date())) return "วันที่อยู่ในอนาคต: " + day + " / Date in the future: " + day;
      return "";
    }

    // Decap's preSave: the entry's data (an Immutable Map) with slug, lang and _year filled in.
    // Throwing stops the save; Decap shows the message in its "could not save" notice.
    function preSave(data, today) {
      var get = function (k) { return typeof data.get === "function" ? data.get(k) : data[k]; };
      var problem = dateProblem(get("date"), today) || altProblems(get("body")).join("; ");
      if (problem) throw new Error(problem);
      var set = function (k, v) {
        if (typeof data.set === "function") data = data.set(k, v); else data[k] = v;
      };
      if (!get("slug")) set("slug", makeSlug(get("date"), get("provinces"), get("title")));
      if (!get("lang")) set("lang", "th");
      set("_year", isoDate(get("date") || "").slice(0, 4));
      return data;
    }

    return { fromFile: fromFile, toFile: toFile, makeSlug: makeSlug, sha1Hex: sha1Hex, thaiDate: thaiDate,
             preSave: preSave, splitList: splitList, dateProblem: dateProblem, sniff: sniff, photoName: photoName,
             altProblems: altProblems };
  }

  // Every file picked in the editor's media library goes through photoName first: a capture listener
  // on the document sees the input's change before Decap (React listens lower, on its root), swaps
  // the files for renamed copies and lets the event go on; a file that is not a photo goes no further.
  function renameUploads(api, doc, win) {
    doc.addEventListener("change", function (event) {
      var input = event.target;
      if (!input || input.type !== "file" || input.cddRenamed || !input.files || !input.files.length) return;
      event.stopImmediatePropagation();
      var files = Array.prototype.slice.call(input.files);
      Promise.all(files.map(function (file) {
        return file.arrayBuffer().then(function (buffer) {
          return api.photoName(new Uint8Array(buffer), win.crypto.subtle).then(function (name) {
            return new win.File([buffer], name, { type: file.type, lastModified: file.lastModified });
          });
        }).catch(function (error) { throw new Error(file.name + ": " + error.message); });
      })).then(function (renamed) {
        var transfer = new win.DataTransfer();
        renamed.forEach(function (file) { transfer.items.add(file); });
        input.files = transfer.files;
        input.cddRenamed = true;
        input.dispatchEvent(new win.Event("change", { bubbles: true }));
        input.cddRenamed = false;
      }, function (error) {
        input.value = "";
        win.alert(error.message);
      });
    }, true);
  }

  // Decap's Thai "new" button is "＋ ข่าว" with a full-width plus (U+FF0B), which neither Sarabun nor most
  // PCs' fonts have (a box is shown): the same words with an ASCII plus.
  function thaiLocale(CMS) {
    var th = CMS.getLocale && CMS.getLocale("th");
    var top = th && th.collection && th.collection.collectionTop;
    if (top && top.newButton) top.newButton = top.newButton.replace("\uff0b", "+");
  }

  function install(CMS, schema, doc) {
    var api = makeApi(schema);
    thaiLocale(CMS);
    renameUploads(api, doc, root);
    CMS.registerCustomFormat("pelican", "md", { fromFile: api.fromFile, toFile: api.toFile });
    CMS.registerEventListener({
      name: "preSave",
      handler: function (event) { return api.preSave(event.entry.get("data")); }
    });
    CMS.registerPreviewStyle(new URL("fonts.css", doc.location.href).href);  // Thai letters in the preview
    CMS.registerPreviewStyle(new URL("../theme/css/site.css", doc.location.href).href);
    var h = root.h, createClass = root.createClass;
    if (h && createClass) {
      CMS.registerPreviewTemplate(schema.collection, createClass({
        render: function () {
          var entry = this.props.entry, get = function (k) { return entry.getIn(["data", k]); };
          var list = function (k) { var v = get(k); return v && v.toJS ? v.toJS() : (v ? [].concat(v) : []); };
          var facts = [["วันที่", api.thaiDate(get("date"))], ["จังหวัด", list("provinces").join(", ")],
                       ["ภารกิจ", list("missions").map(function (s) { return schema.missions[s] || s; }).join(", ")],
                       ["บุคคล", list("people").join(", ")]];
          var image = get("image");
          var asset = image ? this.props.getAsset(image) : null;
          return h("main", { id: "main", className: "wrap" },
            h("article", { className: "article" },
              h("header", { className: "article-header" },
                h("h1", {}, get("title") || ""),
                h("dl", { className: "article-facts" }, facts.filter(function (f) { return f[1]; }).map(function (f) {
                  return h("div", { key: f[0] }, h("dt", {}, f[0]), h("dd", {}, f[1]));
                }))),
              asset ? h("p", {}, h("img", { src: asset.toString(), alt: "" })) : null,
              h("div", { className: "article-body" }, this.props.widgetFor("body")),
              list("tags").length ? h("section", { className: "article-tags" }, h("h2", {}, "แท็ก"),
                h("ul", { className: "tag-list" }, list("tags").map(function (t) { return h("li", { key: t }, t); }))) : null));
        }
      }));
    }
    return api;
  }

  if (typeof module !== "undefined" && module.exports) {
    module.exports = { makeApi: makeApi };
  } else if (root.CMS) {
    var el = document.getElementById("cdd-schema");
    root.CDD_ADMIN = install(root.CMS, JSON.parse(el.textContent), document);
  }
})(typeof window !== "undefined" ? window : this);

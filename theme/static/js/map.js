// Province index: the filter box over the list, and the map, which shows the province's name and count
// next to it on hover and keyboard focus.
(function () {
  "use strict";
  var svg = document.querySelector(".province-map svg");
  if (!svg) return;
  var label = document.getElementById("map-label");
  var status = document.getElementById("map-status");
  var text = label.querySelector("text");
  var box = label.querySelector("rect");
  var viewWidth = svg.viewBox.baseVal.width;

  var outline = document.getElementById("map-focus");

  function show(area) {
    // the outline drawn over every neighbour (document order is the keyboard order, not size)
    var frame = area.parentNode.closest("g[transform]");
    outline.setAttribute("d", area.querySelector("path").getAttribute("d"));
    if (frame) outline.setAttribute("transform", frame.getAttribute("transform"));
    else outline.removeAttribute("transform");
    outline.classList.add("shown");
    var message = area.getAttribute("data-name") + " " + area.getAttribute("data-count") + " ข่าว";
    text.textContent = message;
    status.textContent = message;
    var x = Number(area.getAttribute("data-x")), y = Number(area.getAttribute("data-y"));
    label.classList.add("shown");
    var b = text.getBBox();
    var left = Math.max(4, Math.min(x - b.width / 2, viewWidth - b.width - 4));
    var top = Math.max(26, y - 14);
    text.setAttribute("x", left);
    text.setAttribute("y", top);
    b = text.getBBox();
    box.setAttribute("x", b.x - 6);
    box.setAttribute("y", b.y - 3);
    box.setAttribute("width", b.width + 12);
    box.setAttribute("height", b.height + 6);
  }
  function hide() { label.classList.remove("shown"); outline.classList.remove("shown"); }
  var areas = svg.querySelectorAll(".area");
  // Touch: small provinces are easy to miss, so a first tap names the province and its count and a
  // second tap on the same one opens it. Mouse and keyboard open at once.
  var pointer = "", armed = null;
  svg.addEventListener("pointerdown", function (e) { pointer = e.pointerType; });
  svg.addEventListener("click", function (e) {
    var area = e.target.closest && e.target.closest(".area");
    if (!area || pointer !== "touch") return;
    if (armed !== area) {
      e.preventDefault();
      armed = area;
      show(area);
      status.textContent += " — แตะอีกครั้งเพื่อเปิด";
    }
  });
  for (var i = 0; i < areas.length; i++) {
    areas[i].addEventListener("mouseenter", function (e) { show(e.currentTarget); });
    areas[i].addEventListener("focus", function (e) { show(e.currentTarget); });
    areas[i].addEventListener("mouseleave", hide);
    areas[i].addEventListener("blur", hide);
  }
}());

// Province index: a box that narrows the list as the reader types a Thai name or its romanisation
// (the slug: "khon" finds ขอนแก่น). Without JavaScript the box stays hidden (its room kept, site.css) and the full list shows.
(function () {
  "use strict";
  var box = document.getElementById("province-filter");
  var input = document.getElementById("province-filter-input");
  var status = document.getElementById("province-filter-status");
  if (!box || !input) return;
  box.hidden = false;
  var items = Array.prototype.slice.call(document.querySelectorAll("#province-index .province-list li"));
  function norm(s) { return s.toLowerCase().replace(/[\s\-.]+/g, ""); }
  // Thai: anywhere in the name; romanised: from the start of a word ("khon" finds khon-kaen, not nakhon-*)
  var keys = items.map(function (li) {
    var words = (li.getAttribute("data-slug") || "").split("-");
    return {thai: norm(li.querySelector("a").textContent),
            starts: words.map(function (_, i) { return words.slice(i).join(""); })};
  });
  input.addEventListener("input", function () {
    var q = norm(input.value);
    var shown = 0;
    items.forEach(function (li, i) {
      var hit = !q || keys[i].thai.indexOf(q) >= 0 ||
        keys[i].starts.some(function (w) { return w.indexOf(q) === 0; });
      li.hidden = !hit;
      if (hit) shown++;
    });
    document.querySelectorAll("#province-index section").forEach(function (section) {
      section.hidden = !section.querySelector("li:not([hidden])");
    });
    status.textContent = q ? (shown ? "พบ " + shown + " รายการ" : "ไม่พบจังหวัดที่ตรงกัน") : "";
  });
})();

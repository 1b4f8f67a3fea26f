// Article page: share links get this page's address when the build had no absolute SITEURL; the
// copy-link and print buttons appear only where they work (they need JavaScript).
(function () {
  "use strict";
  var here = document.querySelector("link[rel=canonical]");
  var url = here ? here.href : location.href.split("#")[0];
  var status = document.getElementById("share-status");
  document.querySelectorAll("a[data-share]").forEach(function (a) {
    a.href = a.getAttribute("data-share") + encodeURIComponent(url);
  });
  var copy = document.getElementById("copy-link");
  if (copy && navigator.clipboard) {
    copy.hidden = false;
    copy.addEventListener("click", function () {
      navigator.clipboard.writeText(url).then(function () {
        status.textContent = "คัดลอกลิงก์แล้ว";
      }, function () {
        status.textContent = "คัดลอกไม่ได้ — คัดลอกจากแถบที่อยู่ของเบราว์เซอร์: " + url;
      });
    });
  }
  var print = document.getElementById("print-page");
  if (print && window.print) {
    print.hidden = false;
    print.addEventListener("click", function () { window.print(); });
  }
})();

// Galleries: without JavaScript each thumbnail is a link to the large photo. Here a click (or Enter)
// opens it in a modal <dialog> instead: previous/next buttons and the arrow keys, Esc or the close
// button to leave, the position announced ("ภาพที่ 2 จาก 5"), and focus back on the thumbnail.
(function () {
  "use strict";
  if (typeof HTMLDialogElement !== "function") return;  // the links still open the photos
  document.querySelectorAll("[data-gallery]").forEach(function (gallery) {
    var links = Array.prototype.slice.call(gallery.querySelectorAll("a.gallery-link"));
    if (!links.length) return;
    var title = gallery.querySelector("h2");
    var dialog = document.createElement("dialog");
    dialog.className = "photo-viewer";
    dialog.setAttribute("aria-label", (title ? title.textContent : "ภาพกิจกรรม") + " — ภาพขนาดใหญ่");
    dialog.innerHTML = '<figure><img alt=""><figcaption></figcaption></figure>' +
      '<p class="viewer-count" aria-live="polite"></p><div class="viewer-controls">' +
      '<button type="button" data-step="-1">‹ ภาพก่อนหน้า</button>' +
      '<button type="button" data-step="1">ภาพถัดไป ›</button>' +
      '<button type="button" data-close>ปิด</button></div>';
    gallery.appendChild(dialog);
    var img = dialog.querySelector("img");
    var caption = dialog.querySelector("figcaption");
    var count = dialog.querySelector(".viewer-count");
    var current = 0;
    function show(index) {
      current = (index + links.length) % links.length;
      var link = links[current];
      var thumb = link.querySelector("img");
      var cap = link.parentNode.querySelector("figcaption");
      img.width = +link.getAttribute("data-width");
      img.height = +link.getAttribute("data-height");
      img.src = link.href;
      img.alt = thumb ? thumb.alt : "";
      caption.textContent = cap ? cap.textContent : "";
      caption.hidden = !cap;
      count.textContent = "ภาพที่ " + (current + 1) + " จาก " + links.length;
    }
    links.forEach(function (link, index) {
      link.addEventListener("click", function (event) {
        if (event.ctrlKey || event.metaKey || event.shiftKey || event.button) return;  // a new tab
        event.preventDefault();
        show(index);
        dialog.showModal();
        dialog.querySelector("[data-close]").focus();
      });
    });
    dialog.addEventListener("click", function (event) {
      var step = event.target.getAttribute("data-step");
      if (step) show(current + Number(step));
      else if (event.target.hasAttribute("data-close") || event.target === dialog) dialog.close();
    });
    dialog.addEventListener("keydown", function (event) {
      if (event.key === "ArrowRight") { show(current + 1); event.preventDefault(); }
      else if (event.key === "ArrowLeft") { show(current - 1); event.preventDefault(); }
    });
    dialog.addEventListener("close", function () { links[current].focus(); });
  });
})();

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

// shopgen serve: reload this tab after each rebuild; show build errors over the page.
// Injected only by `shopgen serve`, never written by `shopgen build`.
(function () {
  var seen = null;
  function overlay(errors, title) {
    var box = document.getElementById("shopgen-errors");
    if (!errors.length) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("div");
      box.id = "shopgen-errors";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,24,.94);" +
        "color:#fff;font:14px/1.5 ui-monospace,monospace;padding:24px";
      document.body.appendChild(box);
    }
    box.textContent = "";
    var h = document.createElement("h2");
    h.textContent = title;
    h.style.cssText = "font:600 18px system-ui,sans-serif;color:#ffb4a9;margin:0 0 12px";
    box.appendChild(h);
    errors.forEach(function (e) {
      var p = document.createElement("pre");
      p.style.cssText = "white-space:pre-wrap;margin:0 0 10px";
      p.textContent = e;
      box.appendChild(p);
    });
  }
  function poll() {
    fetch("/__shopgen/status", {cache: "no-store"}).then(function (r) { return r.json(); }).then(function (s) {
      if (seen !== null && s.version !== seen) { location.reload(); return; }
      seen = s.version;
      overlay(s.errors, s.title);
    }).catch(function () {}).finally(function () { setTimeout(poll, 700); });
  }
  poll();
})();

/* Small helps for every form; without JavaScript the forms work the same.
   - After a failed post, the error summary gets the focus (and is scrolled to).
   - Fields with a length limit count the characters while typing, and say when a text
     (also a pasted one) is too long, instead of cutting it.
   - On a phone, the needs list's filters fold away behind their heading, so the first
     screen shows the results (unless filters are in use). */
(function () {
  "use strict";
  var summary = document.getElementById("form-errors");
  if (summary) {
    summary.focus();
    if (summary.scrollIntoView) { summary.scrollIntoView({ block: "start" }); }
  }

  var body = document.body;
  var counting = body.getAttribute("data-count") || "";
  var tooLong = body.getAttribute("data-too-long") || "";
  function say(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_m, name) { return values[name]; });
  }
  Array.prototype.forEach.call(document.querySelectorAll("[data-maxlength]"), function (field) {
    var hint = document.getElementById(field.id + "_count");
    var max = parseInt(field.getAttribute("data-maxlength"), 10);
    if (!hint || !max) { return; }
    function update() {
      var count = field.value.length;
      var over = count - max;
      hint.textContent = over > 0
        ? say(tooLong, { count: count, max: max, over: over })
        : say(counting, { count: count, max: max });
      hint.classList.toggle("char-count--over", over > 0);
    }
    field.addEventListener("input", update);
    if (field.value) { update(); }
  });

  var fold = document.querySelector("[data-fold-on-phone]");
  if (fold && !fold.hasAttribute("data-keep-open") && window.matchMedia &&
      window.matchMedia("(max-width: 47.99rem)").matches) {
    fold.open = false;
  }
})();

/* A clustering run in the background: while it runs, its panel is read again every two
   seconds and replaced (the progress bar moves, the result appears). Without JavaScript
   the panel has a link to reload the page. */
(function () {
  "use strict";
  var panel = document.querySelector("[data-poll]");
  if (!panel || !window.fetch) { return; }
  function poll() {
    fetch(window.location.href, { credentials: "same-origin" })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var next = new DOMParser().parseFromString(html, "text/html").getElementById(panel.id);
        if (!next) { return; }
        panel.innerHTML = next.innerHTML;
        if (next.hasAttribute("data-poll")) { setTimeout(poll, 2000); }
        else { panel.removeAttribute("data-poll"); }
      })
      .catch(function () { setTimeout(poll, 5000); });
  }
  setTimeout(poll, 2000);
})();

/* The live wall: asks every 3 seconds whether anything changed (If-None-Match with the
   version it shows) and replaces the cards only when the answer is new (200, not 304).
   Without JavaScript the page reloads itself every 15 seconds (noscript refresh). */
(function () {
  "use strict";
  var box = document.getElementById("wall-cards");
  if (!box || !window.fetch) { return; }
  var url = box.getAttribute("data-live");
  var etag = box.getAttribute("data-etag");
  var busy = false;
  function poll() {
    if (busy || document.hidden) { return; }
    busy = true;
    fetch(url, { headers: { "If-None-Match": etag }, credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (response.status === 200) {
          etag = response.headers.get("ETag") || etag;
          return response.text().then(function (html) { box.innerHTML = html; });
        }
        return null;
      })
      .catch(function () { /* the next poll tries again */ })
      .then(function () { busy = false; });
  }
  window.setInterval(poll, 3000);
  document.addEventListener("visibilitychange", poll);
})();

/* Cards from the phone that are never lost on bad Wi-Fi. A card is kept in the phone's
   storage (one entry per card, so two open tabs never overwrite each other) with its
   one-time key before it is sent; it leaves the storage only when the server has answered
   that it is saved, or refused it for good (an empty or too long card: the reason is
   shown). When the connection is back (or every 5 seconds) waiting cards are sent again;
   the key makes a resend harmless. A limit for now (429) or a removed guest (403) keeps
   the card and says why. Without JavaScript the form posts as usual. */
(function () {
  "use strict";
  var page = document.getElementById("live-phone");
  if (!page || !window.fetch || !window.localStorage || !window.FormData) { return; }
  var form = document.getElementById("card-form");
  var prefix = "mw-card-" + page.getAttribute("data-code") + "-";
  var list = document.getElementById("my-cards");
  var text = {
    saved: page.getAttribute("data-saved"),
    waiting: page.getAttribute("data-waiting"),
    sending: page.getAttribute("data-sending"),
    failed: page.getAttribute("data-failed")
  };
  var sending = false;

  function queued() {
    var cards = [];
    for (var i = 0; i < window.localStorage.length; i++) {
      var name = window.localStorage.key(i);
      if (name && name.indexOf(prefix) === 0) {
        try { cards.push(JSON.parse(window.localStorage.getItem(name))); } catch (e) { /* skip */ }
      }
    }
    return cards.sort(function (a, b) { return a.at - b.at; });
  }
  function keep(card) { window.localStorage.setItem(prefix + card.key, JSON.stringify(card)); }
  function drop(card) { window.localStorage.removeItem(prefix + card.key); }

  function newKey() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    return "10000000-1000-4000-8000-100000000000".replace(/[018]/g, function (c) {
      return (c ^ (window.crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (c / 4)))).toString(16);
    });
  }

  function csrf() {  // the token of the page as it is now, not as it was when written
    var field = document.querySelector("[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function row(card) {
    var item = document.getElementById("card-" + card.key);
    if (!item) {
      item = document.createElement("li");
      item.className = "my-cards__item";
      item.id = "card-" + card.key;
      var title = document.createElement("span");
      title.textContent = card.title;
      var state = document.createElement("span");
      state.className = "my-cards__state";
      item.appendChild(title);
      item.appendChild(document.createTextNode(" "));
      item.appendChild(state);
      var empty = list.querySelector(".my-cards__empty");
      if (empty) { empty.remove(); }
      list.insertBefore(item, list.firstChild);
    }
    return item.querySelector(".my-cards__state");
  }

  function show(card, state, message) {
    var label = row(card);
    label.className = "my-cards__state my-cards__state--" + state;
    label.textContent = message || text[state];
  }

  function flush() {
    var waiting = queued();
    if (sending || !waiting.length || !form) { return; }
    sending = true;
    var card = waiting[0];
    show(card, "sending");
    var data = new FormData();
    data.append("key", card.key);
    data.append("title", card.title);
    data.append("text", card.text);
    data.append("field_of_action", card.field);
    var abort = window.AbortController ? new window.AbortController() : null;
    var timer = abort ? window.setTimeout(function () { abort.abort(); }, 15000) : null;
    fetch(form.action, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": csrf() },
      signal: abort ? abort.signal : undefined
    }).then(function (response) {
      return response.json().then(
        function (body) { return { status: response.status, body: body }; },
        function () { return { status: response.status, body: null }; }
      );
    }).then(function (answer) {
      if (timer) { window.clearTimeout(timer); }
      sending = false;
      var body = answer.body || {};
      var reason = (body.errors || []).join(" ") || body.error || "";
      if (answer.body && body.saved) {
        drop(card);
        show(card, "saved");
        flush();
      } else if (answer.body && answer.status === 400) {
        drop(card);  // refused for good (empty, too long): the reason stays on screen
        show(card, "failed", text.failed + ": " + reason);
        flush();
      } else if (answer.body && (answer.status === 403 || answer.status === 429)) {
        show(card, "failed", text.failed + ": " + reason);  // kept; tried again later
      } else {
        show(card, "waiting");  // an error page of a proxy or the server: kept
      }
    }).catch(function () {
      if (timer) { window.clearTimeout(timer); }
      sending = false;
      show(card, "waiting");  // no connection: the card stays
    });
  }

  queued().forEach(function (card) { show(card, form ? "waiting" : "failed"); });
  if (!form) { return; }  // the workshop is closed, or the guest removed: cards stay shown

  form.addEventListener("submit", function (event) {
    var title = form.querySelector("[name=title]");
    if (!title.value.trim()) { return; }  // the server explains the empty card
    event.preventDefault();
    var card = {
      key: form.querySelector("[name=key]").value || newKey(),
      title: title.value.trim(),
      text: form.querySelector("[name=text]").value,
      field: form.querySelector("[name=field_of_action]").value,
      at: Date.now()
    };
    keep(card);
    show(card, "waiting");
    form.reset();
    form.querySelector("[name=key]").value = newKey();
    title.focus();
    flush();
  });

  window.addEventListener("online", flush);
  window.setInterval(flush, 5000);
  flush();
})();

/* Cards from the phone that are never lost on bad Wi-Fi. A card is kept in the phone's
   storage with its one-time key before it is sent; it leaves the storage only when the
   server has answered that it is saved. When the connection is back (or every 5 seconds)
   the waiting cards are sent again; the key makes a resend harmless (one card on the
   server, however often it arrives). Without JavaScript the form posts as usual. */
(function () {
  "use strict";
  var page = document.getElementById("live-phone");
  var form = document.getElementById("card-form");
  if (!page || !form || !window.fetch || !window.localStorage || !window.FormData) { return; }
  var storeKey = "mw-cards-" + page.getAttribute("data-code");
  var list = document.getElementById("my-cards");
  var text = {
    saved: page.getAttribute("data-saved"),
    waiting: page.getAttribute("data-waiting"),
    sending: page.getAttribute("data-sending"),
    failed: page.getAttribute("data-failed")
  };
  var sending = false;

  function load() {
    try { return JSON.parse(window.localStorage.getItem(storeKey) || "[]"); } catch (e) { return []; }
  }
  function store(queue) { window.localStorage.setItem(storeKey, JSON.stringify(queue)); }

  function newKey() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    return "10000000-1000-4000-8000-100000000000".replace(/[018]/g, function (c) {
      return (c ^ (window.crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (c / 4)))).toString(16);
    });
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
    if (sending) { return; }
    var queue = load();
    if (!queue.length) { return; }
    sending = true;
    var card = queue[0];
    show(card, "sending");
    var data = new FormData();
    data.append("csrfmiddlewaretoken", card.csrf);
    data.append("key", card.key);
    data.append("title", card.title);
    data.append("text", card.text);
    data.append("field_of_action", card.field);
    fetch(form.action, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      return response.json().then(function (body) { return { ok: response.ok, body: body }; });
    }).then(function (answer) {
      var rest = load().filter(function (c) { return c.key !== card.key; });
      store(rest);  // saved, or refused for good (the reason is shown): no resend either way
      if (answer.ok && answer.body.saved) {
        show(card, "saved");
      } else {
        show(card, "failed", text.failed + ": " + ((answer.body.errors || []).join(" ") || answer.body.error || ""));
      }
      sending = false;
      flush();
    }).catch(function () {
      show(card, "waiting");  // no connection: the card stays in the queue
      sending = false;
    });
  }

  form.addEventListener("submit", function (event) {
    var title = form.querySelector("[name=title]");
    if (!title.value.trim()) { return; }  // the server explains the empty card
    event.preventDefault();
    var queue = load();
    var card = {
      key: form.querySelector("[name=key]").value || newKey(),
      title: title.value.trim(),
      text: form.querySelector("[name=text]").value,
      field: form.querySelector("[name=field_of_action]").value,
      csrf: form.querySelector("[name=csrfmiddlewaretoken]").value
    };
    queue.push(card);
    store(queue);
    show(card, "waiting");
    form.reset();
    form.querySelector("[name=key]").value = newKey();
    title.focus();
    flush();
  });

  load().forEach(function (card) { show(card, "waiting"); });
  window.addEventListener("online", flush);
  window.setInterval(flush, 5000);
  flush();
})();

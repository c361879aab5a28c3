/* Drag a card onto a cluster to group it. The same as choosing the cluster in the card's
   select and pressing "Move" (the way for keyboards, and without JavaScript): the drop
   fills in that select and sends that form. */
(function () {
  "use strict";
  var cards = document.querySelectorAll("[data-card]");
  var clusters = document.querySelectorAll("[data-cluster]");
  if (!cards.length || !clusters.length || !("draggable" in document.createElement("div"))) {
    return;
  }
  Array.prototype.forEach.call(cards, function (card) {
    card.setAttribute("draggable", "true");
    card.addEventListener("dragstart", function (event) {
      event.dataTransfer.setData("text/plain", card.getAttribute("data-card"));
      event.dataTransfer.effectAllowed = "move";
      card.classList.add("is-dragged");
    });
    card.addEventListener("dragend", function () { card.classList.remove("is-dragged"); });
  });
  Array.prototype.forEach.call(clusters, function (cluster) {
    cluster.addEventListener("dragover", function (event) {
      event.preventDefault();
      cluster.classList.add("is-drop-target");
    });
    cluster.addEventListener("dragleave", function () { cluster.classList.remove("is-drop-target"); });
    cluster.addEventListener("drop", function (event) {
      event.preventDefault();
      cluster.classList.remove("is-drop-target");
      var select = document.getElementById("place-" + event.dataTransfer.getData("text/plain"));
      if (!select) { return; }
      select.value = cluster.getAttribute("data-cluster");
      select.form.submit();
    });
  });
})();

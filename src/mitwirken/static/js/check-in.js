/* Check-in: reads a ticket's QR code with the phone's camera and sends the same form that
   staff fill in by hand. Without a camera, or without JavaScript, the form is all there is.
   The browser's BarcodeDetector where it exists (Chrome, Android); jsQR elsewhere (Safari). */
(function () {
  "use strict";
  var section = document.getElementById("scanner");
  var form = document.getElementById("check-in-form");
  if (!section || !form || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    return;
  }
  var detector = null;
  if ("BarcodeDetector" in window) {
    try { detector = new window.BarcodeDetector({ formats: ["qr_code"] }); } catch (e) { detector = null; }
  }
  if (!detector && typeof window.jsQR !== "function") {
    return;
  }
  var video = document.getElementById("scanner-video");
  var start = document.getElementById("scanner-start");
  var stop = document.getElementById("scanner-stop");
  var status = document.getElementById("scanner-status");
  var input = form.querySelector("input[name=code]");
  var canvas = document.createElement("canvas");
  var stream = null;
  var timer = null;
  section.hidden = false;

  function halt() {
    if (timer) { window.clearInterval(timer); timer = null; }
    if (stream) { stream.getTracks().forEach(function (t) { t.stop(); }); stream = null; }
    video.hidden = true;
    stop.hidden = true;
    start.hidden = false;
  }

  function found(text) {
    halt();
    input.value = text;
    form.submit();
  }

  function look() {
    if (!stream || video.readyState < 2) { return; }
    if (detector) {
      detector.detect(video).then(function (codes) {
        if (codes.length && stream) { found(codes[0].rawValue); }
      }).catch(function () {});
      return;
    }
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    var context = canvas.getContext("2d", { willReadFrequently: true });
    context.drawImage(video, 0, 0, canvas.width, canvas.height);
    var image = context.getImageData(0, 0, canvas.width, canvas.height);
    var code = window.jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
    if (code && code.data) { found(code.data); }
  }

  start.addEventListener("click", function () {
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (s) {
        stream = s;
        video.srcObject = s;
        video.hidden = false;
        start.hidden = true;
        stop.hidden = false;
        stop.focus();
        status.textContent = status.getAttribute("data-reading");
        return video.play();
      })
      .then(function () { timer = window.setInterval(look, 250); })
      .catch(function () {
        halt();
        status.textContent = status.getAttribute("data-no-camera");
      });
  });
  stop.addEventListener("click", function () { halt(); status.textContent = ""; start.focus(); });
  window.addEventListener("pagehide", halt);
})();

// Signature boxes: pointer events (mouse, finger, stylus) drawn on the canvas and sent as strokes of numbers,
// each point from 0 to 1 across the box. The server draws them as vector ink into the signer's field.
// Without this script, a typed signature with the clinician's confirmation still works.
(function () {
  "use strict";
  document.querySelectorAll("[data-ink]").forEach(function (box) {
    var canvas = box.querySelector("canvas");
    var field = box.querySelector("input[name=ink]");
    var context = canvas.getContext("2d");
    var strokes = [];
    var current = null;
    context.lineWidth = 3;
    context.lineCap = "round";
    context.lineJoin = "round";
    context.strokeStyle = "#0d1a73";

    function point(event) {
      var rect = canvas.getBoundingClientRect();
      var x = Math.min(1, Math.max(0, (event.clientX - rect.left) / rect.width));
      var y = Math.min(1, Math.max(0, (event.clientY - rect.top) / rect.height));
      return [Math.round(x * 10000) / 10000, Math.round(y * 10000) / 10000];
    }
    function draw(from, to) {
      context.beginPath();
      context.moveTo(from[0] * canvas.width, from[1] * canvas.height);
      context.lineTo(to[0] * canvas.width, to[1] * canvas.height);
      context.stroke();
    }
    canvas.addEventListener("pointerdown", function (event) {
      event.preventDefault();
      canvas.setPointerCapture(event.pointerId);
      current = [point(event)];
      strokes.push(current);
    });
    canvas.addEventListener("pointermove", function (event) {
      if (!current || current.length >= 2000) { return; }
      var next = point(event);
      draw(current[current.length - 1], next);
      current.push(next);
    });
    function end() {
      current = null;
      field.value = strokes.length ? JSON.stringify(strokes.slice(0, 200)) : "";
    }
    canvas.addEventListener("pointerup", end);
    canvas.addEventListener("pointercancel", end);
    box.querySelector("[data-clear]").addEventListener("click", function () {
      strokes = [];
      field.value = "";
      context.clearRect(0, 0, canvas.width, canvas.height);
    });
  });
})();

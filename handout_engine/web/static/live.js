// A little help while typing; every check is made again on the server, and the pages work without this.
(function () {
  "use strict";
  // Bring the error summary into view and focus, so a screen reader reads it first.
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }

  // NHS number: modulus 11 check digit, said beside the box as soon as the box is left.
  function nhsProblem(text) {
    var digits = text.replace(/\s/g, "");
    if (digits === "") { return ""; }
    if (!/^\d{10}$/.test(digits)) { return "expected 10 digits, like 943 476 5919"; }
    var total = 0;
    for (var i = 0; i < 9; i++) { total += Number(digits[i]) * (10 - i); }
    var check = 11 - (total % 11);
    if (check === 11) { check = 0; }
    if (check === 10 || check !== Number(digits[9])) { return "the check digit does not match: check the number"; }
    return "";
  }
  document.querySelectorAll("input[data-check='nhs']").forEach(function (input) {
    var note = document.createElement("p");
    note.className = "error-message";
    note.id = input.id + "-live";
    note.setAttribute("aria-live", "polite");
    input.parentNode.insertBefore(note, input);
    input.addEventListener("blur", function () {
      var problem = nhsProblem(input.value);
      note.textContent = problem ? "NHS number: " + problem : "";
      var described = (input.getAttribute("aria-describedby") || "").split(" ").filter(function (id) { return id && id !== note.id; });
      if (problem) { described.push(note.id); }
      input.setAttribute("aria-describedby", described.join(" "));
    });
  });

  // Clinic list in progress: update the numbers in place (without script, the Check progress button does),
  // and load the finished page once, when the run is done.
  var progress = document.getElementById("run-progress");
  if (progress) {
    var bar = document.getElementById("progress");
    var text = document.getElementById("progress-text");
    var poll = function () {
      fetch(progress.getAttribute("data-status"), { credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (status) {
          if (status.finished || (!bar && !status.waiting)) { window.location.reload(); return; }
          if (!bar) {
            text.textContent = "Waiting: " + status.waiting + " list" + (status.waiting === 1 ? "" : "s") + " ahead of this one.";
            window.setTimeout(poll, 2000);
            return;
          }
          bar.max = status.total || 1;
          bar.value = status.done;
          text.textContent = status.done + " of " + (status.total || "…") + " patients.";
          window.setTimeout(poll, 2000);
        })
        .catch(function () { window.setTimeout(poll, 4000); });
    };
    window.setTimeout(poll, 1000);
  }

  // Print: load the PDF in a hidden frame and open the browser's print dialog on it.
  var frame = null;
  document.querySelectorAll("a[data-print]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      if (!frame) {
        frame = document.createElement("iframe");
        frame.className = "visually-hidden";
        frame.title = "Document to print";
        frame.setAttribute("aria-hidden", "true");
        frame.tabIndex = -1;
        document.body.appendChild(frame);
      }
      frame.onload = function () {
        try { frame.contentWindow.focus(); frame.contentWindow.print(); }
        catch (e) { window.location.href = link.href; }  // the PDF itself, with the viewer's own Print
      };
      frame.src = link.href;
    });
  });
})();

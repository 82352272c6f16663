// A live count for answers that readiness screening measures (motivation,
// the change, each goal). The minimum and the sentences come from the page
// (participants/_field.html, from participants/readiness.py), so this file
// holds no rule and no text of its own. Without JavaScript the guidance in
// the help text still says the minimum.
(function () {
  "use strict";

  function length(value) {
    // Like Python's len(text.strip()): code points, not UTF-16 units.
    return Array.from(value.trim()).length;
  }

  document.querySelectorAll(".char-count[data-for]").forEach(function (counter) {
    var input = document.getElementById(counter.dataset.for);
    if (!input) {
      return;
    }
    var minimum = parseInt(counter.dataset.minChars, 10);

    function update() {
      var count = length(input.value);
      var enough = count >= minimum;
      if (count === 0 && counter.dataset.emptyOk === "true") {
        counter.textContent = "";
        return;
      }
      var template = enough ? counter.dataset.enough : counter.dataset.short;
      counter.textContent = template
        .replace("{count}", String(count))
        .replace("{missing}", String(Math.max(minimum - count, 0)));
      counter.classList.toggle("char-count-enough", enough);
    }

    var described = (input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    if (described.indexOf(counter.id) < 0) {
      described.push(counter.id);
      input.setAttribute("aria-describedby", described.join(" "));
    }
    counter.hidden = false;
    input.addEventListener("input", update);
    update();
  });
})();

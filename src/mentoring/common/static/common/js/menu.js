/* The signed-in header's menu on a narrow screen (issue 17.4): the menu
   button shows and hides the list of links. Without this script (or on a
   wide screen) the button stays hidden and the list is shown as it is. */
(function () {
  "use strict";
  var nav = document.querySelector(".collapsible-nav");
  var button = nav && nav.querySelector(".menu-toggle");
  var menu = button && document.getElementById(button.getAttribute("aria-controls"));
  if (!menu || !window.matchMedia) {
    return;
  }
  var narrow = window.matchMedia("(max-width: 40rem)");

  function setOpen(open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    nav.classList.toggle("menu-open", open);
  }

  function fit() {
    button.hidden = !narrow.matches;
    nav.classList.toggle("menu-ready", narrow.matches);
    setOpen(!narrow.matches);
  }

  button.addEventListener("click", function () {
    setOpen(button.getAttribute("aria-expanded") !== "true");
  });
  nav.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && narrow.matches && nav.classList.contains("menu-open")) {
      setOpen(false);
      button.focus();
    }
  });
  nav.addEventListener("focusout", function (event) {
    if (narrow.matches && event.relatedTarget && !nav.contains(event.relatedTarget)) {
      setOpen(false);
    }
  });
  document.addEventListener("click", function (event) {
    if (narrow.matches && !nav.contains(event.target)) {
      setOpen(false);
    }
  });
  if (narrow.addEventListener) {
    narrow.addEventListener("change", fit);
  }
  fit();
})();

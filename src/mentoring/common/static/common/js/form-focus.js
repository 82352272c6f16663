/* Focus after a page load (issue 17.5), loaded by base.html on every page.
 *
 * A rejected form: the page starts with its error summary (.error-summary,
 * common/error_summary.html and the apps' own); focus moves to it, so a keyboard
 * or screen reader user hears what is wrong and can follow a link to each field.
 * A form swapped in by htmx with a summary gets the same. (A first, unrejected
 * form that wants its field focused says autofocus: the two-factor code.)
 *
 * The summary has no live role (role="alert"): moving the focus to it is what
 * makes a screen reader read it, and both together made some read it twice
 * (as GOV.UK's error summary: focused on load, focusable with tabindex="-1"
 * only to be focused, and not any more once the focus leaves it).
 */
(function () {
  "use strict";

  function focusSummary(root) {
    var summary = root.querySelector(".error-summary");
    if (!summary) {
      return false;
    }
    if (!summary.hasAttribute("tabindex")) {
      summary.setAttribute("tabindex", "-1");
      summary.addEventListener(
        "blur",
        function () {
          summary.removeAttribute("tabindex");
        },
        { once: true }
      );
    }
    summary.focus();
    return true;
  }

  function onLoad() {
    focusSummary(document.getElementById("main") || document.body);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onLoad);
  } else {
    onLoad();
  }
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.target && event.target.querySelector) {
      focusSummary(event.target);
    }
  });
})();

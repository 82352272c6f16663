/* Table regions ({% table_region %}, common/templatetags/tables.py), loaded by
 * base.html on every page.
 *
 * The server renders each wrapper as a named, focusable region
 * (role="region" tabindex="0" aria-labelledby/aria-label), so that a table
 * wider than the screen can be scrolled with the keyboard even without this
 * script. A table that fits needs no tab stop of its own (and no landmark):
 * this script keeps the wrapper a tab stop and a region only while it
 * actually scrolls sideways, and checks again whenever its size or its
 * table's size changes (a window resized or turned, a table swapped in by
 * htmx). The checks of a pass are all read before any attribute is written,
 * so one resize costs one layout.
 */
(function () {
  "use strict";

  var known = [];

  function remember(region) {
    if (region.hasAttribute("data-region-name")) {
      return false;
    }
    var attribute = region.hasAttribute("aria-labelledby") ? "aria-labelledby" : "aria-label";
    region.setAttribute("data-region-name", attribute);
    region.setAttribute("data-region-value", region.getAttribute(attribute) || "");
    known.push(region);
    return true;
  }

  function apply(region, scrolls) {
    var attribute = region.getAttribute("data-region-name");
    if (scrolls) {
      if (region.getAttribute("tabindex") !== "0") {
        region.setAttribute("tabindex", "0");
        region.setAttribute("role", "region");
        region.setAttribute(attribute, region.getAttribute("data-region-value"));
      }
    } else if (region.hasAttribute("tabindex")) {
      region.removeAttribute("tabindex");
      region.removeAttribute("role");
      region.removeAttribute(attribute);
    }
  }

  function check(regions) {
    var connected = regions.filter(function (region) {
      return region.isConnected;
    });
    // Read everything first, then write.
    var scrolls = connected.map(function (region) {
      return region.scrollWidth > region.clientWidth;
    });
    connected.forEach(function (region, index) {
      apply(region, scrolls[index]);
    });
  }

  var observer = null;
  if (window.ResizeObserver) {
    observer = new ResizeObserver(function (entries) {
      var regions = [];
      entries.forEach(function (entry) {
        var region = entry.target.closest(".table-wrap");
        if (region && regions.indexOf(region) < 0) {
          regions.push(region);
        }
      });
      check(regions);
    });
  } else {
    var pending = false;
    window.addEventListener("resize", function () {
      if (!pending) {
        pending = true;
        window.requestAnimationFrame(function () {
          pending = false;
          known = known.filter(function (region) {
            return region.isConnected;
          });
          check(known);
        });
      }
    });
  }

  function scan(root) {
    var added = [];
    var regions = Array.prototype.slice.call(root.querySelectorAll(".table-wrap"));
    if (root.matches && root.matches(".table-wrap")) {
      regions.push(root);
    }
    regions.forEach(function (region) {
      if (remember(region)) {
        added.push(region);
      }
    });
    if (observer) {
      // The first observation of each element reports its size at once.
      added.forEach(function (region) {
        observer.observe(region);
        if (region.firstElementChild) {
          observer.observe(region.firstElementChild);
        }
      });
    } else {
      check(added);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      scan(document);
    });
  } else {
    scan(document);
  }
  // New content from htmx (htmx:load is sent for each element it adds).
  document.addEventListener("htmx:load", function (event) {
    if (event.target && event.target.querySelectorAll) {
      scan(event.target);
    }
  });
})();

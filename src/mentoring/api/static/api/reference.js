// Starts Swagger UI on the API reference page. A static file (no inline
// script), so the page runs under the site's Content Security Policy.
(function () {
  "use strict";
  var element = document.getElementById("swagger-ui");
  if (!element || typeof window.SwaggerUIBundle !== "function") {
    return;
  }
  window.SwaggerUIBundle({
    url: element.getAttribute("data-schema-url"),
    dom_id: "#swagger-ui",
    deepLinking: true,
    persistAuthorization: false,
    // The document is JSON from this site; no validator service elsewhere.
    validatorUrl: null,
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
})();

// Follow the system's light or dark setting (Bootstrap 5.3 colour modes).
(function () {
  "use strict";
  const query = window.matchMedia("(prefers-color-scheme: dark)");
  const apply = () => document.documentElement.setAttribute("data-bs-theme", query.matches ? "dark" : "light");
  apply();
  query.addEventListener("change", apply);
})();

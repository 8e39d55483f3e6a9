// Time zone helper for the sign-up and profile forms.
// data-time-zone="preselect": swap the server's UTC default for the browser's zone.
// data-time-zone="suggest": offer the browser's zone when it differs from the saved one.
(function () {
  "use strict";

  function browserZone() {
    try {
      return Intl.DateTimeFormat().resolvedOptions().timeZone || "";
    } catch (error) {
      return "";
    }
  }

  function hasOption(select, value) {
    return Array.prototype.some.call(select.options, function (option) {
      return option.value === value;
    });
  }

  function suggest(select, zone) {
    var box = document.getElementById("time-zone-suggestion");
    if (!box || select.value === zone) return;
    box.querySelector("[data-time-zone-name]").textContent = zone;
    box.querySelector("[data-time-zone-use]").addEventListener("click", function () {
      select.value = zone;
      box.hidden = true;
      select.focus();
    });
    box.hidden = false;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var select = document.querySelector("select[data-time-zone]");
    var zone = browserZone();
    if (!select || !zone || !hasOption(select, zone)) return;
    if (select.dataset.timeZone === "preselect") {
      select.value = zone;
    } else if (select.dataset.timeZone === "suggest") {
      suggest(select, zone);
    }
  });
})();

// "Your data": while a file is being checked or imported, show that something is happening
// and stop a second submit.
(function () {
  "use strict";
  document.querySelectorAll("form[data-busy-form]").forEach(function (form) {
    form.addEventListener("submit", function () {
      const button = form.querySelector("button[type=submit][data-busy-text]");
      if (!button || button.disabled) return;
      button.disabled = true;
      form.setAttribute("aria-busy", "true");
      button.innerHTML = "";
      const spinner = document.createElement("span");
      spinner.className = "spinner-border spinner-border-sm me-2";
      spinner.setAttribute("aria-hidden", "true");
      button.append(spinner, document.createTextNode(button.dataset.busyText));
    });
  });
})();

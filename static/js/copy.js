// Copy-friendly read-only fields (e.g. the API token): focusing one selects its whole value, and
// a <button data-copy="ID"> (hidden in the HTML) appears when the clipboard API is available.
(function () {
  document.querySelectorAll(".copy-field input[readonly]").forEach(function (input) {
    input.addEventListener("focus", function () { input.select(); });
  });
  if (!navigator.clipboard) return;
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var field = document.getElementById(button.dataset.copy);
    if (!field) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(function () {
        button.textContent = "Copied";
        setTimeout(function () { button.textContent = "Copy"; }, 2000);
      });
    });
  });
})();

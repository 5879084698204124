// Small progressive enhancements; every page works without JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  // Ask before destructive actions: <button data-confirm="Really remove?">.
  document.body.addEventListener("click", (event) => {
    const button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.dataset.confirm)) event.preventDefault();
  });
  // Put the cursor on the first field with an error, so keyboard users land where to fix.
  const invalid = document.querySelector(".field--error input, .field--error select, .field--error textarea");
  if (invalid) invalid.focus();
});

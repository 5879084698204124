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
  // Type-ahead fields (alliance/typeahead.py): fill the input's <datalist> with the names that
  // contain what was typed, from its JSON endpoint. Without this, it is a plain text field.
  document.querySelectorAll("input[data-typeahead]").forEach((input) => {
    const list = document.getElementById(input.getAttribute("list"));
    let timer = null;
    let asked = "";
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const typed = input.value.trim();
        if (!typed || typed === asked) return;
        asked = typed;
        const url = `${input.dataset.typeahead}?q=${encodeURIComponent(typed)}`;
        try {
          const answer = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
          if (!answer.ok || asked !== typed) return;
          const rows = await answer.json();
          list.replaceChildren(...rows.map((row) => {
            const option = document.createElement("option");
            option.value = row.value;
            option.textContent = row.label;
            return option;
          }));
        } catch (error) {
          // Offline or refused: the field still takes a typed name.
        }
      }, 200);
    });
  });
});

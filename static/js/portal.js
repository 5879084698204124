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
  // Type-ahead fields (alliance/typeahead.py): as the member types, a list of the rows whose name
  // contains the text, from the field's JSON endpoint; picking one puts its slug in the field.
  // Keyboard: Down/Up move through the list, Enter picks, Escape closes it. The list is an ARIA
  // listbox. Without this, the field is a plain text field that takes a name or a slug.
  document.querySelectorAll("input[data-typeahead]").forEach((input, index) => {
    const box = document.createElement("div");
    box.className = "typeahead";
    const list = document.createElement("ul");
    Object.assign(list, { id: `typeahead-${index}`, className: "typeahead__list", hidden: true });
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Suggestions");
    input.parentNode.insertBefore(box, input);
    box.append(input, list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    let rows = [];
    let active = -1;
    let timer = null;
    let asked = "";
    const close = () => {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    };
    const setActive = (position) => {
      active = position;
      list.querySelectorAll("[role=option]").forEach((item, at) => {
        item.classList.toggle("is-active", at === position);
        if (at === position) input.setAttribute("aria-activedescendant", item.id);
      });
    };
    const pick = (row) => {
      input.value = row.value;
      asked = row.value;
      close();
      input.dispatchEvent(new Event("change", { bubbles: true }));
    };
    const show = (typed) => {
      list.replaceChildren(...rows.map((row, at) => {
        const item = document.createElement("li");
        Object.assign(item, { id: `${list.id}-${at}`, className: "typeahead__option" });
        item.setAttribute("role", "option");
        const slug = document.createElement("span");
        Object.assign(slug, { className: "typeahead__slug", textContent: row.value });
        item.append(row.label, slug);
        item.addEventListener("mousedown", (event) => event.preventDefault());  // keep the focus
        item.addEventListener("click", () => pick(row));
        return item;
      }));
      if (!rows.length) {
        const none = document.createElement("li");
        Object.assign(none, { className: "typeahead__empty", textContent: `Nothing matches “${typed}”.` });
        list.append(none);
      }
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      setActive(-1);
    };
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const typed = input.value.trim();
        if (!typed) return close();
        if (typed === asked) return;
        asked = typed;
        const url = `${input.dataset.typeahead}?q=${encodeURIComponent(typed)}`;
        try {
          const answer = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
          if (!answer.ok || asked !== typed) return;
          rows = await answer.json();
          show(typed);
        } catch (error) {
          // Offline or refused: the field still takes a typed name.
        }
      }, 200);
    });
    input.addEventListener("keydown", (event) => {
      if (list.hidden) return;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        setActive(event.key === "ArrowDown" ? Math.min(active + 1, rows.length - 1) : Math.max(active - 1, 0));
      } else if (event.key === "Enter" && rows[active]) {
        event.preventDefault();
        pick(rows[active]);
      } else if (event.key === "Escape") {
        close();
      }
    });
    input.addEventListener("blur", close);
  });
});

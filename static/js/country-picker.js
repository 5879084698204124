// The country picker (alliance.widgets.CountryPicker): turns a <select multiple data-country-picker>
// into a text box that filters the countries as you type, with the chosen ones shown as chips.
// The <select> stays in the form (hidden) and is what gets submitted; without JavaScript it is
// used as it is. Keyboard: ↓/↑ move through the list, Enter picks or unpicks, Escape closes it,
// Backspace in the empty box removes the last chip. The list is an ARIA listbox.
(function () {
  "use strict";
  var counter = 0;

  // "Côte d’Ivoire" is found by "cote": compare without accents and case.
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function element(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text) node.textContent = text;
    return node;
  }

  function enhance(select) {
    if (select.dataset.countryPickerReady) return;
    select.dataset.countryPickerReady = "1";
    var uid = "country-picker-" + (++counter);
    var form = select.form;
    var options = Array.prototype.slice.call(select.options);
    var suggested = {};
    (select.dataset.suggested || "").split(",").forEach(function (code) { if (code) suggested[code] = true; });
    var suggestedLabel = select.dataset.suggestedLabel || "Suggested";

    // The valid set may depend on another field (the recipient of an introduction).
    var footprints = select.dataset.footprints ? JSON.parse(select.dataset.footprints) : null;
    var ruler = select.dataset.footprintOf && form ? form.elements[select.dataset.footprintOf] : null;
    var allowed = null;  // null: every option is offered

    var box = element("div", { "class": "country-picker" });
    var chips = element("ul", { "class": "country-picker__chips", "aria-label": "Chosen countries" });
    var input = element("input", {
      type: "text", "class": "country-picker__input", role: "combobox", autocomplete: "off",
      "aria-autocomplete": "list", "aria-expanded": "false", "aria-controls": uid + "-list",
      placeholder: "Type to find a country…", spellcheck: "false", enterkeyhint: "done"
    });
    var list = element("ul", { id: uid + "-list", role: "listbox", "class": "country-picker__list",
                               "aria-multiselectable": "true", "aria-label": "Countries to choose from" });
    var status = element("p", { "class": "visually-hidden", role: "status", "aria-live": "polite" });
    var note = element("p", { "class": "help country-picker__note", "aria-live": "polite" });
    note.hidden = true;
    list.hidden = true;

    // The label and the help text now describe the text box: it takes over the select's id.
    var id = select.id;
    if (id) {
      select.id = id + "_select";
      input.id = id;
    }
    ["aria-describedby", "aria-invalid"].forEach(function (name) {
      if (select.hasAttribute(name)) input.setAttribute(name, select.getAttribute(name));
    });
    // The text box itself stays empty: "required" is only announced; the server checks the choice.
    if (select.required) input.setAttribute("aria-required", "true");
    select.removeAttribute("required");  // a hidden required field would block the form silently
    select.hidden = true;
    select.setAttribute("aria-hidden", "true");
    select.tabIndex = -1;
    box.appendChild(chips);
    box.appendChild(input);
    box.appendChild(list);
    box.appendChild(note);
    box.appendChild(status);
    select.parentNode.insertBefore(box, select.nextSibling);

    var active = -1;
    var shown = [];

    function offered(option) { return allowed === null || allowed[option.value]; }

    function renderChips() {
      chips.textContent = "";
      options.forEach(function (option) {
        if (!option.selected) return;
        var chip = element("li", { "class": "country-picker__chip" });
        chip.appendChild(element("span", {}, option.textContent));
        var remove = element("button", { type: "button", "class": "country-picker__remove",
                                         "aria-label": "Remove " + option.textContent }, "×");
        remove.addEventListener("click", function () {
          toggle(option);
          input.focus();
        });
        chip.appendChild(remove);
        chips.appendChild(chip);
      });
      chips.hidden = !chips.children.length;
    }

    function renderList() {
      var query = fold(input.value.trim());
      list.textContent = "";
      shown = [];
      var groups = [[], []];
      options.forEach(function (option) {
        if (!offered(option)) return;
        var name = fold(option.textContent);
        if (query && name.indexOf(query) === -1 && fold(option.value) !== query) return;
        groups[suggested[option.value] && allowed === null ? 0 : 1].push(option);
      });
      var headings = [suggestedLabel, groups[0].length ? "All countries" : ""];
      groups.forEach(function (group, index) {
        if (!group.length) return;
        if (headings[index]) list.appendChild(element("li", { role: "presentation", "class": "country-picker__group" }, headings[index]));
        group.forEach(function (option) {
          var item = element("li", { id: uid + "-" + option.value, role: "option", "class": "country-picker__option",
                                     "aria-selected": option.selected ? "true" : "false" }, option.textContent);
          item.addEventListener("mousedown", function (event) { event.preventDefault(); });  // keep focus in the box
          item.addEventListener("click", function () { toggle(option); });
          shown.push({ option: option, item: item });
          list.appendChild(item);
        });
      });
      if (!shown.length) list.appendChild(element("li", { role: "presentation", "class": "country-picker__empty" }, "No country matches “" + input.value.trim() + "”."));
      setActive(Math.min(Math.max(active, 0), shown.length - 1));
    }

    function setActive(index) {
      shown.forEach(function (entry) { entry.item.classList.remove("is-active"); });
      active = index;
      if (index >= 0 && shown[index]) {
        shown[index].item.classList.add("is-active");
        input.setAttribute("aria-activedescendant", shown[index].item.id);
        shown[index].item.scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function open() {
      if (!list.hidden) return;
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      renderList();
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function toggle(option) {
      option.selected = !option.selected;
      status.textContent = option.textContent + (option.selected ? " added." : " removed.");
      select.dispatchEvent(new Event("change", { bubbles: true }));
      renderChips();
      if (!list.hidden) {
        input.value = "";
        renderList();
      }
    }

    // Only the chosen recipient's countries are valid: offer those, drop the others.
    function applyRuler() {
      if (!footprints || !ruler) return;
      var value = ruler.value;
      var codes = value && footprints[value] ? footprints[value] : null;
      if (codes === null) {
        allowed = null;
        note.textContent = "Choose the member first: then only its countries are offered.";
        note.hidden = false;
      } else {
        allowed = {};
        codes.forEach(function (code) { allowed[code] = true; });
        var name = ruler.options ? ruler.options[ruler.selectedIndex].textContent : "";
        var dropped = [];
        options.forEach(function (option) {
          if (option.selected && !allowed[option.value]) {
            option.selected = false;
            dropped.push(option.textContent);
          }
        });
        note.textContent = codes.length
          ? "Only " + name + "’s countries are offered." + (dropped.length ? " Removed: " + dropped.join(", ") + "." : "")
          : name + " has no opcos listed yet.";
        note.hidden = false;
      }
      renderChips();
      if (!list.hidden) renderList();
    }

    input.addEventListener("focus", open);
    input.addEventListener("click", open);
    input.addEventListener("input", function () {
      active = 0;
      if (list.hidden) open(); else renderList();
    });
    input.addEventListener("blur", close);
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (list.hidden) open(); else setActive(Math.min(active + 1, shown.length - 1));
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        setActive(Math.max(active - 1, 0));
      } else if (event.key === "Enter") {
        if (list.hidden || !shown[active]) return;
        event.preventDefault();  // pick, do not submit the form
        toggle(shown[active].option);
      } else if (event.key === "Escape") {
        if (!list.hidden) { event.preventDefault(); close(); }
      } else if (event.key === "Backspace" && !input.value) {
        var chosen = options.filter(function (option) { return option.selected; });
        if (chosen.length) toggle(chosen[chosen.length - 1]);
      }
    });
    if (ruler) ruler.addEventListener("change", applyRuler);
    if (form) form.addEventListener("reset", function () { setTimeout(function () { renderChips(); applyRuler(); }); });
    renderChips();
    applyRuler();
  }

  function enhanceAll(root) {
    (root || document).querySelectorAll("select[multiple][data-country-picker]").forEach(enhance);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () { enhanceAll(); });
  else enhanceAll();
  document.addEventListener("htmx:load", function (event) { enhanceAll(event.target); });
})();

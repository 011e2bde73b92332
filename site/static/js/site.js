/*
 * Keep it Local Award — progressive enhancement. Vanilla ES2017, no dependencies, no inline handlers
 * (works under a CSP without 'unsafe-inline'). Everything here is optional: every page works without it.
 *
 * - Error summary ([data-module="error-summary"]): focused on page load; its links move focus to the field
 *   and scroll the field's label (or legend) into view.
 * - Word count (textarea[data-word-limit="N"]): live "You have N words remaining / too many" message.
 *   Texts can be overridden per textarea (translations) with data attributes, "%{count}" is the number:
 *   data-word-count-hint, data-words-remaining-one, data-words-remaining-other, data-words-over-one,
 *   data-words-over-other.
 * - Double submission (form[data-prevent-double-submit]): after the first submit the form's submit buttons
 *   are marked aria-disabled and further submits are blocked, for 10 seconds (or until the page is shown
 *   again from the back/forward cache). The clicked button's name/value is still sent.
 */
(function () {
  "use strict";

  var WORD_COUNT_ANNOUNCE_DELAY_MS = 1000;
  var DOUBLE_SUBMIT_RESET_MS = 10000;

  document.documentElement.classList.add("kil-js-enabled");

  /* Error summary ---------------------------------------------------------------------------------- */

  function cssEscape(value) {
    if (window.CSS && typeof window.CSS.escape === "function") {
      return window.CSS.escape(value);
    }
    return value.replace(/([^\w-])/g, "\\$1");
  }

  function labelOrLegendFor(input) {
    var fieldset = input.closest("fieldset");
    var type = (input.getAttribute("type") || "").toLowerCase();
    if (fieldset) {
      var legend = fieldset.querySelector("legend");
      if (legend && (type === "radio" || type === "checkbox" || !input.id || !document.querySelector('label[for="' + cssEscape(input.id) + '"]'))) {
        return legend;
      }
    }
    if (input.id) {
      var label = document.querySelector('label[for="' + cssEscape(input.id) + '"]');
      if (label) {
        return label;
      }
    }
    return input.closest("label");
  }

  function focusField(id) {
    var input = document.getElementById(id);
    if (!input) {
      return false;
    }
    var anchor = labelOrLegendFor(input) || input;
    anchor.scrollIntoView();
    try {
      input.focus({ preventScroll: true });
    } catch (error) {
      input.focus();
    }
    return true;
  }

  function initErrorSummary(summary) {
    if (!summary.hasAttribute("tabindex")) {
      summary.setAttribute("tabindex", "-1");
    }
    if (summary.getAttribute("data-disable-auto-focus") !== "true") {
      summary.focus();
    }
    summary.addEventListener("click", function (event) {
      var link = event.target.closest ? event.target.closest("a[href^='#']") : null;
      if (!link || !summary.contains(link)) {
        return;
      }
      var id = decodeURIComponent(link.getAttribute("href").slice(1));
      if (id && focusField(id)) {
        event.preventDefault();
      }
    });
  }

  /* Word count ------------------------------------------------------------------------------------- */

  var wordCountSequence = 0;

  function countWords(text) {
    var words = text.match(/\S+/g);
    return words ? words.length : 0;
  }

  function format(template, count) {
    return template.replace(/%\{count\}/g, String(count));
  }

  function initWordCount(textarea) {
    var limit = parseInt(textarea.getAttribute("data-word-limit"), 10);
    if (!(limit > 0) || textarea.getAttribute("data-word-count-ready") === "true") {
      return;
    }
    textarea.setAttribute("data-word-count-ready", "true");
    wordCountSequence += 1;
    var baseId = textarea.id || "kil-word-count-" + wordCountSequence;

    var texts = {
      hint: textarea.getAttribute("data-word-count-hint") || "You can enter up to %{count} words",
      remainingOne: textarea.getAttribute("data-words-remaining-one") || "You have %{count} word remaining",
      remainingOther: textarea.getAttribute("data-words-remaining-other") || "You have %{count} words remaining",
      overOne: textarea.getAttribute("data-words-over-one") || "You have %{count} word too many",
      overOther: textarea.getAttribute("data-words-over-other") || "You have %{count} words too many"
    };

    // Static description for assistive technology, joined to the field's aria-describedby.
    var hint = document.createElement("div");
    hint.id = baseId + "-word-count-hint";
    hint.className = "kil-visually-hidden";
    hint.textContent = format(texts.hint, limit);

    // Visible message, updated on every keystroke; hidden from screen readers to avoid chatter.
    var visible = document.createElement("div");
    visible.className = "kil-hint kil-word-count__message";
    visible.setAttribute("aria-hidden", "true");

    // Polite live region, updated once the user pauses typing.
    var live = document.createElement("div");
    live.className = "kil-visually-hidden kil-word-count__status";
    live.setAttribute("aria-live", "polite");

    textarea.insertAdjacentElement("afterend", live);
    textarea.insertAdjacentElement("afterend", visible);
    textarea.insertAdjacentElement("afterend", hint);

    var describedBy = (textarea.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
    describedBy.push(hint.id);
    textarea.setAttribute("aria-describedby", describedBy.join(" "));

    var hadServerError = textarea.getAttribute("aria-invalid") === "true";
    var announceTimer = null;
    var lastAnnounced = null;

    function message() {
      var remaining = limit - countWords(textarea.value);
      if (remaining >= 0) {
        return { text: format(remaining === 1 ? texts.remainingOne : texts.remainingOther, remaining), over: false };
      }
      var over = -remaining;
      return { text: format(over === 1 ? texts.overOne : texts.overOther, over), over: true };
    }

    function updateVisible() {
      var current = message();
      visible.textContent = current.text;
      visible.classList.toggle("kil-word-count__message--error", current.over);
      textarea.classList.toggle("kil-textarea--error", current.over || hadServerError);
      return current;
    }

    function announce() {
      var current = message();
      if (current.text !== lastAnnounced) {
        live.textContent = current.text;
        lastAnnounced = current.text;
      }
    }

    textarea.addEventListener("input", function () {
      updateVisible();
      window.clearTimeout(announceTimer);
      announceTimer = window.setTimeout(announce, WORD_COUNT_ANNOUNCE_DELAY_MS);
    });

    // Browsers restore typed text after back/forward navigation: recount then.
    window.addEventListener("pageshow", updateVisible);

    updateVisible();
    lastAnnounced = message().text; // no announcement on page load
  }

  /* Double submission ------------------------------------------------------------------------------ */

  function submitButtons(form) {
    return Array.prototype.filter.call(form.elements, function (element) {
      return element.type === "submit" || element.type === "image";
    });
  }

  function initPreventDoubleSubmit(form) {
    var resetTimer = null;

    function reset() {
      window.clearTimeout(resetTimer);
      form.removeAttribute("data-submitting");
      submitButtons(form).forEach(function (button) {
        button.removeAttribute("aria-disabled");
        button.classList.remove("kil-button--disabled");
      });
    }

    form.addEventListener("submit", function (event) {
      if (form.getAttribute("data-submitting") === "true") {
        event.preventDefault();
        return;
      }
      if (event.defaultPrevented) {
        return;
      }
      form.setAttribute("data-submitting", "true");
      // aria-disabled rather than the disabled attribute: a disabled submitter would drop its name/value
      // from the submission, and disabling the focused button would throw keyboard focus to <body>.
      submitButtons(form).forEach(function (button) {
        button.setAttribute("aria-disabled", "true");
        button.classList.add("kil-button--disabled");
      });
      resetTimer = window.setTimeout(reset, DOUBLE_SUBMIT_RESET_MS);
    });

    window.addEventListener("pageshow", function (event) {
      if (event.persisted) {
        reset();
      }
    });
  }

  /* Print ------------------------------------------------------------------------------------------ */
  /* <button data-module="print-page" hidden>: shown only when JavaScript can print; the page prints
     without it too, from the browser's own menu. */

  function initPrintButton(button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  }

  /* Start ------------------------------------------------------------------------------------------ */

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("textarea[data-word-limit]"), initWordCount);
    Array.prototype.forEach.call(document.querySelectorAll("form[data-prevent-double-submit]"), initPreventDoubleSubmit);
    Array.prototype.forEach.call(document.querySelectorAll('[data-module="print-page"]'), initPrintButton);
    // Last, so that focus ends on the error summary.
    var summary = document.querySelector('[data-module="error-summary"]');
    if (summary) {
      initErrorSummary(summary);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

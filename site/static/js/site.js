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
 * - Upload progress (form[data-upload-progress]): the upload is sent with XMLHttpRequest and a labelled
 *   <progress> shows how much has gone; the answer page then replaces <main> (title, messages, errors and
 *   focus as after a normal submission). Anything unexpected falls back to an ordinary submission.
 *   data-upload-progress is the progress bar's label ("%{name}" is the file name);
 *   data-upload-progress-done is announced when the file has gone and the server is checking it.
 * - Unsaved changes (form[data-warn-unsaved]): the browser asks before leaving a page whose form has
 *   changes not yet saved (since it was loaded or last autosaved); never after the form is submitted.
 * - Autosave (form[data-autosave-url]): every data-autosave-interval seconds (default 30), if the form has
 *   changed since it was loaded or last saved, POSTs it (with its version and section digest) to that URL
 *   and shows the JSON answer's message. A refused save (a colleague changed this section first, or the
 *   deadline passed: HTTP 409) stops autosaving, so the person's next save meets the version check and
 *   sees both texts; the version and digest of a successful autosave are written into the form, so their
 *   own next save is not mistaken for a colleague's. data-autosave-failed is shown when the server cannot
 *   be reached.
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

  /* Upload progress ------------------------------------------------------------------------------- */

  var uploadSequence = 0;

  function canShowUploadProgress() {
    return !!(window.FormData && window.XMLHttpRequest && window.DOMParser && "upload" in new XMLHttpRequest());
  }

  function selectedFileName(form) {
    var input = form.querySelector("input[type=file]");
    return input && input.files && input.files.length ? input.files[0].name : "";
  }

  function showUploadProgress(form) {
    uploadSequence += 1;
    var id = "kil-upload-progress-" + uploadSequence;
    var wrapper = document.createElement("div");
    wrapper.className = "kil-upload-progress";
    var label = document.createElement("label");
    label.className = "kil-label kil-upload-progress__label";
    label.setAttribute("for", id);
    label.textContent = (form.getAttribute("data-upload-progress") || "Uploading %{name}").replace("%{name}", selectedFileName(form));
    var bar = document.createElement("progress");
    bar.id = id;
    bar.className = "kil-upload-progress__bar";
    bar.max = 100;
    bar.value = 0;
    var status = document.createElement("p");
    status.className = "kil-hint kil-upload-progress__status";
    status.setAttribute("role", "status");
    wrapper.appendChild(label);
    wrapper.appendChild(bar);
    wrapper.appendChild(status);
    var buttons = form.querySelector("button[type=submit], input[type=submit]");
    form.insertBefore(wrapper, buttons || null);
    return { bar: bar, status: status };
  }

  function replaceMain(responseDocument, url) {
    var newMain = responseDocument.getElementById("main-content");
    var main = document.getElementById("main-content");
    if (!newMain || !main) {
      return false;
    }
    main.innerHTML = newMain.innerHTML;
    document.title = responseDocument.title;
    if (url && url !== window.location.href && window.history && window.history.replaceState) {
      window.history.replaceState(null, "", url);
    }
    init(main);
    if (!main.querySelector('[data-module="error-summary"]')) {
      // As after a page load a screen reader starts at the top: the banner saying what happened.
      var banner = main.querySelector('[data-module="notification-banner"]') || main;
      if (!banner.hasAttribute("tabindex")) {
        banner.setAttribute("tabindex", "-1");
      }
      banner.focus();
    }
    return true;
  }

  function initUploadProgress(form) {
    if (!canShowUploadProgress()) {
      return;
    }
    form.addEventListener("submit", function (event) {
      if (event.defaultPrevented || !selectedFileName(form)) {
        return; // no file chosen: the server's error message is quicker than a progress bar
      }
      event.preventDefault();
      var progress = showUploadProgress(form);
      var request = new XMLHttpRequest();
      var fallBack = function () {
        // HTMLFormElement.submit() sends the form as if there were no script (no submit event again).
        HTMLFormElement.prototype.submit.call(form);
      };
      request.upload.addEventListener("progress", function (progressEvent) {
        if (progressEvent.lengthComputable) {
          progress.bar.value = Math.round((progressEvent.loaded / progressEvent.total) * 100);
        }
      });
      request.upload.addEventListener("load", function () {
        progress.bar.value = 100;
        progress.status.textContent = form.getAttribute("data-upload-progress-done") || "Uploaded. Checking the file…";
      });
      request.addEventListener("load", function () {
        var type = request.getResponseHeader("Content-Type") || "";
        if (request.status !== 200 || type.indexOf("text/html") !== 0 || !request.responseXML) {
          fallBack();
          return;
        }
        if (!replaceMain(request.responseXML, request.responseURL)) {
          fallBack();
        }
      });
      request.addEventListener("error", fallBack);
      request.open((form.getAttribute("method") || "post").toUpperCase(), form.action || window.location.href);
      request.responseType = "document";
      request.send(new FormData(form));
    });
  }

  /* Autosave --------------------------------------------------------------------------------------- */

  var DEFAULT_AUTOSAVE_SECONDS = 30;

  function formState(form) {
    var parts = [];
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!element.name || /^(version|digest|csrfmiddlewaretoken)$/.test(element.name) || element.type === "submit") {
        return;
      }
      if ((element.type === "checkbox" || element.type === "radio") && !element.checked) {
        return;
      }
      parts.push(element.name + "=" + element.value);
    });
    return parts.join("&");
  }

  function initAutosave(form) {
    var url = form.getAttribute("data-autosave-url");
    if (!url || !window.fetch || !window.FormData || form.getAttribute("data-autosave-ready") === "true") {
      return;
    }
    form.setAttribute("data-autosave-ready", "true");
    var seconds = parseInt(form.getAttribute("data-autosave-interval"), 10) || DEFAULT_AUTOSAVE_SECONDS;
    // A page shown again with what was typed but not saved (after "Add another", say) starts unsaved.
    var saved = form.hasAttribute("data-unsaved") ? null : formState(form);
    var saving = false;
    var status = document.createElement("p");
    status.className = "kil-hint kil-autosave__status";
    status.setAttribute("role", "status");
    var buttons = form.querySelector(".kil-button-group") || form.lastElementChild;
    form.insertBefore(status, buttons);

    var timer = window.setInterval(function () {
      var current = formState(form);
      if (saving || current === saved || form.getAttribute("data-submitting") === "true") {
        return;
      }
      saving = true;
      window.fetch(url, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        headers: { Accept: "application/json" }
      }).then(function (response) {
        return response.json().then(function (answer) {
          return { ok: response.ok, status: response.status, answer: answer };
        });
      }).then(function (result) {
        var answer = result.answer || {};
        if (result.ok && answer.saved) {
          saved = current;
          markSaved(form, current);
          // What the officer's own next save must carry, so it is not taken for a colleague's.
          if (form.elements.version && answer.version) {
            form.elements.version.value = answer.version;
          }
          if (form.elements.digest && answer.digest) {
            form.elements.digest.value = answer.digest;
          }
        } else if (result.status === 409) {
          window.clearInterval(timer); // a colleague's save, or the deadline: leave it to a person
        }
        status.textContent = answer.message || "";
      }).catch(function () {
        status.textContent = form.getAttribute("data-autosave-failed") || "";
      }).then(function () {
        saving = false;
      });
    }, seconds * 1000);
  }

  /* Unsaved changes ------------------------------------------------------------------------------- */
  /* form[data-warn-unsaved]: leaving the page (a link, closing the tab, reloading) while the form differs
     from what was loaded or last autosaved asks the browser to confirm. data-unsaved: the page was shown
     with text not yet saved, so it differs from the start. Submitting the form never asks. */

  function markSaved(form, state) {
    form.removeAttribute("data-unsaved");
    form.setAttribute("data-saved-state", state);
  }

  function initUnsavedChangesWarning(form) {
    if (form.getAttribute("data-warn-unsaved-ready") === "true") {
      return;
    }
    form.setAttribute("data-warn-unsaved-ready", "true");
    if (!form.hasAttribute("data-unsaved")) {
      form.setAttribute("data-saved-state", formState(form));
    }
    var submitting = false;
    // Any submit: one sent by script (upload progress) or held back as a double click is under way too.
    form.addEventListener("submit", function () {
      submitting = true;
    });
    window.addEventListener("pageshow", function (event) {
      if (event.persisted) {
        submitting = false;
      }
    });
    window.addEventListener("beforeunload", function (event) {
      if (submitting || !document.body.contains(form)) {
        return;
      }
      var unsaved = form.hasAttribute("data-unsaved") || formState(form) !== form.getAttribute("data-saved-state");
      if (unsaved) {
        event.preventDefault();
        event.returnValue = ""; // older browsers need a value to show their own question
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

  function each(root, selector, callback) {
    Array.prototype.forEach.call(root.querySelectorAll(selector), callback);
  }

  function init(root) {
    root = root && root.querySelectorAll ? root : document;
    each(root, "textarea[data-word-limit]", initWordCount);
    each(root, "form[data-prevent-double-submit]", initPreventDoubleSubmit);
    each(root, "form[data-upload-progress]", initUploadProgress);
    each(root, "form[data-warn-unsaved]", initUnsavedChangesWarning);
    each(root, "form[data-autosave-url]", initAutosave);
    each(root, '[data-module="print-page"]', initPrintButton);
    // Last, so that focus ends on the error summary.
    var summary = root.querySelector('[data-module="error-summary"]');
    if (summary) {
      initErrorSummary(summary);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { init(document); });
  } else {
    init(document);
  }
})();

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

  // The CSRF cookie as it is now: signing in again (in another tab) replaces it, and the token the page
  // was served with would then be refused.
  function currentCsrfToken(fallback) {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : fallback || "";
  }

  function initAutosave(form) {
    var url = form.getAttribute("data-autosave-url");
    if (!url || !window.fetch || !window.FormData || form.getAttribute("data-autosave-ready") === "true") {
      return;
    }
    form.setAttribute("data-autosave-ready", "true");
    var seconds = parseFloat(form.getAttribute("data-autosave-interval")) || DEFAULT_AUTOSAVE_SECONDS;
    // A page shown again with what was typed but not saved (after "Add another", say) starts unsaved.
    var saved = form.hasAttribute("data-unsaved") ? null : formState(form);
    var saving = false;
    var status = document.createElement("p");
    status.className = "kil-hint kil-autosave__status";
    status.setAttribute("role", "status");
    var buttons = form.querySelector(".kil-button-group") || form.lastElementChild;
    form.insertBefore(status, buttons);

    function refreshCsrfToken() {
      var field = form.elements.csrfmiddlewaretoken;
      if (field) {
        field.value = currentCsrfToken(field.value);
      }
    }

    // The person's own save after signing in again elsewhere carries the new token too.
    form.addEventListener("submit", refreshCsrfToken);

    function showSignedOut(answer) {
      // Their text stays on this page and autosave keeps trying: once they have signed in again (in
      // another tab, so this one keeps what they typed), the next autosave saves it.
      status.textContent = "";
      status.appendChild(document.createTextNode(
        (answer.message || form.getAttribute("data-autosave-signed-out") ||
          "You have been signed out, so this has not been saved. What you typed is still on this page.") + " "
      ));
      var link = document.createElement("a");
      link.className = "kil-link";
      link.href = answer.sign_in_url || form.getAttribute("data-autosave-sign-in-url") || "/accounts/login/";
      link.target = "_blank";
      link.rel = "noopener";
      link.textContent = form.getAttribute("data-autosave-sign-in") || "Sign in again (opens in a new tab)";
      status.appendChild(link);
      status.appendChild(document.createTextNode(" " + (form.getAttribute("data-autosave-come-back") ||
        "then come back to this tab: your changes will be saved automatically.")));
    }

    var timer = window.setInterval(function () {
      var current = formState(form);
      if (saving || current === saved || form.getAttribute("data-submitting") === "true") {
        return;
      }
      saving = true;
      refreshCsrfToken();
      window.fetch(url, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        // A redirect means the session has gone (to a sign-in page that would answer 200 in HTML).
        redirect: "manual",
        headers: { Accept: "application/json" }
      }).then(function (response) {
        if (response.type === "opaqueredirect" || response.status === 0) {
          return { status: 401, answer: {} };
        }
        var type = response.headers.get("Content-Type") || "";
        if (type.indexOf("application/json") !== 0) {
          throw new Error("not an autosave answer");
        }
        return response.json().then(function (answer) {
          return { ok: response.ok, status: response.status, answer: answer };
        });
      }).then(function (result) {
        var answer = result.answer || {};
        if (result.status === 401) {
          showSignedOut(answer);
          return;
        }
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
          // A save is activity: the idle clock started again (initIdleWarning).
          document.dispatchEvent(new CustomEvent("kil:activity"));
        } else if (result.status === 409 || result.status === 403) {
          window.clearInterval(timer); // a colleague's save, the deadline, a lock: leave it to a person
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

  /* Idle warning ----------------------------------------------------------------------------------- */
  /* <dialog data-module="idle-warning"> (templates/includes/idle_warning.html): judges, staff and
     editors are signed out after a time without a request. data-idle-seconds-left is how long the
     server gives this page; data-idle-warn-before seconds before the end the dialog asks the server
     (another tab may have been busy) and, if the end is still near, says so, with "Stay signed in",
     which restarts the clock (data-idle-stay-url). Escape does the same. When the time is up and the
     server agrees, the dialog says the person was signed out and that what they typed is still here. */

  function initIdleWarning(dialog) {
    if (typeof dialog.showModal !== "function" || !window.fetch) {
      return;
    }
    var warnBefore = parseInt(dialog.getAttribute("data-idle-warn-before"), 10) || 300;
    var timeout = parseInt(dialog.getAttribute("data-idle-timeout"), 10) || 1800;
    var deadline = Date.now() + (parseInt(dialog.getAttribute("data-idle-seconds-left"), 10) || 0) * 1000;
    var warning = dialog.querySelector("[data-idle-state='warning']");
    var ended = dialog.querySelector("[data-idle-state='ended']");
    var countdown = dialog.querySelector("[data-idle-countdown]");
    var stayButton = dialog.querySelector("[data-idle-stay]");
    var closeButton = dialog.querySelector("[data-idle-close]");
    var state = "quiet"; // quiet, warning, ended
    var asking = false;
    var returnFocus = null;

    function text(name, count) {
      return (dialog.getAttribute(name) || "%{count}").replace(/%\{count\}/g, String(count));
    }

    function describe(secondsLeft) {
      if (secondsLeft >= 60) {
        var minutes = Math.ceil(secondsLeft / 60);
        return text(minutes === 1 ? "data-idle-minute" : "data-idle-minutes", minutes);
      }
      // Coarse steps, so the text does not change under a screen reader every second.
      return text("data-idle-seconds", Math.max(5, Math.ceil(secondsLeft / 5) * 5));
    }

    function secondsLeft() {
      return (deadline - Date.now()) / 1000;
    }

    function open() {
      if (!dialog.open) {
        returnFocus = document.activeElement;
        dialog.showModal();
      }
    }

    function close() {
      if (dialog.open) {
        dialog.close();
      }
      if (returnFocus && returnFocus.focus) {
        returnFocus.focus();
      }
    }

    function showWarning() {
      state = "warning";
      warning.hidden = false;
      ended.hidden = true;
      dialog.setAttribute("aria-labelledby", "kil-idle-warning-title");
      dialog.setAttribute("aria-describedby", "kil-idle-warning-text");
      countdown.textContent = describe(secondsLeft());
      open();
      stayButton.focus();
    }

    function showEnded() {
      state = "ended";
      warning.hidden = true;
      ended.hidden = false;
      dialog.setAttribute("aria-labelledby", "kil-idle-ended-title");
      dialog.setAttribute("aria-describedby", "kil-idle-ended-text");
      open();
      closeButton.focus();
    }

    function restart(seconds) {
      deadline = Date.now() + seconds * 1000;
      if (state === "warning" && secondsLeft() > warnBefore) {
        state = "quiet";
        close();
      }
    }

    function call(url, options) {
      asking = true;
      return window.fetch(url, Object.assign({
        credentials: "same-origin",
        redirect: "manual",
        headers: { Accept: "application/json" }
      }, options)).then(function (response) {
        if (response.status === 401 || response.type === "opaqueredirect") {
          showEnded();
          return;
        }
        return response.json().then(function (answer) {
          if (answer.seconds_left === undefined || answer.seconds_left === null) {
            return;
          }
          restart(answer.seconds_left);
          if (secondsLeft() <= warnBefore && state === "quiet") {
            showWarning();
          }
        });
      }).catch(function () {
        // The server cannot be reached: keep counting on what is known.
      }).then(function () {
        asking = false;
      });
    }

    function askServer() {
      return call(dialog.getAttribute("data-idle-status-url"), { method: "GET" });
    }

    function staySignedIn() {
      var field = document.querySelector("input[name='csrfmiddlewaretoken']");
      var headers = { Accept: "application/json", "X-CSRFToken": currentCsrfToken(field ? field.value : "") };
      state = "quiet";
      close();
      return call(dialog.getAttribute("data-idle-stay-url"), { method: "POST", headers: headers });
    }

    stayButton.addEventListener("click", staySignedIn);
    closeButton.addEventListener("click", close);
    dialog.addEventListener("cancel", function (event) {
      if (state === "warning") {
        event.preventDefault();
        staySignedIn();
      }
    });
    document.addEventListener("kil:activity", function () {
      restart(timeout);
    });

    window.setInterval(function () {
      if (asking || state === "ended") {
        return;
      }
      var left = secondsLeft();
      if (state === "quiet" && left <= warnBefore) {
        askServer();
      } else if (state === "warning" && left <= 0) {
        askServer();
      } else if (state === "warning") {
        var words = describe(left);
        if (countdown.textContent !== words) {
          countdown.textContent = words;
        }
      }
    }, 1000);
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
    each(root, 'dialog[data-module="idle-warning"]', initIdleWarning);
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

/* Himoya screening forms in the static book: score the answers as the trainee gives them.
 *
 * Each form's root element (data-instrument="<id>") holds <script type="application/json"
 * class="hs-rules"> with {"rules": ..., "ui": ...}: the instrument's scoring rules, generated
 * from its YAML by himoya.screening.score.scoring_rules, and the form's words (ui-strings.yml,
 * section "screening"). HimoyaScreening.score(rules, answers, age) applies the rules exactly as
 * Python's himoya.screening.score() does (a test compares the two on hundreds of random answer
 * sets); it returns the same fields as ScreeningResult.to_dict(), or {error: message} with
 * score()'s message. Nothing is sent anywhere; all text is written with textContent. */
window.HimoyaScreening = window.HimoyaScreening || (function () {
  "use strict";

  function fill(text, values) {
    var out = String(text);
    Object.keys(values || {}).forEach(function (name) {
      out = out.split("{" + name + "}").join(String(values[name]));
    });
    return out;
  }

  function given(value) { return value !== null && value !== undefined; }

  function inAgeRange(rules, age) {
    var low = given(rules.age_min) ? rules.age_min : 0;
    var high = given(rules.age_max) ? rules.age_max : 1e6;
    return low <= age && age <= high;
  }

  function cutoffFor(rules, age) {
    var fallback = null;
    for (var i = 0; i < rules.cutoffs.length; i++) {
      var c = rules.cutoffs[i];
      var isDefault = !given(c.min_age) && !given(c.max_age);
      if (isDefault) {
        if (!fallback) { fallback = c; }
        continue;
      }
      if (given(age)) {
        var low = given(c.min_age) ? c.min_age : 0;
        var high = given(c.max_age) ? c.max_age : 1e6;
        if (low <= age && age <= high) { return c; }
      }
    }
    return fallback;
  }

  function bandFor(rules, total) {
    for (var i = 0; i < rules.bands.length; i++) {
      var b = rules.bands[i];
      if (b.min <= total && total <= b.max) { return b.label; }
    }
    return null;
  }

  /* The rules that an answer (or the total) raises: the same test as score(). */
  function raisedRules(rules, values, total) {
    return rules.red_flags.filter(function (rule) {
      if (given(rule.item)) {
        return (values[rule.item] || 0) >= (rule.min_value || 0);
      }
      return given(rule.total_min) && given(total) && total >= rule.total_min;
    });
  }

  /* answers: {item id: value or null}; age: whole years or null. */
  function score(rules, answers, age) {
    if (given(age) && !(Number.isInteger(age) && age >= 0 && age <= rules.max_age)) {
      return { error: fill(rules.messages.bad_age, { id: rules.id, max: rules.max_age, age: age }) };
    }
    var values = {};
    rules.items.forEach(function (item) {
      var value = answers[item.id];
      values[item.id] = given(value) ? value : null;
    });
    var notes = [];
    var blanks = rules.items.filter(function (item) {
      return values[item.id] === null && !item.optional;
    }).map(function (item) { return item.id; });
    if (blanks.length > rules.max_blank) {
      var allowed = rules.max_blank === 0 ? rules.messages.every_item
        : fill(rules.messages.at_most, { count: rules.max_blank });
      return { error: fill(rules.messages.too_many, { id: rules.id, count: blanks.length,
        items: blanks.join(", "), allowed: allowed }) };
    }
    if (blanks.length) {
      notes.push(fill(rules.messages.blank, { count: blanks.length, items: blanks.join(", ") }) +
        " " + rules.missing_rule);
    }
    var total = 0;
    rules.items.forEach(function (item) { if (item.scored) { total += values[item.id] || 0; } });
    var subscales = {};
    rules.subscales.forEach(function (sub) {
      subscales[sub.id] = 0;
      rules.items.forEach(function (item) {
        if (item.subscale === sub.id) { subscales[sub.id] += values[item.id] || 0; }
      });
    });
    var positiveSubscales = rules.subscales.filter(function (sub) {
      return given(sub.cutoff) && subscales[sub.id] >= sub.cutoff;
    }).map(function (sub) { return sub.id; });
    var cutoff = cutoffFor(rules, age);
    var positiveByTotal = total >= cutoff.min_total;
    var positive = positiveByTotal;
    var band = bandFor(rules, total);
    var raised = raisedRules(rules, values, total);
    raised.forEach(function (rule) { positive = positive || rule.positive; });
    for (var r = 0; r < raised.length; r++) {
      if (raised[r].band) { band = raised[r].band; break; }
    }
    rules.items.forEach(function (item) {
      if (!item.optional) { return; }
      if (values[item.id] === null && positiveByTotal && item.unasked_note) {
        notes.push(item.unasked_note);
      } else if (values[item.id] !== null && !positiveByTotal && item.ask_when) {
        notes.push(fill(rules.messages.asked_anyway, { number: item.number, when: item.ask_when }));
      }
    });
    if (!given(age) && rules.age_unknown_note) {
      notes.push(rules.age_unknown_note);
    } else if (given(age) && !inAgeRange(rules, age)) {
      notes.push(fill(rules.messages.age_outside, { age: age, name: rules.short_name,
        ages: rules.age_range_text }) + " " + rules.age_note);
    }
    var outcome;
    if (positive) {
      outcome = rules.actions.positive;
    } else if (positiveSubscales.length && given(rules.actions.subscale_positive)) {
      var names = rules.subscales.filter(function (sub) {
        return positiveSubscales.indexOf(sub.id) >= 0;
      }).map(function (sub) { return sub.name; });
      outcome = rules.actions.subscale_positive + " " +
        fill(rules.messages.own_cutoff, { names: names.join("; ") });
    } else {
      outcome = rules.actions.negative;
    }
    return {
      instrument: rules.id,
      name: rules.short_name,
      total: total,
      max_total: rules.max_total,
      band: band,
      subscales: subscales,
      positive_subscales: positiveSubscales,
      positive: positive,
      cutoff: cutoff.min_total,
      flags: raised.map(function (rule) { return rule.message; }),
      action: raised.length ? raised[0].action + " " + outcome : outcome,
      notes: notes,
      age: given(age) ? age : null,
      answers: rules.items.map(function (item) { return values[item.id]; }),
      language: rules.language
    };
  }

  // --- the form on the page ------------------------------------------------------------------

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (given(text)) { node.appendChild(document.createTextNode(text)); }
    return node;
  }

  function Form(root, payload) {
    this.root = root;
    this.rules = payload.rules;
    this.ui = payload.ui;
    this.form = root.querySelector("form.hs-form");
    this.output = root.querySelector(".hs-result");
    var self = this;
    this.form.addEventListener("change", function () { self.update(); });
    this.form.addEventListener("input", function () { self.update(); });
    this.form.addEventListener("reset", function () {
      window.setTimeout(function () { self.update(); }, 0);
    });
    this.form.addEventListener("submit", function (event) { event.preventDefault(); });
    this.update();
  }

  Form.prototype.answers = function () {
    var answers = {};
    var form = this.form;
    this.rules.items.forEach(function (item) {
      var checked = form.querySelector("li[data-item='" + item.id + "'] input:checked");
      answers[item.id] = checked ? Number(checked.value) : null;
    });
    return answers;
  };

  Form.prototype.age = function () {
    var box = this.form.querySelector("input[name='age']");
    var text = box ? box.value.trim() : "";
    if (!text) { return null; }
    return /^\d+$/.test(text) ? Number(text) : text;
  };

  Form.prototype.update = function () {
    var ui = this.ui;
    var out = this.output;
    while (out.firstChild) { out.removeChild(out.firstChild); }
    out.appendChild(el("p", "hs-banner", ui.not_a_diagnosis));
    var answers = this.answers();
    var answered = Object.keys(answers).filter(function (id) { return given(answers[id]); });
    var result = score(this.rules, answers, this.age());
    this.root.setAttribute("data-answered", String(answered.length));
    if (result.error) {
      this.root.setAttribute("data-scored", "false");
      if (!answered.length) {
        out.appendChild(el("p", "hs-waiting", ui.waiting));
        return;
      }
      var why = el("p", "hs-error");
      why.appendChild(el("strong", null, ui.cannot_score + " "));
      why.appendChild(document.createTextNode(result.error));
      out.appendChild(why);
      // A red flag on an answer is acted on at once, even before the form is complete.
      var early = raisedRules(this.rules, answers, null).map(function (r) { return r.message; });
      if (early.length) { out.appendChild(this.flagBox(early)); }
      return;
    }
    this.root.setAttribute("data-scored", "true");
    this.show(result);
  };

  Form.prototype.flagBox = function (flags) {
    var box = el("div", "hs-flag hs-red-flag");
    box.appendChild(el("p", null)).appendChild(el("strong", null, this.ui.red_flag));
    var list = el("ul");
    flags.forEach(function (flag) { list.appendChild(el("li", null, flag)); });
    box.appendChild(list);
    return box;
  };

  Form.prototype.show = function (result) {
    var ui = this.ui;
    var out = this.output;
    out.appendChild(el("p", "hs-result-title")).appendChild(
      el("strong", null, fill(ui.result_title, { name: result.name })));
    var rows = [
      ["total", ui.total, fill(ui.total_value, { total: result.total, max: result.max_total })],
      ["band", ui.band, result.band],
      ["screen", ui.screen, fill(ui[result.positive ? "screen_positive" : "screen_negative"],
        { cutoff: result.cutoff })]
    ];
    Object.keys(result.subscales).forEach(function (key) {
      var mark = result.positive_subscales.indexOf(key) >= 0 ? ui.at_or_above : "";
      rows.push(["subscale-" + key, fill(ui.subscale, { name: key }),
        String(result.subscales[key]) + mark]);
    });
    if (given(result.age)) {
      rows.push(["age", ui.age, fill(ui.age_value, { age: result.age })]);
    }
    var table = el("table", "hs-result-table");
    rows.forEach(function (row) {
      var tr = el("tr");
      tr.setAttribute("data-row", row[0]);
      var th = el("th", null, row[1]);
      th.setAttribute("scope", "row");
      tr.appendChild(th);
      tr.appendChild(el("td", null, row[2]));
      table.appendChild(tr);
    });
    out.appendChild(table);
    if (result.flags.length) {
      out.appendChild(this.flagBox(result.flags));
    } else {
      var none = el("p", "hs-no-flags");
      none.appendChild(el("strong", null, ui.no_red_flags));
      none.appendChild(document.createTextNode(" " + ui.none));
      out.appendChild(none);
    }
    var next = el("p", "hs-action");
    next.appendChild(el("strong", null, ui.next_step));
    next.appendChild(document.createTextNode(" " + result.action));
    out.appendChild(next);
    if (result.notes.length) {
      out.appendChild(el("p")).appendChild(el("strong", null, ui.notes));
      var list = el("ul", "hs-notes");
      result.notes.forEach(function (note) { list.appendChild(el("li", null, note)); });
      out.appendChild(list);
    }
  };

  function init(root) {
    if (!root || root.getAttribute("data-hs-ready") === "true") { return null; }
    var source = root.querySelector("script.hs-rules");
    if (!source) { return null; }
    root.setAttribute("data-hs-ready", "true");
    var form = new Form(root, JSON.parse(source.textContent));
    root.himoyaForm = form;
    return form;
  }

  return { init: init, score: score };
})();

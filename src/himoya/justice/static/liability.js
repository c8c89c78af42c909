/* Himoya age-and-liability calculator for the book (no kernel, no network).
 *
 * The same answers as himoya.justice.liability() in Python, from the same data: the page carries
 * age14_articles.yml (the law), texts.yml (every word) and the article grammar as JSON, written
 * when the book is built. A browser test compares compute() with liability() on generated cases,
 * so a change to one side without the other fails. Keep the steps in the order of liability.py.
 */
var HimoyaLiability = (function () {
  "use strict";

  var FIELD = /\{([a-z_]+)\}/g;
  var ISO = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

  function fill(template, values) {
    return template.replace(FIELD, function (_, name) {
      if (!Object.prototype.hasOwnProperty.call(values, name)) {
        throw new Error("text " + template + " needs a value for {" + name + "}");
      }
      return String(values[name]);
    });
  }

  function isLeap(y) { return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0; }
  function daysIn(y, m) {
    return [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
  }
  function key(d) { return d.y * 10000 + d.m * 100 + d.d; }
  function pad(n, width) { var s = String(n); while (s.length < width) { s = "0" + s; } return s; }
  function iso(d) { return pad(d.y, 4) + "-" + pad(d.m, 2) + "-" + pad(d.d, 2); }
  function birthdayIn(year, birth) {
    if (birth.m === 2 && birth.d === 29 && !isLeap(year)) { return { y: year, m: 3, d: 1 }; }
    return { y: year, m: birth.m, d: birth.d };
  }

  function engine(data) {
    var T = data.texts;
    var law = data.rules;
    var pattern = new RegExp(data.pattern, "i");
    var space = data.space;
    var sups = data.superscripts;

    function text(path) {
      var node = T;
      path.split(".").forEach(function (part) { node = node[part]; });
      return node;
    }
    function message(path, values) { return fill(text(path), values || {}); }
    function fail(path, values) {
      var error = new Error(message(path, values));
      error.himoya = true;
      return error;
    }
    function strip(s) {
      var a = 0;
      var b = s.length;
      while (a < b && space.indexOf(s.charAt(a)) >= 0) { a += 1; }
      while (b > a && space.indexOf(s.charAt(b - 1)) >= 0) { b -= 1; }
      return s.slice(a, b);
    }

    function parseDate(value, name) {
      if (value === null || value === undefined || strip(String(value)) === "") {
        throw fail("errors.date_missing", { field: name });
      }
      var s = strip(String(value));
      if (!ISO.test(s)) {
        var withTime = s.indexOf("T") >= 0 || s.indexOf(":") >= 0;
        throw fail(withTime ? "errors.date_with_time" : "errors.date_form", { field: name, value: s });
      }
      var d = { y: +s.slice(0, 4), m: +s.slice(5, 7), d: +s.slice(8, 10) };
      if (d.y < 1 || d.m < 1 || d.m > 12 || d.d < 1 || d.d > daysIn(d.y, d.m)) {
        throw fail("errors.date_not_real", { field: name, value: s });
      }
      return d;
    }

    function wholeYears(birth, on, onName, birthName) {
      if (key(birth) > key(on)) {
        throw fail("errors.not_yet_born", {
          birth_field: birthName, birth: iso(birth), field: onName, date: iso(on)
        });
      }
      var years = on.y - birth.y;
      if (key(on) < key(birthdayIn(on.y, birth))) { years -= 1; }
      return years;
    }

    function ageForLiability(birth, on, onName, birthName) {
      var years = wholeYears(birth, on, onName, birthName);
      var onBirthday = key(on) !== key(birth) && key(on) === key(birthdayIn(on.y, birth));
      return [onBirthday ? years - 1 : years, onBirthday];
    }

    function raised(n) {
      return String(n).split("").map(function (c) { return sups.charAt(+c); }).join("");
    }
    function fromRaised(s) {
      return parseInt(s.split("").map(function (c) { return String(sups.indexOf(c)); }).join(""), 10);
    }
    function find(number) {
      for (var i = 0; i < law.articles.length; i += 1) {
        if (law.articles[i].article === number) { return law.articles[i]; }
      }
      return null;
    }
    function partOf(entry, number) {
      var parts = entry.parts || [];
      for (var i = 0; i < parts.length; i += 1) {
        if (parts[i].part === number) { return parts[i]; }
      }
      return null;
    }

    function checkArticle(value, number, part, inserted, bracket) {
      var first = law.special_part.first;
      var last = law.special_part.last;
      if (number < first || number > last) {
        throw fail("errors.article_unknown", { value: value, first: first, last: last });
      }
      var ref = { article: number, part: part, inserted: inserted, bracket: bracket };
      var entry = find(number);
      if (!entry) { return ref; }
      if (inserted !== null) { return { article: number, part: null, inserted: inserted, bracket: false }; }
      var known = entry.inserted || [];
      if (bracket && known.length) {
        throw fail("errors.article_ambiguous", {
          value: value, number: number, part: part,
          inserted: known.map(function (n) { return number + "^" + n; }).join(", ")
        });
      }
      if (entry.parts) {
        if (part === null) {
          var listed = entry.parts.filter(function (p) { return p.listed; });
          throw fail("errors.article_needs_part", {
            value: value, number: number, example: listed[0].part,
            parts: listed.map(function (p) {
              return message("labels.part_offence", { part: p.part, offence: p.offence });
            }).join(", ")
          });
        }
        if (!partOf(entry, part)) {
          throw fail("errors.article_unknown_part", {
            value: value, part: part, number: number,
            known: entry.parts.map(function (p) { return String(p.part); }).join(", ")
          });
        }
      }
      return { article: number, part: part, inserted: null, bracket: bracket };
    }

    function parseArticle(value) {
      if (value === null || value === undefined || strip(String(value)) === "") {
        throw fail("errors.article_missing");
      }
      var s = strip(String(value));
      var m = pattern.exec(s);
      if (!m) { throw fail("errors.article_form", { value: s }); }
      /* Groups as in articles.py: 1 article, 2-3 inserted, 4 part in brackets, 5 part after the
         word; part first («ч. 2 ст. 237»): 6 part, 7 article. */
      var number = parseInt(m[1] || m[7], 10);
      var inserted = m[2] ? parseInt(m[2], 10) : (m[3] ? fromRaised(m[3]) : null);
      var word = m[4] || m[5] || m[6];
      var written = word ? parseInt(word, 10) : null;
      [written, inserted].forEach(function (given) {
        if (given !== null && given < 1) { throw fail("errors.part_invalid", { value: s, part: given }); }
      });
      return checkArticle(s, number, written, inserted, !!m[4]);
    }

    function label(ref) {
      if (ref.inserted !== null) {
        return message("labels.article_inserted", { number: ref.article, sup: raised(ref.inserted) });
      }
      if (ref.part !== null) { return message("labels.article_part", { number: ref.article, part: ref.part }); }
      return message("labels.article", { number: ref.article });
    }

    function liabilityAge(ref) {
      var entry = find(ref.article);
      if (!entry || ref.inserted !== null) {
        return { age: law.general_age, listed: false, exact: false, offence: null };
      }
      if (entry.parts) {
        var known = ref.part !== null ? partOf(entry, ref.part) : null;
        if (!known) { return { age: law.general_age, listed: false, exact: false, offence: null }; }
        return {
          age: known.listed ? law.listed_age : law.general_age,
          listed: known.listed, exact: true, offence: known.offence
        };
      }
      return { age: law.listed_age, listed: true, exact: true, offence: entry.offence };
    }

    var SUMMARY = { "below-age": "below_age", minor: "liable", "check-article": "check_article", adult: "adult" };
    var PROTECTIONS = { "below-age": "below_age", minor: "minor", "check-article": "minor", adult: "adult" };

    /* The answer for one child: the same fields as LiabilityResult.to_dict(), or {error}. */
    function compute(dateOfBirth, offenceDate, article) {
      try {
        var fields = T.fields;
        var birth = parseDate(dateOfBirth, fields.date_of_birth);
        var offence = parseDate(offenceDate, fields.offence_date);
        var ref = parseArticle(article);
        var counted = ageForLiability(birth, offence, fields.offence_date, fields.date_of_birth);
        var age = counted[0];
        var a = liabilityAge(ref);
        var notes = [];
        if (counted[1]) { notes.push(message("notes.on_birthday", { age: age })); }
        if (ref.bracket && a.listed) {
          notes.push(message("notes.bracket_part", { part: ref.part, number: ref.article }));
        }
        var status;
        var liable;
        var minor;
        if (age >= law.adult_from) {
          status = "adult"; liable = a.exact ? true : null; minor = false;
        } else if (age < a.age) {
          status = "below-age"; liable = false; minor = false;
        } else {
          status = a.exact ? "minor" : "check-article";
          liable = a.exact ? true : null;
          minor = age >= law.minor_from;
        }
        var rule = text(a.listed ? "labels.rule_listed" : "labels.rule_general");
        var articleLabel = label(ref);
        var protections = status === "check-article" ? text("protections.check_article").slice() : [];
        protections = protections.concat(text("protections." + PROTECTIONS[status]));
        return {
          date_of_birth: iso(birth),
          offence_date: iso(offence),
          article: ref.article,
          part: ref.part,
          inserted: ref.inserted,
          article_label: articleLabel,
          offence: a.offence,
          listed: a.listed,
          age_at_offence: age,
          on_birthday: counted[1],
          liability_age: a.age,
          liable: liable,
          minor: minor,
          status: status,
          summary: message("summary." + SUMMARY[status], {
            age: age, article: articleLabel, min_age: a.age, rule: rule
          }),
          outcome: text("outcome." + status),
          protections: protections,
          on_date: null,
          age_on_date: null,
          notes: notes
        };
      } catch (error) {
        if (error.himoya) { return { error: error.message }; }
        throw error;
      }
    }

    /* The answer as (label, value) rows: LiabilityResult.rows() in Python. */
    function rows(result) {
      var w = T.answer;
      var liable = result.liable === true ? w.value_yes : (result.liable === false ? w.value_no : w.value_check);
      var out = [
        [w.date_of_birth, result.date_of_birth],
        [w.offence_date, result.offence_date],
        [w.age_at_offence, String(result.age_at_offence)],
        [w.article, result.article_label + (result.offence ? " — " + result.offence : "")],
        [w.liability_age, String(result.liability_age)],
        [w.liable, liable]
      ];
      if (result.status !== "below-age") {
        var minor = result.status === "check-article" ? w.value_yes_if_liable : w.value_no;
        out.push([w.minor, result.status === "minor" ? w.value_yes : minor]);
      }
      return out;
    }

    return { compute: compute, rows: rows, message: message, text: text };
  }

  function element(tag, className, content) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (content !== undefined) { node.textContent = content; }
    return node;
  }

  /* Builds what templates/justice/liability-answer.html.j2 writes in Python. */
  function renderAnswer(box, calc, result) {
    while (box.firstChild) { box.removeChild(box.firstChild); }
    if (result.error) {
      var p = element("p", "hl-error");
      p.appendChild(element("strong", "", calc.message("errors.check_form", { error: result.error })));
      box.appendChild(p);
      return;
    }
    var wrap = element("div", "himoya-liability-answer hl-" + result.status);
    var summary = element("p", "hl-summary");
    summary.appendChild(element("strong", "", result.summary));
    wrap.appendChild(summary);
    var table = element("table", "hl-rows");
    var body = element("tbody");
    calc.rows(result).forEach(function (row) {
      var tr = element("tr");
      var th = element("th", "", row[0]);
      th.setAttribute("scope", "row");
      tr.appendChild(th);
      tr.appendChild(element("td", "", row[1]));
      body.appendChild(tr);
    });
    table.appendChild(body);
    wrap.appendChild(table);
    wrap.appendChild(element("p", "hl-applies", calc.text("answer.what_applies")));
    var list = element("ul", "hl-protections");
    result.protections.forEach(function (item) { list.appendChild(element("li", "", item)); });
    wrap.appendChild(list);
    result.notes.forEach(function (note) {
      var p = element("p", "hl-note");
      p.appendChild(element("em", "", note));
      wrap.appendChild(p);
    });
    box.appendChild(wrap);
  }

  function init(root) {
    if (!root || root.getAttribute("data-hl-ready") === "true") { return; }
    var data = JSON.parse(root.querySelector("script.hl-data").textContent);
    var calc = engine(data);
    var form = root.querySelector("form.hl-form");
    var select = form.querySelector("select[name=article]");
    var other = form.querySelector(".hl-other");
    var otherInput = form.querySelector("input[name=other_article]");
    var box = root.querySelector(".hl-answer");
    function toggle() {
      other.hidden = select.value !== data.other;
    }
    select.addEventListener("change", toggle);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var article = select.value === data.other ? otherInput.value : select.value;
      var result = calc.compute(
        form.querySelector("input[name=date_of_birth]").value,
        form.querySelector("input[name=offence_date]").value,
        article
      );
      renderAnswer(box, calc, result);
      root.setAttribute("data-hl-status", result.error ? "error" : result.status);
      box.focus({ preventScroll: true });
      if (box.scrollIntoView) { box.scrollIntoView({ block: "start" }); }
    });
    toggle();
    root.setAttribute("data-hl-ready", "true");
  }

  return { engine: engine, init: init, fill: fill };
}());

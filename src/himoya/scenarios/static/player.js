/* Himoya static case player: runs a scenario in the browser, with no kernel and no network.
 * The scenario is read from <script type="application/json" class="himoya-data"> inside the
 * player's root element (format: himoya.scenarios.html.scenario_data), with the player's words
 * under "ui" (ui-strings.yml, section "player"). Choices come in the order the Python loader put
 * them in (himoya.scenarios.order), so every player and the gamebook show the same order.
 * All text is written with textContent / createTextNode, never as HTML, so markup in a scenario
 * shows as plain text. Several players may share one page.
 *
 * After a choice the feedback (the verdict) gets the focus and is scrolled to the top of the
 * screen, so on a phone the trainee reads it first and the next scene follows below it. */
window.HimoyaPlayer = window.HimoyaPlayer || (function () {
  "use strict";

  /* One of the player's words, with {name} placeholders filled from `values`. */
  function say(ui, key, values) {
    var text = ui[key] !== undefined ? String(ui[key]) : key;
    Object.keys(values || {}).forEach(function (name) {
      text = text.split("{" + name + "}").join(String(values[name]));
    });
    return text;
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.appendChild(document.createTextNode(text)); }
    return node;
  }

  function clear(node) {
    while (node.firstChild) { node.removeChild(node.firstChild); }
  }

  /* Plain text -> paragraphs: blank lines separate paragraphs, single line breaks are spaces. */
  function paragraphs(parent, text, className) {
    String(text || "").split(/\n\s*\n/).forEach(function (para) {
      var clean = para.replace(/\s+/g, " ").trim();
      if (clean) { parent.appendChild(el("p", className, clean)); }
    });
  }

  function signed(value) {
    return value > 0 ? "+" + value : value < 0 ? "\u2212" + Math.abs(value) : "0";
  }

  function title(word) {
    return word.charAt(0).toUpperCase() + word.slice(1).replace(/[_-]/g, " ");
  }

  /* The state logic, kept apart from the page so that a test can play every path of every
   * scenario with it and compare with the Python engine (himoya.scenarios.engine): a state is
   * {node, flags: {flag: true}, scores: {dimension: total}, path: [{node, choice}]}. */
  var engine = {
    start: function (data) {
      var scores = {};
      data.dimensions.forEach(function (dim) { scores[dim] = 0; });
      return { node: data.start, flags: {}, scores: scores, path: [] };
    },
    isEnding: function (data, id) {
      return Object.prototype.hasOwnProperty.call(data.endings, id);
    },
    offered: function (data, state) {
      if (engine.isEnding(data, state.node)) { return []; }
      var flags = state.flags;
      return data.nodes[state.node].c.filter(function (choice) {
        var need = choice.q || [];
        var avoid = choice.n || [];
        return need.every(function (f) { return flags[f]; }) &&
          avoid.every(function (f) { return !flags[f]; });
      });
    },
    choose: function (state, choice) {
      var flags = {};
      Object.keys(state.flags).forEach(function (f) { flags[f] = true; });
      (choice.s || []).forEach(function (f) { flags[f] = true; });
      var scores = {};
      Object.keys(state.scores).forEach(function (dim) {
        scores[dim] = state.scores[dim] + ((choice.e || {})[dim] || 0);
      });
      var step = { node: state.node, choice: choice };
      return { node: choice.g, flags: flags, scores: scores, path: state.path.concat([step]) };
    }
  };

  function Player(root, data) {
    this.root = root;
    this.data = data;
    this.ui = data.ui || {};
    this.history = [];
    this.state = engine.start(data);
    this.lastStep = null;
    this.build();
    this.render(false);
  }

  Player.prototype.isEnding = function (id) {
    return engine.isEnding(this.data, id);
  };

  Player.prototype.offered = function () {
    return engine.offered(this.data, this.state);
  };

  Player.prototype.choose = function (choice) {
    this.history.push(this.state);
    this.state = engine.choose(this.state, choice);
    this.lastStep = this.state.path[this.state.path.length - 1];
    this.render(true);
  };

  Player.prototype.back = function () {
    if (!this.history.length) { return; }
    this.state = this.history.pop();
    var path = this.state.path;
    this.lastStep = path.length ? path[path.length - 1] : null;
    this.render(true);
  };

  Player.prototype.restart = function () {
    this.history = [];
    this.state = engine.start(this.data);
    this.lastStep = null;
    this.render(true);
  };

  Player.prototype.citations = function (refs) {
    var table = this.data.references;
    return (refs || []).map(function (id) { return table[id] ? table[id].citation : id; });
  };

  Player.prototype.build = function () {
    var self = this;
    var ui = this.ui;
    var app = el("section", "hp");
    app.setAttribute("aria-label", say(ui, "region", { title: this.data.title }));
    app.appendChild(el("p", "hp-kicker", say(ui, "kicker")));
    app.appendChild(el("h2", "hp-title", this.data.title));
    app.appendChild(el("p", "hp-notice", this.data.fictional_notice));
    if (this.data.content_note) {
      app.appendChild(el("p", "hp-warning", say(ui, "content_note", { note: this.data.content_note })));
    }
    this.status = el("p", "hp-status");
    this.feedback = el("div", "hp-feedback");
    this.feedback.setAttribute("aria-live", "polite");
    this.feedback.setAttribute("role", "status");
    this.feedback.setAttribute("tabindex", "-1");
    this.scene = el("div", "hp-scene");
    this.scene.setAttribute("tabindex", "-1");
    var controls = el("div", "hp-controls");
    this.backButton = el("button", "hp-back", say(ui, "back"));
    this.backButton.type = "button";
    this.backButton.title = say(ui, "back_tip");
    this.backButton.addEventListener("click", function () { self.back(); });
    this.restartButton = el("button", "hp-restart", say(ui, "restart"));
    this.restartButton.title = say(ui, "restart_tip");
    this.restartButton.type = "button";
    this.restartButton.addEventListener("click", function () { self.restart(); });
    controls.appendChild(this.backButton);
    controls.appendChild(this.restartButton);
    app.appendChild(this.status);
    app.appendChild(this.feedback);
    app.appendChild(this.scene);
    app.appendChild(controls);
    this.root.appendChild(app);
  };

  Player.prototype.renderFeedback = function () {
    clear(this.feedback);
    var step = this.lastStep;
    if (!step) { return; }
    var you = el("p");
    you.appendChild(el("span", "hp-you", say(this.ui, "you_chose")));
    you.appendChild(document.createTextNode(step.choice.l));
    this.feedback.appendChild(you);
    paragraphs(this.feedback, step.choice.f);
    var cites = this.citations(step.choice.r);
    if (cites.length) {
      this.feedback.appendChild(
        el("p", "hp-sources", say(this.ui, "source", { citations: cites.join("; ") })));
    }
  };

  Player.prototype.renderNode = function () {
    var self = this;
    var node = this.data.nodes[this.state.node];
    var ui = this.ui;
    var heading = el("h3", "hp-heading", say(ui, this.state.path.length ? "what_next" : "the_case"));
    this.scene.appendChild(heading);
    paragraphs(this.scene, node.t);
    this.scene.appendChild(el("p", "hp-prompt", say(ui, "what_do_you_do")));
    var list = el("ul", "hp-choices");
    list.setAttribute("aria-label", say(ui, "your_choices"));
    this.offered().forEach(function (choice) {
      var item = el("li");
      var button = el("button", "hp-choice", choice.l);
      button.type = "button";
      button.addEventListener("click", function () { self.choose(choice); });
      item.appendChild(button);
      list.appendChild(item);
    });
    this.scene.appendChild(list);
  };

  Player.prototype.renderEnding = function () {
    var self = this;
    var ui = this.ui;
    var ending = this.data.endings[this.state.node];
    var scene = this.scene;
    scene.appendChild(el("h3", "hp-heading", say(ui, "the_end")));
    scene.appendChild(el("p", "hp-kind hp-kind-" + ending.kind, say(ui, "kind_" + ending.kind)));
    scene.appendChild(el("h3", "hp-ending-title", ending.title));
    paragraphs(scene, ending.text);
    scene.appendChild(el("h3", null, say(ui, "standards")));
    paragraphs(scene, ending.standards);
    var cites = this.citations(ending.refs);
    if (cites.length) {
      scene.appendChild(el("p", "hp-sources", say(ui, "source", { citations: cites.join("; ") })));
    }

    scene.appendChild(el("h3", null, say(ui, "your_path")));
    var path = el("ol", "hp-path");
    this.state.path.forEach(function (step) {
      var item = el("li", null, step.choice.l);
      item.appendChild(el("span", "hp-path-feedback", step.choice.f));
      path.appendChild(item);
    });
    scene.appendChild(path);

    scene.appendChild(el("h3", null, say(ui, "scores")));
    scene.appendChild(el("p", "hp-notice", say(ui, "scores_note")));
    var scores = el("ul", "hp-scores");
    var values = this.data.dimensions.map(function (dim) { return self.state.scores[dim]; });
    var most = Math.max.apply(null, values.map(Math.abs).concat([1]));
    this.data.dimensions.forEach(function (dim, i) {
      var value = values[i];
      var row = el("li", "hp-score");
      row.appendChild(el("span", "hp-score-name", title(dim)));
      var track = el("span", "hp-score-track");
      track.setAttribute("aria-hidden", "true");
      if (value !== 0) {
        var bar = el("span", "hp-score-bar " + (value > 0 ? "hp-plus" : "hp-minus"));
        bar.style.width = (50 * Math.abs(value) / most) + "%";
        track.appendChild(bar);
      }
      row.appendChild(track);
      row.appendChild(el("span", "hp-score-value", signed(value)));
      scores.appendChild(row);
    });
    scene.appendChild(scores);

    if (ending.debrief && ending.debrief.length) {
      scene.appendChild(el("h3", null, say(ui, "questions")));
      var questions = el("ol", "hp-debrief");
      ending.debrief.forEach(function (q) { questions.appendChild(el("li", null, q)); });
      scene.appendChild(questions);
    }
    var seen = {};
    var allRefs = [];
    this.state.path.forEach(function (step) { allRefs = allRefs.concat(step.choice.r || []); });
    allRefs = allRefs.concat(ending.refs || []).filter(function (id) {
      if (seen[id]) { return false; }
      seen[id] = true;
      return true;
    });
    if (allRefs.length) {
      scene.appendChild(el("h3", null, say(ui, "cited")));
      var refs = el("ul", "hp-refs");
      allRefs.forEach(function (id) {
        var ref = self.data.references[id] || { citation: id };
        var item = el("li", null, ref.citation);
        refs.appendChild(item);
      });
      scene.appendChild(refs);
    }
  };

  Player.prototype.render = function (moveFocus) {
    var finished = this.isEnding(this.state.node);
    var made = this.state.path.length;
    this.status.textContent = finished
      ? say(this.ui, made === 1 ? "finished_one" : "finished_other", { n: made })
      : say(this.ui, "made_so_far", { n: made });
    this.renderFeedback();
    clear(this.scene);
    if (finished) { this.renderEnding(); } else { this.renderNode(); }
    this.backButton.disabled = this.history.length === 0;
    this.root.setAttribute("data-himoya-node", this.state.node);
    this.root.setAttribute("data-himoya-finished", finished ? "true" : "false");
    if (moveFocus) { this.reveal(this.lastStep ? this.feedback : this.scene); }
  };

  /* Focus `target` and bring its top to the top of the screen (the CSS keeps a margin for the
   * theme's sticky header), so the verdict of a choice is what the trainee sees next. */
  Player.prototype.reveal = function (target) {
    try {
      target.focus({ preventScroll: true });
    } catch (error) {
      target.focus();
    }
    if (target.scrollIntoView) { target.scrollIntoView({ block: "start" }); }
  };

  function init(root) {
    if (!root || root.getAttribute("data-himoya-ready") === "true") { return null; }
    var source = root.querySelector("script.himoya-data");
    if (!source) { return null; }
    var data = JSON.parse(source.textContent);
    root.setAttribute("data-himoya-ready", "true");
    var player = new Player(root, data);
    root.himoyaPlayer = player;
    return player;
  }

  return { init: init, engine: engine };
})();

/* Himoya static case player: runs a scenario in the browser, with no kernel and no network.
 * The scenario is read from <script type="application/json" class="himoya-data"> inside the
 * player's root element (format: himoya.scenarios.html.scenario_data). All scenario text is written with textContent / createTextNode, never
 * as HTML, so markup in a scenario shows as plain text. Several players may share one page. */
window.HimoyaPlayer = window.HimoyaPlayer || (function () {
  "use strict";

  var KIND_LABELS = { good: "Good outcome", mixed: "Mixed outcome", harmful: "Harmful outcome" };

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

  function Player(root, data) {
    this.root = root;
    this.data = data;
    this.history = [];
    this.state = this.startState();
    this.lastStep = null;
    this.build();
    this.render(false);
  }

  Player.prototype.startState = function () {
    var scores = {};
    this.data.dimensions.forEach(function (dim) { scores[dim] = 0; });
    return { node: this.data.start, flags: {}, scores: scores, path: [] };
  };

  Player.prototype.isEnding = function (id) {
    return Object.prototype.hasOwnProperty.call(this.data.endings, id);
  };

  Player.prototype.offered = function () {
    if (this.isEnding(this.state.node)) { return []; }
    var flags = this.state.flags;
    return this.data.nodes[this.state.node].c.filter(function (choice) {
      var need = choice.q || [];
      var avoid = choice.n || [];
      return need.every(function (f) { return flags[f]; }) &&
        avoid.every(function (f) { return !flags[f]; });
    });
  };

  Player.prototype.choose = function (choice) {
    var old = this.state;
    var flags = {};
    Object.keys(old.flags).forEach(function (f) { flags[f] = true; });
    (choice.s || []).forEach(function (f) { flags[f] = true; });
    var scores = {};
    Object.keys(old.scores).forEach(function (dim) {
      scores[dim] = old.scores[dim] + ((choice.e || {})[dim] || 0);
    });
    var step = { node: old.node, choice: choice };
    this.history.push(old);
    this.state = { node: choice.g, flags: flags, scores: scores, path: old.path.concat([step]) };
    this.lastStep = step;
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
    this.state = this.startState();
    this.lastStep = null;
    this.render(true);
  };

  Player.prototype.citations = function (refs) {
    var table = this.data.references;
    return (refs || []).map(function (id) { return table[id] ? table[id].citation : id; });
  };

  Player.prototype.build = function () {
    var self = this;
    var app = el("section", "hp");
    app.setAttribute("aria-label", "Case simulation: " + this.data.title);
    app.appendChild(el("p", "hp-kicker", "Case simulation"));
    app.appendChild(el("h2", "hp-title", this.data.title));
    app.appendChild(el("p", "hp-notice", this.data.fictional_notice));
    if (this.data.content_note) {
      app.appendChild(el("p", "hp-warning", "Content note: " + this.data.content_note));
    }
    this.status = el("p", "hp-status");
    this.feedback = el("div", "hp-feedback");
    this.feedback.setAttribute("aria-live", "polite");
    this.feedback.setAttribute("role", "status");
    this.scene = el("div", "hp-scene");
    this.scene.setAttribute("tabindex", "-1");
    var controls = el("div", "hp-controls");
    this.backButton = el("button", "hp-back", "\u2190 Back");
    this.backButton.type = "button";
    this.backButton.addEventListener("click", function () { self.back(); });
    this.restartButton = el("button", "hp-restart", "\u21BA Restart");
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
    you.appendChild(el("span", "hp-you", "You chose: "));
    you.appendChild(document.createTextNode(step.choice.l));
    this.feedback.appendChild(you);
    paragraphs(this.feedback, step.choice.f);
    var cites = this.citations(step.choice.r);
    if (cites.length) {
      this.feedback.appendChild(el("p", "hp-sources", "Source: " + cites.join("; ")));
    }
  };

  Player.prototype.renderNode = function () {
    var self = this;
    var node = this.data.nodes[this.state.node];
    var heading = el("h3", "hp-heading", this.state.path.length ? "What happens next" : "The case");
    this.scene.appendChild(heading);
    paragraphs(this.scene, node.t);
    this.scene.appendChild(el("p", "hp-prompt", "What do you do?"));
    var list = el("ul", "hp-choices");
    list.setAttribute("aria-label", "Your choices");
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
    var ending = this.data.endings[this.state.node];
    var scene = this.scene;
    scene.appendChild(el("h3", "hp-heading", "The end of the case"));
    scene.appendChild(el("p", "hp-kind hp-kind-" + ending.kind, KIND_LABELS[ending.kind] || ending.kind));
    scene.appendChild(el("h3", "hp-ending-title", ending.title));
    paragraphs(scene, ending.text);
    scene.appendChild(el("h3", null, "What the standards say"));
    paragraphs(scene, ending.standards);
    var cites = this.citations(ending.refs);
    if (cites.length) { scene.appendChild(el("p", "hp-sources", "Source: " + cites.join("; "))); }

    scene.appendChild(el("h3", null, "Your path"));
    var path = el("ol", "hp-path");
    this.state.path.forEach(function (step) {
      var item = el("li", null, step.choice.l);
      item.appendChild(el("span", "hp-path-feedback", step.choice.f));
      path.appendChild(item);
    });
    scene.appendChild(path);

    scene.appendChild(el("h3", null, "Scores"));
    scene.appendChild(el("p", "hp-notice",
      "Each choice raised or lowered these outcomes for the child. Above zero is better."));
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
      scene.appendChild(el("h3", null, "Questions for discussion"));
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
      scene.appendChild(el("h3", null, "Standards cited in this case"));
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
      ? "Finished after " + made + (made === 1 ? " choice." : " choices.")
      : "Choices made so far: " + made + ".";
    this.renderFeedback();
    clear(this.scene);
    if (finished) { this.renderEnding(); } else { this.renderNode(); }
    this.backButton.disabled = this.history.length === 0;
    this.root.setAttribute("data-himoya-node", this.state.node);
    this.root.setAttribute("data-himoya-finished", finished ? "true" : "false");
    if (moveFocus) { this.scene.focus(); }
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

  return { init: init };
})();

/* Himoya: tables that a phone can read (many trainees open the course on a 360 px phone).
 *
 * Jupyter Book adds every .js file in _static/ to every page. On a narrow screen a table of three
 * or more columns (the glossary's Russian and Tajik columns, the path pages' times, the course
 * map) would hide its right-hand columns off the screen. This script labels each cell of the
 * book's own text tables (MyST tables, class "table") with its column's heading; the stylesheet
 * himoya-small-screens.css then shows each row as a small card, every cell under its heading.
 * Data tables printed by code (pandas, class "dataframe") keep their columns and scroll sideways,
 * with a visible shadow at the edge that has more to show.
 */
(function () {
  "use strict";

  function label(table) {
    var heads = table.querySelectorAll("thead th");
    if (heads.length < 3) {
      return;
    }
    var names = Array.prototype.map.call(heads, function (th) {
      return th.textContent.replace(/\s+/g, " ").trim();
    });
    table.querySelectorAll("tbody tr").forEach(function (row) {
      Array.prototype.forEach.call(row.children, function (cell, index) {
        if (names[index]) {
          cell.setAttribute("data-label", names[index]);
        }
      });
    });
    table.classList.add("himoya-stack");
  }

  function run() {
    document.querySelectorAll("article.bd-article table.table").forEach(label);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", run);
  } else {
    run();
  }
})();

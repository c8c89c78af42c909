/* Himoya: accessibility fixes for the sphinx-book-theme page chrome (not for course content).
 *
 * Jupyter Book adds every .js file in _static/ to every page. This one runs once the page is
 * parsed and fixes three problems that axe-core finds on a stock jupyter-book 1.0.4 page:
 *
 * 1. label-content-name-mismatch (serious): the header's search buttons show "Search Ctrl+K" but
 *    are named "Search", and the colour-mode button's icons carry titles ("Light", "Dark") that
 *    are not in its name "Color mode". Voice-control users say what they see, so the visible
 *    text must be part of the name: a button with text is named by its text ("Search Ctrl+K"),
 *    and the icons, which are decoration, are hidden from assistive technology.
 * 2. summary-name (serious): each collapsible section in the left navigation opens with an
 *    icon-only <summary>. It gets a name that says which section it shows or hides.
 * 3. region (moderate): the course title at the top of the left sidebar sits outside every
 *    landmark. The sidebar becomes a named complementary landmark ("Course contents").
 *
 * Nothing here is loaded from another host; the book must work offline from a USB stick.
 */
(function () {
  "use strict";

  function nameFromWhatIsShown(button) {
    button.querySelectorAll("i").forEach(function (icon) {
      icon.setAttribute("aria-hidden", "true");
      icon.removeAttribute("title");
    });
    var shown = button.textContent.replace(/\s+/g, " ").trim();
    if (shown) {
      button.setAttribute("aria-label", shown);
    }
  }

  function fix() {
    document
      .querySelectorAll(".search-button__button, .theme-switch-button")
      .forEach(nameFromWhatIsShown);

    document.querySelectorAll(".bd-sidenav details > summary").forEach(function (summary) {
      if (summary.textContent.trim() || summary.hasAttribute("aria-label")) {
        return;
      }
      var item = summary.closest("li");
      var link = item ? item.querySelector(":scope > a") : null;
      var name = link ? link.textContent.trim() : "this section";
      summary.setAttribute("aria-label", "Show or hide the pages of " + name);
    });

    var sidebar = document.getElementById("pst-primary-sidebar");
    if (sidebar && !sidebar.hasAttribute("role")) {
      sidebar.setAttribute("role", "complementary");
      sidebar.setAttribute("aria-label", "Course contents");
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", fix);
  } else {
    fix();
  }
})();

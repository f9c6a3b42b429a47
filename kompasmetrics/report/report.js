// kompasmetrics report: draws each figure when it scrolls into view, opens a partnership's section
// when a link points to it, filters and sorts the table of partnerships. Works offline.
(function () {
  "use strict";
  var parsed = {};
  var shared = null;
  var config = JSON.parse(document.getElementById("km-config").textContent);

  function json(id) {
    if (!(id in parsed)) parsed[id] = JSON.parse(document.getElementById(id).textContent);
    return parsed[id];
  }

  // Figures are stored with shared parts written once as {"$r": index}; every use gets its own
  // copy, because Plotly writes into the objects it draws.
  function resolve(node) {
    if (Array.isArray(node)) {
      var list = new Array(node.length);
      for (var i = 0; i < node.length; i++) list[i] = resolve(node[i]);
      return list;
    }
    if (node !== null && typeof node === "object") {
      if (node.$r !== undefined) {
        if (shared === null) shared = json("km-shared");
        return resolve(shared[node.$r]);
      }
      var copy = {};
      for (var key in node) copy[key] = resolve(node[key]);
      return copy;
    }
    return node;
  }

  function draw(div) {
    if (div.getAttribute("data-drawn")) return;
    div.setAttribute("data-drawn", "1");
    var figure = resolve(json(div.getAttribute("data-src"))[div.getAttribute("data-fig")]);
    if (printing) sizeForPrint(div, figure.layout);
    div.textContent = "";
    Plotly.newPlot(div, figure.data, figure.layout, config).then(function () {
      div.classList.add("km-drawn");
    });
  }

  var figures = document.querySelectorAll(".km-fig");
  var observer = null;
  if ("IntersectionObserver" in window) {
    observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) {
          observer.unobserve(entry.target);
          draw(entry.target);
        }
      });
    }, { rootMargin: "300px 0px" });
    figures.forEach(function (div) { observer.observe(div); });
  } else {
    // no observer: draw the overview now and a partnership's figures when it is opened
    figures.forEach(function (div) { if (!div.closest("details")) draw(div); });
    document.querySelectorAll("section.km-p > details").forEach(function (details) {
      details.addEventListener("toggle", function () {
        if (details.open) details.querySelectorAll(".km-fig").forEach(draw);
      });
    });
  }

  function openSection(id) {
    var target = id && document.getElementById(id);
    if (!target || !target.classList.contains("km-p")) return;
    var details = target.querySelector("details");
    if (details) details.open = true;
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest('a[href^="#"]');
    if (link) openSection(decodeURIComponent(link.getAttribute("href").slice(1)));
  });
  if (location.hash) {
    openSection(decodeURIComponent(location.hash.slice(1)));
    var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target) target.scrollIntoView();
  }

  function setAll(open) {
    document.querySelectorAll("section.km-p > details").forEach(function (d) { d.open = open; });
  }
  var openAll = document.querySelector(".km-open-all");
  var closeAll = document.querySelector(".km-close-all");
  if (openAll) openAll.addEventListener("click", function () { setAll(true); });
  if (closeAll) closeAll.addEventListener("click", function () { setAll(false); });

  // the table of partnerships: filter by any text in a row, sort by a column
  var table = document.getElementById("km-table");
  if (table) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var search = document.querySelector(".km-filter");
    var counter = document.querySelector(".km-filter-count");
    var lower = null;
    search.addEventListener("input", function () {
      if (lower === null) lower = rows.map(function (r) { return r.textContent.toLowerCase(); });
      var query = search.value.trim().toLowerCase();
      var shown = 0;
      rows.forEach(function (row, i) {
        var hit = !query || lower[i].indexOf(query) >= 0;
        row.hidden = !hit;
        if (hit) shown++;
      });
      counter.textContent = query ? counter.getAttribute("data-template")
        .replace("{shown}", shown).replace("{total}", counter.getAttribute("data-total")) : "";
    });
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    headers.forEach(function (th, column) {
      th.querySelector("button").addEventListener("click", function () {
        var numeric = th.getAttribute("data-sort") === "num";
        var direction = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
        headers.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", direction === 1 ? "ascending" : "descending");
        var key = function (row) {
          var cell = row.cells[column];
          var value = cell.hasAttribute("data-v") ? cell.getAttribute("data-v") : cell.textContent;
          if (!numeric) return value;
          return value === "" ? NaN : parseFloat(value);
        };
        var keyed = rows.map(function (row) { return [key(row), row]; });
        keyed.sort(function (a, b) {
          if (numeric) {
            if (isNaN(a[0])) return isNaN(b[0]) ? 0 : 1;  // missing values last either way
            if (isNaN(b[0])) return -1;
            return direction * (a[0] - b[0]);
          }
          return direction * a[0].localeCompare(b[0], undefined, { numeric: true });
        });
        var fragment = document.createDocumentFragment();
        keyed.forEach(function (pair) { fragment.appendChild(pair[1]); });
        body.appendChild(fragment);
      });
    });
  }

  // printing: open every section so its texts print, draw the figures of a small report, and
  // size every drawn figure to an A4 page: its width, and no taller than what is left of a page
  // under a section's heading (a taller figure moves to the next page and leaves one nearly empty)
  var PRINT_WIDTH = 680;
  var PRINT_HEIGHT = 900;
  var printing = false;
  var openedForPrint = [];
  var screenSizes = [];
  function sizeForPrint(div, layout) {
    screenSizes.push([div, layout.height]);
    layout.width = PRINT_WIDTH;
    if (layout.height > PRINT_HEIGHT) layout.height = PRINT_HEIGHT;
  }
  window.addEventListener("beforeprint", function () {
    printing = true;
    screenSizes = [];
    document.querySelectorAll(".km-fig.km-drawn").forEach(function (div) {
      var update = { height: div.layout.height };
      sizeForPrint(div, update);
      Plotly.relayout(div, update);
    });
    var closed = document.querySelectorAll("section.km-p > details:not([open])");
    openedForPrint = Array.prototype.slice.call(closed);
    openedForPrint.forEach(function (d) { d.open = true; });
    if (document.querySelectorAll("section.km-p").length <= 60) figures.forEach(draw);
  });
  window.addEventListener("afterprint", function () {
    printing = false;
    openedForPrint.forEach(function (d) { d.open = false; });
    openedForPrint = [];
    screenSizes.forEach(function (pair) {
      Plotly.relayout(pair[0], { width: null, height: pair[1] }).then(function () { Plotly.Plots.resize(pair[0]); });
    });
    screenSizes = [];
  });
})();

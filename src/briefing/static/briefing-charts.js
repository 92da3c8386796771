// Draws every chart on the page with the book's own copy of Vega (briefing-vega.js): no network.
(function () {
  "use strict";
  function draw(figure) {
    var view = figure.querySelector(".briefing-chart-view");
    var specNode = figure.querySelector("script.briefing-chart-spec");
    var spec;
    try {
      spec = JSON.parse(specNode.textContent);
    } catch (err) {
      figure.dataset.chartState = "error";
      console.error("chart " + figure.dataset.chartName + ": bad spec", err);
      return Promise.resolve();
    }
    var options = {
      renderer: "svg",
      actions: { export: true, source: false, compiled: false, editor: false },
      downloadFileName: figure.dataset.chartName
    };
    return window.vegaEmbed(view, spec, options).then(function (result) {
      figure.dataset.chartState = "drawn";
      figure.briefingView = result.view;
      // The drawn SVG is the image: named by the chart's title, described by its text description.
      var svg = view.querySelector("svg.marks");
      if (svg) {
        svg.setAttribute("role", "img");
        svg.setAttribute("aria-label", "Chart: " + view.dataset.title);
        svg.setAttribute("aria-describedby", view.dataset.descId);
      }
      // vega-embed's save menu opens from an icon alone: give it a name.
      view.querySelectorAll("details > summary").forEach(function (summary) {
        summary.setAttribute("aria-label", "Save this chart as an image");
      });
    }).catch(function (err) {
      figure.dataset.chartState = "error";
      view.textContent = "This chart could not be drawn; its text description follows.";
      console.error("chart " + figure.dataset.chartName + " failed", err);
    });
  }
  function linkData(figure) {
    var link = figure.querySelector("a[data-csv]");
    var root = document.documentElement.dataset.content_root || "";
    if (link) {
      link.href = root + "_static/chart-data/" + link.dataset.csv;
    }
  }
  function drawAll() {
    var figures = document.querySelectorAll("figure.briefing-chart");
    figures.forEach(linkData);
    if (!window.vegaEmbed) {
      figures.forEach(function (f) { f.dataset.chartState = "error"; });
      if (figures.length) { console.error("briefing-vega.js did not load: charts cannot be drawn"); }
      return;
    }
    Promise.all(Array.prototype.map.call(figures, draw)).then(function () {
      // Milliseconds from navigation start until every chart is drawn (read by benchmarks/pages.py).
      document.documentElement.dataset.chartsDrawnMs = String(Math.round(performance.now()));
      document.documentElement.dataset.chartsDrawn = String(figures.length);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();

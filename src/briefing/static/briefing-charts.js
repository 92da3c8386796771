// Draws every chart on the page with the book's own copy of Vega (briefing-vega.js): no network.
// Each chart is fitted to its figure's width by the same rule as briefing.render.fit_spec / fit_to_width (which
// draws the static SVGs at build time): titles and source lines re-wrapped, labels capped, plots narrowed, and
// below NARROW px facet columns become rows and legends one column. Type is never shrunk. Redrawn on resize.
(function () {
  "use strict";
  var NARROW = 560, MIN_VIEW = 60, WRAP_MAX = 80, TRIES = 4;
  var TITLE_EM = { title: [18, 0.74], subtitle: [14, 0.6], source: [12, 0.6] };
  var AXIS_TITLE_EM = 0.66, LEGEND_COLUMN_PX = 240, LEGEND_SYMBOL_PX = 30;

  function wrapWords(text, chars) {
    var lines = [];
    String(text).split(/\s+/).filter(Boolean).forEach(function (word) {
      if (lines.length && lines[lines.length - 1].length + 1 + word.length <= chars) {
        lines[lines.length - 1] += " " + word;
      } else {
        lines.push(word);
      }
    });
    return lines.length ? lines : [""];
  }
  function joined(text) { return Array.isArray(text) ? text.join(" ") : text; }
  function perLine(kind, width) {
    var f = TITLE_EM[kind];
    return Math.max(12, Math.min(WRAP_MAX, Math.floor(width / (f[0] * f[1]))));
  }
  function walk(node, visit) {
    if (Array.isArray(node)) {
      node.forEach(function (v) { walk(v, visit); });
    } else if (node && typeof node === "object") {
      visit(node);
      Object.keys(node).forEach(function (k) { walk(node[k], visit); });
    }
  }
  function isNum(v) { return typeof v === "number"; }

  // The same rule as briefing.render.fit_spec.
  function fitSpec(spec, width, scale, reflow) {
    var out = JSON.parse(JSON.stringify(spec));
    var narrow = reflow === undefined ? width < NARROW : reflow;
    var variant = ((out.usermeta || {}).briefing || {}).narrow;
    if (narrow && variant && typeof variant === "object" && out.vconcat && out.vconcat.length) {
      out.vconcat[0] = JSON.parse(JSON.stringify(variant));  // a layout made for narrow screens
    }
    var title = out.title;
    if (title && typeof title === "object" && !Array.isArray(title)) {
      title.text = wrapWords(joined(title.text), perLine("title", width));
      if (title.subtitle && title.subtitle.length) {
        title.subtitle = wrapWords(joined(title.subtitle), perLine("subtitle", width));
      }
    }
    var inner = (out.vconcat || [{}])[0];
    if (inner.title && typeof inner.title === "object" && !Array.isArray(inner.title)) {
      inner.title.text = wrapWords(joined(inner.title.text), perLine("source", width));
    }
    var maps = JSON.stringify(out).indexOf("projection") >= 0;
    var axisCap = Math.max(60, Math.round(width * 0.38));
    var titleCap = Math.round(width * 0.5);
    var titlePx = ((out.config || {}).axis || {}).titleFontSize || 11;
    var titleChars = Math.max(8, Math.floor(titleCap / (titlePx * AXIS_TITLE_EM)));
    var legendRoom = width - axisCap - 40;  // legends stand under the plot, right of the axis labels
    var legendCap = Math.max(80, legendRoom);
    var legendColumns = Math.max(1, Math.floor(legendRoom / LEGEND_COLUMN_PX));
    walk(out, function (node) {
      if (isNum(node.width)) {
        node.width = Math.max(MIN_VIEW, Math.round(node.width * scale));
        if (maps && isNum(node.height)) { node.height = Math.max(MIN_VIEW, Math.round(node.height * scale)); }
      }
      if (maps && node.projection && typeof node.projection === "object") {
        if (isNum(node.projection.scale)) { node.projection.scale = node.projection.scale * scale; }
        if (Array.isArray(node.projection.translate)) {
          node.projection.translate = node.projection.translate.map(function (v) { return v * scale; });
        }
      }
      var axis = node.axis;
      if (axis && typeof axis === "object") {
        axis.labelLimit = Math.min(axis.labelLimit || 10000, axisCap);  // 0 means no limit
        axis.titleLimit = Math.min(axis.titleLimit || 10000, titleCap);
        if (narrow && axis.labelAngle !== undefined && axis.labelAngle !== null && axis.labelAngle !== 0) {
          axis.labelAngle = -90;
        }
      }
      var encoding = node.encoding;
      if (encoding && typeof encoding === "object" && !Array.isArray(encoding)) {
        ["x", "y"].forEach(function (channel) {
          var def = encoding[channel];
          var t = def && typeof def === "object" ? def.title : undefined;
          if ((typeof t === "string" || Array.isArray(t)) && joined(t).length > titleChars) {
            // A long axis title wraps onto lines within the title limit rather than being cut.
            def.title = wrapWords(joined(t), titleChars);
          }
        });
      }
      var legend = node.legend;
      if (legend && typeof legend === "object") {
        legend.labelLimit = Math.min(legend.labelLimit || 10000, legendCap);
        if (legend.columns) {
          legend.columns = Math.min(legend.columns, legendColumns);
          // Each column's labels share the room: the legend stays as wide as the room beside the axis.
          legend.labelLimit = Math.min(legend.labelLimit,
                                       Math.max(80, Math.floor(legendRoom / legend.columns) - LEGEND_SYMBOL_PX));
        }
        if (narrow) { legend.direction = "vertical"; }
      }
      var header = node.header;
      if (header && typeof header === "object") {
        header.labelLimit = Math.min(header.labelLimit || 10000, Math.max(60, width - axisCap - 30));
      }
      var mark = node.mark;
      if (narrow && mark && typeof mark === "object" && mark.type === "text") {
        mark.limit = Math.min(mark.limit || 10000, Math.round(width * 0.3));
      }
      var facet = node.facet;
      if (narrow && facet && typeof facet === "object" && facet.column && !facet.row) {
        facet.row = facet.column;
        delete facet.column;
      }
      if (narrow && facet && typeof facet === "object" && facet.row && typeof facet.row === "object" &&
          facet.column) {
        // Beside a grid of small multiples, row headers turn upright: they take a line's height, not a name's.
        var rh = facet.row.header = facet.row.header || {};
        rh.labelAngle = -90;
        rh.labelAlign = "center";
        rh.labelLimit = Math.min(rh.labelLimit || 10000, 120);
      }
      if (narrow && facet && typeof facet === "object" && facet.row && typeof facet.row === "object" &&
          !facet.column) {
        // Row headers above their plots, from the left edge, rather than beside them.
        var h = facet.row.header = facet.row.header || {};
        h.labelAngle = 0;
        h.labelAlign = "left";
        h.labelOrient = "top";
        h.labelAnchor = "start";
        h.labelLimit = Math.min(h.labelLimit || 10000, width - 20);
      }
    });
    out.config = out.config || {};
    var lc = out.config.legend = out.config.legend || {};
    lc.labelLimit = Math.min(lc.labelLimit || 10000, legendCap);
    var ac = out.config.axis = out.config.axis || {};
    ac.labelLimit = Math.min(ac.labelLimit || 10000, axisCap);
    // Several legends under a chart stack instead of standing side by side.
    lc.layout = { bottom: { anchor: "start", direction: "vertical" } };
    if (narrow) {
      lc.direction = "vertical";
      lc.columns = 1;
      ac.labelOverlap = true;  // crowded labels thin out rather than overprint
    }
    return out;
  }

  // The drawn width of a spec, laid out off screen (vl-convert's SVG width in the Python rule).
  function measure(spec) {
    var box = document.createElement("div");
    return window.vegaEmbed(box, spec, { renderer: "none", actions: false }).then(function (result) {
      return result.view.toSVG().then(function (svg) {
        result.finalize();
        var m = /<svg[^>]*?\swidth="([\d.]+)"/.exec(svg);
        return m ? parseFloat(m[1]) : 0;
      });
    });
  }

  // The same rule as briefing.render.fit_to_width: designed widths, then a straight line through two measures;
  // a chart still too wide is reflowed and fitted again.
  function fitPass(spec, width, reflow) {
    var fitted = fitSpec(spec, width, 1, reflow);
    return measure(fitted).then(function (full) {
      if (full <= width) { return [fitted, full]; }
      return measure(fitSpec(spec, width, 0.5, reflow)).then(function (half) {
        var slope = Math.max(1, (full - half) / 0.5), scale = 1, total = full, tries = 0;
        function step() {
          scale = Math.max(0.05, scale - (total - width + 2) / slope);  // 2 px to spare: rounding
          fitted = fitSpec(spec, width, scale, reflow);
          return measure(fitted).then(function (now) {
            var before = total;
            total = now;
            tries += 1;
            if (total <= width || before - total < 1 || tries >= TRIES) { return [fitted, total]; }
            return step();
          });
        }
        return step();
      });
    });
  }
  function fitToWidth(spec, width) {
    return fitPass(spec, width, width < NARROW).then(function (result) {
      if (result[1] > width && width >= NARROW) {
        return fitPass(spec, width, true).then(function (again) { return again[0]; });
      }
      return result[0];
    });
  }

  function describe(value) {
    if (value instanceof Date) { return value.toISOString().slice(0, 10); }
    if (isNum(value) && value > 1e11) { return new Date(value).toISOString().slice(0, 10); }  // a time stamp
    return String(value);
  }

  // Touch (and click, and keyboard): what a hover tooltip shows, written into a panel under the chart.
  function showDatum(figure, item) {
    var panel = figure.querySelector(".briefing-chart-datum");
    if (!panel || !item || !item.datum || !item.mark || !item.mark.marktype) { return; }
    var tip = item.tooltip;
    var rows = [];
    if (tip && typeof tip === "object") {
      Object.keys(tip).forEach(function (k) { rows.push([k, tip[k]]); });
    } else {
      return;  // marks with no tooltip carry no row to show
    }
    panel.textContent = "";
    var dl = document.createElement("dl");
    rows.forEach(function (r) {
      var dt = document.createElement("dt"), dd = document.createElement("dd");
      dt.textContent = r[0];
      dd.textContent = describe(r[1]);
      dl.appendChild(dt);
      dl.appendChild(dd);
    });
    panel.appendChild(dl);
    panel.hidden = false;
  }

  function keyboardSteps(figure, view) {
    // Keyboard: the chart is focusable; arrow keys step through its marks that carry a tooltip.
    var svg = figure.querySelector(".briefing-chart-view svg.marks");
    if (!svg) { return; }
    svg.setAttribute("tabindex", "0");
    var index = -1;
    svg.addEventListener("keydown", function (event) {
      if (event.key !== "ArrowRight" && event.key !== "ArrowLeft") { return; }
      var items = [];
      (function collect(node) {
        if (!node) { return; }
        if (node.items) { node.items.forEach(collect); }
        if (node.tooltip && node.datum && node.mark && node.mark.marktype !== "group") { items.push(node); }
      })(view.scenegraph().root);
      if (!items.length) { return; }
      event.preventDefault();
      index = (index + (event.key === "ArrowRight" ? 1 : -1) + items.length) % items.length;
      showDatum(figure, items[index]);
    });
  }

  // The width a chart may take: its figure's, less the room vega-embed keeps on the right for its menu button.
  var MENU_PX = 38;
  function available(figure) {
    var view = figure.querySelector(".briefing-chart-view");
    return Math.floor((view.getBoundingClientRect().width || figure.getBoundingClientRect().width) - MENU_PX);
  }

  function draw(figure) {
    var view = figure.querySelector(".briefing-chart-view");
    var specNode = figure.querySelector("script.briefing-chart-spec");
    var spec;
    try {
      spec = figure.briefingSpec || JSON.parse(specNode.textContent);
    } catch (err) {
      figure.dataset.chartState = "error";
      console.error("chart " + figure.dataset.chartName + ": bad spec", err);
      return Promise.resolve();
    }
    figure.briefingSpec = spec;
    var width = available(figure);
    figure.briefingWidth = width;
    var options = {
      renderer: "svg",
      actions: { export: true, source: false, compiled: false, editor: false },
      downloadFileName: figure.dataset.chartName
    };
    return fitToWidth(spec, width).then(function (fitted) {
      return window.vegaEmbed(view, fitted, options);
    }).then(function (result) {
      if (figure.briefingView) { figure.briefingView.finalize(); }
      figure.dataset.chartState = "drawn";
      figure.briefingView = result.view;
      if (!document.documentElement.dataset.firstChartMs) {
        document.documentElement.dataset.firstChartMs = String(Math.round(performance.now()));
      }
      var fallback = figure.querySelector(".briefing-chart-static");
      if (fallback) { fallback.hidden = true; }
      // The drawn SVG is the image: named by the chart's title, described by its text description.
      var svg = view.querySelector("svg.marks");
      if (svg) {
        svg.setAttribute("role", "img");
        svg.setAttribute("aria-label", "Chart: " + view.dataset.title);
        svg.setAttribute("aria-describedby", view.dataset.descId);
      }
      result.view.addEventListener("click", function (event, item) { showDatum(figure, item); });
      keyboardSteps(figure, result.view);
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
  function redrawResized(figures) {
    var timer = null;
    window.addEventListener("resize", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        figures.forEach(function (figure) {
          var width = available(figure);
          if (figure.dataset.chartState === "drawn" && width && Math.abs(width - figure.briefingWidth) >= 8) {
            draw(figure);
          }
        });
      }, 250);
    });
  }
  function drawAll() {
    var figures = Array.prototype.slice.call(document.querySelectorAll("figure.briefing-chart"));
    figures.forEach(linkData);
    if (!window.vegaEmbed) {
      figures.forEach(function (f) { f.dataset.chartState = "error"; });
      if (figures.length) { console.error("briefing-vega.js did not load: charts cannot be drawn"); }
      return;
    }
    // One after another, so that the first chart appears as soon as it is drawn.
    figures.reduce(function (done, figure) {
      return done.then(function () { return draw(figure); });
    }, Promise.resolve()).then(function () {
      // Milliseconds from navigation start until every chart is drawn (read by benchmarks/pages.py).
      document.documentElement.dataset.chartsDrawnMs = String(Math.round(performance.now()));
      document.documentElement.dataset.chartsDrawn = String(figures.length);
      redrawResized(figures);
    });
  }
  window.briefingFitSpec = fitSpec;  // for the tests: the page's rule, compared with the Python one
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();

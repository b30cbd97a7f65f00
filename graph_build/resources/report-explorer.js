// Network explorer of the sdgkg analysis report: reads the JSON in #network-data and draws
// an SVG with plain DOM calls (no libraries), so the report works offline.
(function(){
  "use strict";
  var errors = [];
  window.addEventListener("error", function(e){ errors.push(String(e.message)); document.body.setAttribute("data-errors", errors.join(" | ")); });
  var data = JSON.parse(document.getElementById("network-data").textContent);
  var lang = "en";
  var svgNS = "http://www.w3.org/2000/svg";
  var svg = document.getElementById("net");
  var viewSel = document.getElementById("view");
  var schemeSel = document.getElementById("scheme");
  var minW = document.getElementById("minw");
  var minWOut = document.getElementById("minw-out");
  var search = document.getElementById("search");
  var details = document.getElementById("details");
  var legend = document.getElementById("legend");
  var state = {view: null, selected: null, scale: 1, tx: 0, ty: 0};
  function t(item){ return item[lang] || item.en; }
  function el(tag, attrs, text){ var e = document.createElementNS(svgNS, tag); for (var k in attrs) { e.setAttribute(k, attrs[k]); } if (text !== undefined) { e.textContent = text; } return e; }
  function h(tag, text){ var e = document.createElement(tag); if (text !== undefined) { e.textContent = text; } return e; }
  function setLang(l){ lang = l; document.body.className = "show-" + l; document.documentElement.lang = l;
    var bs = document.querySelectorAll(".lang-switch button"); for (var i = 0; i < bs.length; i++) { bs[i].classList.toggle("on", bs[i].getAttribute("data-lang") === l); }
    fillSelects(); draw(); }
  function fillSelects(){
    var v = viewSel.value, s = schemeSel.value;
    viewSel.textContent = ""; data.views.forEach(function(view, i){ var o = h("option", t(view)); o.value = String(i); viewSel.appendChild(o); });
    schemeSel.textContent = ""; Object.keys(data.schemes).forEach(function(k){ var o = h("option", t(data.schemes[k])); o.value = k; schemeSel.appendChild(o); });
    viewSel.value = v || "0"; schemeSel.value = s || data.scheme;
  }
  function colourOf(node){ var scheme = data.schemes[schemeSel.value]; var dims = (node.dims || {})[schemeSel.value] || [];
    if (!scheme || dims.length !== 1) { return data.unplaced; }
    for (var i = 0; i < scheme.dims.length; i++) { if (scheme.dims[i].key === dims[0]) { return scheme.dims[i].colour; } } return data.unplaced; }
  function dimNames(node){ var scheme = data.schemes[schemeSel.value]; var dims = (node.dims || {})[schemeSel.value] || [];
    return dims.map(function(d){ for (var i = 0; i < scheme.dims.length; i++) { if (scheme.dims[i].key === d) { return t(scheme.dims[i]); } } return d; }).join(", "); }
  function draw(){
    var view = data.views[Number(viewSel.value) || 0]; state.view = view; svg.textContent = "";
    if (!view) { return; }
    var W = svg.clientWidth || 800, H = svg.clientHeight || 560, pad = 40;
    var xs = view.nodes.map(function(n){ return n.x; }), ys = view.nodes.map(function(n){ return n.y; });
    var x0 = Math.min.apply(null, xs), x1 = Math.max.apply(null, xs), y0 = Math.min.apply(null, ys), y1 = Math.max.apply(null, ys);
    var sx = (W - 2 * pad) / Math.max(x1 - x0, 1e-6), sy = (H - 2 * pad) / Math.max(y1 - y0, 1e-6), s = Math.min(sx, sy);
    var ox = (W - s * (x1 - x0)) / 2, oy = (H - s * (y1 - y0)) / 2;
    var pos = {}; view.nodes.forEach(function(n){ pos[n.id] = [ox + (n.x - x0) * s, oy + (y1 - n.y) * s]; });
    var maxW = Math.max.apply(null, view.edges.map(function(e){ return e.w; }).concat([1]));
    var maxD = Math.max.apply(null, view.nodes.map(function(n){ return n.wd; }).concat([1]));
    minW.max = String(maxW); var threshold = Number(minW.value) || 0; minWOut.textContent = String(threshold);
    var g = el("g", {id: "viewport", transform: "translate(" + state.tx + "," + state.ty + ") scale(" + state.scale + ")"}); svg.appendChild(g);
    var query = search.value.trim().toLowerCase();
    view.edges.forEach(function(e, i){ if (e.w < threshold) { return; }
      var a = pos[e.s], b = pos[e.t];
      var line = el("line", {x1: a[0], y1: a[1], x2: b[0], y2: b[1], "class": "edge" + (e.inf ? " inf" : ""), "stroke-width": 0.6 + 5 * e.w / maxW, opacity: 0.3 + 0.5 * e.w / maxW, "data-edge": String(i)});
      line.addEventListener("click", function(ev){ ev.stopPropagation(); showEdge(e); });
      g.appendChild(line); });
    view.nodes.forEach(function(n){
      var p = pos[n.id], r = 9 + 17 * Math.sqrt(n.wd / maxD);
      var match = query && (n.short.toLowerCase().indexOf(query) >= 0 || n.en.toLowerCase().indexOf(query) >= 0 || n.ja.indexOf(query) >= 0);
      var c = el("circle", {cx: p[0], cy: p[1], r: r, fill: colourOf(n), "class": "node" + (match ? " hi" : ""), "data-node": n.id});
      var tip = el("title", {}, n.short + " — " + t(n)); c.appendChild(tip);
      c.addEventListener("click", function(ev){ ev.stopPropagation(); showNode(n); });
      g.appendChild(c); g.appendChild(el("text", {x: p[0], y: p[1] + 4, "text-anchor": "middle"}, n.short)); });
    drawLegend();
    if (state.selected) { highlight(state.selected); }
  }
  function drawLegend(){ legend.textContent = ""; var scheme = data.schemes[schemeSel.value]; if (!scheme) { return; }
    scheme.dims.forEach(function(d){ var s = h("span"); var i = h("i"); i.style.background = d.colour; s.appendChild(i); s.appendChild(document.createTextNode(t(d))); legend.appendChild(s); });
    var s2 = h("span"); var i2 = h("i"); i2.style.background = data.unplaced; s2.appendChild(i2); s2.appendChild(document.createTextNode(lang === "ja" ? "複数・なし" : "several or none")); legend.appendChild(s2); }
  function highlight(id){ var view = state.view; var near = {}; near[id] = true;
    view.edges.forEach(function(e){ if (e.s === id) { near[e.t] = true; } if (e.t === id) { near[e.s] = true; } });
    var nodes = svg.querySelectorAll(".node"); for (var i = 0; i < nodes.length; i++) { var nid = nodes[i].getAttribute("data-node"); nodes[i].classList.toggle("dim", !near[nid]); nodes[i].classList.toggle("hi", nid === id); }
    var edges = svg.querySelectorAll(".edge"); for (var j = 0; j < edges.length; j++) { var e = view.edges[Number(edges[j].getAttribute("data-edge"))]; var on = e.s === id || e.t === id; edges[j].classList.toggle("dim", !on); edges[j].classList.toggle("hi", on); } }
  function evidenceList(e){ var ul = h("ul"); e.ev.forEach(function(x){ var li = h("li", (lang === "ja" ? x[1] : x[0]) + " [" + x[2] + ", " + t(data.basis[x[3]] || {en: x[3]}) + "]"); ul.appendChild(li); }); if (e.more) { ul.appendChild(h("li", t({en: "… and " + e.more + " more (tables/evidence.csv)", ja: "…ほか" + e.more + "件（tables/evidence.csv）"}))); } return ul; }
  function showNode(n){ state.selected = n.id; highlight(n.id); details.textContent = "";
    details.appendChild(h("h4", n.short + " — " + t(n)));
    var dl = h("p", (lang === "ja" ? "側面：" : "Dimension: ") + (dimNames(n) || "—")); details.appendChild(dl);
    details.appendChild(h("p", (lang === "ja" ? "重み付き次数 " : "Weighted degree ") + n.wd + " · " + (lang === "ja" ? "媒介中心性 " : "betweenness ") + n.bt.toFixed(3) + " · PageRank " + n.pr.toFixed(3) + " · " + (lang === "ja" ? "コミュニティ " : "community ") + n.cm));
    var links = state.view.edges.filter(function(e){ return e.s === n.id || e.t === n.id; }).sort(function(a, b){ return b.w - a.w; });
    details.appendChild(h("p", (lang === "ja" ? "つながり（" : "Links (") + links.length + (lang === "ja" ? "本）：" : "):")));
    links.forEach(function(e){ var other = e.s === n.id ? e.t : e.s; var d = h("details"); var sum = h("summary", other + " · " + (lang === "ja" ? "重み " : "weight ") + e.w + (e.inf ? (lang === "ja" ? "（方向性経由のみ）" : " (only via a direction)") : "")); d.appendChild(sum); d.appendChild(evidenceList(e)); details.appendChild(d); }); }
  function showEdge(e){ details.textContent = ""; details.appendChild(h("h4", e.s + " — " + e.t));
    details.appendChild(h("p", (lang === "ja" ? "重み " : "Weight ") + e.w + (e.inf ? (lang === "ja" ? "（方向性経由のみ）" : " (only via a direction)") : "")));
    details.appendChild(evidenceList(e)); }
  var drag = null;
  svg.addEventListener("pointerdown", function(ev){ drag = [ev.clientX, ev.clientY, state.tx, state.ty]; });
  window.addEventListener("pointerup", function(){ drag = null; });
  svg.addEventListener("pointermove", function(ev){ if (!drag) { return; } state.tx = drag[2] + ev.clientX - drag[0]; state.ty = drag[3] + ev.clientY - drag[1]; var vp = document.getElementById("viewport"); if (vp) { vp.setAttribute("transform", "translate(" + state.tx + "," + state.ty + ") scale(" + state.scale + ")"); } });
  svg.addEventListener("wheel", function(ev){ ev.preventDefault(); var f = ev.deltaY < 0 ? 1.15 : 1 / 1.15; state.scale = Math.min(6, Math.max(0.3, state.scale * f)); var vp = document.getElementById("viewport"); if (vp) { vp.setAttribute("transform", "translate(" + state.tx + "," + state.ty + ") scale(" + state.scale + ")"); } }, {passive: false});
  svg.addEventListener("click", function(){ state.selected = null; draw(); details.textContent = ""; details.appendChild(h("p", lang === "ja" ? "ノードやつながりをクリックすると詳細を表示します。" : "Click a node or a link to see its details.")); });
  viewSel.addEventListener("change", function(){ state.selected = null; state.scale = 1; state.tx = 0; state.ty = 0; minW.value = "0"; draw(); });
  schemeSel.addEventListener("change", draw);
  minW.addEventListener("input", draw);
  search.addEventListener("input", draw);
  var buttons = document.querySelectorAll(".lang-switch button");
  for (var i = 0; i < buttons.length; i++) { buttons[i].addEventListener("click", function(ev){ setLang(ev.currentTarget.getAttribute("data-lang")); }); }
  var params = {};
  location.hash.replace(/^#/, "").split("&").forEach(function(part){ var kv = part.split("="); if (kv[0]) { params[decodeURIComponent(kv[0])] = decodeURIComponent(kv[1] || ""); } });
  var start = (params.lang === "ja" || params.ja !== undefined || (!params.lang && (navigator.language || "").indexOf("ja") === 0)) ? "ja" : "en";
  fillSelects();
  if (params.view) { data.views.forEach(function(v, i){ if (v.key === params.view) { viewSel.value = String(i); } }); }
  setLang(start);
  if (params.node && state.view) { state.view.nodes.forEach(function(n){ if (n.id === params.node) { showNode(n); } }); }
  document.body.setAttribute("data-ready", "yes");
})();

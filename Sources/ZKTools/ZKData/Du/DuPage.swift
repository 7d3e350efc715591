/// The HTML page of `du --format html`: inline CSS and JS, no external resource, no URL. The
/// script draws a squarified treemap of the data's `tree` (click a tile to zoom in, the path bar to
/// zoom out, bytes or nodes as the area) and fills the tables. It marks the body with
/// `data-drawn` (tiles drawn) or `data-error` (a script error) for `bin/screenshot-du`.
enum DuPage {
    static let dataMarker = "__DU_DATA__"

    static let template = #"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>zkdata du</title>
        <style>
        body { font: 14px system-ui, sans-serif; margin: 16px 20px; color: #1d2228; background: #fafbfc; }
        h1 { font-size: 18px; margin: 0 0 4px; }
        h2 { font-size: 15px; margin: 22px 0 6px; }
        .sub { color: #5b6570; margin-bottom: 10px; }
        .bar { display: flex; gap: 14px; align-items: center; margin: 8px 0; flex-wrap: wrap; }
        .crumbs span { cursor: pointer; color: #0b5cad; }
        .crumbs span.here { color: #1d2228; cursor: default; font-weight: 600; }
        #map { position: relative; height: 560px; background: #e9edf1; border: 1px solid #c9d1d9; overflow: hidden; }
        .tile { position: absolute; box-sizing: border-box; border: 1px solid rgba(255,255,255,.85); overflow: hidden;
                font-size: 12px; line-height: 15px; padding: 1px 4px; color: #fff; cursor: pointer; }
        .tile.leaf { cursor: default; }
        .tile.inner { border-color: rgba(255,255,255,.45); font-size: 11px; color: rgba(255,255,255,.92); }
        .tile.other { background-image: repeating-linear-gradient(45deg, rgba(255,255,255,.18) 0 6px, transparent 6px 12px); }
        .tile b { font-weight: 600; }
        table { border-collapse: collapse; font-size: 13px; }
        td, th { padding: 2px 10px 2px 0; text-align: left; vertical-align: top; }
        td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
        .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 4px 30px; }
        .warn { color: #b3261e; font-weight: 600; }
        code { font-size: 12px; }
        </style></head>
        <body>
        <h1>zkdata du</h1>
        <div class="sub" id="summary"></div>
        <div class="bar">
          <label><input type="radio" name="by" value="bytes" checked> area by data bytes</label>
          <label><input type="radio" name="by" value="nodes"> area by nodes</label>
          <span class="crumbs" id="crumbs"></span>
        </div>
        <div id="map"></div>
        <div class="sub">Click a tile to zoom in, a path above to zoom out. Hatched tiles: the node's own data and the children too small to draw.</div>
        <div class="grid">
          <div><h2>Subtrees</h2><table id="subtrees"></table></div>
          <div><h2>Largest nodes</h2><table id="largest"></table>
               <h2>Most children</h2><table id="widest"></table></div>
          <div><h2>Ephemerals by session</h2><table id="sessions"></table></div>
          <div><h2>Nodes near the limit</h2><table id="near"></table></div>
        </div>
        <script id="du-data" type="application/json">__DU_DATA__</script>
        <script>
        (function () {
          "use strict";
          window.onerror = function (message) { document.body.setAttribute("data-error", String(message)); };
          var D = JSON.parse(document.getElementById("du-data").textContent);
          var T = D.treemap.map(function (e, i) {
            return { i: i, name: e[0], nodes: e[1], bytes: e[2], own: e[3], oc: e[4], on: e[5], ob: e[6], parent: e[7], kids: [] };
          });
          T.forEach(function (t) { if (t.parent >= 0) { T[t.parent].kids.push(t); } });
          var root = T.length ? T[T.length - 1] : null;
          var by = "bytes";
          var view = root;
          var palette = ["#2f6fb0", "#c0552b", "#3f8f5a", "#8a55b3", "#b0861f", "#2a8c8f", "#b3416d", "#5c6f85", "#7a8b2c", "#9c5a3c"];

          function size(n) {
            var u = ["B", "KiB", "MiB", "GiB", "TiB"], i = 0;
            while (n >= 1024 && i < u.length - 1) { n /= 1024; i++; }
            return (i ? n.toFixed(1) : String(n)) + " " + u[i];
          }
          function count(n) { return n.toLocaleString("en-US"); }
          function weight(t) { return by === "bytes" ? t.bytes : t.nodes; }
          function pathOf(t) {
            var parts = [];
            for (var x = t; x && x.parent >= 0; x = T[x.parent]) { parts.unshift(x.name); }
            var base = root.name === "/" ? "" : root.name;
            return parts.length ? base + "/" + parts.join("/") : root.name;
          }
          function items(t) {
            var list = t.kids.map(function (k) { return { t: k, v: weight(k) }; });
            var rest = by === "bytes" ? t.own + t.ob : 1 + t.on;
            if (rest > 0) { list.push({ t: null, v: rest, other: t }); }
            return list.filter(function (x) { return x.v > 0; }).sort(function (a, b) { return b.v - a.v; });
          }
          function worst(row, sum, side) {
            var mx = 0, mn = Infinity;
            row.forEach(function (r) { mx = Math.max(mx, r.a); mn = Math.min(mn, r.a); });
            var s2 = sum * sum, w2 = side * side;
            return Math.max(w2 * mx / s2, s2 / (w2 * mn));
          }
          function squarify(list, x, y, w, h) {
            var total = 0, out = [];
            list.forEach(function (it) { total += it.v; });
            if (total <= 0 || w <= 0 || h <= 0) { return out; }
            var scale = w * h / total;
            var rest = list.map(function (it) { return { it: it, a: it.v * scale }; });
            var i = 0;
            while (i < rest.length) {
              var side = Math.min(w, h), row = [rest[i]], sum = rest[i].a, j = i + 1, ratio = worst(row, sum, side);
              while (j < rest.length) {
                row.push(rest[j]);
                var r2 = worst(row, sum + rest[j].a, side);
                if (r2 > ratio) { row.pop(); break; }
                ratio = r2; sum += rest[j].a; j++;
              }
              var thick = sum / side, off = 0;
              row.forEach(function (r) {
                var len = r.a / thick;
                if (w >= h) { out.push({ it: r.it, x: x, y: y + off, w: thick, h: len }); }
                else { out.push({ it: r.it, x: x + off, y: y, w: len, h: thick }); }
                off += len;
              });
              if (w >= h) { x += thick; w -= thick; } else { y += thick; h -= thick; }
              i = j;
            }
            return out;
          }
          function label(it) {
            if (it.t) { return it.t.name + " \u2014 " + (by === "bytes" ? size(it.v) : count(it.v) + " nodes"); }
            var o = it.other;
            var what = o.oc ? (by === "bytes" && !o.own ? "" : "own data + ") + count(o.oc) + " smaller" : "own data";
            return "(" + what + ") \u2014 " + (by === "bytes" ? size(it.v) : count(it.v) + " nodes");
          }
          var drawn = 0;
          function tile(parent, it, r, color, inner) {
            var d = document.createElement("div");
            d.className = "tile" + (inner ? " inner" : "") + (it.t ? "" : " other") + (it.t && it.t.kids.length ? "" : " leaf");
            d.style.left = r.x + "px"; d.style.top = r.y + "px";
            d.style.width = Math.max(0, r.w) + "px"; d.style.height = Math.max(0, r.h) + "px";
            d.style.background = color;
            var tip = it.t ? pathOf(it.t) + "\n" + size(it.t.bytes) + " in " + count(it.t.nodes) + " nodes" : label(it);
            d.title = tip;
            if (r.w > 40 && r.h > 14) {
              var b = document.createElement(inner ? "span" : "b");
              b.textContent = label(it);
              d.appendChild(b);
            }
            if (it.t && it.t.kids.length) {
              d.addEventListener("click", function (ev) { ev.stopPropagation(); view = it.t; draw(); });
            }
            parent.appendChild(d);
            drawn++;
            return d;
          }
          function draw() {
            var map = document.getElementById("map");
            map.textContent = "";
            drawn = 0;
            if (!view) { return; }
            var rects = squarify(items(view), 0, 0, map.clientWidth, map.clientHeight);
            rects.forEach(function (r, k) {
              var color = palette[k % palette.length];
              var d = tile(map, r.it, r, color, false);
              if (r.it.t && r.it.t.kids.length && r.w > 80 && r.h > 50) {
                var inner = squarify(items(r.it.t), 2, 17, r.w - 6, r.h - 21);
                inner.forEach(function (q) { if (q.w >= 3 && q.h >= 3) { tile(d, q.it, q, "rgba(0,0,0,.16)", true); } });
              }
            });
            var crumbs = document.getElementById("crumbs");
            crumbs.textContent = "";
            var chain = [];
            for (var x = view; x; x = x.parent >= 0 ? T[x.parent] : null) { chain.unshift(x); }
            chain.forEach(function (c, k) {
              var s = document.createElement("span");
              s.textContent = (k ? " \u203a " : "") + (k ? c.name : pathOf(c));
              if (c === view) { s.className = "here"; } else { s.addEventListener("click", function () { view = c; draw(); }); }
              crumbs.appendChild(s);
            });
            document.body.setAttribute("data-drawn", String(drawn));
          }
          function table(id, head, rows) {
            var t = document.getElementById(id);
            var tr = document.createElement("tr");
            head.forEach(function (h) {
              var th = document.createElement("th");
              th.textContent = h[0]; if (h[1]) { th.className = "n"; } tr.appendChild(th);
            });
            t.appendChild(tr);
            if (!rows.length) { rows = [head.map(function (h, k) { return k ? "" : "none"; })]; }
            rows.forEach(function (row) {
              var r = document.createElement("tr");
              row.forEach(function (v, k) {
                var td = document.createElement("td");
                if (v && v.warn) { td.className = "warn"; v = v.text; }
                td.textContent = v; if (head[k][1]) { td.className += " n"; } r.appendChild(td);
              });
              t.appendChild(r);
            });
          }
          document.getElementById("summary").textContent = D.snapshot + " (zxid " + D.zxid + ")" +
            (D.prefix === "/" ? "" : ", under " + D.prefix) + ": " + count(D.nodes) + " nodes, " + size(D.bytes) + " of data";
          var sib = [], shown = [], rows = [];
          D.subtrees.forEach(function (s) {
            var d = s.depth;
            sib[d] = (sib[d] || 0) + 1;
            sib.length = d + 1;
            shown[d] = (d === 0 || shown[d - 1]) && sib[d] <= 12;
            shown.length = d + 1;
            if (shown[d]) { rows.push(["\u00a0".repeat(2 * d) + s.path, size(s.bytes), count(s.nodes), count(s.children)]); }
            else if (sib[d] === 13 && (d === 0 || shown[d - 1])) { rows.push(["\u00a0".repeat(2 * d) + "\u2026 more: --format json lists all", "", "", ""]); }
          });
          table("subtrees", [["path"], ["bytes", 1], ["nodes", 1], ["children", 1]], rows);
          table("largest", [["path"], ["data", 1]], D.largest.map(function (n) { return [n.path, size(n.bytes)]; }));
          table("widest", [["path"], ["children", 1]], D.most_children.map(function (n) { return [n.path, count(n.children)]; }));
          table("sessions", [["session"], ["ephemerals", 1], ["data", 1], ["closeSession txn", 1]],
            D.sessions.filter(function (s) { return s.ephemerals > 0; }).slice(0, 50).map(function (s) {
              var txt = size(s.close_txn_bytes) + " (" + (100 * s.close_txn_bytes / D.jute_maxbuffer).toFixed(1) + "% of jute.maxbuffer)";
              return [s.session, count(s.ephemerals), size(s.bytes), s.close_txn_over_maxbuffer ? { warn: true, text: txt } : txt];
            }));
          table("near", [["path (data \u2265 " + size(D.near_limit_bytes) + ")"], ["data", 1]], D.near_limit.map(function (n) { return [n.path, size(n.bytes)]; }));
          Array.prototype.forEach.call(document.querySelectorAll("input[name=by]"), function (el) {
            el.addEventListener("change", function () { by = el.value; draw(); });
          });
          window.addEventListener("resize", draw);
          draw();
        })();
        </script>
        </body></html>

        """#
}

// The page's behaviour: sorting, filters and per-candidate panels. The table rows are already in
// the markup (complete without script); this only reorders, hides and annotates them, and builds
// a candidate's panel from the embedded data the first time it is opened.
//
// Data model (see html.rs): data.c[i] is the candidate of the i-th row:
//   [rank, score, path, name, email, years, duplicate_of,
//    flags [[flag, note, evidence [[text, line, page, section, position, snippet, how]]]],
//    breakdown [[id, title, points, max, [evidence]]],
//    positions [[title, employer, from, to, months, relevant, line]],
//    skills [[category, [[name, months, last_used, [sections], weak]]]],
//    notes, snippets]
// data.f[k] = [id, title, "g" | "y", category, weight, sensitive]; data.w[k] = a shared string.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("data").textContent);
  var C = data.c;
  var F = data.f;
  var W = data.w;
  var table = document.getElementById("ranking");
  var tbody = table.tBodies[0];
  var rows = Array.prototype.slice.call(tbody.rows);
  var panels = new Array(C.length);
  var order = rows.map(function (_, i) { return i; });
  var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

  // Sorting ---------------------------------------------------------------------------------
  function count(kind) {
    return function (c) {
      var n = 0;
      for (var k = 0; k < c[7].length; k++) if (F[c[7][k][0]][2] === kind) n++;
      return n;
    };
  }
  var keyOf = {
    rank: function (c, i) { return c[0] || i + 1; },
    score: function (c) { return c[1]; },
    name: function (c) { return c[3] || c[2]; },
    years: function (c) { return c[5]; },
    green: count("g"),
    yellow: count("y"),
    dup: function (c) { return c[6] || ""; }
  };
  var keyCache = {};
  var sortKey = "rank";
  var ascending = true;

  function sortBy(key, asc) {
    var keys = keyCache[key];
    if (!keys) {
      keys = keyCache[key] = C.map(function (c, i) { return keyOf[key](c, i); });
    }
    var text = typeof keys[0] === "string";
    var dir = asc ? 1 : -1;
    order.sort(function (a, b) {
      var x = keys[a], y = keys[b];
      var d = text ? collator.compare(x, y) : x - y;
      return d * dir || a - b;
    });
    // Existing rows move; open panels travel with their row and are not rebuilt. The body is
    // taken out of the page first: removing thousands of rows one by one from a live table
    // costs seconds, from a detached one milliseconds.
    var next = tbody.nextSibling;
    table.removeChild(tbody);
    tbody.textContent = "";
    var fragment = document.createDocumentFragment();
    for (var k = 0; k < order.length; k++) {
      var i = order[k];
      fragment.appendChild(rows[i]);
      if (panels[i]) fragment.appendChild(panels[i]);
    }
    tbody.appendChild(fragment);
    table.insertBefore(tbody, next);
    var heads = table.tHead.rows[0].cells;
    for (var h = 0; h < heads.length; h++) {
      if (heads[h].getAttribute("data-k") === key) {
        heads[h].setAttribute("aria-sort", asc ? "ascending" : "descending");
      } else {
        heads[h].removeAttribute("aria-sort");
      }
    }
    sortKey = key;
    ascending = asc;
  }

  table.tHead.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button) return;
    var key = button.parentNode.getAttribute("data-k");
    sortBy(key, key === sortKey ? !ascending : true);
  });

  // Filters ---------------------------------------------------------------------------------
  var search = document.getElementById("q");
  var flagSelect = document.getElementById("flag");
  var shown = document.getElementById("shown");
  var haystacks = null;

  function haystack(c) {
    var parts = [c[2], c[3] || "", c[4] || ""];
    for (var k = 0; k < c[7].length; k++) {
      var flag = c[7][k];
      parts.push(F[flag[0]][0]);
      for (var e = 0; e < flag[2].length; e++) {
        parts.push(flag[2][e][0], c[12][flag[2][e][5]]);
      }
    }
    return parts.join("\n").toLowerCase();
  }

  function hasFlag(c, id) {
    for (var k = 0; k < c[7].length; k++) if (F[c[7][k][0]][0] === id) return true;
    return false;
  }

  function applyFilters() {
    var query = search.value.trim().toLowerCase();
    var flag = flagSelect.value;
    if (query && !haystacks) haystacks = C.map(haystack);
    var visible = 0;
    for (var i = 0; i < C.length; i++) {
      var show = (!query || haystacks[i].indexOf(query) >= 0) && (!flag || hasFlag(C[i], flag));
      // Only rows that change are touched: each change restyles its row.
      if (rows[i].hidden === show) rows[i].hidden = !show;
      if (panels[i]) panels[i].hidden = !show || !rows[i].classList.contains("open");
      if (show) visible++;
    }
    shown.textContent = visible + " of " + C.length + " shown";
  }

  var pending = 0;
  search.addEventListener("input", function () {
    clearTimeout(pending);
    pending = setTimeout(applyFilters, 120);
  });
  search.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      clearTimeout(pending);
      applyFilters();
    }
  });
  flagSelect.addEventListener("change", applyFilters);

  // Every flag id present, with how many candidates have it. Maps without a prototype: a pack
  // may name a rule "constructor" or "toString".
  var flagCounts = Object.create(null);
  var flagTitles = Object.create(null);
  C.forEach(function (c) {
    var seen = Object.create(null);
    c[7].forEach(function (flag) {
      var f = F[flag[0]];
      if (seen[f[0]]) return;
      seen[f[0]] = true;
      flagCounts[f[0]] = (flagCounts[f[0]] || 0) + 1;
      flagTitles[f[0]] = (f[2] === "g" ? "green" : "yellow") + ": " + f[1];
    });
  });
  Object.keys(flagCounts).sort().forEach(function (id) {
    var option = document.createElement("option");
    option.value = id;
    option.textContent = id + " (" + flagCounts[id] + ") \u2014 " + flagTitles[id];
    flagSelect.appendChild(option);
  });

  // Panels ----------------------------------------------------------------------------------
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function add(parent, child) {
    parent.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    return child;
  }

  function num(x) {
    return (Math.round(x * 10) / 10).toFixed(1);
  }

  // The snippet with the matched text in <mark>; when the snippet does not hold it (cut short),
  // the matched text leads.
  function snippetNode(text, snippet) {
    var q = el("q", "snippet");
    var at = snippet.toLowerCase().indexOf(text.toLowerCase());
    if (text && at >= 0 && snippet.toLowerCase().length === snippet.length) {
      add(q, snippet.slice(0, at));
      add(q, el("mark", null, snippet.slice(at, at + text.length)));
      add(q, snippet.slice(at + text.length));
    } else {
      if (text) add(q, el("mark", null, text));
      if (snippet) add(q, (text ? " \u2014 " : "") + snippet);
    }
    return q;
  }

  function breakdownSection(c) {
    var section = el("section");
    add(section, el("h3", null, "Score " + num(c[1])));
    var largest = 0;
    c[8].forEach(function (part) { largest = Math.max(largest, part[3], Math.abs(part[2])); });
    var grid = add(section, el("div", "bd"));
    c[8].forEach(function (part) {
      var points = part[2], max = part[3];
      add(grid, el("span", "lbl", W[part[1]]));
      var bar = add(grid, el("span", "bar"));
      bar.setAttribute("aria-hidden", "true");
      var track = add(bar, el("span", "track"));
      var fill = add(track, el("span", points < 0 ? "fill neg" : "fill"));
      var span = points < 0 ? -points : max;
      track.style.width = largest > 0 ? (100 * span / largest) + "%" : "0";
      fill.style.width = points < 0 ? "100%" : (max > 0 ? (100 * points / max) + "%" : "0");
      add(grid, el("span", "pts", num(points) + " / " + num(max)));
      if (part[4].length) {
        add(grid, el("p", "ev", part[4].map(function (w) { return W[w]; }).join("; ")));
      }
    });
    return section;
  }

  function flagsSection(c, kind, heading) {
    var section = el("section");
    var flags = c[7].filter(function (flag) { return F[flag[0]][2] === kind; });
    add(section, el("h3", null, heading + " (" + flags.length + ")"));
    if (!flags.length) add(section, el("p", "note", "None."));
    flags.forEach(function (flag) {
      var f = F[flag[0]];
      var box = add(section, el("div", "flag " + kind));
      var title = add(box, el("div"));
      add(title, el("span", "id", f[0]));
      add(title, " " + f[1] + " ");
      add(title, el("small", null, "weight " + f[4] + ", " + f[3] + (f[5] ? ", sensitive: a possible proxy for a protected attribute" : "")));
      if (flag[1]) add(box, el("div", "note", flag[1]));
      var list = add(box, el("ul"));
      flag[2].forEach(function (e) {
        var item = add(list, el("li"));
        add(item, snippetNode(e[0], c[12][e[5]]));
        var where = [W[e[3]]];
        if (e[4] >= 0) {
          var position = c[9][e[4]];
          where.push("position " + (e[4] + 1) + (position && position[0] ? " (" + position[0] + ")" : ""));
        }
        where.push("line " + e[1]);
        if (e[2]) where.push("page " + e[2]);
        if (e[6]) where.push("hidden: " + e[6]);
        add(item, " ");
        add(item, el("small", "where", where.join(" \u00b7 ")));
      });
    });
    return section;
  }

  function experienceSection(c) {
    var section = el("section");
    add(section, el("h3", null, "Experience: " + num(c[5]) + " relevant years"));
    if (c[9].length) {
      var t = add(add(section, el("div", "wide")), el("table"));
      var head = add(add(t, el("thead")), el("tr"));
      ["#", "Title", "Employer", "From\u2013to", "Months", "Relevant", "Line"].forEach(function (h) {
        add(head, el("th", null, h)).setAttribute("scope", "col");
      });
      var body = add(t, el("tbody"));
      c[9].forEach(function (p, k) {
        var tr = add(body, el("tr"));
        [k + 1, p[0], p[1], p[2] + " \u2013 " + p[3], p[4], p[5] ? "yes" : "no", p[6]].forEach(function (v) {
          add(tr, el("td", null, v));
        });
      });
    } else {
      add(section, el("p", "note", "No dated positions found."));
    }
    add(section, el("h3", null, "Skills"));
    if (!c[10].length) add(section, el("p", "note", "None found."));
    var dl = add(section, el("dl"));
    c[10].forEach(function (category) {
      add(dl, el("dt", null, W[category[0]]));
      add(dl, el("dd", null, category[1].map(function (s) {
        var bits = [];
        if (s[1]) bits.push(s[1] + " months");
        if (s[2]) bits.push("last " + s[2]);
        if (s[3].length) bits.push(s[3].map(function (w) { return W[w]; }).join("/"));
        if (s[4]) bits.push("weak: named with a qualifier");
        return W[s[0]] + (bits.length ? " (" + bits.join(", ") + ")" : "");
      }).join("; ")));
    });
    return section;
  }

  function buildPanel(i) {
    var c = C[i];
    var tr = el("tr", "panel");
    tr.id = "p" + i;
    var td = add(tr, el("td"));
    td.colSpan = rows[i].cells.length;
    var about = add(td, el("p"));
    add(about, el("strong", null, c[3] || c[2]));
    if (c[3]) add(about, " \u2014 " + c[2]);
    if (c[4]) add(about, " \u2014 " + c[4]);
    if (c[6]) add(td, el("p", "note", "Same resume as " + c[6] + " (both are kept)."));
    c[11].forEach(function (n) { add(td, el("p", "note", "Note: " + n)); });
    var grid = add(td, el("div", "pin"));
    add(grid, breakdownSection(c));
    add(grid, experienceSection(c));
    add(grid, flagsSection(c, "g", "Green flags"));
    add(grid, flagsSection(c, "y", "Yellow flags"));
    return tr;
  }

  function toggle(i) {
    var row = rows[i];
    var open = !row.classList.contains("open");
    if (open && !panels[i]) {
      panels[i] = buildPanel(i);
      row.parentNode.insertBefore(panels[i], row.nextSibling);
    }
    row.classList.toggle("open", open);
    panels[i].hidden = !open;
    var button = row.querySelector("button.open");
    button.setAttribute("aria-expanded", String(open));
    button.setAttribute("aria-controls", panels[i].id);
  }

  tbody.addEventListener("click", function (event) {
    var row = event.target.closest("tr");
    if (!row || !row.hasAttribute("data-i")) return;
    // Selecting text in a row should not toggle it.
    if (!event.target.closest("button") && String(window.getSelection()).length) return;
    toggle(Number(row.getAttribute("data-i")));
  });

  // Printing shows the skipped files too.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (d) { d.open = true; });
  });

  document.querySelector(".controls").hidden = false;
  shown.textContent = C.length + " of " + C.length + " shown";
  if (C.length && C[0][0] === 0) table.tHead.rows[0].cells[0].removeAttribute("aria-sort");
})();

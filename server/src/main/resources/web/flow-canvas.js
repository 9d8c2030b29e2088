/*
 * The flow designer's canvas: every node a block with its exits as ports on the right, an edge
 * from each exit to the node it leads to. ELK lays out what has no place yet; an admin drags
 * blocks (positions go into the draft's "layout"), pans, zooms, connects an exit by dragging its
 * port onto a block, and adds blocks from the palette. Blocks are focusable in call order, so
 * Tab walks the flow as a caller would; arrows move the focused block, Delete removes it.
 * Built with DOM calls only (the page's CSP allows no inline script or style).
 */
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  var M = window.OmnilineFlowModel;
  var W = 230, LINE = 16, PORT = 18, WRAP = 32, MAX_LINES = 4, GAP = 24;

  function el(tag, attrs, parent) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (parent) parent.appendChild(node);
    return node;
  }

  function label(parent, x, y, value, cls) {
    var node = el("text", { x: x, y: y, "class": cls || "" }, parent);
    node.textContent = value;
    return node;
  }

  /**
   * Long prompt names wrap where a person would break them (after a space, slash, hyphen, dot or
   * underscore), never inside a word that fits on a line; past MAX_LINES the rest is an ellipsis
   * and the whole name is in the block's tooltip.
   */
  function wrap(text) {
    var lines = [];
    var rest = String(text || "");
    while (rest.length > WRAP) {
      var cut = WRAP;
      for (var at = WRAP; at > WRAP / 3; at--) {
        if (" /-_,.".indexOf(rest.charAt(at - 1)) >= 0) { cut = at; break; }
      }
      lines.push(rest.slice(0, cut).trim());
      rest = rest.slice(cut).trim();
    }
    if (rest) lines.push(rest);
    if (lines.length > MAX_LINES) {
      lines = lines.slice(0, MAX_LINES);
      lines[MAX_LINES - 1] = lines[MAX_LINES - 1].slice(0, WRAP - 1) + "…";
    }
    return lines;
  }

  function geometry(id, node) {
    var summary = wrap(M.summary(node));
    var ports = M.ports(node);
    var top = 10 + LINE * (2 + summary.length);
    return { summary: summary, ports: ports, portTop: top, height: Math.max(top + PORT * ports.length + 8, 56) };
  }

  function mount(root, hooks) {
    var definition = null, problems = {}, selected = null, marks = {}, taken = {}, diff = {}, removed = {}, ghosts = {};
    var view = { x: 20, y: 20, k: 1 };
    var shapes = {};
    var paletteDrag = null;
    var heights = {};
    /** ELK, its engine in a Web Worker of its own (started at the first layout, kept for the next). */
    var elk = null;
    /** The edges drawn, by exit ("id:port"): kept while they stay the same, so a change redraws only its own. */
    var edgeShapes = {};
    /** Block ids in the order they are in the document (call order, which Tab follows). */
    var drawnOrder = [];
    /** The canvas's size, kept by a ResizeObserver: reading it from the layout each time forced one. */
    var size = null;

    var toolbar = document.createElement("div");
    toolbar.className = "canvas-toolbar";
    toolbar.setAttribute("role", "toolbar");
    toolbar.setAttribute("aria-label", "Add a node and move the view");
    root.appendChild(toolbar);
    var palette = document.createElement("span");
    palette.className = "palette";
    palette.appendChild(document.createTextNode("Add: "));
    Object.keys(M.TYPES).forEach(function (type) {
      var add = palette.appendChild(button(type, function () { addNode(type); }, "palette-" + type));
      add.addEventListener("pointerdown", function (event) {
        paletteDrag = { type: type, x: event.clientX, y: event.clientY };
        document.body.classList.add("dragging-block");
      });
    });
    toolbar.appendChild(palette);
    toolbar.appendChild(button("−", function () { zoom(1 / 1.25); }, "zoom-out", "Zoom out"));
    toolbar.appendChild(button("+", function () { zoom(1.25); }, "zoom-in", "Zoom in"));
    toolbar.appendChild(button("Fit", fit, "zoom-fit", "Show the whole flow"));
    toolbar.appendChild(button("Auto layout", function () {
      definition.layout = {};
      svg.setAttribute("aria-busy", "true");
      layout().then(function () { render(); fit(); hooks.onChange("layout"); })
        .finally(function () { svg.removeAttribute("aria-busy"); });
    }, "auto-layout", "Lay every block out again"));

    var frame = document.createElement("div");
    frame.className = "canvas-frame";
    root.appendChild(frame);
    var svg = el("svg", { "class": "flow-canvas", role: "application", "aria-label": "Flow canvas: Tab walks the blocks in call order, arrows move the focused block, Delete removes it, + and − zoom" }, frame);
    var defs = el("defs", {}, svg);
    var marker = el("marker", { id: "arrow", viewBox: "0 0 10 10", refX: "9", refY: "5", markerUnits: "userSpaceOnUse", markerWidth: "10", markerHeight: "10", orient: "auto-start-reverse" }, defs);
    el("path", { d: "M0,0 L10,5 L0,10 z", "class": "arrow" }, marker);
    var background = el("rect", { "class": "canvas-bg", x: -100000, y: -100000, width: 200000, height: 200000 }, svg);
    var viewport = el("g", { "class": "viewport" }, svg);
    var edgeLayer = el("g", { "class": "edges" }, viewport);
    var nodeLayer = el("g", { "class": "nodes" }, viewport);
    var ghostLayer = el("g", { "class": "ghosts" }, viewport);
    var wire = el("path", { "class": "wire", d: "" }, viewport);
    var minimap = el("svg", { "class": "minimap", "aria-hidden": "true" }, frame);
    /** The part of the flow the canvas shows, drawn over the minimap's blocks. */
    var miniView = el("rect", { "class": "mini-view" }, minimap);
    var miniShapes = {};
    new ResizeObserver(function () { size = null; }).observe(svg);

    /** The canvas's width and height; its place on the page is read where it is needed (it moves with the page). */
    function canvasSize() {
      // Never kept while it is zero: a canvas just shown is measured before the observer hears of it.
      if (!size || !size.width) {
        var box = svg.getBoundingClientRect();
        size = { width: box.width, height: box.height };
      }
      return size;
    }

    function button(text, onClick, id, title) {
      var node = document.createElement("button");
      node.type = "button";
      node.textContent = text;
      if (id) node.dataset.action = id;
      if (title) { node.title = title; node.setAttribute("aria-label", title); }
      node.addEventListener("click", onClick);
      return node;
    }

    function position(id) {
      return (definition.layout && definition.layout[id]) || null;
    }

    /** ELK places the blocks that have no position yet; the placed ones keep theirs. */
    function layout() {
      var ids = Object.keys(definition.nodes || {});
      definition.layout = definition.layout || {};
      if (ids.every(position)) return Promise.resolve();
      var edges = [];
      ids.forEach(function (id) {
        M.ports(definition.nodes[id]).forEach(function (port, index) {
          if (port.target && definition.nodes[port.target]) edges.push({ id: id + ":" + index, sources: [id], targets: [port.target] });
        });
      });
      var graph = {
        id: "flow",
        layoutOptions: { "elk.algorithm": "layered", "elk.direction": "RIGHT", "elk.spacing.nodeNode": "30",
          "elk.layered.spacing.nodeNodeBetweenLayers": "70", "elk.layered.considerModelOrder.strategy": "NODES_AND_EDGES" },
        children: ids.map(function (id) { return { id: id, width: W, height: geometry(id, definition.nodes[id]).height }; }),
        edges: edges
      };
      elk = elk || new window.ELK({ workerUrl: "/vendor/elk-worker.min.js" });
      // Said to assistive technology (and to whoever waits for the drawing) until the blocks have their places.
      svg.setAttribute("aria-busy", "true");
      return elk.layout(graph).then(function (result) {
        result.children.forEach(function (child) {
          if (!position(child.id)) definition.layout[child.id] = { x: Math.round(child.x), y: Math.round(child.y) };
        });
      }).finally(function () { svg.removeAttribute("aria-busy"); });
    }

    /** Call order: the order Tab takes, breadth-first from the start, then what no call reaches. */
    function callOrder() {
      var order = [], seen = {};
      var queue = definition.start ? [definition.start] : [];
      while (queue.length) {
        var id = queue.shift();
        if (seen[id] || !definition.nodes[id]) continue;
        seen[id] = true;
        order.push(id);
        M.ports(definition.nodes[id]).forEach(function (port) { if (port.target) queue.push(port.target); });
      }
      Object.keys(definition.nodes).forEach(function (id) { if (!seen[id]) order.push(id); });
      return order;
    }

    /**
     * Draws the flow. A block is built again only when its node, its problems or whether it is the
     * start changed; the others keep their elements and get their place and classes set, so an edit,
     * a validation or a simulation step costs the blocks it touches, not the whole flow.
     */
    function render() {
      if (!definition) return;
      var focused = document.activeElement && document.activeElement.closest && document.activeElement.closest(".node");
      var refocus = focused && nodeLayer.contains(focused) ? focused.dataset.node : null;
      var reachable = M.reachable(definition, null);
      var grown = Object.keys(definition.nodes).filter(function (id) {
        var height = geometry(id, definition.nodes[id]).height;
        var before = heights[id];
        heights[id] = height;
        return before !== undefined && height > before && position(id);
      });
      var moved = grown.filter(makeRoom).length > 0;
      var order = callOrder();
      var next = {};
      order.forEach(function (id) {
        var node = definition.nodes[id];
        var own = problems[id] || [];
        var signature = JSON.stringify(node) + "\u0000" + (id === definition.start) + "\u0000"
          + own.map(function (p) { return p.severity + " " + p.message; }).join("\u0000");
        var old = shapes[id];
        var entry = old && old.signature === signature ? old : block(id, node, own, signature);
        if (old && entry !== old) nodeLayer.replaceChild(entry.g, old.g);
        var classes = ["node", "type-" + node.type];
        if (id === selected) classes.push("selected");
        if (!reachable[id]) classes.push("unreachable");
        if (own.some(function (p) { return p.severity === "ERROR"; })) classes.push("has-error");
        else if (own.length) classes.push("has-warning");
        if (marks[id]) classes.push(marks[id]);
        if (diff[id]) classes.push("diff-" + diff[id]);
        var at = position(id) || { x: 0, y: 0 };
        update(entry, classes.join(" "), "translate(" + at.x + " " + at.y + ")");
        next[id] = entry;
      });
      Object.keys(shapes).forEach(function (id) { if (!next[id]) shapes[id].g.remove(); });
      shapes = next;
      if (order.join("\u0000") !== drawnOrder.join("\u0000")) {
        order.forEach(function (id) { nodeLayer.appendChild(shapes[id].g); });
        drawnOrder = order;
      }
      renderGhosts();
      renderEdges();
      renderMinimap();
      if (refocus && shapes[refocus] && document.activeElement !== shapes[refocus].g) shapes[refocus].g.focus({ preventScroll: true });
      if (moved) hooks.onChange("layout");
    }

    /** Sets a drawn block's classes and place, touching the document only for what changed. */
    function update(entry, classes, transform) {
      if (entry.classes !== classes) { entry.g.setAttribute("class", classes); entry.classes = classes; }
      if (entry.transform !== transform) { entry.g.setAttribute("transform", transform); entry.transform = transform; }
    }

    /** A block's elements, not yet in the document: its id, type, summary, exits as ports, problem badge. */
    function block(id, node, own, signature) {
      var shape = geometry(id, node);
      var g = el("g", { tabindex: "0", "data-node": id, role: "button",
        "aria-label": id + ", " + node.type + (id === definition.start ? ", start" : "") + (own.length ? ", " + own.length + " problem(s)" : "") });
      var title = el("title", {}, g);
      title.textContent = [id + " (" + node.type + ")", M.summary(node)].concat(own.map(function (p) { return p.message; })).join("\n");
      el("rect", { "class": "block", width: W, height: shape.height, rx: 6 }, g);
      el("circle", { "class": "in", cx: 0, cy: 20, r: 5 }, g);
      label(g, 10, 20, (id === definition.start ? "▶ " : "") + id, "node-id");
      label(g, 10, 20 + LINE, node.type, "node-type");
      shape.summary.forEach(function (line, index) { label(g, 10, 20 + LINE * (2 + index), line, "node-summary"); });
      shape.ports.forEach(function (port, index) {
        var y = shape.portTop + PORT * index + PORT / 2;
        var state = port.target ? "" : port.optional ? " port-optional" : " port-empty";
        label(g, W - 14, y + 4, port.label, "port-label" + state);
        var dot = el("circle", { "class": "port" + state, cx: W, cy: y, r: 6,
          "data-port": JSON.stringify(port.path) }, g);
        var tip = el("title", {}, dot);
        tip.textContent = "Drag onto a block to send \"" + port.label + "\" there";
      });
      if (own.length) {
        var badge = el("g", { "class": "badge-problems", transform: "translate(" + (W - 12) + " -8)" }, g);
        el("circle", { r: 10 }, badge);
        label(badge, 0, 4, String(own.length));
      }
      if (!shapes[id]) nodeLayer.appendChild(g);
      return { g: g, shape: shape, signature: signature, classes: null, transform: null };
    }

    /** The height a block is drawn with (its summary lines and ports). */
    function heightOf(id) {
      return geometry(id, definition.nodes[id]).height;
    }

    /** True when no other block lies within GAP of a block of this height at (x, y). */
    function free(id, x, y, height) {
      return Object.keys(definition.nodes).every(function (other) {
        var at = other !== id && position(other);
        return !at || !(x < at.x + W + GAP && at.x < x + W + GAP && y < at.y + heightOf(other) + GAP && at.y < y + height + GAP);
      });
    }

    /** The first free place for a new block: down the column from (x, y), then the next column right. */
    function freeSpot(id, x, y) {
      var height = heightOf(id);
      for (var column = 0; column < 40; column++) {
        for (var row = 0; row < 12; row++) {
          var spot = { x: x + column * (W + 60), y: y + row * 40 };
          if (free(id, spot.x, spot.y, height)) return spot;
        }
      }
      return { x: x, y: y };
    }

    /**
     * A block that grew (a longer prompt, another key) pushes the blocks it now covers down, and
     * those push theirs, so no block hides another. @return true when a block moved
     */
    function makeRoom(id) {
      var moved = false, pending = [id], guard = 0;
      while (pending.length && guard++ < 1000) {
        var upper = pending.shift(), at = position(upper), bottom = at.y + heightOf(upper) + GAP;
        Object.keys(definition.nodes).forEach(function (other) {
          var below = other !== upper && position(other);
          if (below && below.y >= at.y && below.y < bottom && below.x < at.x + W + GAP && at.x < below.x + W + GAP) {
            definition.layout[other] = { x: below.x, y: bottom };
            moved = true;
            pending.push(other);
          }
        });
      }
      return moved;
    }

    /**
     * Blocks the diff says were removed, drawn crossed out in a column right of the flow: the
     * draft has no place for them, and they take no part in editing.
     */
    function renderGhosts() {
      ghosts = {};
      ghostLayer.replaceChildren();
      var ids = Object.keys(removed).sort();
      if (!ids.length) return;
      var box = bounds(), y = box.y1;
      ids.forEach(function (id) {
        var node = removed[id] || {};
        var summary = wrap(M.summary(node)), height = 10 + LINE * (3 + summary.length);
        var g = el("g", { "class": "node ghost diff-removed", transform: "translate(" + (box.x2 + 90) + " " + y + ")",
          "data-removed": id }, ghostLayer);
        el("title", {}, g).textContent = id + " (" + node.type + ") is not in the draft any more";
        el("rect", { "class": "block", width: W, height: height, rx: 6 }, g);
        label(g, 10, 20, id, "node-id");
        label(g, 10, 20 + LINE, node.type + " · removed", "node-type");
        summary.forEach(function (line, index) { label(g, 10, 20 + LINE * (2 + index), line, "node-summary"); });
        ghosts[id] = { at: { x: box.x2 + 90, y: y }, height: height };
        y += height + GAP;
      });
    }

    /** Each exit's edge; one whose ends or state did not change keeps its element. */
    function renderEdges() {
      var next = {};
      Object.keys(shapes).forEach(function (id) {
        var from = position(id);
        shapes[id].shape.ports.forEach(function (port, index) {
          if (!port.target) return;
          var key = id + ":" + index;
          var sx = from.x + W, sy = from.y + shapes[id].shape.portTop + PORT * index + PORT / 2;
          var to = shapes[port.target] ? position(port.target) : null;
          var cls = "edge" + (taken[id + ">" + port.target] ? " taken" : "");
          var d;
          if (!to) {
            cls += " dangling";
            d = "M" + sx + "," + sy + " h60";
          } else {
            var tx = to.x, ty = to.y + 20;
            var bend = Math.max(50, Math.abs(tx - sx) / 2);
            d = "M" + sx + "," + sy + " C" + (sx + bend) + "," + sy + " " + (tx - bend) + "," + ty + " " + tx + "," + ty;
          }
          var signature = cls + " " + d + " " + port.target;
          var old = edgeShapes[key];
          if (old && old.signature === signature) { next[key] = old; return; }
          if (old) old.elements.forEach(function (element) { element.remove(); });
          var path = el("path", { "class": cls, d: d, "marker-end": "url(#arrow)" }, edgeLayer);
          var elements = [path];
          if (to) path.setAttribute("data-edge", id + ">" + port.target);
          else elements.push(label(edgeLayer, sx + 64, sy + 4, "missing: " + port.target, "dangling-label"));
          next[key] = { signature: signature, elements: elements };
        });
      });
      Object.keys(edgeShapes).forEach(function (key) {
        if (!next[key]) edgeShapes[key].elements.forEach(function (element) { element.remove(); });
      });
      edgeShapes = next;
    }

    function bounds() {
      var box = null;
      Object.keys(shapes).forEach(function (id) {
        var at = position(id), h = shapes[id].shape.height;
        box = box ? { x1: Math.min(box.x1, at.x), y1: Math.min(box.y1, at.y), x2: Math.max(box.x2, at.x + W), y2: Math.max(box.y2, at.y + h) }
          : { x1: at.x, y1: at.y, x2: at.x + W, y2: at.y + h };
      });
      Object.keys(ghosts).forEach(function (id) {
        var ghost = ghosts[id], x2 = ghost.at.x + W, y2 = ghost.at.y + ghost.height;
        box = box ? { x1: Math.min(box.x1, ghost.at.x), y1: Math.min(box.y1, ghost.at.y), x2: Math.max(box.x2, x2), y2: Math.max(box.y2, y2) }
          : { x1: ghost.at.x, y1: ghost.at.y, x2: x2, y2: y2 };
      });
      return box || { x1: 0, y1: 0, x2: W, y2: 100 };
    }

    /** The minimap's blocks, kept like the canvas's: a rectangle changes only when its block moved or changed state. */
    function renderMinimap() {
      var box = bounds();
      var pad = 40;
      minimap.setAttribute("viewBox", (box.x1 - pad) + " " + (box.y1 - pad) + " " + (box.x2 - box.x1 + 2 * pad) + " " + (box.y2 - box.y1 + 2 * pad));
      var next = {};
      Object.keys(shapes).forEach(function (id) {
        var at = position(id);
        var cls = "mini-node" + (problems[id] ? " has-error" : "") + (marks[id] ? " " + marks[id] : "");
        var signature = at.x + " " + at.y + " " + shapes[id].shape.height + " " + cls;
        var old = miniShapes[id];
        if (old && old.signature === signature) { next[id] = old; return; }
        var rect = old ? old.rect : minimap.insertBefore(el("rect", {}), miniView);
        [["x", at.x], ["y", at.y], ["width", W], ["height", shapes[id].shape.height], ["class", cls]]
          .forEach(function (pair) { rect.setAttribute(pair[0], pair[1]); });
        next[id] = { rect: rect, signature: signature };
      });
      Object.keys(miniShapes).forEach(function (id) { if (!next[id]) miniShapes[id].rect.remove(); });
      miniShapes = next;
      applyView();
    }

    function applyView() {
      viewport.setAttribute("transform", "translate(" + view.x + " " + view.y + ") scale(" + view.k + ")");
      var size = canvasSize();
      miniView.setAttribute("x", -view.x / view.k);
      miniView.setAttribute("y", -view.y / view.k);
      miniView.setAttribute("width", size.width / view.k);
      miniView.setAttribute("height", size.height / view.k);
    }

    function zoom(factor, cx, cy) {
      var size = canvasSize();
      cx = cx == null ? size.width / 2 : cx;
      cy = cy == null ? size.height / 2 : cy;
      var k = Math.min(2.5, Math.max(0.15, view.k * factor));
      view.x = cx - (cx - view.x) * k / view.k;
      view.y = cy - (cy - view.y) * k / view.k;
      view.k = k;
      applyView();
    }

    /** @param least the smallest scale to use: a first view keeps blocks readable and starts at the left */
    function fit(least) {
      var box = bounds(), size = canvasSize();
      if (!size.width) return;
      var k = Math.min(1.2, Math.max(typeof least === "number" ? least : 0.15,
        Math.min((size.width - 40) / (box.x2 - box.x1), (size.height - 40) / (box.y2 - box.y1))));
      view.k = k;
      view.x = 20 - box.x1 * k + Math.max(0, (size.width - 40 - (box.x2 - box.x1) * k) / 2);
      view.y = 20 - box.y1 * k;
      applyView();
    }

    function centre(id) {
      var at = position(id);
      if (!at) return;
      var size = canvasSize();
      view.x = size.width / 2 - (at.x + W / 2) * view.k;
      view.y = size.height / 2 - (at.y + 40) * view.k;
      applyView();
    }

    /** @param rect the canvas's place on the page, when the caller already has it (a gesture keeps it) */
    function toWorld(event, rect) {
      rect = rect || svg.getBoundingClientRect();
      return { x: (event.clientX - rect.left - view.x) / view.k, y: (event.clientY - rect.top - view.y) / view.k };
    }

    function select(id, focus) {
      selected = id;
      Object.keys(shapes).forEach(function (other) {
        var entry = shapes[other];
        entry.g.classList.toggle("selected", other === id);
        entry.classes = entry.g.getAttribute("class");
      });
      if (focus && shapes[id]) shapes[id].g.focus();
      hooks.onSelect(id);
    }

    /** @param dropped where a block dragged from the palette was let go, in canvas coordinates */
    function addNode(type, dropped) {
      var id = M.freshId(definition, type);
      definition.nodes[id] = M.create(type);
      var size = canvasSize();
      definition.layout = definition.layout || {};
      // Where it was dropped; else next to the selected block, where the step it leads to would go;
      // else at the top of the view. A block already there moves the new one to the nearest free place.
      var anchor = selected && position(selected);
      definition.layout[id] = dropped ? freeSpot(id, Math.round(dropped.x - W / 2), Math.round(dropped.y - 20))
        : anchor ? freeSpot(id, anchor.x + W + 70, anchor.y)
        : freeSpot(id, Math.round((size.width / 3 - view.x) / view.k - W / 2), Math.round((40 - view.y) / view.k));
      if (!definition.start) definition.start = id;
      hooks.onChange("add");
      render();
      select(id, true);
    }

    function deleteNode(id) {
      if (!definition.nodes[id]) return;
      if (id === definition.start) {
        hooks.notify("\"" + id + "\" is where calls start; make another node the start first.");
        return;
      }
      var stranded = M.strandedBy(definition, id);
      var message = "Delete \"" + id + "\"? Exits that lead to it will be left empty. "
        + (stranded.length ? "No call could reach these nodes any more: " + stranded.join(", ") + "." : "Every other node stays reachable.");
      hooks.confirm(message, "Delete " + id).then(function (yes) {
        if (!yes) return;
        M.remove(definition, id);
        if (selected === id) selected = null;
        hooks.onChange("delete");
        render();
        hooks.onSelect(selected);
      });
    }

    // Pointer: drag a block, drag a port onto a block, or pan the background.
    var gesture = null;
    svg.addEventListener("pointerdown", function (event) {
      if (event.button !== 0) return;
      var port = event.target.closest("[data-port]");
      var block = event.target.closest(".node");
      var rect = svg.getBoundingClientRect();
      var start = toWorld(event, rect);
      if (port && block) {
        gesture = { kind: "wire", from: block.dataset.node, path: JSON.parse(port.dataset.port),
          sx: Number(port.getAttribute("cx")) + position(block.dataset.node).x, sy: Number(port.getAttribute("cy")) + position(block.dataset.node).y };
      } else if (block) {
        var at = position(block.dataset.node);
        gesture = { kind: "move", id: block.dataset.node, dx: start.x - at.x, dy: start.y - at.y, moved: false, x0: event.clientX, y0: event.clientY };
      } else {
        gesture = { kind: "pan", x: event.clientX - view.x, y: event.clientY - view.y };
      }
      // The page does not scroll under a pressed pointer: its place is read once, not on every move.
      gesture.rect = rect;
      svg.setPointerCapture(event.pointerId);
      event.preventDefault();
    });
    svg.addEventListener("pointermove", function (event) {
      if (!gesture) return;
      var at = toWorld(event, gesture.rect);
      if (gesture.kind === "pan") {
        view.x = event.clientX - gesture.x;
        view.y = event.clientY - gesture.y;
        applyView();
      } else if (gesture.kind === "move") {
        if (!gesture.moved && Math.abs(event.clientX - gesture.x0) + Math.abs(event.clientY - gesture.y0) < 4) return;
        gesture.moved = true;
        definition.layout[gesture.id] = { x: Math.round(at.x - gesture.dx), y: Math.round(at.y - gesture.dy) };
        shapes[gesture.id].g.setAttribute("transform", "translate(" + definition.layout[gesture.id].x + " " + definition.layout[gesture.id].y + ")");
        renderEdges();
      } else {
        wire.setAttribute("d", "M" + gesture.sx + "," + gesture.sy + " L" + at.x + "," + at.y);
      }
    });
    svg.addEventListener("pointerup", function (event) {
      if (!gesture) return;
      var done = gesture;
      gesture = null;
      if (done.kind === "move") {
        if (done.moved) { renderMinimap(); hooks.onChange("layout"); }
        select(done.id, true);
      } else if (done.kind === "wire") {
        wire.setAttribute("d", "");
        var hit = document.elementsFromPoint(event.clientX, event.clientY).map(function (node) { return node.closest && node.closest(".node"); })
          .filter(Boolean)[0];
        if (hit) {
          M.setExit(definition.nodes[done.from], done.path, hit.dataset.node);
          hooks.onChange("connect");
          render();
          select(done.from, false);
        }
      }
    });
    // A palette button dragged onto the canvas adds its block there; a plain click adds it as above.
    // The click then lands on no button (press and release were on different elements).
    document.addEventListener("pointerup", function (event) {
      if (!paletteDrag) return;
      var drag = paletteDrag;
      paletteDrag = null;
      document.body.classList.remove("dragging-block");
      var rect = svg.getBoundingClientRect();
      var moved = Math.abs(event.clientX - drag.x) + Math.abs(event.clientY - drag.y) > 8;
      var inside = event.clientX >= rect.left && event.clientX <= rect.right && event.clientY >= rect.top && event.clientY <= rect.bottom;
      if (moved && inside && definition) addNode(drag.type, toWorld(event));
    });
    svg.addEventListener("wheel", function (event) {
      event.preventDefault();
      var rect = svg.getBoundingClientRect();
      zoom(event.deltaY < 0 ? 1.1 : 1 / 1.1, event.clientX - rect.left, event.clientY - rect.top);
    }, { passive: false });
    svg.addEventListener("keydown", function (event) {
      var block = event.target.closest && event.target.closest(".node");
      if (event.key === "+" || event.key === "=") { zoom(1.25); return; }
      if (event.key === "-") { zoom(1 / 1.25); return; }
      if (!block) return;
      var id = block.dataset.node;
      var step = event.shiftKey ? 50 : 10;
      var moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        select(id, false);
      } else if (event.key === "Delete" || event.key === "Backspace") {
        event.preventDefault();
        deleteNode(id);
      } else if (moves[event.key]) {
        event.preventDefault();
        var at = position(id);
        definition.layout[id] = { x: at.x + moves[event.key][0], y: at.y + moves[event.key][1] };
        block.setAttribute("transform", "translate(" + definition.layout[id].x + " " + definition.layout[id].y + ")");
        renderEdges();
        hooks.onChange("layout");
      }
    });
    svg.addEventListener("focusin", function (event) {
      var block = event.target.closest && event.target.closest(".node");
      if (block) {
        var at = position(block.dataset.node), size = canvasSize();
        var x = at.x * view.k + view.x, y = at.y * view.k + view.y;
        if (x < 0 || y < 0 || x > size.width - 60 || y > size.height - 40) centre(block.dataset.node);
      }
    });
    minimap.addEventListener("click", function (event) {
      var point = minimap.createSVGPoint();
      point.x = event.clientX;
      point.y = event.clientY;
      var world = point.matrixTransform(minimap.getScreenCTM().inverse());
      var size = canvasSize();
      view.x = size.width / 2 - world.x * view.k;
      view.y = size.height / 2 - world.y * view.k;
      applyView();
    });

    return {
      /** Draws a flow; blocks without a position are laid out first. */
      show: function (next, list, keepView) {
        definition = next;
        heights = {};
        problems = {};
        (list || []).forEach(function (p) { if (p.nodeId) (problems[p.nodeId] = problems[p.nodeId] || []).push(p); });
        if (selected && !definition.nodes[selected]) selected = null;
        return layout().then(function () {
          render();
          if (!keepView) fit(0.6);
        });
      },
      /** @param quiet only remember them: a redraw follows */
      problems: function (list, quiet) {
        problems = {};
        (list || []).forEach(function (p) { if (p.nodeId) (problems[p.nodeId] = problems[p.nodeId] || []).push(p); });
        if (!quiet) render();
      },
      redraw: function () { return layout().then(render); },
      select: function (id) { select(id, true); centre(id); },
      deleteNode: deleteNode,
      /** @param visits node ids in the order a call took them; {@code extra} marks single nodes */
      highlight: function (visits, current, extra) {
        marks = {};
        taken = {};
        visits.forEach(function (id, index) {
          marks[id] = "visited";
          if (index > 0) taken[visits[index - 1] + ">" + id] = true;
        });
        if (current) marks[current] = "current";
        Object.keys(extra || {}).forEach(function (id) { marks[id] = extra[id]; });
        render();
        if (current && shapes[current]) centre(current);
      },
      clearHighlight: function () { marks = {}; taken = {}; render(); },
      /**
       * @param kinds node id → "added" or "changed"
       * @param gone node id → the removed node's JSON; the view widens to show them
       */
      showDiff: function (kinds, gone) {
        diff = kinds || {};
        removed = gone || {};
        render();
        if (Object.keys(removed).length) fit();
      }
    };
  }

  window.OmnilineFlowCanvas = { mount: mount };
})();

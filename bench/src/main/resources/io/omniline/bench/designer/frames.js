/*
 * Put into the flow designer's page by the designer benchmark (never served by Omniline): records
 * the time between frames with requestAnimationFrame while an action runs, and how long each ELK
 * layout takes, so what is measured is what the person at the page would see.
 */
(function () {
  "use strict";
  if (window.omnilineBench) return;
  var bench = window.omnilineBench = { frames: null, layouts: [] };

  /** Starts recording frame times (ms between one frame and the next) until stop(). */
  bench.record = function () {
    var frames = bench.frames = [];
    var last = null;
    function tick(now) {
      if (bench.frames !== frames) return;
      if (last !== null) frames.push(now - last);
      last = now;
      requestAnimationFrame(tick);
    }
    requestAnimationFrame(tick);
  };

  bench.stop = function () {
    var frames = bench.frames || [];
    bench.frames = null;
    return frames;
  };

  /** Calls done once the frame after now has been drawn. */
  bench.afterNextFrame = function (done) {
    requestAnimationFrame(function () { setTimeout(done, 0); });
  };

  var layout = window.ELK && window.ELK.prototype && window.ELK.prototype.layout;
  if (layout) {
    window.ELK.prototype.layout = function () {
      var started = performance.now();
      return layout.apply(this, arguments).then(function (result) {
        bench.layouts.push(performance.now() - started);
        return result;
      });
    };
  }
})();

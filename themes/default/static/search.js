/* neokit search: a combobox over the index the build writes to _neokit/search-index.js.
 * The index and the stemmers load as classic scripts on first use, so search works from
 * file://, from a sub-path and under a strict Content-Security-Policy. Words are folded and
 * stemmed exactly as the build did (see src/search.rs). */
(function () {
  "use strict";
  var box = document.querySelector(".search[data-index]");
  if (!box) return;
  var input = box.querySelector("input");
  var panel = box.querySelector(".search-panel");
  var list = box.querySelector("[role='listbox']");
  var status = box.querySelector(".search-status");
  var live = box.querySelector("[role='status']");
  var rootPrefix = document.documentElement.getAttribute("data-root") || "";
  var indexUrl = box.getAttribute("data-index");
  var chunkBase = indexUrl.replace(/search-index\.js$/, "search/");
  var DIGITS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";
  var TIER_WEIGHT = [1, 1.6, 3, 5];
  var MAX_RESULTS = 20;
  /* A term one typing mistake from a query word counts half as much as the word itself. */
  var NEAR_WEIGHT = 0.5;
  var WORD = /[\p{Alphabetic}\p{N}]+/gu;
  var WORD_IN_TEXT = /[\p{Alphabetic}\p{N}\u0300-\u036f]+/gu;

  box.hidden = false;

  /* == Phones: search is an icon until opened (see .search-open in neokit.css) */
  var opener = box.querySelector(".search-open");
  function openField(on) {
    if (!opener) return;
    box.classList.toggle("is-open", on);
    opener.setAttribute("aria-expanded", on ? "true" : "false");
    if (on) input.focus();
  }
  if (opener) {
    opener.addEventListener("click", function () { openField(true); });
    box.addEventListener("focusout", function () {
      setTimeout(function () {
        if (!box.contains(document.activeElement) && !input.value) openField(false);
      }, 0);
    });
  }

  /* == Loading: the stemmers, then the index, each once */
  var index = null;
  var loadState = "idle"; // idle, loading, ready, failed
  var waiting = [];
  var texts = {}; // chunk number -> array of section texts
  var chunkWaiters = {};

  function addScript(src, onload, onerror) {
    var script = document.createElement("script");
    script.src = src;
    script.async = true;
    script.onload = onload;
    script.onerror = onerror;
    document.head.appendChild(script);
  }

  function load(then) {
    if (loadState === "ready") return then();
    waiting.push(then);
    if (loadState === "loading") return;
    loadState = "loading";
    var fail = function () {
      loadState = "failed";
      waiting = [];
      showMessage(box.getAttribute("data-unavailable"));
    };
    var loaded = function () {
      var data = window.NEOKIT_SEARCH;
      if (!data || data.v !== 1) return fail();
      index = prepare(data);
      loadState = "ready";
      var queued = waiting;
      waiting = [];
      queued.forEach(function (f) { f(); });
    };
    addScript(box.getAttribute("data-stemmers"), function () { addScript(indexUrl, loaded, fail); }, fail);
  }

  window.NEOKIT_SEARCH_TEXT = function (n, chunk) {
    texts[n] = chunk;
    (chunkWaiters[n] || []).forEach(function (f) { f(); });
    delete chunkWaiters[n];
  };

  function loadChunks(numbers, then) {
    var missing = numbers.filter(function (n) { return !texts[n]; });
    if (!missing.length) return then();
    var left = missing.length;
    var done = function () { left -= 1; if (left === 0) then(); };
    missing.forEach(function (n) {
      if (chunkWaiters[n]) { chunkWaiters[n].push(done); return; }
      chunkWaiters[n] = [done];
      addScript(chunkBase + n + ".js", null, function () {
        texts[n] = [];
        window.NEOKIT_SEARCH_TEXT(n, []);
      });
    });
  }

  /* == The index: terms unpacked once, postings decoded when first used */
  function prepare(data) {
    var terms = [];
    var postings = [];
    var previous = "";
    var entries = data.terms.split(";");
    for (var i = 0; i < entries.length; i++) {
      var entry = entries[i];
      if (!entry) continue;
      var shared = DIGITS.indexOf(entry.charAt(0));
      var space = entry.indexOf(" ");
      var head = /[^\x00-\x7f]/.test(previous) ? Array.from(previous).slice(0, shared).join("") : previous.slice(0, shared);
      var term = head + entry.slice(1, space);
      terms.push(term);
      postings.push(entry.slice(space + 1));
      previous = term;
    }
    var stop = {};
    data.stop.split(" ").forEach(function (w) { if (w) stop[w] = true; });
    var stemmer = window.NeokitStemmers && window.NeokitStemmers[data.stem];
    var docs = [];
    data.pages.forEach(function (page, p) {
      for (var k = 0; k < page[2].length; k += 2) docs.push([p, page[2][k], page[2][k + 1]]);
    });
    return {
      pages: data.pages,
      docs: docs,
      chunks: data.chunks,
      terms: terms,
      raw: postings,
      decoded: {},
      stop: stop,
      stem: stemmer || null,
      stems: new Map()
    };
  }

  function decode(i) {
    var cached = index.decoded[i];
    if (cached) return cached;
    var text = index.raw[i];
    var docs = [];
    var tiers = [];
    var doc = 0;
    var value = 0;
    var shift = 0;
    for (var k = 0; k < text.length; k++) {
      var digit = DIGITS.indexOf(text.charAt(k));
      value += (digit & 31) * Math.pow(2, shift);
      if (digit < 32) {
        doc += Math.floor(value / 4);
        docs.push(doc);
        tiers.push(value % 4);
        value = 0;
        shift = 0;
      } else {
        shift += 5;
      }
    }
    cached = { docs: docs, tiers: tiers };
    index.decoded[i] = cached;
    return cached;
  }

  /* == Words, as the build reads them */
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function words(text) {
    return (fold(text).match(WORD) || []).filter(function (w) { return Array.from(w).length >= 2; });
  }

  /* A folded word's term, or null for a stop word. */
  function termOf(word) {
    if (index.stop[word]) return null;
    if (!index.stem) return word;
    var known = index.stems.get(word);
    if (known === undefined) {
      known = index.stem(word);
      index.stems.set(word, known);
    }
    return known;
  }

  function lowerBound(prefix) {
    var lo = 0;
    var hi = index.terms.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (index.terms[mid] < prefix) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /* Whether `a` becomes `b` by one edit: a letter added, left out or changed, or two
   * neighbouring letters swapped. */
  function oneEdit(a, b) {
    var la = a.length;
    var lb = b.length;
    if (a === b || Math.abs(la - lb) > 1) return false;
    var i = 0;
    while (i < la && i < lb && a[i] === b[i]) i++;
    if (la === lb) {
      return a.slice(i + 1) === b.slice(i + 1) ||
        (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
    }
    return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }

  /* The terms a query word matches: [term number, weight]. The word being typed also
   * matches terms that start with it. A word of five letters or more that matches nothing
   * matches the terms one typing mistake away (ranked below exact matches). */
  function matches(word, typing) {
    var found = [];
    var term = termOf(word);
    var seen = {};
    var add = function (i, weight) {
      if (seen[i] === undefined || seen[i] < weight) {
        if (seen[i] === undefined) found.push(i);
        seen[i] = weight;
      }
    };
    if (term !== null) {
      var at = lowerBound(term);
      if (index.terms[at] === term) add(at, 1);
    }
    if (typing) {
      [term, word].forEach(function (prefix) {
        if (!prefix) return;
        for (var i = lowerBound(prefix), n = 0; i < index.terms.length && n < 60; i++, n++) {
          if (index.terms[i].lastIndexOf(prefix, 0) !== 0) break;
          add(i, 0.7);
        }
      });
    }
    if (!found.length && Array.from(word).length >= 5) {
      for (var t = 0; t < index.terms.length && found.length < 20; t++) {
        var candidate = index.terms[t];
        if (oneEdit(word, candidate) || (term && oneEdit(term, candidate))) add(t, NEAR_WEIGHT);
      }
    }
    return found.map(function (i) { return [i, seen[i]]; });
  }

  /* == Ranking: every word must match (else any word), weighted by where it is and how rare */
  function search(query) {
    var queryWords = words(query);
    var typing = !/\s$/.test(query);
    var groups = [];
    var optional = []; // a stop word being typed narrows nothing
    var matched = []; // [exact terms, prefixes] for highlighting
    var total = index.docs.length;
    queryWords.forEach(function (word, position) {
      var last = typing && position === queryWords.length - 1;
      var found = matches(word, last);
      var stopWord = termOf(word) === null;
      if (stopWord && !last) return;
      var scores = new Map();
      found.forEach(function (pair) {
        var list = decode(pair[0]);
        var rarity = Math.log(1 + total / list.docs.length);
        for (var k = 0; k < list.docs.length; k++) {
          var s = TIER_WEIGHT[list.tiers[k]] * rarity * pair[1];
          var d = list.docs[k];
          var had = scores.get(d);
          if (had === undefined || had < s) scores.set(d, s);
        }
      });
      groups.push(scores);
      optional.push(stopWord);
      var near = found.filter(function (pair) { return pair[1] === NEAR_WEIGHT; }).map(function (pair) { return index.terms[pair[0]]; });
      matched.push({ term: termOf(word), prefix: last ? word : null, near: near });
    });
    if (!groups.length) return { query: query, results: [], count: 0, partial: false, matched: matched };
    var combine = function (requireAll) {
      var totals = new Map();
      var first = true;
      groups.forEach(function (scores, g) {
        if (optional[g]) return;
        scores.forEach(function (s, d) {
          if (requireAll && !first && !totals.has(d)) return;
          totals.set(d, (totals.get(d) || 0) + s);
        });
        if (requireAll && !first) {
          totals.forEach(function (_, d) { if (!scores.has(d)) totals.delete(d); });
        }
        first = false;
      });
      if (first) groups.forEach(function (scores) { scores.forEach(function (s, d) { totals.set(d, s); }); });
      else {
        groups.forEach(function (scores, g) {
          if (optional[g]) scores.forEach(function (s, d) { if (totals.has(d)) totals.set(d, totals.get(d) + s); });
        });
      }
      return totals;
    };
    var totals = combine(true);
    var partial = false;
    if (!totals.size && optional.filter(function (o) { return !o; }).length > 1) {
      totals = combine(false);
      partial = totals.size > 0;
    }
    var results = [];
    totals.forEach(function (s, d) { results.push([d, s]); });
    results.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
    return { query: query, results: results.slice(0, MAX_RESULTS), count: results.length, partial: partial, matched: matched };
  }

  /* == Showing results */
  function isMatch(word, matched) {
    var folded = fold(word);
    var term = null;
    for (var i = 0; i < matched.length; i++) {
      var m = matched[i];
      if (m.prefix && folded.lastIndexOf(m.prefix, 0) === 0) return true;
      if (term === null) term = termOf(folded) || "";
      if (m.term && (term === m.term || (m.prefix && term.lastIndexOf(m.term, 0) === 0))) return true;
      if (m.near.indexOf(term) !== -1 || m.near.indexOf(folded) !== -1) return true;
    }
    return false;
  }

  /* Appends text to an element with the matched words in <mark>. */
  function highlight(element, text, matched) {
    var at = 0;
    text.replace(WORD_IN_TEXT, function (word, offset) {
      if (isMatch(word, matched)) {
        if (offset > at) element.appendChild(document.createTextNode(text.slice(at, offset)));
        var mark = document.createElement("mark");
        mark.textContent = word;
        element.appendChild(mark);
        at = offset + word.length;
      }
      return word;
    });
    if (at < text.length) element.appendChild(document.createTextNode(text.slice(at)));
  }

  /* About 160 characters of a section's text around its first matched word. */
  function snippet(text, matched) {
    if (!text) return "";
    var first = -1;
    WORD_IN_TEXT.lastIndex = 0;
    var found;
    while ((found = WORD_IN_TEXT.exec(text)) !== null) {
      if (isMatch(found[0], matched)) { first = found.index; break; }
    }
    WORD_IN_TEXT.lastIndex = 0;
    var start = first < 60 ? 0 : text.lastIndexOf(" ", first - 50) + 1;
    var end = Math.min(text.length, start + 170);
    if (end < text.length) {
      var space = text.lastIndexOf(" ", end);
      if (space > start + 100) end = space;
    }
    return (start > 0 ? "… " : "") + text.slice(start, end) + (end < text.length ? " …" : "");
  }

  function chunkOf(doc) {
    var lo = 0;
    var hi = index.chunks.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (index.chunks[mid] <= doc) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  function textOf(doc) {
    var n = chunkOf(doc);
    var chunk = texts[n];
    return chunk ? chunk[doc - index.chunks[n]] || "" : "";
  }

  var active = -1;
  var options = [];
  var generation = 0;

  function setActive(i) {
    if (active >= 0 && options[active]) options[active].setAttribute("aria-selected", "false");
    active = i;
    if (i >= 0 && options[i]) {
      options[i].setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", options[i].id);
      options[i].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function open(show) {
    panel.hidden = !show;
    input.setAttribute("aria-expanded", show && options.length ? "true" : "false");
    if (!show) setActive(-1);
  }

  function showMessage(message) {
    list.textContent = "";
    options = [];
    status.textContent = message;
    live.textContent = message;
    open(true);
  }

  function count(n) {
    return box.getAttribute(n === 1 ? "data-one" : "data-many").replace("{n}", n);
  }

  function render(found) {
    list.textContent = "";
    options = [];
    active = -1;
    input.removeAttribute("aria-activedescendant");
    found.results.forEach(function (pair, i) {
      var doc = index.docs[pair[0]];
      var page = index.pages[doc[0]];
      var option = document.createElement("a");
      option.id = "search-result-" + i;
      option.className = "search-result";
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.tabIndex = -1;
      option.href = rootPrefix + page[0] + "index.html" + (doc[1] ? "#" + encodeURIComponent(doc[1]) : "");
      var title = document.createElement("span");
      title.className = "search-page";
      highlight(title, page[1], found.matched);
      option.appendChild(title);
      if (doc[2]) {
        var heading = document.createElement("span");
        heading.className = "search-heading";
        highlight(heading, doc[2], found.matched);
        option.appendChild(heading);
      }
      var excerpt = document.createElement("span");
      excerpt.className = "search-snippet";
      option.appendChild(excerpt);
      fillSnippet(excerpt, pair[0], found.matched);
      list.appendChild(option);
      options.push(option);
    });
    var message = found.results.length ? count(found.count) : box.getAttribute("data-none");
    if (found.partial) message = box.getAttribute("data-partial") + " " + message;
    status.textContent = message;
    live.textContent = message;
    open(true);
    var complete = found.results.every(function (pair) { return texts[chunkOf(pair[0])]; });
    box.dispatchEvent(new CustomEvent("neokit-search-results", { detail: { query: found.query, complete: complete } }));
  }

  /* Shows a result's text once its chunk is there; empty until then. */
  function fillSnippet(excerpt, doc, matched) {
    if (excerpt.getAttribute("data-filled") || !texts[chunkOf(doc)]) return;
    excerpt.setAttribute("data-filled", "true");
    highlight(excerpt, snippet(textOf(doc), matched), matched);
  }

  function fillSnippets(found) {
    var spans = list.querySelectorAll(".search-snippet");
    found.results.forEach(function (pair, i) { if (spans[i]) fillSnippet(spans[i], pair[0], found.matched); });
    box.dispatchEvent(new CustomEvent("neokit-search-text", { detail: { query: found.query } }));
  }

  function run() {
    var query = input.value;
    var mine = ++generation;
    if (!words(query).length) {
      list.textContent = "";
      options = [];
      status.textContent = "";
      live.textContent = "";
      open(false);
      return;
    }
    load(function () {
      if (mine !== generation) return;
      var found = search(query);
      var chunks = {};
      found.results.forEach(function (pair) { chunks[chunkOf(pair[0])] = true; });
      // Results appear at once; text not loaded yet fills in when its chunk arrives.
      render(found);
      var needed = Object.keys(chunks).map(Number).filter(function (n) { return !texts[n]; });
      if (needed.length) {
        loadChunks(needed, function () {
          if (mine === generation) fillSnippets(found);
        });
      }
    });
  }

  /* == Keyboard and pointer */
  input.addEventListener("focus", function () {
    load(function () {});
    if (input.value && options.length) open(true);
  });
  input.addEventListener("input", run);
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!options.length) return;
      event.preventDefault();
      if (panel.hidden) open(true);
      var step = event.key === "ArrowDown" ? 1 : -1;
      setActive(active < 0 ? (step > 0 ? 0 : options.length - 1) : (active + step + options.length) % options.length);
    } else if (event.key === "Enter") {
      // Enter opens the chosen result; with none chosen yet, it chooses the first.
      if (!options.length || panel.hidden) return;
      event.preventDefault();
      if (active < 0) return setActive(0);
      var chosen = options[active];
      open(false);
      location.href = chosen.href;
    } else if (event.key === "Escape") {
      if (!panel.hidden) {
        event.preventDefault();
        open(false);
      } else if (input.value) {
        event.preventDefault();
        input.value = "";
        run();
      } else if (box.classList.contains("is-open")) {
        event.preventDefault();
        openField(false);
        opener.focus();
      }
    }
  });
  list.addEventListener("mousedown", function (event) { event.preventDefault(); });
  list.addEventListener("click", function () { open(false); });
  document.addEventListener("click", function (event) {
    if (!box.contains(event.target)) open(false);
  });
  input.addEventListener("blur", function () {
    setTimeout(function () { if (!box.contains(document.activeElement)) open(false); }, 0);
  });
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if ((event.key === "k" || event.key === "K") && (event.ctrlKey || event.metaKey) && !event.altKey) {
      event.preventDefault();
      openField(true);
      input.focus();
      input.select();
    } else if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      openField(true);
      input.focus();
      input.select();
    }
  });

  /* For measurements and tests: resolves the ranked results of a query. */
  window.NeokitSearch = {
    query: function (text, done) {
      load(function () { done(search(text)); });
    }
  };
})();

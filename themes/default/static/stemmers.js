/* Snowball stemmers for the kit's search (English "Porter2" and Dutch), written for neokit from
 * the Snowball algorithm definitions (snowballstem.org, BSD licence). They must give the same
 * stems as the Rust side that builds the index (rust-stemmers); tests compare both. */
(function (global) {
  "use strict";

  function isVowel(c, vowels) { return vowels.indexOf(c) >= 0; }

  /* ---------- English (Porter2) ---------- */
  var EN_V = "aeiouy";
  var EN_V_WXY = "aeiouywxY";
  var EN_LI = "cdeghkmnrt";
  var EN_EXCEPTIONS = {
    skis: "ski", skies: "sky", dying: "die", lying: "lie", tying: "tie",
    idly: "idl", gently: "gentl", ugly: "ugli", early: "earli", only: "onli", singly: "singl",
    sky: "sky", news: "news", howe: "howe", atlas: "atlas", cosmos: "cosmos", bias: "bias", andes: "andes"
  };
  var EN_EXCEPTIONS2 = ["inning", "outing", "canning", "herring", "earring", "proceed", "exceed", "succeed"];

  function enRegions(w) {
    var p1 = w.length, p2 = w.length;
    var start = -1;
    var prefixes = ["gener", "commun", "arsen"];
    for (var k = 0; k < prefixes.length; k++) {
      if (w.indexOf(prefixes[k]) === 0) { start = prefixes[k].length; break; }
    }
    var i;
    if (start >= 0) {
      p1 = start;
    } else {
      for (i = 1; i < w.length; i++) {
        if (!isVowel(w[i], EN_V) && isVowel(w[i - 1], EN_V)) { p1 = i + 1; break; }
      }
    }
    for (i = p1 + 1; i < w.length; i++) {
      if (!isVowel(w[i], EN_V) && isVowel(w[i - 1], EN_V)) { p2 = i + 1; break; }
    }
    return [p1, p2];
  }

  /* A short syllable ends at position `end` (exclusive). */
  function enShortv(w, end) {
    if (end >= 3 && !isVowel(w[end - 1], EN_V_WXY) && isVowel(w[end - 2], EN_V) && !isVowel(w[end - 3], EN_V)) return true;
    return end === 2 && isVowel(w[0], EN_V) && !isVowel(w[1], EN_V);
  }

  function endsWith(w, s) { return w.length >= s.length && w.slice(w.length - s.length) === s; }

  function longestSuffix(w, list) {
    var best = null;
    for (var i = 0; i < list.length; i++) {
      if (endsWith(w, list[i]) && (best === null || list[i].length > best.length)) best = list[i];
    }
    return best;
  }

  function hasVowel(s) {
    for (var i = 0; i < s.length; i++) if (isVowel(s[i], EN_V)) return true;
    return false;
  }

  function english(word) {
    var w = word;
    if (EN_EXCEPTIONS.hasOwnProperty(w)) return EN_EXCEPTIONS[w];
    if (w.length < 3) return w;
    /* prelude */
    if (w[0] === "'") w = w.slice(1);
    var yFound = false;
    if (w[0] === "y") { w = "Y" + w.slice(1); yFound = true; }
    for (var i = 1; i < w.length; i++) {
      if (w[i] === "y" && isVowel(w[i - 1], EN_V)) { w = w.slice(0, i) + "Y" + w.slice(i + 1); yFound = true; }
    }
    var regions = enRegions(w), p1 = regions[0], p2 = regions[1];
    /* Step 1a */
    var s = longestSuffix(w, ["'s'", "'s", "'"]);
    if (s) w = w.slice(0, w.length - s.length);
    s = longestSuffix(w, ["sses", "ied", "ies", "s", "us", "ss"]);
    if (s === "sses") w = w.slice(0, -2);
    else if (s === "ied" || s === "ies") w = w.slice(0, -3) + (w.length - 3 > 1 ? "i" : "ie");
    else if (s === "s") {
      if (hasVowel(w.slice(0, w.length - 2))) w = w.slice(0, -1);
    }
    if (EN_EXCEPTIONS2.indexOf(w) >= 0) return w;
    /* Step 1b */
    s = longestSuffix(w, ["eed", "eedly", "ed", "edly", "ing", "ingly"]);
    if (s === "eed" || s === "eedly") {
      if (w.length - s.length >= p1) w = w.slice(0, w.length - s.length) + "ee";
    } else if (s) {
      var stem = w.slice(0, w.length - s.length);
      if (hasVowel(stem)) {
        w = stem;
        var t = longestSuffix(w, ["at", "bl", "iz", "bb", "dd", "ff", "gg", "mm", "nn", "pp", "rr", "tt"]);
        if (t === "at" || t === "bl" || t === "iz") w += "e";
        else if (t) w = w.slice(0, -1);
        else if (w.length === p1 && enShortv(w, w.length)) w += "e";
      }
    }
    /* Step 1c */
    if (w.length > 2 && (w[w.length - 1] === "y" || w[w.length - 1] === "Y") && !isVowel(w[w.length - 2], EN_V)) {
      w = w.slice(0, -1) + "i";
    }
    /* Step 2 */
    var step2 = {
      tional: "tion", enci: "ence", anci: "ance", abli: "able", entli: "ent", izer: "ize", ization: "ize",
      ational: "ate", ation: "ate", ator: "ate", alism: "al", aliti: "al", alli: "al", fulness: "ful",
      ousli: "ous", ousness: "ous", iveness: "ive", iviti: "ive", biliti: "ble", bli: "ble", ogi: "og",
      fulli: "ful", lessli: "less", li: ""
    };
    s = longestSuffix(w, Object.keys(step2));
    if (s && w.length - s.length >= p1) {
      var before = w.slice(0, w.length - s.length);
      if (s === "ogi") { if (endsWith(before, "l")) w = before + "og"; }
      else if (s === "li") { if (before.length && EN_LI.indexOf(before[before.length - 1]) >= 0) w = before; }
      else w = before + step2[s];
    }
    /* Step 3 */
    var step3 = { tional: "tion", ational: "ate", alize: "al", icate: "ic", iciti: "ic", ical: "ic", ful: "", ness: "", ative: "" };
    s = longestSuffix(w, Object.keys(step3));
    if (s && w.length - s.length >= p1) {
      if (s === "ative") { if (w.length - s.length >= p2) w = w.slice(0, w.length - s.length); }
      else w = w.slice(0, w.length - s.length) + step3[s];
    }
    /* Step 4 */
    s = longestSuffix(w, ["al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ism", "ate", "iti", "ous", "ive", "ize", "ion"]);
    if (s && w.length - s.length >= p2) {
      if (s === "ion") {
        var c = w[w.length - 4];
        if (c === "s" || c === "t") w = w.slice(0, -3);
      } else {
        w = w.slice(0, w.length - s.length);
      }
    }
    /* Step 5 */
    if (endsWith(w, "e")) {
      var at = w.length - 1;
      if (at >= p2 || (at >= p1 && !enShortv(w, at))) w = w.slice(0, -1);
    } else if (endsWith(w, "l")) {
      if (w.length - 1 >= p2 && w[w.length - 2] === "l") w = w.slice(0, -1);
    }
    if (yFound) w = w.replace(/Y/g, "y");
    return w;
  }

  /* ---------- Dutch ---------- */
  var NL_V = "aeiouyè";
  function nlVowel(c) { return NL_V.indexOf(c) >= 0; }

  function dutch(word) {
    var w = word;
    /* prelude: remove accents, mark I and Y between vowels */
    w = w.replace(/[äá]/g, "a").replace(/[ëé]/g, "e").replace(/[ïí]/g, "i").replace(/[öó]/g, "o").replace(/[üú]/g, "u");
    if (w[0] === "y") w = "Y" + w.slice(1);
    var chars = w.split("");
    for (var i = 1; i < chars.length; i++) {
      if (nlVowel(chars[i - 1])) {
        if (chars[i] === "i" && i + 1 < chars.length && nlVowel(chars[i + 1])) chars[i] = "I";
        else if (chars[i] === "y") chars[i] = "Y";
      }
    }
    w = chars.join("");
    /* regions: p1 after the first non-vowel that follows a vowel (at least 3), p2 the same
       again after the unadjusted p1 */
    var p1 = w.length, p2 = w.length;
    for (i = 1; i < w.length; i++) {
      if (!nlVowel(w[i]) && nlVowel(w[i - 1])) { p1 = i + 1; break; }
    }
    for (i = p1 + 1; i < w.length; i++) {
      if (!nlVowel(w[i]) && nlVowel(w[i - 1])) { p2 = i + 1; break; }
    }
    if (p1 < 3) p1 = 3;

    var eFound = false;
    function R1(pos) { return pos >= p1; }
    function R2(pos) { return pos >= p2; }
    function undouble() {
      if (endsWith(w, "kk") || endsWith(w, "dd") || endsWith(w, "tt")) w = w.slice(0, -1);
    }
    function nonVowelAt(pos, extra) {
      var c = w[pos];
      return c !== undefined && !nlVowel(c) && (!extra || extra.indexOf(c) < 0);
    }
    function eEnding() {
      eFound = false;
      if (endsWith(w, "e") && R1(w.length - 1) && nonVowelAt(w.length - 2)) {
        w = w.slice(0, -1);
        eFound = true;
        undouble();
      }
    }
    function enEnding(len) {
      var at = w.length - len;
      if (R1(at) && nonVowelAt(at - 1) && !(at >= 3 && w.slice(at - 3, at) === "gem")) {
        w = w.slice(0, at);
        undouble();
        return true;
      }
      return false;
    }
    /* standard suffix, step 1 */
    var s = longestSuffix(w, ["heden", "en", "ene", "s", "se"]);
    if (s === "heden") {
      if (R1(w.length - 5)) w = w.slice(0, -5) + "heid";
    } else if (s === "en" || s === "ene") {
      enEnding(s.length);
    } else if (s === "s" || s === "se") {
      var at = w.length - s.length;
      if (R1(at) && nonVowelAt(at - 1, "j")) w = w.slice(0, at);
    }
    /* step 2 */
    eEnding();
    /* step 3a */
    if (endsWith(w, "heid") && R2(w.length - 4) && w[w.length - 5] !== "c") {
      w = w.slice(0, -4);
      if (endsWith(w, "en")) enEnding(2);
    }
    /* step 3b */
    s = longestSuffix(w, ["end", "ing", "ig", "lijk", "baar", "bar"]);
    if (s === "end" || s === "ing") {
      if (R2(w.length - 3)) {
        w = w.slice(0, -3);
        if (endsWith(w, "ig") && R2(w.length - 2) && w[w.length - 3] !== "e") w = w.slice(0, -2);
        else undouble();
      }
    } else if (s === "ig") {
      if (R2(w.length - 2) && w[w.length - 3] !== "e") w = w.slice(0, -2);
    } else if (s === "lijk") {
      if (R2(w.length - 4)) { w = w.slice(0, -4); eEnding(); }
    } else if (s === "baar") {
      if (R2(w.length - 4)) w = w.slice(0, -4);
    } else if (s === "bar") {
      if (R2(w.length - 3) && eFound) w = w.slice(0, -3);
    }
    /* step 4: undouble vowel */
    if (w.length >= 4) {
      var last = w[w.length - 1], a = w[w.length - 2], b = w[w.length - 3], before = w[w.length - 4];
      if (!nlVowel(last) && last !== "I" && a === b && "aeou".indexOf(a) >= 0 && !nlVowel(before)) {
        w = w.slice(0, -2) + last;
      }
    }
    return w.replace(/Y/g, "y").replace(/I/g, "i");
  }

  global.NeokitStemmers = { en: english, nl: dutch };
})(typeof window !== "undefined" ? window : globalThis);

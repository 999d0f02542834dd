/* Snowball stemmers for the kit's search (English "Porter2", Dutch, German and French), written
 * for neokit from the Snowball algorithm definitions (snowballstem.org, BSD licence). They must
 * give the same stems as the Rust side that builds the index (rust-stemmers); tests compare both. */
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

  /* German and French work on arrays of characters: their regions and hops count characters,
     as rust-stemmers does, also past a character outside the Basic Multilingual Plane. */
  function toChars(word) {
    var chars = [];
    for (var i = 0; i < word.length; i++) {
      var c = word.charCodeAt(i), d = word.charCodeAt(i + 1);
      if (c >= 0xd800 && c < 0xdc00 && d >= 0xdc00 && d < 0xe000) { chars.push(word.slice(i, i + 2)); i++; }
      else chars.push(word.charAt(i));
    }
    return chars;
  }

  /* w ends with s (suffixes are written with one code unit per character). */
  function charsEndWith(w, s) {
    var at = w.length - s.length;
    if (at < 0) return false;
    for (var k = 0; k < s.length; k++) if (w[at + k] !== s[k]) return false;
    return true;
  }

  /* The longest suffix of w in list that starts at floor or later (Snowball's `among`). */
  function longestIn(w, list, floor) {
    var best = null;
    for (var i = 0; i < list.length; i++) {
      var s = list[i];
      if ((best === null || s.length > best.length) && w.length - s.length >= floor && charsEndWith(w, s)) best = s;
    }
    return best;
  }

  /* The position after the first non-vowel that follows a vowel, from `from` on, or -1. */
  function afterVowelNonVowel(w, from, vowel) {
    var i = from;
    while (i < w.length && !vowel(w[i])) i++;
    for (i++; i < w.length; i++) if (!vowel(w[i])) return i + 1;
    return -1;
  }

  /* w without its last characters from `at` on, followed by `by`. */
  function replaceFrom(w, at, by) {
    w.length = at;
    for (var k = 0; k < by.length; k++) w.push(by[k]);
  }

  /* ---------- German ---------- */
  var DE_V = "aeiouyäöü";
  var DE_S_ENDING = "bdfghklmnrt";
  var DE_ST_ENDING = "bdfghklmnt";
  var DE_STEP1 = ["e", "em", "en", "ern", "er", "s", "es"];
  var DE_STEP2 = ["en", "er", "st", "est"];
  var DE_STEP3 = ["end", "ig", "ung", "lich", "isch", "ik", "heit", "keit"];
  function deVowel(c) { return c !== undefined && DE_V.indexOf(c) >= 0; }

  function german(word) {
    /* prelude: ß becomes ss; u and y between vowels become U and Y (consonants) */
    var w = toChars(word.replace(/ß/g, "ss"));
    var i;
    for (i = 1; i + 1 < w.length; i++) {
      if ((w[i] === "u" || w[i] === "y") && deVowel(w[i - 1]) && deVowel(w[i + 1])) w[i] = w[i].toUpperCase();
    }
    /* regions: p1 after the first non-vowel that follows a vowel, at least 3; p2 the same
       again after the unadjusted p1 */
    var p1 = w.length, p2 = w.length;
    if (w.length >= 3) {
      var r1 = afterVowelNonVowel(w, 0, deVowel);
      if (r1 >= 0) {
        p1 = Math.max(r1, 3);
        var r2 = afterVowelNonVowel(w, r1, deVowel);
        if (r2 >= 0) p2 = r2;
      }
    }
    /* step 1 */
    var s = longestIn(w, DE_STEP1, 0), at;
    if (s && (at = w.length - s.length) >= p1) {
      if (s === "em" || s === "ern" || s === "er") {
        w.length = at;
      } else if (s === "s") {
        if (at > 0 && DE_S_ENDING.indexOf(w[at - 1]) >= 0) w.length = at;
      } else {
        w.length = at;
        if (charsEndWith(w, "niss")) w.length -= 1;
      }
    }
    /* step 2 */
    s = longestIn(w, DE_STEP2, 0);
    if (s && (at = w.length - s.length) >= p1) {
      if (s !== "st") w.length = at;
      else if (at - 1 >= 3 && DE_ST_ENDING.indexOf(w[at - 1]) >= 0) w.length = at;
    }
    /* step 3: derivational suffixes */
    s = longestIn(w, DE_STEP3, 0);
    if (s && (at = w.length - s.length) >= p2) {
      if (s === "end" || s === "ung") {
        w.length = at;
        if (charsEndWith(w, "ig") && w[at - 3] !== "e" && at - 2 >= p2) w.length = at - 2;
      } else if (s === "ig" || s === "ik" || s === "isch") {
        if (w[at - 1] !== "e") w.length = at;
      } else if (s === "lich" || s === "heit") {
        w.length = at;
        if ((charsEndWith(w, "er") || charsEndWith(w, "en")) && at - 2 >= p1) w.length = at - 2;
      } else {
        w.length = at;
        var t = longestIn(w, ["ig", "lich"], 0);
        if (t && at - t.length >= p2) w.length = at - t.length;
      }
    }
    /* postlude */
    var back = { U: "u", Y: "y", "ä": "a", "ö": "o", "ü": "u" };
    for (i = 0; i < w.length; i++) if (back.hasOwnProperty(w[i])) w[i] = back[w[i]];
    return w.join("");
  }

  /* ---------- French ---------- */
  var FR_V = "aeiouyâàëéêèïîôûù";
  var FR_KEEP_WITH_S = "aiousè";
  /* suffix: what to do (the numbers of the Snowball definition's `among` cases) */
  var FR_STANDARD = {
    "iqUe": 1, "iqUes": 1, "ance": 1, "ances": 1, "able": 1, "ables": 1, "isme": 1, "ismes": 1,
    "iste": 1, "istes": 1, "eux": 1,
    "atrice": 2, "atrices": 2, "ateur": 2, "ateurs": 2, "ation": 2, "ations": 2,
    "logie": 3, "logies": 3, "usion": 4, "usions": 4, "ution": 4, "utions": 4,
    "ence": 5, "ences": 5, "ement": 6, "ements": 6, "ité": 7, "ités": 7,
    "if": 8, "ifs": 8, "ive": 8, "ives": 8, "eaux": 9, "aux": 10, "euse": 11, "euses": 11,
    "issement": 12, "issements": 12, "amment": 13, "emment": 14, "ment": 15, "ments": 15
  };
  var FR_I_VERB = ["îmes", "ît", "îtes", "i", "ie", "ies", "ir", "ira", "irai", "iraIent", "irais",
    "irait", "iras", "irent", "irez", "iriez", "irions", "irons", "iront", "is", "issaIent",
    "issais", "issait", "issant", "issante", "issantes", "issants", "isse", "issent", "isses",
    "issez", "issiez", "issions", "issons", "it"];
  var FR_VERB = {
    "ions": 1,
    "é": 2, "ée": 2, "ées": 2, "és": 2, "èrent": 2, "er": 2, "era": 2, "erai": 2, "eraIent": 2,
    "erais": 2, "erait": 2, "eras": 2, "erez": 2, "eriez": 2, "erions": 2, "erons": 2, "eront": 2,
    "ez": 2, "iez": 2,
    "âmes": 3, "ât": 3, "âtes": 3, "a": 3, "ai": 3, "aIent": 3, "ais": 3, "ait": 3, "ant": 3,
    "ante": 3, "antes": 3, "ants": 3, "as": 3, "asse": 3, "assent": 3, "asses": 3, "assiez": 3,
    "assions": 3
  };
  var FR_RESIDUAL = { "ion": 1, "ier": 2, "ière": 2, "Ier": 2, "Ière": 2, "e": 3, "ë": 4 };
  var FR_STANDARD_LIST = Object.keys(FR_STANDARD);
  var FR_VERB_LIST = Object.keys(FR_VERB);
  var FR_RESIDUAL_LIST = Object.keys(FR_RESIDUAL);
  function frVowel(c) { return c !== undefined && FR_V.indexOf(c) >= 0; }

  function french(word) {
    var w = toChars(word);
    var i;
    /* prelude: u, i and y that are consonants become U, I and Y; so does the u after q */
    for (i = 0; i < w.length; i++) {
      var next = w[i + 1];
      if (frVowel(w[i])) {
        if ((next === "u" || next === "i") && frVowel(w[i + 2])) { w[i + 1] = next.toUpperCase(); continue; }
        if (next === "y") { w[i + 1] = "Y"; continue; }
      }
      if (w[i] === "y" && frVowel(next)) w[i] = "Y";
      else if (w[i] === "q" && next === "u") w[i + 1] = "U";
    }
    /* regions: RV (pV), R1 (p1), R2 (p2) */
    var pV = w.length, p1 = w.length, p2 = w.length;
    var start = w.slice(0, 3).join("");
    if (w.length >= 3 && frVowel(w[0]) && frVowel(w[1])) pV = 3;
    else if (start === "par" || start === "col" || start === "tap") pV = 3;
    else {
      for (i = 1; i < w.length && !frVowel(w[i]); i++);
      if (i < w.length) pV = i + 1;
    }
    var r1 = afterVowelNonVowel(w, 0, frVowel);
    if (r1 >= 0) {
      p1 = r1;
      var r2 = afterVowelNonVowel(w, r1, frVowel);
      if (r2 >= 0) p2 = r2;
    }
    function ends(s) { return charsEndWith(w, s); }

    /* false when no standard suffix was removed (some cases change the word all the same) */
    function standardSuffix() {
      var s = longestIn(w, FR_STANDARD_LIST, 0);
      if (!s) return false;
      var at = w.length - s.length, t;
      switch (FR_STANDARD[s]) {
        case 1:
          if (at < p2) return false;
          w.length = at;
          return true;
        case 2:
          if (at < p2) return false;
          w.length = at;
          if (ends("ic")) {
            if (at - 2 >= p2) w.length = at - 2;
            else replaceFrom(w, at - 2, "iqU");
          }
          return true;
        case 3:
          if (at < p2) return false;
          replaceFrom(w, at, "log");
          return true;
        case 4:
          if (at < p2) return false;
          replaceFrom(w, at, "u");
          return true;
        case 5:
          if (at < p2) return false;
          replaceFrom(w, at, "ent");
          return true;
        case 6:
          if (at < pV) return false;
          w.length = at;
          t = longestIn(w, ["iv", "eus", "abl", "iqU", "ièr", "Ièr"], 0);
          if (t) {
            var tat = w.length - t.length;
            if (t === "iv") {
              if (tat >= p2) {
                w.length = tat;
                if (ends("at") && tat - 2 >= p2) w.length = tat - 2;
              }
            } else if (t === "eus") {
              if (tat >= p2) w.length = tat;
              else if (tat >= p1) replaceFrom(w, tat, "eux");
            } else if (t === "abl" || t === "iqU") {
              if (tat >= p2) w.length = tat;
            } else if (tat >= pV) {
              replaceFrom(w, tat, "i");
            }
          }
          return true;
        case 7:
          if (at < p2) return false;
          w.length = at;
          t = longestIn(w, ["abil", "ic", "iv"], 0);
          if (t) {
            var keep = w.length - t.length;
            if (keep >= p2) w.length = keep;
            else if (t === "abil") replaceFrom(w, keep, "abl");
            else if (t === "ic") replaceFrom(w, keep, "iqU");
          }
          return true;
        case 8:
          if (at < p2) return false;
          w.length = at;
          if (ends("at") && at - 2 >= p2) {
            w.length = at - 2;
            if (ends("ic")) {
              if (at - 4 >= p2) w.length = at - 4;
              else replaceFrom(w, at - 4, "iqU");
            }
          }
          return true;
        case 9:
          replaceFrom(w, at, "eau");
          return true;
        case 10:
          if (at < p1) return false;
          replaceFrom(w, at, "al");
          return true;
        case 11:
          if (at >= p2) w.length = at;
          else if (at >= p1) replaceFrom(w, at, "eux");
          else return false;
          return true;
        case 12:
          if (at < p1 || at === 0 || frVowel(w[at - 1])) return false;
          w.length = at;
          return true;
        case 13:
          if (at >= pV) replaceFrom(w, at, "ant");
          return false;
        case 14:
          if (at >= pV) replaceFrom(w, at, "ent");
          return false;
        default: /* ment, ments: removed after a vowel in RV, then on to the verb suffixes */
          if (at > 0 && frVowel(w[at - 1]) && at - 1 >= pV) w.length = at;
          return false;
      }
    }

    function iVerbSuffix() {
      if (w.length < pV) return false;
      var s = longestIn(w, FR_I_VERB, pV);
      if (!s) return false;
      var at = w.length - s.length;
      if (at <= pV || frVowel(w[at - 1])) return false;
      w.length = at;
      return true;
    }

    function verbSuffix() {
      if (w.length < pV) return false;
      var s = longestIn(w, FR_VERB_LIST, pV);
      if (!s) return false;
      var at = w.length - s.length, kind = FR_VERB[s];
      if (kind === 1 && at < p2) return false;
      w.length = at;
      if (kind === 3 && ends("e") && at - 1 >= pV) w.length = at - 1;
      return true;
    }

    function residualSuffix() {
      var n = w.length;
      if (n >= 2 && w[n - 1] === "s" && FR_KEEP_WITH_S.indexOf(w[n - 2]) < 0) w.length = n - 1;
      if (w.length < pV) return;
      var s = longestIn(w, FR_RESIDUAL_LIST, pV);
      if (!s) return;
      var at = w.length - s.length, kind = FR_RESIDUAL[s];
      if (kind === 1) {
        if (at >= p2 && at - 1 >= pV && (w[at - 1] === "s" || w[at - 1] === "t")) w.length = at;
      } else if (kind === 2) {
        replaceFrom(w, at, "i");
      } else if (kind === 3) {
        w.length = at;
      } else if (at - 2 >= pV && w[at - 2] === "g" && w[at - 1] === "u") {
        w.length = at;
      }
    }

    if (standardSuffix() || iVerbSuffix() || verbSuffix()) {
      if (ends("Y")) w[w.length - 1] = "i";
      else if (ends("ç")) w[w.length - 1] = "c";
    } else {
      residualSuffix();
    }
    /* un-double: enn, onn, ett, ell, eill lose their last letter */
    if (longestIn(w, ["enn", "onn", "ett", "ell", "eill"], 0)) w.length -= 1;
    /* un-accent: é or è before the last non-vowels becomes e */
    i = w.length;
    while (i > 0 && !frVowel(w[i - 1])) i--;
    if (i < w.length && i > 0 && (w[i - 1] === "é" || w[i - 1] === "è")) w[i - 1] = "e";
    /* postlude */
    for (i = 0; i < w.length; i++) {
      if (w[i] === "I") w[i] = "i";
      else if (w[i] === "U") w[i] = "u";
      else if (w[i] === "Y") w[i] = "y";
    }
    return w.join("");
  }

  global.NeokitStemmers = { en: english, nl: dutch, de: german, fr: french };
})(typeof window !== "undefined" ? window : globalThis);

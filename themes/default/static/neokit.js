/* neokit default theme behaviour. Every feature enhances HTML that works without it.
 * Sections: menu, theme toggle, full navigation, tabs, wide tables and tab rows, outline, code
 * blocks, anchors. */
(function () {
  "use strict";
  var root = document.documentElement;
  var rootPrefix = root.getAttribute("data-root") || "";

  function icon(name) {
    var paths = {
      chevron: '<path d="m9 6 6 6-6 6"/>',
      copy: '<path d="M9 9h11v11H9z"/><path d="M5 15H4V4h11v1"/>',
      check: '<path d="m5 12.5 4.5 4.5L19 7.5"/>'
    };
    return '<svg class="icon" viewBox="0 0 24 24" width="16" height="16" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">' + paths[name] + "</svg>";
  }

  /* == Menu (narrow screens) */
  var menuButton = document.querySelector(".menu-toggle");
  var nav = document.getElementById("site-nav");
  if (menuButton && nav) {
    menuButton.hidden = false;
    var setOpen = function (open) {
      root.classList.toggle("nav-open", open);
      menuButton.setAttribute("aria-expanded", open ? "true" : "false");
    };
    menuButton.addEventListener("click", function () {
      var open = menuButton.getAttribute("aria-expanded") !== "true";
      setOpen(open);
      if (open) {
        var current = nav.querySelector("[aria-current='page']") || nav.querySelector("a");
        if (current) current.focus();
      }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && root.classList.contains("nav-open")) {
        setOpen(false);
        menuButton.focus();
      }
    });
  }

  /* == Theme toggle */
  var themeButton = document.querySelector(".theme-toggle");
  if (themeButton) {
    themeButton.hidden = false;
    var label = themeButton.querySelector(".visually-hidden");
    var isDark = function () {
      var chosen = root.getAttribute("data-theme");
      if (chosen) return chosen === "dark";
      return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
    };
    var refresh = function () {
      var dark = isDark();
      themeButton.setAttribute("aria-pressed", dark ? "true" : "false");
      if (label) label.textContent = themeButton.getAttribute("data-label-dark");
    };
    themeButton.addEventListener("click", function () {
      var next = isDark() ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try { localStorage.setItem("neokit-theme", next); } catch (e) { /* not remembered */ }
      refresh();
    });
    refresh();
  }

  /* == Full navigation from nav.js: every entry, groups collapsible, current branch open */
  var data = window.NEOKIT_NAV;
  var inner = nav && nav.querySelector(".sidebar-inner");
  if (data && inner) {
    var here = location.pathname.replace(/\/index\.html$/, "/");
    var currentHref = null;
    var currentLink = nav.querySelector("[aria-current='page']");
    if (currentLink) currentHref = currentLink.getAttribute("href");
    var counter = 0;
    var resolve = function (h) { return rootPrefix + h; };
    var isCurrent = function (href) {
      var a = document.createElement("a");
      a.href = href;
      return a.pathname.replace(/\/index\.html$/, "/") === here && !a.hash;
    };
    var build = function (items, depth) {
      var list = document.createElement("ul");
      list.className = "nav-list nav-depth-" + depth;
      var containsCurrent = false;
      items.forEach(function (item) {
        var li = document.createElement("li");
        li.className = "nav-item";
        var row = document.createElement("div");
        row.className = "nav-row";
        var link;
        if (item.h) {
          link = document.createElement("a");
          link.href = item.x ? item.h : resolve(item.h);
          if (item.x) link.rel = "noopener";
        } else {
          link = document.createElement("span");
          link.className = "nav-label";
        }
        link.textContent = item.l;
        if (item.ic) link.insertAdjacentHTML("afterbegin", item.ic);
        row.appendChild(link);
        li.appendChild(row);
        var current = item.h && !item.x && isCurrent(link.href);
        if (current) {
          li.classList.add("is-current");
          link.setAttribute("aria-current", "page");
        }
        var childCurrent = false;
        if (item.c && item.c.length) {
          var sub = build(item.c, depth + 1);
          childCurrent = sub.current;
          counter += 1;
          sub.list.id = "nav-group-" + counter;
          var open = current || childCurrent;
          sub.list.hidden = !open;
          var toggle = document.createElement("button");
          toggle.type = "button";
          toggle.className = "nav-expand";
          toggle.setAttribute("aria-expanded", open ? "true" : "false");
          toggle.setAttribute("aria-controls", sub.list.id);
          toggle.setAttribute("aria-label", item.l);
          toggle.innerHTML = icon("chevron");
          toggle.addEventListener("click", function () {
            var expanded = toggle.getAttribute("aria-expanded") === "true";
            toggle.setAttribute("aria-expanded", expanded ? "false" : "true");
            sub.list.hidden = expanded;
          });
          row.appendChild(toggle);
          li.appendChild(sub.list);
          if (childCurrent) li.classList.add("is-active");
        }
        if (current || childCurrent) containsCurrent = true;
        list.appendChild(li);
      });
      return { list: list, current: containsCurrent };
    };
    var fragment = document.createDocumentFragment();
    data.sections.forEach(function (section) {
      var box = document.createElement("div");
      box.className = "nav-section";
      if (section.t) {
        var title = document.createElement("h2");
        title.className = "nav-section-title";
        title.textContent = section.t;
        box.appendChild(title);
      }
      var built = build(section.i, 0);
      if (built.current) box.classList.add("is-current");
      box.appendChild(built.list);
      fragment.appendChild(box);
    });
    if (currentHref !== null || data.sections.length) {
      inner.textContent = "";
      inner.appendChild(fragment);
      var active = inner.querySelector("[aria-current='page']");
      if (active && active.scrollIntoView && window.innerWidth > 900) {
        var box = inner.getBoundingClientRect();
        var spot = active.getBoundingClientRect();
        if (spot.bottom > box.bottom || spot.top < box.top) inner.scrollTop += spot.top - box.top - box.height / 3;
      }
    }
  }

  /* == Tabs: a tab list with arrow keys; without JavaScript the panels are stacked */
  var tabCount = 0;
  Array.prototype.forEach.call(document.querySelectorAll(".tabs"), function (tabs) {
    var panels = Array.prototype.filter.call(tabs.children, function (el) { return el.classList.contains("tab-panel"); });
    if (!panels.length) return;
    tabCount += 1;
    var list = document.createElement("div");
    list.className = "tablist";
    list.setAttribute("role", "tablist");
    var buttons = panels.map(function (panel, index) {
      var titleEl = panel.querySelector(".tab-title");
      var button = document.createElement("button");
      button.type = "button";
      button.setAttribute("role", "tab");
      button.id = "tabs-" + tabCount + "-tab-" + index;
      button.textContent = titleEl ? titleEl.textContent : "Tab " + (index + 1);
      button.setAttribute("aria-controls", panel.id);
      panel.setAttribute("role", "tabpanel");
      panel.setAttribute("aria-labelledby", button.id);
      panel.setAttribute("tabindex", "0");
      list.appendChild(button);
      return button;
    });
    var select = function (index, focus) {
      buttons.forEach(function (button, i) {
        var selected = i === index;
        button.setAttribute("aria-selected", selected ? "true" : "false");
        button.tabIndex = selected ? 0 : -1;
        panels[i].hidden = !selected;
      });
      if (focus) buttons[index].focus();
    };
    buttons.forEach(function (button, index) {
      button.addEventListener("click", function () { select(index, false); });
      button.addEventListener("keydown", function (event) {
        var next = null;
        if (event.key === "ArrowRight") next = (index + 1) % buttons.length;
        else if (event.key === "ArrowLeft") next = (index - 1 + buttons.length) % buttons.length;
        else if (event.key === "Home") next = 0;
        else if (event.key === "End") next = buttons.length - 1;
        if (next !== null) {
          event.preventDefault();
          select(next, true);
        }
      });
    });
    tabs.insertBefore(list, tabs.firstChild);
    tabs.classList.add("is-enhanced");
    var target = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
    var start = 0;
    panels.forEach(function (panel, i) { if (target && panel.contains(target)) start = i; });
    select(start, false);
  });

  /* == Wider than its frame: a table or a tab row that scrolls sideways gets has-more-left /
   * has-more-right on the side(s) with more (the stylesheet draws a shadow there); a table that
   * scrolls is a named region reachable with Tab, so the arrow keys can scroll it. */
  var tableRegionLabel = document.documentElement.lang.indexOf("nl") === 0 ? "Tabel, schuift opzij" : "Table, scrolls sideways";
  var watchSideways = function (frame, isTable) {
    var madeFocusable = false;
    var update = function () {
      var room = frame.scrollWidth - frame.clientWidth;
      var scrollable = room > 1;
      // Position from the left edge, 0 to room; right-to-left frames count from 0 down to -room.
      var fromLeft = getComputedStyle(frame).direction === "rtl" ? room + frame.scrollLeft : frame.scrollLeft;
      frame.classList.toggle("has-more-left", scrollable && fromLeft > 1);
      frame.classList.toggle("has-more-right", scrollable && fromLeft < room - 1);
      if (!isTable) return;
      if (scrollable && !madeFocusable && !frame.hasAttribute("tabindex")) {
        var caption = frame.querySelector("caption");
        frame.setAttribute("tabindex", "0");
        frame.setAttribute("role", "region");
        frame.setAttribute("aria-label", caption && caption.textContent.trim() ? caption.textContent.trim() : tableRegionLabel);
        madeFocusable = true;
      } else if (!scrollable && madeFocusable && document.activeElement !== frame) {
        frame.removeAttribute("tabindex");
        frame.removeAttribute("role");
        frame.removeAttribute("aria-label");
        madeFocusable = false;
      }
    };
    frame.addEventListener("scroll", update, { passive: true });
    if ("ResizeObserver" in window) {
      var sizes = new ResizeObserver(update);
      sizes.observe(frame);
      if (frame.firstElementChild) sizes.observe(frame.firstElementChild);
    } else {
      window.addEventListener("resize", update);
    }
    window.addEventListener("load", update);
    update();
  };
  Array.prototype.forEach.call(document.querySelectorAll(".table-wrap"), function (frame) { watchSideways(frame, true); });
  Array.prototype.forEach.call(document.querySelectorAll(".tablist"), function (frame) { watchSideways(frame, false); });

  /* == Outline follows scrolling */
  var outlineLinks = document.querySelectorAll(".outline a");
  if (outlineLinks.length && "IntersectionObserver" in window) {
    var byId = {};
    Array.prototype.forEach.call(outlineLinks, function (a) { byId[decodeURIComponent(a.hash.slice(1))] = a; });
    var headings = Object.keys(byId).map(function (id) { return document.getElementById(id); }).filter(Boolean);
    var visible = {};
    var mark = function () {
      var first = null;
      headings.forEach(function (h) { if (!first && visible[h.id]) first = h; });
      if (!first) return;
      Array.prototype.forEach.call(outlineLinks, function (a) { a.classList.remove("is-current"); });
      byId[first.id].classList.add("is-current");
    };
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) { visible[entry.target.id] = entry.isIntersecting; });
      mark();
    }, { rootMargin: "-64px 0px -60% 0px" });
    headings.forEach(function (h) { observer.observe(h); });
  }

  /* == Code blocks: copy button, long blocks collapsed */
  Array.prototype.forEach.call(document.querySelectorAll(".code-block, .prompt"), function (block) {
    var code = block.querySelector("pre");
    if (!code || !navigator.clipboard) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "icon-button copy-button";
    var copyLabel = document.documentElement.lang.indexOf("nl") === 0 ? "Kopiëren" : "Copy";
    var doneLabel = document.documentElement.lang.indexOf("nl") === 0 ? "Gekopieerd" : "Copied";
    button.innerHTML = icon("copy") + '<span class="visually-hidden">' + copyLabel + "</span>";
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(code.innerText).then(function () {
        button.innerHTML = icon("check") + '<span class="visually-hidden">' + doneLabel + "</span>";
        setTimeout(function () { button.innerHTML = icon("copy") + '<span class="visually-hidden">' + copyLabel + "</span>"; }, 1500);
      });
    });
    block.appendChild(button);
  });
  Array.prototype.forEach.call(document.querySelectorAll(".code-block.expandable"), function (block) {
    block.classList.add("is-collapsed");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "code-expand";
    button.setAttribute("aria-expanded", "false");
    button.textContent = document.documentElement.lang.indexOf("nl") === 0 ? "Meer tonen" : "Show more";
    button.addEventListener("click", function () {
      var collapsed = block.classList.toggle("is-collapsed");
      button.setAttribute("aria-expanded", collapsed ? "false" : "true");
    });
    block.appendChild(button);
  });

  /* == A link to a section inside a closed <details> opens it */
  var openTarget = function () {
    if (!location.hash) return;
    var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    for (var el = target; el; el = el.parentElement) {
      if (el.tagName === "DETAILS") el.open = true;
    }
  };
  window.addEventListener("hashchange", openTarget);
  openTarget();

  /* == FAQ pages: expand or collapse every question; copy a question's link */
  var faqTools = document.querySelector(".faq-tools");
  if (faqTools) {
    faqTools.hidden = false;
    faqTools.addEventListener("click", function (event) {
      var button = event.target.closest("[data-faq]");
      if (!button) return;
      var open = button.getAttribute("data-faq") === "open";
      Array.prototype.forEach.call(document.querySelectorAll("details.faq"), function (d) { d.open = open; });
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll(".faq-link"), function (link) {
    link.addEventListener("click", function () {
      if (navigator.clipboard && location.protocol !== "file:") {
        var url = location.href.split("#")[0] + link.getAttribute("href");
        navigator.clipboard.writeText(url).then(function () {
          link.classList.add("is-copied");
          setTimeout(function () { link.classList.remove("is-copied"); }, 1500);
        }, function () { /* the link still works */ });
      }
    });
  });

  /* == Headings: a link to each section, shown on hover and focus; a click also copies it */
  var sectionLabel = document.documentElement.lang.indexOf("nl") === 0 ? "Link naar dit deel: " : "Link to this section: ";
  Array.prototype.forEach.call(document.querySelectorAll(".content h2[id], .content h3[id], .content h4[id]"), function (heading) {
    if (heading.querySelector(".heading-link")) return;
    var link = document.createElement("a");
    link.className = "heading-link";
    link.href = "#" + heading.id;
    link.setAttribute("aria-label", sectionLabel + heading.textContent.trim());
    link.textContent = "#";
    link.addEventListener("click", function () {
      if (navigator.clipboard && location.protocol !== "file:") {
        navigator.clipboard.writeText(location.href.split("#")[0] + "#" + heading.id).then(function () {
          link.classList.add("is-copied");
          setTimeout(function () { link.classList.remove("is-copied"); }, 1500);
        }, function () { /* the link still works */ });
      }
    });
    heading.appendChild(link);
  });

  /* == Printing shows every expandable open; they close again afterwards */
  var closedForPrint = [];
  window.addEventListener("beforeprint", function () {
    closedForPrint = Array.prototype.filter.call(document.querySelectorAll("details:not([open])"), function (d) {
      d.open = true;
      return true;
    });
  });
  window.addEventListener("afterprint", function () {
    closedForPrint.forEach(function (d) { d.open = false; });
    closedForPrint = [];
  });
})();

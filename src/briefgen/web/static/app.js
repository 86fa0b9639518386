// briefgen serve: the page's only script (progressive enhancement; every page works without it).
// Search as you type: asks /api/search and rebuilds the results with textContent only (no HTML from data).
// A form that takes time shows that it is working.
"use strict";
(function () {
  function personItem(p, words) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = "/person/" + encodeURIComponent(p.person_id);
    a.textContent = p.name;
    li.appendChild(a);
    if (p.native) {
      var n = document.createElement("span");
      n.lang = "ja";
      n.textContent = " " + p.native;
      li.appendChild(n);
    }
    var post = document.createElement("span");
    post.className = "post";
    post.textContent = " — " + (p.post ? (p.former ? words.former + " " : "") + p.post : words.no_post) + ", " + p.country;
    li.appendChild(post);
    var id = document.createElement("span");
    id.className = "id";
    id.textContent = " (" + p.person_id + (p.matched ? "; “" + p.matched + "”" : "") + ")";
    li.appendChild(id);
    return li;
  }

  function list(people, words) {
    var ul = document.createElement("ul");
    ul.className = "people";
    people.forEach(function (p) { ul.appendChild(personItem(p, words)); });
    return ul;
  }

  function setUpSearch() {
    var input = document.getElementById("q");
    var results = document.getElementById("results");
    if (!input || !results || !window.fetch) { return; }
    var timer = null;
    var asked = 0;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var mine = ++asked;
        var q = input.value;
        fetch("/api/search?q=" + encodeURIComponent(q), { credentials: "same-origin", headers: { "Accept": "application/json" } })
          .then(function (r) { return r.ok ? r.json() : null; })
          .then(function (data) {
            if (!data || mine !== asked) { return; }
            results.replaceChildren();
            if (!data.kind) { return; }
            var h = document.createElement("h2");
            h.className = data.kind;
            h.textContent = data.heading;
            results.appendChild(h);
            results.appendChild(list(data.people, data));
            if (data.containing.length) {
              if (data.kind !== "containing") {
                var h3 = document.createElement("h3");
                h3.textContent = data.containing_heading;
                results.appendChild(h3);
              }
              results.appendChild(list(data.containing, data));
            }
            if (history.replaceState) { history.replaceState(null, "", "/?q=" + encodeURIComponent(q)); }
          })
          .catch(function () { /* the form still works without the script */ });
      }, 150);
    });
  }

  function setUpBusyForms() {
    document.querySelectorAll("form.busy-on-submit").forEach(function (form) {
      form.addEventListener("submit", function () {
        var note = form.querySelector(".busy");
        if (note) { note.hidden = false; }
        form.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpSearch();
    setUpBusyForms();
  });
})();

// Progressive enhancement for the new-discussion form: as the title is typed, list discussions in the
// same community that may already answer it. Without JavaScript the "Check for similar discussions"
// button does the same on the server.
(function () {
  "use strict";
  var input = document.querySelector("[data-similar-community]");
  if (!input || !window.fetch) { return; }
  var target = document.getElementById(input.getAttribute("data-similar-target"));
  var community = input.getAttribute("data-similar-community");
  var searchURL = input.getAttribute("data-search-url");
  var stop = ["the", "and", "for", "with", "what", "how", "can", "does", "our", "are", "you", "that", "this", "from", "have", "any"];
  var timer = null;
  var last = "";

  function words(text) {
    return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(function (w) { return w.length >= 2 && stop.indexOf(w) < 0; });
  }

  function render(results) {
    while (target.firstChild) { target.removeChild(target.firstChild); }
    if (!results.length) { return; }
    var heading = document.createElement("h2");
    heading.textContent = "Has this been answered already?";
    var list = document.createElement("ul");
    results.slice(0, 5).forEach(function (result) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = result.url;
      link.textContent = result.title;
      item.appendChild(link);
      if (result.answered) { item.appendChild(document.createTextNode(" (answered)")); }
      list.appendChild(item);
    });
    target.appendChild(heading);
    target.appendChild(list);
  }

  function lookUp() {
    var terms = words(input.value).slice(0, 12);
    var query = terms.join(" OR ");
    if (terms.length === 0 || query === last) { return; }
    last = query;
    var url = searchURL + "?q=" + encodeURIComponent(query) + "&in=" + encodeURIComponent(community);
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(function (body) { render(body.results || []); })
      .catch(function () { /* suggestions are optional */ });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(lookUp, 400);
  });
})();

// Suggestions for the judge and prosecutor fields of the case form. Without this script the
// fields still work: the form looks the typed name up when it is saved.
(function () {
  "use strict";
  var fields = document.querySelectorAll("input[data-official-search]");
  Array.prototype.forEach.call(fields, function (input) {
    var list = document.createElement("datalist");
    list.id = input.id + "-suggestions";
    input.setAttribute("list", list.id);
    input.after(list);
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      if (input.value.trim().length < 2) { return; }
      timer = setTimeout(function () { suggest(input, list); }, 200);
    });
  });

  function suggest(input, list) {
    var url = input.form.dataset.officialSearch + "?format=json&role=" +
      encodeURIComponent(input.dataset.officialSearch) + "&q=" + encodeURIComponent(input.value);
    fetch(url, {credentials: "same-origin"}).then(function (response) {
      return response.ok ? response.json() : {results: []};
    }).then(function (data) {
      list.replaceChildren.apply(list, data.results.map(function (official) {
        var option = document.createElement("option");
        option.value = official.label;
        return option;
      }));
    });
  }
})();

/* Suggest procedure titles while typing in any input carrying data-autocomplete (a datalist, so screen readers
   and keyboards get the browser's own accessible list). */
(function () {
    "use strict";
    document.querySelectorAll("input[data-autocomplete]").forEach(function (input) {
        var list = document.getElementById(input.getAttribute("list")), timer, last = "";
        if (!list) { return; }
        input.addEventListener("input", function () {
            clearTimeout(timer);
            var value = input.value.trim();
            if (value.length < 2 || value === last) { return; }
            timer = setTimeout(function () {
                last = value;
                fetch(input.dataset.autocomplete + "?q=" + encodeURIComponent(value), {headers: {Accept: "application/json"}})
                    .then(function (response) { return response.ok ? response.json() : {results: []}; })
                    .then(function (data) {
                        list.replaceChildren.apply(list, data.results.map(function (item) {
                            var option = document.createElement("option");
                            option.value = item.title;
                            return option;
                        }));
                    })
                    .catch(function () { /* suggestions are a convenience: the form still works */ });
            }, 150);
        });
    });
})();

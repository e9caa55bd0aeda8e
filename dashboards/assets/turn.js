// Open at the matching turn: /interactions/ID?turn=N (the links of search results and alerts) scrolls the transcript
// to that turn and marks it, once the transcript has been drawn.
(function () {
  function markTurn() {
    var turn = new URLSearchParams(window.location.search).get("turn");
    if (!turn || !/^\d+$/.test(turn)) { return; }
    var element = document.getElementById("interaction-turn-" + turn);
    if (!element || element.classList.contains("search-hit")) { return; }
    element.classList.add("search-hit");
    element.style.outline = "2px solid #e8a33d";
    element.scrollIntoView({block: "center"});
  }
  new MutationObserver(markTurn).observe(document.documentElement, {childList: true, subtree: true});
})();

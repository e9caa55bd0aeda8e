// Click-to-seek: any element with data-seek (evidence quotes, transcript times) plays the call recording from there.
document.addEventListener("click", function (event) {
  var target = event.target.closest("[data-seek]");
  var audio = document.getElementById("interaction-audio");
  if (!target || !audio) { return; }
  audio.currentTime = parseFloat(target.getAttribute("data-seek"));
  audio.play().catch(function () {});
});

// The page's language: <html lang> (screen readers, the browser's translation offer) and the date picker's weekday
// and month names. Dash 4's DatePickerRange formats with date-fns and uses the locale in window.dateFns.locale that
// matches the browser's language, else the first one there; so only the page's language is left there
// (date-fns-locale-ja.min.js registers Japanese; with none, date-fns speaks its built-in English).
(function () {
  var registered = Object.assign({}, (window.dateFns || {}).locale);
  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    koe: {
      setLanguage: function (lang) {
        lang = lang === "en" ? "en" : "ja";
        document.documentElement.lang = lang;
        var only = {};
        if (registered[lang]) { only[lang] = registered[lang]; }
        window.dateFns = Object.assign({}, window.dateFns, {locale: only});
        return "lang";
      }
    }
  });
})();

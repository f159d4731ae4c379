/*
 * Stand-in for the Formbricks JS core that @formbricks/js loads from the Formbricks app
 * (`<appUrl>/js/formbricks.umd.cjs`). The real core is served by the app and is not published on npm,
 * so the bench cannot measure it offline. This stand-in does the work the core does to show one survey:
 * it reads the workspace's environment state from the app's client API, loads the surveys bundle from
 * `<appUrl>/js/surveys.umd.cjs` (@formbricks/surveys) and renders the survey, inline in the page's
 * container. Its own bytes are counted with Formbricks', and are far fewer than the real core's: the
 * Formbricks figures are a lower bound.
 */
(function () {
  var noop = function () {};
  function load(src) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = src;
      s.async = true;
      s.onload = resolve;
      s.onerror = reject;
      document.head.appendChild(s);
    });
  }
  globalThis.formbricks = {
    setup: async function (config) {
      var id = config.workspaceId || config.environmentId;
      var res = await fetch(config.appUrl + "/api/v2/client/" + encodeURIComponent(id) + "/environment");
      var state = (await res.json()).data.data;
      var survey = state.surveys[0];
      await load(config.appUrl + "/js/surveys.umd.cjs");
      window.formbricksSurveys.renderSurveyInline({
        survey: survey,
        containerId: "formbricks-survey",
        brandColor: state.project.brandColor,
        isBrandingEnabled: false,
        languageCode: "default",
        onDisplay: noop,
        onResponse: noop,
        onClose: noop,
        onFinished: noop,
        onRetry: noop,
      });
    },
    setEmail: noop,
    setAttribute: noop,
    setAttributes: noop,
    setLanguage: noop,
    setUserId: noop,
    setNonce: noop,
    track: noop,
    logout: noop,
    registerRouteChange: noop,
    setEmbeddedData: noop,
    clearEmbeddedData: noop,
    on: function () {
      return noop;
    },
    off: noop,
  };
})();

/** The merchant dashboard (served by the worker at /admin/): the admin API, drawn. */
import { render } from "preact";
import { languageFor, speak } from "./language.ts";

// The words first, then the screens: some screens build their labels once, when their module loads.
speak(languageFor(navigator.languages?.length ? navigator.languages : [navigator.language]))
  .then(() => import("./app.tsx"))
  .then(({ App }) => {
    const root = document.getElementById("app")!;
    // The page's "Loading…" line is not Preact's to diff against: clear it first.
    root.replaceChildren();
    render(<App />, root);
  });

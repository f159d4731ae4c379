/** The merchant dashboard (served by the worker at /admin/): the admin API, drawn. */
import { render } from "preact";
import { App } from "./app.tsx";

const root = document.getElementById("app")!;
// The page's "Loading…" line is not Preact's to diff against: clear it first.
root.replaceChildren();
render(<App />, root);

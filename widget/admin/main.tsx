/** The merchant dashboard (served by the worker at /admin/): the admin API, drawn. */
import { render } from "preact";
import { App } from "./app.tsx";

render(<App />, document.getElementById("app")!);

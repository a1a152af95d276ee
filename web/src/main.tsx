// Entry point of the lgsec web UI: mounts <App/> into #app (index.html has no inline script).
import { render } from "preact";
import { App } from "./App";
import { lang } from "./i18n";

document.documentElement.lang = lang();
render(<App />, document.getElementById("app")!);

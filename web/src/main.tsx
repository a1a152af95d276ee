// Entry point of the lgsec web UI.
import { render } from "preact";

function App() {
  return <main><h1>lgsec</h1></main>;
}

render(<App />, document.getElementById("app")!);

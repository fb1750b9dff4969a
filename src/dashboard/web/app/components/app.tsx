import { parseRoute } from "../lib/route.js";
import { useHash } from "../lib/use-hash.js";
import { ComparePage } from "./compare-page.js";
import { StudyList } from "./study-list.js";
import { StudyPage } from "./study-page.js";

/**
 * The dashboard: a title bar and the page the hash names (`#/`, `#/study/<name>[/<tab>]`,
 * `#/compare/<a>/<b>`).
 * @example
 * render(<App />, document.getElementById("app"));
 */
export function App() {
  const route = parseRoute(useHash());
  return (
    <>
      <header class="top-bar">
        <a class="brand" href="#/">
          tunekit <span>dashboard</span>
        </a>
      </header>
      <main>
        {route.page === "list" && <StudyList />}
        {route.page === "study" && <StudyPage key={route.name} name={route.name} tab={route.tab} />}
        {route.page === "compare" && <ComparePage key={`${route.a}\n${route.b}`} a={route.a} b={route.b} />}
      </main>
    </>
  );
}

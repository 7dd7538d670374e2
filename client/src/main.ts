import "./styles.css";
import { clear } from "./dom.ts";
import { parseRoute, setRenderer } from "./router.ts";
import { gameScreen } from "./screens/game.ts";
import { landing } from "./screens/landing.ts";
import { clearSubs } from "./store.ts";

const app = document.getElementById("app")!;
let cleanup: (() => void) | null = null;

async function render(): Promise<void> {
  cleanup?.();
  cleanup = null;
  clearSubs();
  clear(app);
  const route = parseRoute(location.hash);
  app.setAttribute("aria-busy", "true");
  if (route.name === "landing") landing(app, route.code);
  else if (route.name === "game") cleanup = gameScreen(app, route.code, route.mode, route.hostKey);
  else {
    const { replayScreen } = await import("./screens/replay.ts");
    cleanup = replayScreen(app, route.code);
  }
  app.setAttribute("aria-busy", "false");
  document.body.dataset.route = route.name === "game" ? `game-${route.mode}` : route.name;
}

// the skip link must not change the hash (the hash is the route): move the focus instead
document.querySelector<HTMLAnchorElement>("a.skip")?.addEventListener("click", (e) => {
  e.preventDefault();
  document.getElementById("main")?.focus();
});

setRenderer(() => void render());
window.addEventListener("hashchange", () => void render());
void render();

/** Landing: create a game, join by code, quick play against bots, spectate, replay. */
import {
  CreateOptionsSchema,
  isNameGivenFor,
  loadScenario,
  MAX_QUARTERS,
  NAME_MAX,
  SCENARIO_IDS,
  TIMER_MAX_SECONDS,
} from "../../../shared/index.ts";
import { type ScenarioChoice, scenarioChoice } from "../../presenters/scenarios.ts";
import { h } from "../dom.ts";
import { Connection, forget, type GameInfo, http, loadSaved } from "../net.ts";
import { go, handlers } from "../router.ts";
import { state } from "../store.ts";

function nameKey(): string {
  try {
    return (localStorage.getItem("cc:name") ?? "").slice(0, NAME_MAX);
  } catch {
    return "";
  }
}
function saveName(n: string): void {
  try {
    localStorage.setItem("cc:name", n);
  } catch {
    /* ignore */
  }
}

export function joinErrorText(e: unknown, code: string): string {
  const msg = e instanceof Error ? e.message : String(e);
  if (/not.?found|no game|unknown game|invalid room|does not exist/i.test(msg))
    return `No game has the code ${code}. Check the code on the host's screen.`;
  if (/full|locked/i.test(msg)) return `The game ${code} is full. You can still spectate it.`;
  if (/finished|over|ended/i.test(msg)) return `The game ${code} has ended. You can watch its replay.`;
  if (/fetch|network/i.test(msg)) return "Cannot reach the game server. Check your connection and try again.";
  return `Could not join ${code}: ${msg}`;
}

export function landing(root: HTMLElement, presetCode?: string): void {
  const codeIn = h("input", {
    id: "join-code",
    name: "code",
    autocomplete: "off",
    autocapitalize: "characters",
    spellcheck: "false",
    maxlength: 9,
    placeholder: "e.g. K7M 2QX",
    "aria-describedby": "join-err",
    required: true,
    value: presetCode ?? "",
  });
  const nameIn = h("input", {
    id: "join-name",
    name: "name",
    autocomplete: "nickname",
    maxlength: NAME_MAX,
    value: nameKey(),
    placeholder: "Your name or team",
    required: true,
  });
  const joinErr = h("div.error-text", { id: "join-err", role: "alert" });
  const joinBtn = h("button.primary", { type: "submit", id: "join-btn" }, "Join game");
  const watchBtn = h("button", { type: "button", id: "watch-btn" }, "Spectate");

  const doJoin = async (spectator: boolean) => {
    const code = codeIn.value.toUpperCase().replace(/[\s-]/g, "");
    const name = nameIn.value.trim() || (spectator ? "Spectator" : "");
    joinErr.textContent = "";
    if (!/^[A-Z0-9]{4,8}$/.test(code)) {
      joinErr.textContent = "Enter the 6-character code shown by the host.";
      codeIn.setAttribute("aria-invalid", "true");
      codeIn.focus();
      return;
    }
    codeIn.removeAttribute("aria-invalid");
    if (!name) {
      joinErr.textContent = "Enter a name so the host can see who joined.";
      nameIn.focus();
      return;
    }
    saveName(name);
    joinBtn.disabled = watchBtn.disabled = true;
    try {
      // this browser was in the game under this name (it left, or the tab was closed): it takes
      // that member back, with its seat and team, rather than joining as a second one; the
      // number the game gave a taken name ("Sam (2)") need not be typed
      const saved = spectator ? null : loadSaved(code);
      if (saved?.rejoin && isNameGivenFor(saved.name, name)) {
        const back = await Connection.rejoin(saved, handlers()).catch(() => null);
        if (back) {
          state.conn = back;
          go(`#/g/${code}`);
          return;
        }
        forget(code);
      }
      // a player joins without a seat and picks one (or a team) in the lobby
      state.conn = await Connection.join({ code, name, spectator, choose: !spectator }, handlers());
      go(spectator ? `#/g/${code}/watch` : `#/g/${code}`);
    } catch (e) {
      joinErr.textContent = joinErrorText(e, code);
    } finally {
      joinBtn.disabled = watchBtn.disabled = false;
    }
  };
  watchBtn.addEventListener("click", () => void doJoin(true));

  const quarters = h("input", { id: "create-quarters", type: "number", min: 1, max: MAX_QUARTERS, value: 8, step: 1 });
  const timer = h("input", { id: "create-timer", type: "number", min: 0, max: TIMER_MAX_SECONDS, value: 180, step: 10 });
  const grace = h("input", { id: "create-grace", type: "number", min: 0, max: 3600, value: 60, step: 5 });
  const bots = h("input", { id: "create-bots", type: "checkbox", checked: true });
  const isPublic = h("input", { id: "create-public", type: "checkbox" });
  const hostName = h("input", { id: "create-name", maxlength: NAME_MAX, value: nameKey() || "Host" });
  const createErr = h("div.error-text", { id: "create-err", role: "alert" });
  const createBtn = h("button.primary", { type: "submit", id: "create-btn" }, "Create game");
  const rehearseBtn = h(
    "button",
    { type: "button", id: "rehearse-btn", title: "Play the scenario alone against bots, each quarter resolving as soon as you submit" },
    "Rehearse alone",
  );
  // the scenario picker: a radio group (arrow keys move between scenarios), each with its length, seats and a line
  const choices: ScenarioChoice[] = [];
  for (const id of SCENARIO_IDS) {
    try {
      const sc = loadScenario(id);
      choices.push(scenarioChoice({ id, title: sc.title, description: sc.description, quarters: sc.quarters, actors: sc.actors }));
    } catch {
      choices.push(scenarioChoice({ id, title: id, description: "", quarters: 8, actors: [] }));
    }
  }
  const scen = h(
    "fieldset.scenarios",
    { id: "create-scenario" },
    h("legend", {}, "Scenario"),
    choices.map((c) =>
      h(
        "label.scenario",
        { for: `scn-${c.id}`, "data-scenario": c.id, title: c.description },
        h("input", {
          type: "radio",
          name: "scenario",
          id: `scn-${c.id}`,
          value: c.id,
          checked: c.id === "classroom",
          "aria-describedby": `scn-${c.id}-d`,
        }),
        h(
          "span.scn-body",
          {},
          h("span.scn-title", {}, c.title),
          h("span.scn-facts", { id: `scn-${c.id}-d` }, `${c.facts}: ${c.seats}`, h("span.scn-line", {}, c.line)),
        ),
      ),
    ),
  );
  const scenValue = () => scen.querySelector<HTMLInputElement>("input:checked")?.value ?? "classroom";
  const updScen = () => {
    const c = choices.find((x) => x.id === scenValue());
    if (c) quarters.value = String(c.quarters);
  };
  scen.addEventListener("change", updScen);
  updScen();

  const create = async (quick: boolean, rehearsal = false) => {
    createErr.textContent = "";
    const q = Number(quarters.value);
    const t = Number(timer.value);
    // the same rules the server applies to the create options
    if (!quick && !CreateOptionsSchema.shape.quarters.safeParse(q).success) {
      createErr.textContent = `Length must be 1–${MAX_QUARTERS} quarters.`;
      quarters.focus();
      return;
    }
    if (!quick && !CreateOptionsSchema.shape.turnSeconds.safeParse(t).success) {
      createErr.textContent = `Timer must be 0 (none) to ${TIMER_MAX_SECONDS} seconds.`;
      timer.focus();
      return;
    }
    const g = Number(grace.value);
    if (!quick && !CreateOptionsSchema.shape.graceSeconds.safeParse(g).success) {
      createErr.textContent = "The seat of a dropped player is held 0 to 3600 seconds.";
      grace.focus();
      return;
    }
    const name = hostName.value.trim() || "Host";
    saveName(name);
    createBtn.disabled = quickBtn.disabled = rehearseBtn.disabled = true;
    try {
      const conn = await Connection.create(
        quick
          ? { scenario: "classroom", quarters: 4, turnSeconds: 300, bots: true, name }
          : rehearsal
            ? { scenario: scenValue(), quarters: q, name, rehearsal: true }
            : { scenario: scenValue(), quarters: q, turnSeconds: t, bots: bots.checked, public: isPublic.checked, name, graceSeconds: g },
        handlers(),
      );
      state.conn = conn;
      const code = conn.saved.code;
      if (rehearsal) {
        // the teacher plays the first lab; the game starts at once and each quarter resolves on submit
        await waitFor(() => (state.meta?.seats.length ?? 0) > 0, 3000);
        await conn.host({ action: "start" });
        go(`#/g/${code}`);
      } else if (quick) {
        await waitFor(() => (state.meta?.seats.length ?? 0) > 0, 3000);
        const free = state.meta?.seats.find((s) => s.players.length === 0 && !s.failed && !s.locked);
        if (free) await conn.claimSeat(free.id);
        await conn.host({ action: "start" });
        go(`#/g/${code}`);
      } else go(`#/g/${code}/host`);
    } catch (e) {
      createErr.textContent = `Could not create the game: ${e instanceof Error ? e.message : String(e)}`;
    } finally {
      createBtn.disabled = quickBtn.disabled = rehearseBtn.disabled = false;
    }
  };
  const quickBtn = h("button", { type: "button", id: "quick-btn" }, "Quick play vs bots");

  // Public games anyone may join (quick-join): a seat is picked for you, or watch.
  const openList = h("ul.open-games", { id: "open-games", "aria-labelledby": "open-h", "aria-live": "polite" });
  const showOpen = (games: GameInfo[]) => {
    openList.replaceChildren();
    if (games.length === 0) {
      openList.append(h("li.hint", {}, "No public game is open right now."));
      return;
    }
    for (const g of games.slice(0, 8)) {
      const join = h("button", { type: "button", "data-code": g.code }, "Join");
      join.addEventListener("click", () => {
        codeIn.value = g.code;
        void doJoin(false);
      });
      const progress = g.quarter !== undefined && g.quarters !== undefined ? ` · quarter ${g.quarter}/${g.quarters}` : "";
      const players = g.players !== undefined ? ` · ${g.players} player${g.players === 1 ? "" : "s"}` : "";
      openList.append(h("li", {}, h("span", {}, `${g.title ?? g.scenario ?? "Game"} (${g.code})${progress}${players}`), " ", join));
    }
  };
  http
    .list()
    .then(showOpen)
    .catch(() => openList.replaceChildren(h("li.hint", {}, "Could not load the open games.")));
  quickBtn.addEventListener("click", () => void create(true));

  const joinForm = h(
    "form.card",
    { "aria-labelledby": "join-h", novalidate: true },
    h("h2", { id: "join-h" }, "Join a game"),
    h("div.field", {}, h("label", { for: "join-code" }, "Join code"), codeIn),
    h("div.field", {}, h("label", { for: "join-name" }, "Your name"), nameIn),
    joinErr,
    h("div.row", {}, joinBtn, watchBtn),
  );
  joinForm.addEventListener("submit", (e) => {
    e.preventDefault();
    void doJoin(false);
  });
  const createForm = h(
    "form.card",
    { "aria-labelledby": "create-h", novalidate: true },
    h("h2", { id: "create-h" }, "Host a game"),
    scen,
    h(
      "div.row",
      {},
      h("div.field", { style: "flex:1" }, h("label", { for: "create-quarters" }, "Length (quarters)"), quarters),
      h("div.field", { style: "flex:1" }, h("label", { for: "create-timer" }, "Turn timer (s, 0 = none)"), timer),
    ),
    h("div.field", {}, h("label", { for: "create-grace" }, "A dropped player's seat is held (s), then its bot plays"), grace),
    h("div.field.check", {}, h("label", { for: "create-bots" }, bots, " Fill empty seats with bots")),
    h("div.field.check", {}, h("label", { for: "create-public" }, isPublic, " Public: list it under open games for anyone to join")),
    h("div.field", {}, h("label", { for: "create-name" }, "Your name"), hostName),
    createErr,
    h("div.row", {}, createBtn, rehearseBtn),
    h(
      "p.hint",
      {},
      "Rehearse alone: play the scenario against bots before class, at your own speed (each quarter resolves when you submit).",
    ),
  );
  rehearseBtn.addEventListener("click", () => void create(false, true));
  createForm.addEventListener("submit", (e) => {
    e.preventDefault();
    void create(false);
  });

  root.append(
    h("header.topbar", {}, h("a.brand", { href: "#/" }, "Compute Cycle"), h("span.spacer")),
    h(
      "div.hero",
      {},
      h("h1", {}, "Run a piece of the AI economy, one quarter at a time."),
      h(
        "p",
        {},
        "Each player runs an AI lab, a hyperscaler, a chipmaker or an enterprise. Every quarter you set prices, buy chips and compute, build data centres and route work to models, then the quarter resolves along the supply chain — foundry → chips → clouds → labs → enterprises — and shocks hit: bans, wafer shortages, capex cuts.",
      ),
    ),
    h(
      "main.page",
      { id: "main", tabindex: "-1" },
      h(
        "div.landing",
        {},
        joinForm,
        createForm,
        h(
          "section.card",
          { "aria-labelledby": "quick-h" },
          h("h2", { id: "quick-h" }, "Play now"),
          h("p.hint", {}, "A four-quarter classroom game against bots: you take the first free seat."),
          quickBtn,
          h("h2", { id: "open-h", style: "margin-top:1.2rem" }, "Open games"),
          openList,
          h("h2", { style: "margin-top:1.2rem" }, "Replay"),
          h(
            "p.hint",
            {},
            "Scrub through a finished game, or a log file written by ",
            h("code", {}, "npm run sim -- run --out game.json"),
            ".",
          ),
          h("a", { href: "#/replay", id: "replay-link" }, "Open the replay viewer →"),
        ),
      ),
    ),
  );
  if (presetCode) {
    joinErr.textContent = "";
    nameIn.focus();
  }
}

export function waitFor(cond: () => boolean, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const tick = () => (cond() || Date.now() - t0 > ms ? resolve() : setTimeout(tick, 50));
    tick();
  });
}

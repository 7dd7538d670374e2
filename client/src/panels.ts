/** DOM renderers of the presenters' display models. */
import type { GameEvent, PlayerView, Reply } from "../../shared/index.ts";
import { type BooksModel, booksModel } from "../presenters/books.ts";
import { newsModel } from "../presenters/news.ts";
import { buildOrders, type FieldModel, type FieldValue, initialValues, orderForm } from "../presenters/orders.ts";
import { rankingModel } from "../presenters/ranking.ts";
import { announce, clear, h } from "./dom.ts";
import { state } from "./store.ts";

export function renderBooks(el: HTMLElement, view: PlayerView): void {
  clear(el);
  const m: BooksModel = booksModel(view, state.prevOwn);
  el.append(h("h2", { id: "books-h" }, "Your books"));
  if (m.empty) {
    el.append(h("p.hint", {}, m.subtitle));
    return;
  }
  el.append(h("h3", {}, m.title), h("p.hint", {}, m.subtitle));
  for (const s of m.sections) {
    el.append(
      h(
        "section",
        { "aria-labelledby": `bk-${s.id}` },
        h(
          "table",
          {},
          h("caption.sr-only", { id: `bk-${s.id}` }, s.title),
          h(
            "thead",
            {},
            h("tr", {}, h("th", { scope: "col" }, s.title), h("th.fig", { scope: "col" }, "Now"), h("th.fig", { scope: "col" }, "Δ q/q")),
          ),
          h(
            "tbody",
            {},
            s.rows.map((r) =>
              h(
                "tr",
                { "data-row": r.id },
                h("th", { scope: "row" }, r.label),
                h("td.fig", {}, r.value),
                h(
                  "td.fig",
                  { class: r.delta ? `d-${r.delta.sign}` : "d-flat" },
                  r.delta ? h("span", { "aria-label": r.delta.aria }, r.delta.text) : "–",
                ),
              ),
            ),
          ),
        ),
      ),
    );
  }
  el.append(h("h3", { style: "margin-top:.8rem" }, "Contracts"));
  if (m.contracts.length === 0) el.append(h("p.hint", {}, "No compute contracts in force."));
  else
    el.append(
      h(
        "table",
        {},
        h(
          "thead",
          {},
          h("tr", {}, h("th", {}, "With"), h("th", {}, "Side"), h("th.fig", {}, "Volume"), h("th.fig", {}, "Price"), h("th", {}, "Term")),
        ),
        h(
          "tbody",
          {},
          m.contracts.map((c) =>
            h(
              "tr",
              {},
              h("td", {}, c.counterparty),
              h("td", {}, c.direction === "buy" ? "buys" : "sells"),
              h("td.fig", {}, c.volume),
              h("td.fig", {}, c.price),
              h("td", {}, c.term),
            ),
          ),
        ),
      ),
    );
}

export function renderNews(el: HTMLElement, view: PlayerView, events: GameEvent[], quarter?: number): void {
  clear(el);
  const m = newsModel(view, events, quarter);
  el.append(h("h2", { id: "news-h" }, m.title));
  if (m.activeShocks.length) {
    el.append(
      h(
        "p",
        { class: "hint" },
        "In force: ",
        m.activeShocks.map((s, i) => [i ? " · " : "", h("strong", {}, s.title), ` (${s.until})`]),
      ),
    );
  }
  if (m.items.length === 0) {
    el.append(
      h(
        "p.hint",
        {},
        view.quarter === 0
          ? "Nothing has happened yet: news appears when the first quarter resolves."
          : "A quiet quarter: no shocks or notable events.",
      ),
    );
    return;
  }
  el.append(
    h(
      "ol",
      { "aria-labelledby": "news-h" },
      m.items.map((it) =>
        h(
          "li",
          { class: it.kind, "data-kind": it.kind },
          h("span.icon", { "aria-hidden": "true" }, it.icon),
          h("span.headline", {}, it.headline),
          it.private ? h("span.tag", {}, "only you") : it.kind === "shock" ? h("span.tag", {}, "shock") : null,
          it.text ? h("div.hint", {}, it.text) : null,
        ),
      ),
    ),
  );
}

export interface OrdersPanel {
  quarter: number;
}

/** The orders form. Rebuilt only when the quarter changes, so typing is never lost. */
export function renderOrders(
  el: HTMLElement,
  view: PlayerView,
  submit: (quarter: number, orders: ReturnType<typeof buildOrders>["orders"]) => Promise<Reply>,
  submitted: boolean,
): void {
  clear(el);
  const form = orderForm(view);
  el.append(h("h2", { id: "orders-h" }, `Your orders · ${view.label}`));
  if (!form) {
    el.append(h("p.hint", {}, view.finished ? "The game is over." : "Spectators send no orders."));
    return;
  }
  const values: Record<string, FieldValue> = initialValues(form);
  const errorEls = new Map<string, HTMLElement>();
  const inputs = new Map<string, HTMLInputElement | HTMLSelectElement>();
  const summaryEl = h("div.hint", { id: "order-summary", "aria-live": "polite" });
  const resultEl = h(
    "div.result",
    { id: "submit-result", role: "status", "aria-live": "polite" },
    submitted ? "Orders submitted for this quarter. You can change and resubmit until it resolves." : "",
  );
  if (submitted) resultEl.classList.add("ok");
  const button = h("button.primary", { type: "submit", id: "submit-orders" }, "Submit orders");

  const validate = () => {
    const built = buildOrders(view, values);
    for (const [id, e] of errorEls) {
      const msg = built.errors[id] ?? "";
      e.textContent = msg;
      const input = inputs.get(id);
      if (input) {
        input.setAttribute("aria-invalid", msg ? "true" : "false");
        const f = form.groups.flatMap((g) => g.fields).find((x) => x.id === id);
        input.classList.toggle("changed", f ? String(values[id]) !== String(f.value) : false);
      }
    }
    const nErr = Object.keys(built.errors).length;
    clear(summaryEl);
    if (nErr)
      summaryEl.append(h("span", { class: "error-text" }, `${nErr} field${nErr > 1 ? "s need" : " needs"} fixing before you can submit.`));
    else if (built.orders.length === 0) summaryEl.append("No changes: submitting keeps all your standing policies.");
    else
      summaryEl.append(h("span", {}, `${built.orders.length} order${built.orders.length > 1 ? "s" : ""}: `), built.summary.join("; "), ".");
    button.disabled = nErr > 0;
    return built;
  };

  const fieldEl = (f: FieldModel) => {
    const id = `f-${f.id.replace(/[^\w-]/g, "_")}`;
    const errId = `${id}-err`;
    const err = h("div.error-text", { id: errId });
    errorEls.set(f.id, err);
    let input: HTMLInputElement | HTMLSelectElement;
    if (f.kind === "select") {
      input = h(
        "select",
        { id, name: f.id, "aria-describedby": errId },
        (f.options ?? []).map((o) => h("option", { value: o.value, selected: o.value === f.value }, o.label)),
      );
      input.addEventListener("change", () => {
        values[f.id] = input.value;
        validate();
      });
    } else if (f.kind === "checkbox") {
      input = h("input", { id, name: f.id, type: "checkbox", checked: f.value === true, "aria-describedby": errId });
      input.addEventListener("change", () => {
        values[f.id] = (input as HTMLInputElement).checked;
        validate();
      });
    } else {
      const range =
        f.kind === "number" ? `${f.min ?? ""}–${f.max !== undefined && f.max >= 1e6 ? "" : (f.max ?? "")} ${f.unit}`.trim() : "";
      input = h("input", {
        id,
        name: f.id,
        type: f.kind === "number" ? "number" : "text",
        inputmode: f.kind === "number" ? "decimal" : null,
        value: String(f.value),
        min: f.min,
        max: f.max,
        step: f.step ?? "any",
        "aria-describedby": `${errId} ${id}-range`,
      });
      input.addEventListener("input", () => {
        values[f.id] = f.kind === "number" ? (input.value.trim() === "" ? "" : Number(input.value)) : input.value;
        validate();
      });
      inputs.set(f.id, input);
      return h(
        "div.field",
        {},
        h("label", { for: id }, f.label, f.unit ? h("span.unit", {}, ` (${f.unit})`) : null),
        input,
        h("div.range", { id: `${id}-range` }, range ? `range ${range}` : ""),
        err,
      );
    }
    inputs.set(f.id, input);
    return f.kind === "checkbox"
      ? h("div.field", {}, h("label", { for: id }, input, " ", f.label), err)
      : h("div.field", {}, h("label", { for: id }, f.label, f.unit ? h("span.unit", {}, ` (${f.unit})`) : null), input, err);
  };

  const formEl = h(
    "form.orders",
    { "aria-labelledby": "orders-h", novalidate: true },
    form.groups.map((g) =>
      h("fieldset", { "data-group": g.id }, h("legend", {}, g.title), h("p.hint", {}, g.help), h("div.fields", {}, g.fields.map(fieldEl))),
    ),
    h("div.submitbar", {}, summaryEl, h("div.row", {}, button), resultEl),
  );
  formEl.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const built = validate();
    if (Object.keys(built.errors).length) {
      const firstBad = Object.keys(built.errors)[0]!;
      inputs.get(firstBad)?.focus();
      return;
    }
    button.disabled = true;
    resultEl.className = "result";
    resultEl.textContent = "Sending…";
    const reply = await submit(form.quarter, built.orders);
    button.disabled = false;
    clear(resultEl);
    if (reply.ok) {
      resultEl.className = "result ok";
      resultEl.append(
        `✓ Accepted: ${built.orders.length} order${built.orders.length === 1 ? "" : "s"} for ${form.label}. You can change and resubmit until the quarter resolves.`,
      );
      announce("Orders accepted");
    } else {
      resultEl.className = "result bad";
      resultEl.append(`✗ Not accepted: ${reply.message}`);
      if (reply.rejections?.length) {
        resultEl.append(
          h(
            "ul",
            {},
            reply.rejections.map((r) => h("li", {}, `${built.summary[r.index] ?? r.type}: ${r.message}`)),
          ),
        );
      }
      announce(`Orders not accepted: ${reply.message}`);
    }
  });
  el.append(formEl);
  validate();
}

export function renderRanking(el: HTMLElement, view: PlayerView, events: GameEvent[], controllers: Record<string, string> = {}): void {
  clear(el);
  const m = rankingModel(view, events, controllers);
  el.append(h("h2", { id: "rank-h" }, m.title));
  if (m.finished && m.winner) el.append(h("p", {}, "Top company: ", h("strong", {}, m.winner)));
  const table = (title: string, rows: typeof m.companies, scoreLabel: string) =>
    h(
      "table.rank",
      { "aria-label": title },
      h("caption", { style: "text-align:left;color:var(--muted);padding:.3rem 0" }, title),
      h("thead", {}, h("tr", {}, h("th", {}, "#"), h("th", {}, "Seat"), h("th.fig", {}, scoreLabel), h("th", {}, "What drove it"))),
      h(
        "tbody",
        {},
        rows.map((r) =>
          h(
            "tr",
            { class: r.own ? "own" : "", "data-seat": r.id },
            h("td.r", {}, String(r.rank)),
            h(
              "td",
              {},
              h("strong", {}, r.name),
              r.own ? h("span.tag", {}, "you") : null,
              h("div.hint", {}, r.role, r.controller ? ` · ${r.controller}` : ""),
            ),
            h("td.fig", {}, r.score),
            h("td.drivers", {}, r.drivers.join("; ")),
          ),
        ),
      ),
    );
  if (m.companies.length) el.append(table("Companies · total shareholder return", m.companies, "Score"));
  if (m.enterprises.length) el.append(table("Enterprises · value created net of AI spend", m.enterprises, "Score"));
}

/**
 * The orders form of a seat, over the seat's shared draft. Each field starts at the seat's
 * standing policy, or at the team's pending order when a mate has submitted one (with who set
 * it); what this member edits is theirs until they submit, and is shown live to the mates.
 * A submission sends only the groups this member edited (and any removals they marked): the
 * server merges it by order, so a mate's orders are never dropped unseen.
 */
import type { DraftMessage, Order, PlayerView, Reply } from "../../shared/index.ts";
import { formOutlook } from "../presenters/books.ts";
import { draftModel } from "../presenters/draft.ts";
import { quarterWords } from "../presenters/meta.ts";
import {
  buildOrders,
  type FieldModel,
  type FieldValue,
  initialValues,
  moneyEcho,
  type OrderFormModel,
  orderForm,
  rangeText,
} from "../presenters/orders.ts";
import { announce, clear, h } from "./dom.ts";

export interface OrdersDeps {
  submit(quarter: number, orders: Order[], remove: string[]): Promise<Reply>;
  edit(quarter: number, orders: Order[], remove: string[]): Promise<Reply>;
  memberId(): string;
}

const EDIT_DEBOUNCE_MS = 600;

export class OrdersPanel {
  private readonly el: HTMLElement;
  private readonly view: PlayerView;
  private readonly deps: OrdersDeps;
  private readonly form: OrderFormModel | null;
  private readonly standing: Record<string, FieldValue>;
  private values: Record<string, FieldValue>;
  private readonly dirty = new Set<string>();
  private readonly removals = new Set<string>();
  private draft: DraftMessage | null = null;
  private readonly inputs = new Map<string, HTMLInputElement | HTMLSelectElement>();
  private readonly errorEls = new Map<string, HTMLElement>();
  private readonly echoEls = new Map<string, HTMLElement>();
  private readonly checkEls = new Map<string, HTMLElement>();
  /** the figures (field id → value) the member was asked about and chose to send as they are */
  private confirmed = "";
  private readonly noteEls = new Map<string, HTMLElement>();
  private readonly groupOf = new Map<string, string>();
  private details: HTMLDetailsElement | null = null;
  private summaryEl: HTMLElement | null = null;
  private teamEl: HTMLElement | null = null;
  private statusEl: HTMLElement | null = null;
  private button: HTMLButtonElement | null = null;
  private resultEl: HTMLElement | null = null;
  private editTimer: ReturnType<typeof setTimeout> | null = null;
  private sentEditing = false;

  constructor(
    el: HTMLElement,
    view: PlayerView,
    deps: OrdersDeps,
    opts: { submitted: boolean; collapsed: boolean; draft: DraftMessage | null },
  ) {
    this.el = el;
    this.view = view;
    this.deps = deps;
    this.form = orderForm(view);
    this.standing = this.form ? initialValues(this.form) : {};
    this.values = { ...this.standing };
    this.draft = opts.draft;
    this.render(opts.submitted, opts.collapsed);
  }

  get quarter(): number {
    return this.view.quarter;
  }

  destroy(): void {
    if (this.editTimer) clearTimeout(this.editTimer);
  }

  setCollapsed(collapsed: boolean): void {
    if (this.details) this.details.open = !collapsed;
  }

  open(): void {
    if (this.details) {
      this.details.open = true;
      this.details.scrollIntoView({ block: "start" });
      this.el.querySelector<HTMLElement>("input, select")?.focus({ preventScroll: true });
    }
  }

  /** The seat's shared draft changed (a mate submitted or is editing). */
  updateDraft(draft: DraftMessage | null): void {
    this.draft = draft;
    this.syncFromDraft();
  }

  private model() {
    return draftModel(this.view, this.draft, this.deps.memberId(), this.dirty, this.removals);
  }

  private render(submitted: boolean, collapsed: boolean): void {
    clear(this.el);
    const view = this.view;
    const title = quarterWords(view.quarter, view.quarters, { label: view.label });
    const form = this.form;
    if (!form) {
      this.el.append(
        h("h2", { id: "orders-h" }, "Your orders"),
        h("p.hint", {}, view.finished ? "The game is over." : "Spectators send no orders."),
      );
      return;
    }
    this.statusEl = h("span.orders-status", { id: "orders-status" });
    const summary = h("summary.orders-summary", {}, h("h2", { id: "orders-h" }, `Your orders · ${title}`), this.statusEl);
    this.teamEl = h("div.team-draft", { id: "team-draft", "aria-live": "polite" });
    this.summaryEl = h("div.hint", { id: "order-summary", "aria-live": "polite" });
    this.resultEl = h(
      "div.result",
      { id: "submit-result", role: "status", "aria-live": "polite" },
      submitted ? "Orders submitted for this quarter. You and your team can change and resubmit until it resolves." : "",
    );
    if (submitted) this.resultEl.classList.add("ok");
    this.button = h("button.primary", { type: "submit", id: "submit-orders" }, "Submit orders");
    const formEl = h(
      "form.orders",
      { "aria-labelledby": "orders-h", novalidate: true },
      form.groups.map((g) => {
        // each form repeats the books' warning that concerns it (its contracts about to lapse, an
        // order that buys nothing, wafers short, prices under cost), where a phone's player decides
        const outlook = formOutlook(view, g.id);
        const notes = h("div.group-notes", { "data-notes": g.id });
        this.noteEls.set(g.id, notes);
        for (const f of g.fields) this.groupOf.set(f.id, g.id);
        return h(
          "fieldset",
          { "data-group": g.id },
          h("legend", {}, g.title),
          h("p.hint", {}, g.help),
          outlook ? h("p.warn", { "data-outlook": g.id }, outlook) : null,
          notes,
          h(
            "div.fields",
            {},
            g.fields.map((f) => this.fieldEl(f)),
          ),
        );
      }),
      h("div.submitbar", {}, this.summaryEl, h("div.row", {}, this.button), this.resultEl),
    );
    formEl.addEventListener("submit", (ev) => {
      ev.preventDefault();
      void this.submit();
    });
    this.details = h("details.orders-panel", { id: "orders-panel", open: !collapsed }, summary, this.teamEl, formEl) as HTMLDetailsElement;
    this.el.append(this.details);
    this.syncFromDraft();
  }

  private fieldEl(f: FieldModel): HTMLElement {
    const id = `f-${f.id.replace(/[^\w-]/g, "_")}`;
    const errId = `${id}-err`;
    const err = h("div.error-text", { id: errId });
    this.errorEls.set(f.id, err);
    const onChange = (v: FieldValue) => {
      this.values[f.id] = v;
      this.dirty.add(this.groupOf.get(f.id)!);
      this.validate();
      this.scheduleEdit();
    };
    let input: HTMLInputElement | HTMLSelectElement;
    if (f.kind === "select") {
      input = h(
        "select",
        { id, name: f.id, "aria-describedby": errId },
        (f.options ?? []).map((o) => h("option", { value: o.value, selected: o.value === f.value }, o.label)),
      );
      input.addEventListener("change", () => onChange(input.value));
      this.inputs.set(f.id, input);
      return h("div.field.wide", {}, h("label", { for: id }, f.label), input, err);
    }
    if (f.kind === "checkbox") {
      input = h("input", { id, name: f.id, type: "checkbox", checked: f.value === true, "aria-describedby": errId });
      input.addEventListener("change", () => onChange((input as HTMLInputElement).checked));
      this.inputs.set(f.id, input);
      return h("div.field.check", {}, h("label", { for: id }, input, " ", f.label), err);
    }
    const range = rangeText(f);
    const echo = h("div.echo", { id: `${id}-echo`, "aria-live": "off" });
    this.echoEls.set(f.id, echo);
    const check = h("div.check-text", { id: `${id}-check` });
    this.checkEls.set(f.id, check);
    input = h("input", {
      id,
      name: f.id,
      type: f.kind === "number" ? "number" : "text",
      inputmode: f.kind === "number" ? "decimal" : null,
      value: String(f.value),
      min: f.min,
      max: f.max,
      step: f.step ?? "any",
      "aria-describedby": `${errId} ${id}-check ${id}-range ${id}-echo`,
    });
    input.addEventListener("input", () =>
      onChange(f.kind === "number" ? (input.value.trim() === "" ? "" : Number(input.value)) : input.value),
    );
    this.inputs.set(f.id, input);
    return h(
      "div.field",
      { class: f.kind === "text" ? "wide" : "" },
      h("label", { for: id }, f.label, f.unit ? h("span.unit", {}, ` (${f.unit === "$/q" ? "$ per quarter" : f.unit})`) : null),
      input,
      echo,
      check,
      // a number's range in words, or a text field's help (a list: what to list, comma-separated)
      h("div.range", { id: `${id}-range` }, range || f.help || ""),
      err,
    );
  }

  /** Fields of groups this member has not edited follow the team's pending orders (or the standing policy). */
  private syncFromDraft(): void {
    if (!this.form) return;
    const m = this.model();
    const shown: Record<string, FieldValue> = { ...this.standing, ...m.values };
    for (const [fid, input] of this.inputs) {
      const g = this.groupOf.get(fid)!;
      if (this.dirty.has(g)) continue;
      const v = shown[fid] ?? "";
      this.values[fid] = v;
      if (document.activeElement === input) continue;
      if (input instanceof HTMLInputElement && input.type === "checkbox") input.checked = v === true;
      else input.value = String(v);
    }
    for (const [g, el] of this.noteEls) {
      clear(el);
      for (const n of m.notes.get(g) ?? []) el.append(h("p.group-note", { class: n.kind }, n.text));
    }
    this.renderTeam(m);
    this.validate();
  }

  private renderTeam(m: ReturnType<OrdersPanel["model"]>): void {
    const el = this.teamEl;
    if (!el) return;
    clear(el);
    if (this.statusEl) this.statusEl.textContent = m.pending.length ? ` · ${m.pending.length} pending` : "";
    if (m.empty) return;
    el.append(h("h3", {}, "Your seat's draft"));
    if (m.pending.length)
      el.append(
        h(
          "ul.pending",
          { id: "pending-list" },
          m.pending.map((p) =>
            h(
              "li",
              { class: p.removing ? "removing" : "", "data-key": p.key },
              h("span.ptext", {}, p.text),
              h("span.by", {}, p.removing ? " · you remove it when you submit" : ` · set by ${p.mine ? "you" : p.by}`),
              h(
                "button.small",
                {
                  type: "button",
                  "data-remove": p.key,
                  "aria-label": p.removing ? `Keep: ${p.text}` : `Remove: ${p.text}`,
                  onclick: () => {
                    if (this.removals.has(p.key)) this.removals.delete(p.key);
                    else this.removals.add(p.key);
                    this.syncFromDraft();
                    this.scheduleEdit();
                  },
                },
                p.removing ? "Keep" : "Remove",
              ),
            ),
          ),
        ),
      );
    for (const e of m.editing) el.append(h("p.editing", {}, `✎ ${e.name} is editing: ${e.texts.join("; ")}`));
    if (m.changes.length)
      el.append(
        h(
          "details.changes",
          {},
          h("summary", {}, "Who changed what"),
          h(
            "ol",
            {},
            m.changes.map((c) => h("li", {}, c)),
          ),
        ),
      );
  }

  private built() {
    const m = this.model();
    const built = buildOrders(this.view, this.values, { dirty: this.dirty, pending: m.pendingKeys });
    const remove = [...new Set([...built.remove, ...this.removals])];
    return { built, remove, model: m };
  }

  private validate() {
    const { built, remove, model } = this.built();
    for (const [id, e] of this.errorEls) {
      const msg = built.errors[id] ?? "";
      e.textContent = msg;
      const input = this.inputs.get(id);
      if (input) {
        input.setAttribute("aria-invalid", msg ? "true" : "false");
        input.classList.toggle("changed", this.dirty.has(this.groupOf.get(id)!) && String(this.values[id]) !== String(this.standing[id]));
      }
    }
    for (const [id, e] of this.echoEls) {
      const f = this.form?.groups.flatMap((g) => g.fields).find((x) => x.id === id);
      e.textContent = f ? (moneyEcho(f, this.values[id] ?? "") ?? "") : "";
    }
    for (const [id, e] of this.checkEls) e.textContent = built.checks[id] ?? "";
    const nErr = Object.keys(built.errors).length;
    const nCheck = Object.keys(built.checks).length;
    if (this.summaryEl) {
      clear(this.summaryEl);
      if (nErr)
        this.summaryEl.append(
          h("span", { class: "error-text" }, `${nErr} field${nErr > 1 ? "s need" : " needs"} fixing before you can submit.`),
        );
      else if (built.orders.length === 0 && remove.length === 0)
        this.summaryEl.append(
          model.pending.length
            ? "No changes of yours: submitting keeps your team's pending orders and the standing policies."
            : "No changes: submitting keeps all your standing policies.",
        );
      else {
        const marked = [...this.removals].filter((k) => !built.remove.includes(k));
        const parts = [...built.summary, ...marked.map((k) => `remove ${model.pending.find((p) => p.key === k)?.text ?? k}`)];
        this.summaryEl.append(h("span", {}, `You send ${parts.length} change${parts.length > 1 ? "s" : ""}: `), parts.join("; "), ".");
        if (nCheck)
          this.summaryEl.append(
            " ",
            h(
              "span.check-text",
              {},
              `${nCheck === 1 ? "One figure is" : `${nCheck} figures are`} far from what stands: check ${nCheck === 1 ? "it" : "them"} before you send.`,
            ),
          );
      }
    }
    if (this.button) {
      this.button.disabled = nErr > 0;
      this.button.textContent = nCheck && this.confirmed === checksKey(built.checks, this.values) ? "Send as they are" : "Submit orders";
    }
    return { built, remove };
  }

  /** Tells the team what this member is editing (debounced); nothing once they have nothing unsent. */
  private scheduleEdit(): void {
    if (this.editTimer) clearTimeout(this.editTimer);
    this.editTimer = setTimeout(() => {
      this.editTimer = null;
      const { built, remove } = this.built();
      if (Object.keys(built.errors).length) return;
      const any = built.orders.length > 0 || remove.length > 0;
      if (!any && !this.sentEditing) return;
      this.sentEditing = any;
      void this.deps.edit(this.view.quarter + 1, built.orders, remove);
    }, EDIT_DEBOUNCE_MS);
  }

  /** A field's group and label in words, e.g. "GPU-hour prices · Contract price". */
  private labelOf(fieldId: string): string {
    const g = this.form?.groups.find((x) => x.id === this.groupOf.get(fieldId));
    const f = g?.fields.find((x) => x.id === fieldId);
    return g && f ? `${g.title} · ${f.label}` : fieldId;
  }

  private async submit(): Promise<void> {
    if (!this.form || !this.button || !this.resultEl) return;
    const { built, remove } = this.validate();
    if (Object.keys(built.errors).length) {
      const firstBad = Object.keys(built.errors)[0]!;
      this.inputs.get(firstBad)?.focus();
      return;
    }
    // a figure far from what stands is sent only once the member has seen it called out and
    // pressed again (the same figures: changing one asks again)
    const key = checksKey(built.checks, this.values);
    if (Object.keys(built.checks).length && this.confirmed !== key) {
      this.confirmed = key;
      this.button.textContent = "Send as they are";
      this.resultEl.className = "result bad";
      clear(this.resultEl);
      this.resultEl.append(
        "Not sent yet. Check these figures, then press Send as they are to send them:",
        h(
          "ul",
          {},
          Object.entries(built.checks).map(([id, text]) => h("li", {}, `${this.labelOf(id)}: ${text}`)),
        ),
      );
      announce("Not sent yet: some figures are far from what stands");
      return;
    }
    if (this.editTimer) clearTimeout(this.editTimer);
    this.editTimer = null;
    this.button.disabled = true;
    this.resultEl.className = "result";
    this.resultEl.textContent = "Sending…";
    const reply = await this.deps.submit(this.form.quarter, built.orders, remove);
    this.button.disabled = false;
    clear(this.resultEl);
    if (reply.ok) {
      const n = built.orders.length;
      const pending = typeof reply.data?.pending === "number" ? reply.data.pending : n;
      this.resultEl.className = "result ok";
      this.resultEl.append(
        `✓ Accepted: ${n} order${n === 1 ? "" : "s"}${remove.length ? `, ${remove.length} removed` : ""} for ${this.form.label}; your seat has ${pending} pending. You and your team can change and resubmit until the quarter resolves.`,
      );
      this.dirty.clear();
      this.removals.clear();
      this.confirmed = "";
      this.sentEditing = false;
      this.syncFromDraft();
      announce("Orders accepted");
    } else {
      this.resultEl.className = "result bad";
      this.resultEl.append(`✗ Not accepted: ${reply.message}`);
      if (reply.rejections?.length)
        this.resultEl.append(
          h(
            "ul",
            {},
            reply.rejections.map((r) => h("li", {}, `${built.summary[r.index] ?? r.type}: ${r.message}`)),
          ),
        );
      announce(`Orders not accepted: ${reply.message}`);
    }
  }
}

/** The figures a submission was asked about, as one key: the same figures give the same key. */
function checksKey(checks: Record<string, string>, values: Record<string, FieldValue>): string {
  return Object.keys(checks)
    .sort()
    .map((id) => `${id}=${String(values[id])}`)
    .join("&");
}

/**
 * One shared draft per seat: the orders its team has submitted for the quarter being decided,
 * each under its merge key (mergeKeyOf: a tier, a provider, a chipmaker, a task class, or one
 * per seat) with who set it; what each member is editing and has not submitted yet; and the
 * quarter's changes, so every mate sees who changed what. A submission merges: an order
 * replaces the pending orders under its key (the last to submit wins, and the change names
 * whose order it replaced), orders under other keys stand, and a removal is explicit.
 */
import { type DraftChange, type DraftMessage, mergeKeyOf, ORDERS, type Order } from "../../shared/index.ts";

export interface PendingEntry {
  key: string;
  /** the orders under this key from one submission (normally one) */
  orders: unknown[];
  by: string;
  memberId: string;
  seq: number;
  at: number;
}

export interface Editing {
  name: string;
  orders: unknown[];
  remove: string[];
  at: number;
}

const CHANGES_KEPT = 40;

/** What a merge key stands for, in words ("frontier token prices"), for notices. */
const KEY_WORDS: Record<string, string> = {
  "lab/setPrices": "{} token prices",
  "lab/allocateCompute": "compute split",
  "lab/signContract": "contract with {}",
  "lab/spotBid": "spot bid",
  "lab/investEfficiency": "efficiency investment",
  "lab/releaseModel": "release mode",
  "lab/setConsumerPlan": "consumer plan",
  "hyperscaler/buildPower": "power build in {}",
  "hyperscaler/orderAccelerators": "accelerator order from {}",
  "hyperscaler/setGpuPrices": "GPU-hour prices",
  "hyperscaler/setUsefulLife": "depreciation life",
  "chipmaker/orderWafers": "wafer order",
  "chipmaker/setPrice": "accelerator price",
  "chipmaker/setAllocation": "allocation priority",
  "chipmaker/fundRnd": "R&D budget",
  "enterprise/setBudget": "AI budget",
  "enterprise/setRouting": "routing of {}",
  "enterprise/investIntegration": "integration spend",
  "enterprise/setLabourSubstitution": "labour substitution",
  "finance/raiseEquity": "equity raise",
  "finance/drawDebt": "debt draw",
  "finance/repayDebt": "debt repayment",
};

export function keyWords(key: string): string {
  const i = key.indexOf(":");
  const type = i < 0 ? key : key.slice(0, i);
  const words = KEY_WORDS[type];
  return words ? words.replace("{}", i < 0 ? "" : key.slice(i + 1)) : key;
}

const TYPES: ReadonlySet<string> = new Set(ORDERS.map((d) => d.type));

/** A logged order's merge key (an order of a type this build does not know keys by its type). */
function keyOf(o: unknown): string {
  const type = String((o as { type?: unknown }).type);
  return TYPES.has(type) ? mergeKeyOf(o as Order) : type;
}

export class SeatDraft {
  /** pending orders by merge key, in the order their keys were first set */
  readonly entries = new Map<string, PendingEntry>();
  readonly changes: DraftChange[] = [];
  /** memberId → unsubmitted edits (live only, never logged) */
  readonly editing = new Map<string, Editing>();
  /** a member submitted this quarter (an empty submission too: "keep my standing orders") */
  submitted = false;
  lastBy = "";
  lastMemberId = "";
  lastSeq = -1;

  /**
   * Applies a submission. `merge`: by key (see above). `replace` (logs written before merging
   * existed): the orders become the seat's pending orders as a whole. Returns the changes.
   */
  submit(
    who: { memberId: string; name: string; seq: number; at: number },
    orders: unknown[],
    remove: string[],
    mode: "merge" | "replace",
  ): DraftChange[] {
    const out: DraftChange[] = [];
    const grouped = new Map<string, unknown[]>();
    for (const o of orders) {
      const k = keyOf(o);
      const g = grouped.get(k);
      if (g) g.push(o);
      else grouped.set(k, [o]);
    }
    const replacedOf = (prev: PendingEntry | undefined) =>
      prev && prev.memberId !== who.memberId ? { by: prev.by, memberId: prev.memberId, orders: prev.orders } : null;
    if (mode === "replace") {
      for (const [key, prev] of this.entries)
        if (!grouped.has(key)) out.push({ ...who, by: who.name, key, action: "remove", orders: [], replaced: replacedOf(prev) });
      const prevs = new Map(this.entries);
      this.entries.clear();
      for (const [key, os] of grouped) {
        this.entries.set(key, { key, orders: os, by: who.name, memberId: who.memberId, seq: who.seq, at: who.at });
        out.push({
          at: who.at,
          by: who.name,
          memberId: who.memberId,
          key,
          action: "set",
          orders: os,
          replaced: replacedOf(prevs.get(key)),
        });
      }
    } else {
      for (const key of remove) {
        const prev = this.entries.get(key);
        if (!prev) continue;
        this.entries.delete(key);
        out.push({ at: who.at, by: who.name, memberId: who.memberId, key, action: "remove", orders: [], replaced: replacedOf(prev) });
      }
      for (const [key, os] of grouped) {
        const prev = this.entries.get(key);
        this.entries.set(key, { key, orders: os, by: who.name, memberId: who.memberId, seq: who.seq, at: who.at });
        out.push({ at: who.at, by: who.name, memberId: who.memberId, key, action: "set", orders: os, replaced: replacedOf(prev) });
      }
    }
    this.submitted = true;
    this.lastBy = who.name;
    this.lastMemberId = who.memberId;
    this.lastSeq = who.seq;
    this.editing.delete(who.memberId);
    this.changes.push(...out);
    if (this.changes.length > CHANGES_KEPT) this.changes.splice(0, this.changes.length - CHANGES_KEPT);
    return out;
  }

  /** The seat's orders for the resolution: every key's orders, in the order the keys were first set. */
  orders(): unknown[] {
    const out: unknown[] = [];
    for (const e of this.entries.values()) out.push(...e.orders);
    return out;
  }

  /** A member's unsubmitted edits (empty: stopped editing). */
  edit(memberId: string, e: Editing): void {
    if (e.orders.length === 0 && e.remove.length === 0) this.editing.delete(memberId);
    else this.editing.set(memberId, e);
  }

  message(seat: string, quarter: number): DraftMessage {
    return {
      seat,
      quarter,
      submitted: this.submitted,
      pending: [...this.entries.values()].map((e) => ({ key: e.key, orders: e.orders, by: e.by, memberId: e.memberId, at: e.at })),
      changes: this.changes.map((c) => ({ ...c })),
      editing: [...this.editing].map(([memberId, e]) => ({ memberId, name: e.name, orders: e.orders, remove: e.remove, at: e.at })),
    };
  }
}

/** Every seat's draft for the quarter being decided. */
export class Drafts {
  private readonly map = new Map<string, SeatDraft>();

  of(seat: string): SeatDraft {
    let d = this.map.get(seat);
    if (!d) {
      d = new SeatDraft();
      this.map.set(seat, d);
    }
    return d;
  }

  peek(seat: string): SeatDraft | undefined {
    return this.map.get(seat);
  }

  submitted(seat: string): boolean {
    return this.map.get(seat)?.submitted === true;
  }

  /** A quarter resolved: every draft starts empty. */
  clear(): void {
    this.map.clear();
  }

  /** A member left the seat: their unsubmitted edits go. */
  dropEditor(seat: string | null, memberId: string): boolean {
    if (!seat) return false;
    return this.map.get(seat)?.editing.delete(memberId) ?? false;
  }
}

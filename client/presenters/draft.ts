/**
 * A team seat's shared draft as the order form shows it: every pending order with who set it,
 * what mates are editing right now, the quarter's changes ("Bob replaced Ann's frontier
 * prices"), and per form group what the team has pending or is editing there. Pure, no DOM.
 */
import type { DraftMessage, Order, PlayerView } from "../../shared/index.ts";
import { namesOf } from "./news.ts";
import { describeOrder, type FieldValue, placeOrder } from "./orders.ts";

export interface PendingRow {
  key: string;
  text: string;
  by: string;
  mine: boolean;
  /** this member marked it for removal (sent with their next submission) */
  removing: boolean;
  groupId: string | null;
}

export interface GroupNote {
  kind: "pending" | "editing" | "conflict";
  text: string;
}

export interface DraftModel {
  /** nothing pending, nobody editing, no changes */
  empty: boolean;
  pending: PendingRow[];
  editing: { name: string; texts: string[] }[];
  /** this quarter's changes, newest first */
  changes: string[];
  /** group id → what the team has there */
  notes: Map<string, GroupNote[]>;
  /** field values that show the team's pending orders (for the groups this member has not edited) */
  values: Record<string, FieldValue>;
  /** groups with a pending order */
  pendingGroups: Set<string>;
  /** merge keys pending */
  pendingKeys: Set<string>;
}

type Names = (id: string) => string;

function describe(orders: unknown[], name: Names): string {
  return orders.map((o) => safeDescribe(o, name)).join("; ");
}

/** An order from the wire in words (one of a type this client does not know: its type). */
function safeDescribe(o: unknown, name: Names): string {
  try {
    return describeOrder(o as Order, name);
  } catch {
    return String((o as { type?: unknown })?.type ?? "order");
  }
}

/**
 * @param me this member's id
 * @param dirty groups this member has edited and not submitted
 * @param removals merge keys this member marked for removal
 */
export function draftModel(
  view: PlayerView,
  draft: DraftMessage | null,
  me: string,
  dirty: ReadonlySet<string> = new Set(),
  removals: ReadonlySet<string> = new Set(),
): DraftModel {
  const name = namesOf(view);
  const notes = new Map<string, GroupNote[]>();
  const note = (g: string | null, n: GroupNote) => {
    if (!g) return;
    const list = notes.get(g) ?? [];
    list.push(n);
    notes.set(g, list);
  };
  const values: Record<string, FieldValue> = {};
  const pendingGroups = new Set<string>();
  const pendingKeys = new Set<string>();
  const current = draft && draft.quarter === view.quarter + 1 ? draft : null;
  const pending: PendingRow[] = (current?.pending ?? []).map((p) => {
    const place = p.orders[0] ? placeOrder(view, p.orders[0] as Order) : null;
    const mine = p.memberId === me;
    const text = describe(p.orders, name);
    pendingKeys.add(p.key);
    if (place) {
      pendingGroups.add(place.groupId);
      if (!dirty.has(place.groupId)) Object.assign(values, place.values);
      if (dirty.has(place.groupId) && !mine)
        note(place.groupId, {
          kind: "conflict",
          text: `${p.by} submitted: ${text}. Yours replaces it when you submit (the last to submit wins).`,
        });
      else note(place.groupId, { kind: "pending", text: `Pending, set by ${mine ? "you" : p.by}: ${text}` });
    }
    return { key: p.key, text, by: p.by, mine, removing: removals.has(p.key), groupId: place?.groupId ?? null };
  });
  const editing = (current?.editing ?? [])
    .filter((e) => e.memberId !== me)
    .map((e) => {
      const texts = e.orders.map((o) => safeDescribe(o, name));
      for (const k of e.remove) texts.push(`remove ${k}`);
      for (const o of e.orders) {
        const place = placeOrder(view, o as Order);
        if (place)
          note(place.groupId, {
            kind: dirty.has(place.groupId) ? "conflict" : "editing",
            text: `${e.name} is editing this: ${safeDescribe(o, name)}`,
          });
      }
      return { name: e.name, texts };
    });
  const changes = (current?.changes ?? [])
    .slice()
    .reverse()
    .slice(0, 8)
    .map((c) => {
      const who = c.memberId === me ? "You" : c.by;
      const whose = c.replaced ? (c.replaced.memberId === me ? "your" : `${c.replaced.by}'s`) : null;
      if (c.action === "remove") return `${who} removed ${whose ?? "the"} pending ${describe(c.replaced?.orders ?? [], name) || c.key}`;
      return whose ? `${who} replaced ${whose} order: ${describe(c.orders, name)}` : `${who} set: ${describe(c.orders, name)}`;
    });
  return {
    empty: pending.length === 0 && editing.length === 0 && changes.length === 0,
    pending,
    editing,
    changes,
    notes,
    values,
    pendingGroups,
    pendingKeys,
  };
}

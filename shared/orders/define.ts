/**
 * How an order type is declared: in one place, its schema (bounds and units on each field),
 * its label and help (the client's form is made from them), its merge key, its check against
 * the state, its direct cost and its effect. The check and the cost answer a dry run without
 * clearing any market, as OpenTTD's command test does; the effect runs inside resolveTurn.
 */
import { z } from "zod";
import type { TurnContext } from "../engine/context.ts";
import type { PlayerView } from "../engine/player-view.ts";
import type { GameState } from "../engine/state.ts";

export type OrderRole = "lab" | "hyperscaler" | "chipmaker" | "enterprise" | "company";

/** A field's label, unit and help for forms and descriptions (zod `.meta()`). */
export interface FieldMeta {
  label: string;
  unit?: string;
  help?: string;
  /** form step */
  step?: number;
  /** shown as 0-100 %, sent as 0-1 */
  percent?: boolean;
  /** a select of the view's companies of a role, or its models */
  options?: "hyperscalers" | "chipmakers" | "models" | "modelsOrNone";
  /** labels of an enum's values */
  labels?: Record<string, string>;
}

/** Attaches form metadata to a field's schema. */
export function field<T extends z.ZodType>(schema: T, meta: FieldMeta): T {
  return schema.meta(meta as unknown as Record<string, unknown>) as T;
}

export function metaOf(schema: z.ZodType): FieldMeta | undefined {
  return z.globalRegistry.get(schema) as FieldMeta | undefined;
}

/** Why an order is refused: a stable code and a sentence. */
export interface Refusal {
  code: string;
  message: string;
}

/** A form group the seat gets for an order type: one per merge key value (a tier, a provider…), or one. */
export interface FormInstance<O> {
  /** the merge key's value, or "" for an order type without one */
  key: string;
  title: string;
  /** current values (policies) or starting values (actions) of the order's fields */
  values: Omit<O, "type">;
}

/**
 * An order's domain, read from its schema's JSON Schema (zod's public output): each field's
 * type and bounds. resolveTurn checks a typed order against it, because a type says nothing of
 * bounds (an order built in code, a bot's, may hold a price past the limit, which the schema
 * would refuse at a boundary).
 */
interface FieldDomain {
  name: string;
  required: boolean;
  type: "number" | "integer" | "string" | "boolean" | "array";
  min: number | undefined;
  minOpen: boolean;
  max: number | undefined;
  values: readonly unknown[] | undefined;
  maxItems: number | undefined;
  items: Omit<FieldDomain, "name" | "required"> | undefined;
}

function domainOfProperty(p: Record<string, unknown>): Omit<FieldDomain, "name" | "required"> {
  // every property present (undefined when absent): one shape for every domain, so the check reads them fast
  const d: Omit<FieldDomain, "name" | "required"> = {
    type: p.type as FieldDomain["type"],
    min: undefined,
    minOpen: false,
    max: undefined,
    values: undefined,
    maxItems: undefined,
    items: undefined,
  };
  if (typeof p.minimum === "number") d.min = p.minimum;
  if (typeof p.minLength === "number") d.min = p.minLength;
  if (typeof p.exclusiveMinimum === "number") {
    d.min = p.exclusiveMinimum;
    d.minOpen = true;
  }
  if (typeof p.maximum === "number") d.max = p.maximum;
  if (typeof p.maxLength === "number") d.max = p.maxLength;
  if (Array.isArray(p.enum)) d.values = p.enum;
  if (p.const !== undefined) d.values = [p.const];
  if (typeof p.maxItems === "number") d.maxItems = p.maxItems;
  if (p.items && typeof p.items === "object") d.items = domainOfProperty(p.items as Record<string, unknown>);
  return d;
}

/** A schema's fields' domains (made when the order type is declared). */
export function domainOf(schema: z.ZodObject): FieldDomain[] {
  const js = z.toJSONSchema(schema) as { properties: Record<string, Record<string, unknown>>; required?: string[] };
  return Object.entries(js.properties).map(([name, p]) => {
    const d = domainOfProperty(p);
    return {
      name,
      required: js.required?.includes(name) ?? false,
      type: d.type,
      min: d.min,
      minOpen: d.minOpen,
      max: d.max,
      values: d.values,
      maxItems: d.maxItems,
      items: d.items,
    };
  });
}

function outside(d: Omit<FieldDomain, "name" | "required">, v: unknown): string | null {
  switch (d.type) {
    case "number":
    case "integer":
      if (typeof v !== "number" || !Number.isFinite(v)) return "expected a finite number";
      if (d.type === "integer" && !Number.isSafeInteger(v)) return "expected an integer";
      if (d.min !== undefined && (d.minOpen ? !(v > d.min) : !(v >= d.min)))
        return `must be ${d.minOpen ? "more than" : "at least"} ${d.min}`;
      if (d.max !== undefined && !(v <= d.max)) return `must be at most ${d.max}`;
      return null;
    case "string":
      if (typeof v !== "string") return "expected a string";
      if (d.values && !d.values.includes(v)) return `expected one of ${d.values.join(", ")}`;
      if (d.min !== undefined && v.length < d.min) return `at least ${d.min} characters`;
      if (d.max !== undefined && v.length > d.max) return `at most ${d.max} characters`;
      return null;
    case "boolean":
      return typeof v === "boolean" ? null : "expected true or false";
    case "array":
      if (!Array.isArray(v)) return "expected a list";
      if (d.maxItems !== undefined && v.length > d.maxItems) return `at most ${d.maxItems} items`;
      if (d.items) for (const x of v) if (outside(d.items, x)) return `an item: ${outside(d.items, x)}`;
      return null;
  }
}

/** Why a typed order is outside its schema's domain (its first bad field), or null. */
export function outsideDomain(domain: readonly FieldDomain[], o: Record<string, unknown>): string | null {
  for (const d of domain) {
    const v = o[d.name];
    if (v === undefined) {
      if (d.required) return `${d.name}: required`;
      continue;
    }
    const why = outside(d, v);
    if (why) return `${d.name}: ${why}`;
  }
  return null;
}

/** The scenario's rules for orders (`world.rules.orders`), public: every view carries them. */
export type OrderRules = GameState["world"]["rules"]["orders"];

export interface OrderDecl<T extends string = string, S extends z.ZodObject = z.ZodObject> {
  type: T;
  role: OrderRole;
  label: string;
  help: string;
  /** policy: stands until changed; action: happens once (a form left at zero sends none) */
  kind: "policy" | "action";
  /** the field that makes two orders of the type distinct (a tier, a provider, a chipmaker…); null: one per seat */
  mergeKey: string | null;
  schema: S;
  /**
   * the order against the orders' rules alone, before `check`: null when they allow it, else why
   * not. The order form runs it as the player types, from the rules its view carries.
   */
  checkRules?: (rules: OrderRules, o: z.infer<S>) => Refusal | null;
  /** the order against the state: null when it may apply, else why not (company: the seat's index) */
  check: (state: Readonly<GameState>, company: number, o: z.infer<S>) => Refusal | null;
  /** cash it commits this quarter ($; negative: cash it brings in), before any market clears */
  cost: (state: Readonly<GameState>, company: number, o: z.infer<S>) => number;
  /** its effect, inside resolveTurn */
  apply: (state: GameState, ctx: TurnContext, company: number, o: z.infer<S>) => void;
  /** one order in plain words (names: a company or model id → its name) */
  describe: (o: z.infer<S>, name: (id: string) => string) => string;
  /** the form groups a seat gets (from its view), with current values */
  form: (view: PlayerView) => FormInstance<z.infer<S>>[];
}

/** An order type's declaration with the domain read from its schema. */
export type DeclaredOrder<T extends string = string, S extends z.ZodObject = z.ZodObject> = OrderDecl<T, S> & {
  domain: readonly FieldDomain[];
};

/** Declares an order type (its domain is read from its schema here, once). */
export function defineOrder<T extends string, S extends z.ZodObject>(decl: OrderDecl<T, S>): DeclaredOrder<T, S> {
  return { ...decl, domain: domainOf(decl.schema) };
}

/** A reference to a company or model by id. */
export const Ref = z.string().min(1).max(40);
export const Frac = z.number().min(0).max(1);
/** US dollars */
export const Money = z.number().min(0).max(1e13);
export const Price = z.number().min(0).max(1e7);
export const PositivePrice = z.number().gt(0).max(1e7);

export const refuse = (code: string, message: string): Refusal => ({ code, message });

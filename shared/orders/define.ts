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

/** Declares an order type (the identity, typed). */
export function defineOrder<T extends string, S extends z.ZodObject>(decl: OrderDecl<T, S>): OrderDecl<T, S> {
  return decl;
}

/** A reference to a company or model by id. */
export const Ref = z.string().min(1).max(40);
export const Frac = z.number().min(0).max(1);
/** US dollars */
export const Money = z.number().min(0).max(1e13);
export const Price = z.number().min(0).max(1e7);

export const refuse = (code: string, message: string): Refusal => ({ code, message });

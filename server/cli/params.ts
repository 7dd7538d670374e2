/**
 * The parameters a tornado varies, with their low and high. PROVISIONAL: "Engine v2" declares
 * every model parameter with its unit, default, domain and `plausible` [low, high] in
 * shared/scenario/params.ts; until then `provisionalParams()` lists today's numeric
 * `world.params` fields with the bounds their zod schema allows (a bound the schema leaves open
 * becomes half or twice the scenario's value). Switching to the registry is this one function.
 */
import { z } from "zod";
import { applyOverrides, parseScenario, type Scenario, WorldSchema } from "../../shared/index.ts";

export interface ParamRange {
  path: string;
  low: number;
  high: number;
  unit?: string;
}

function numberBounds(schema: z.ZodType): { min: number | null; max: number | null } | null {
  let s: z.ZodType = schema;
  while (s instanceof z.ZodDefault || s instanceof z.ZodOptional) s = (s as z.ZodDefault<z.ZodType>).unwrap() as z.ZodType;
  if (!(s instanceof z.ZodNumber)) return null;
  const min = s.minValue;
  const max = s.maxValue;
  return { min: min !== null && Number.isFinite(min) ? min : null, max: max !== null && Number.isFinite(max) ? max : null };
}

/** The provisional parameter list for a scenario (see the header). */
export function provisionalParams(scenario: Scenario, scenarioInput: unknown): ParamRange[] {
  const shape = (WorldSchema.shape.params as unknown as z.ZodObject).shape as Record<string, z.ZodType>;
  const values = scenario.world.params as Record<string, unknown>;
  const out: ParamRange[] = [];
  const accepts = (path: string, value: number): boolean => {
    try {
      parseScenario(applyOverrides(scenarioInput, [{ path, value }]));
      return true;
    } catch {
      return false;
    }
  };
  for (const key of Object.keys(shape).sort()) {
    const b = numberBounds(shape[key] as z.ZodType);
    const v = values[key];
    if (!b || typeof v !== "number") continue;
    const path = `world.params.${key}`;
    let low = b.min ?? v / 2;
    let high = b.max ?? v * 2;
    // the growth cone's ends may not cross
    if (key === "demandGrowthLow") high = Math.min(high, values.demandGrowthHigh as number);
    if (key === "demandGrowthHigh") low = Math.max(low, values.demandGrowthLow as number);
    if (!accepts(path, low)) low = v / 2;
    if (!accepts(path, high)) high = v * 2;
    if (!(high > low) || !accepts(path, low) || !accepts(path, high)) continue;
    out.push({ path, low, high });
  }
  return out;
}

/**
 * A player's forecasts in words (pure, no DOM): the figures the host asks for, with the last
 * value to start from, this member's forecasts for the quarter being decided, and its past
 * forecasts with their scores once resolved. Also reads the form's fields into a forecast.
 */
import {
  FORECAST_TARGETS,
  type Forecast,
  ForecastSchema,
  type ForecastsMessage,
  type ForecastTarget,
  type PlayerView,
} from "../../shared/index.ts";
import { forecastText, outcomeText, targetValue } from "./debrief.ts";

export interface ForecastTargetModel {
  id: ForecastTarget;
  label: string;
  unit: string;
  /** the figure's last resolved value (null before the first quarter) */
  last: number | null;
  lastText: string;
  /** this member's forecast of it for the quarter being decided, in words ("" when none) */
  current: string;
}

export interface ForecastPanelModel {
  /** the quarter forecast (the one being decided) */
  quarter: number;
  targets: ForecastTargetModel[];
  past: { quarter: number; target: string; forecast: string; result: string; resolved: boolean }[];
}

function isTarget(t: string): t is ForecastTarget {
  return t in FORECAST_TARGETS;
}

export function forecastPanel(view: PlayerView, msg: ForecastsMessage | null, asked: readonly string[]): ForecastPanelModel {
  const quarter = view.quarter + 1;
  const last = view.history[view.history.length - 1];
  const mine = msg?.mine ?? [];
  const targets = asked.filter(isTarget).map((id) => {
    const v = last ? last[id] : null;
    const cur = mine.find((f) => f.quarter === quarter && f.forecast.target === id);
    return {
      id,
      label: FORECAST_TARGETS[id].label,
      unit: FORECAST_TARGETS[id].unit,
      last: typeof v === "number" ? v : null,
      lastText: typeof v === "number" ? `last quarter: ${targetValue(id, v)}` : "no value yet",
      current: cur ? forecastText(cur.forecast) : "",
    };
  });
  const past = mine
    .filter((f) => f.quarter < quarter || f.score !== undefined)
    .map((f) => ({
      quarter: f.quarter,
      target: FORECAST_TARGETS[f.forecast.target].label,
      forecast: forecastText(f.forecast),
      resolved: f.score !== undefined,
      result:
        f.score === undefined || f.actual === undefined
          ? "waiting for the quarter to resolve"
          : `came out ${outcomeText(f.forecast.target, f.actual, f.outcome ?? "", f.quarter)} · score ${f.score.toFixed(3)}${f.covered === undefined ? "" : f.covered ? " · inside your interval" : " · outside your interval"}`,
    }))
    .sort((a, b) => b.quarter - a.quarter || a.target.localeCompare(b.target));
  return { quarter, targets, past };
}

/** The form's fields as a forecast, or why not (percentages for up/flat/down, 0–100). */
export function readForecast(
  target: ForecastTarget,
  kind: "interval" | "direction",
  fields: Record<string, string>,
): { ok: true; forecast: Forecast } | { ok: false; error: string } {
  const num = (k: string) => Number(String(fields[k] ?? "").replace(/[,$\s]/g, ""));
  const raw =
    kind === "interval"
      ? { kind, target, median: num("median"), low: num("low"), high: num("high") }
      : { kind, target, up: num("up") / 100, flat: num("flat") / 100, down: num("down") / 100 };
  const p = ForecastSchema.safeParse(raw);
  if (!p.success) {
    const i = p.error.issues[0]!;
    const field = i.path.length ? `${i.path.join(".")}: ` : "";
    const msg = kind === "direction" && !i.path.length ? "up, flat and down must add up to 100%" : i.message;
    return { ok: false, error: `${field}${msg}` };
  }
  return { ok: true, forecast: p.data };
}

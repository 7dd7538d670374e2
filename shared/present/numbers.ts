/**
 * A number to about three significant figures for tables: 0, 123, 12.3, 1.23, 0.123, then two
 * significant figures below 0.01. Read by the command line's tables and the facts card.
 */
export function significant(v: number): string {
  const abs = Math.abs(v);
  if (abs === 0) return "0";
  if (abs >= 100) return v.toFixed(0);
  if (abs >= 10) return v.toFixed(1);
  if (abs >= 1) return v.toFixed(2);
  if (abs >= 0.01) return v.toFixed(3);
  return v.toPrecision(2);
}

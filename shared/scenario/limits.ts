/**
 * The longest game, in quarters (six years). The economy is calibrated to mid-2026 and its real
 * growth compounds: in the boom scenarios the largest companies' cash passes what integer cents
 * hold exactly (2^53 cents, about $90T) somewhere past 30 quarters (jevons-boom, worst of 30
 * seeds: 92% of that at 32 quarters, 36% at 28, 12% at 24). Past 2030 the figures are a stress
 * test, not a forecast.
 */
export const MAX_QUARTERS = 24;

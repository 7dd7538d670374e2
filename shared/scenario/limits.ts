/**
 * The longest game, in quarters (six years). The economy is calibrated to mid-2026 and its real
 * growth compounds, so past 2030 the figures would be a stress test, not a forecast. (Money is
 * not the limit: the ledger's two-part cents are exact far beyond any legal game, ledger.ts.)
 */
export const MAX_QUARTERS = 24;

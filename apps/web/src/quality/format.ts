import type { ProportionDto } from '@tessera/contracts';

export const pct = (x: number | null | undefined, digits = 0) => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(digits)} %`);

/** "83 % (71–91 %)", or null without trials. */
export const withInterval = (g: ProportionDto) => (g.p === null ? null : `${pct(g.p)} (${Math.round(g.low * 100)}–${Math.round(g.high * 100)} %)`);

export function money(amount: number, currency: string, language: string) {
  return new Intl.NumberFormat(language, { style: 'currency', currency, maximumFractionDigits: 2 }).format(amount);
}

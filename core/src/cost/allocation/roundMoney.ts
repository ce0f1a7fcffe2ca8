/**
 * A money figure for JSON: 15 significant digits, which drops the noise of adding floats
 * (0.30000000000000004 → 0.3) and keeps far more than cents for any realistic amount.
 */
export const roundMoney = (x: number): number => (x === 0 ? 0 : Number(x.toPrecision(15)))

/*
 * Money as integers of 10^-12: billing amounts are Decimal(38, 12) in ClickHouse, whose sums are
 * exact, and adding or converting them in doubles here would undo that. No decimal library is a
 * dependency of core, and the four operations below are all Meridian needs.
 */

/** Fractional digits of every scaled amount (the billing table's Decimal scale). */
export const SCALE = 12
const ONE = 10n ** BigInt(SCALE)
const DECIMAL = /^([+-])?(\d+)(?:\.(\d*))?$/

/** A decimal text ("-12.5", "0.000000800000") as an integer of 10^-12; more fractional digits are rounded half away from zero. */
export function parseScaled(text: string): bigint {
  const match = DECIMAL.exec(text.trim())
  if (!match) throw new Error(`not a decimal number: "${text}"`)
  const [, sign, whole, fraction = ''] = match
  const kept = fraction.slice(0, SCALE).padEnd(SCALE, '0')
  let value = BigInt(whole) * ONE + BigInt(kept)
  if (fraction.length > SCALE && fraction[SCALE] >= '5') value += 1n
  return sign === '-' ? -value : value
}

/** The exact decimal text of a scaled amount, without trailing zeros ("1.5", "-0.000001", "3"). */
export function scaledToString(value: bigint): string {
  const negative = value < 0n
  const abs = negative ? -value : value
  const whole = abs / ONE
  const fraction = (abs % ONE).toString().padStart(SCALE, '0').replace(/0+$/, '')
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`
}

/** The double nearest to the exact amount (correct to the cent below 2^53 cents, about 90 trillion). */
export const scaledToNumber = (value: bigint): number => Number(scaledToString(value))

/** Integer division rounded half away from zero. */
function divideRounded(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n !== denominator < 0n
  const n = numerator < 0n ? -numerator : numerator
  const d = denominator < 0n ? -denominator : denominator
  const q = (2n * n + d) / (2n * d)
  return negative ? -q : q
}

/** amount × factor, both scaled; the product rounded back to 12 digits. */
export const multiplyScaled = (amount: bigint, factor: bigint): bigint => divideRounded(amount * factor, ONE)

/** amount ÷ divisor, both scaled; the quotient rounded to 12 digits. */
export function divideScaled(amount: bigint, divisor: bigint): bigint {
  if (divisor === 0n) throw new RangeError('division by zero')
  return divideRounded(amount * ONE, divisor)
}

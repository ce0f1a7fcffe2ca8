import { nextDay } from './fakeCostExplorer.js'
import type { FakeCost } from './fakeCostExplorer.js'

export const SERVICES = ['AWS Lambda', 'Amazon Simple Storage Service', 'Amazon Relational Database Service']
export const ACCOUNTS = [
  { id: '111111111111', name: 'prod' },
  { id: '222222222222', name: 'staging' },
]

/**
 * Daily costs of every service in every account from `start` to `end` (exclusive), amounts with
 * ten decimals that differ per day, service, account and `version` (a revision of the same days).
 */
export function fakeCosts(start: string, end: string, version = 1): FakeCost[] {
  const costs: FakeCost[] = []
  let i = 0
  for (let day = start; day < end; day = nextDay(day)) {
    for (const service of SERVICES) {
      for (const account of ACCOUNTS) {
        i++
        const seed = (Number(day.replaceAll('-', '')) * 31 + i * 7919 + version * 104_729) % 9_999_991
        costs.push({
          day,
          service,
          account: account.id,
          accountName: account.name,
          tags: { team: ['checkout', 'search', ''][seed % 3] },
          unblended: `${seed % 97}.${String(seed).padStart(10, '0')}`,
          amortized: `${seed % 89}.${String(seed * 3 % 10_000_000_000).padStart(10, '0')}`,
          usage: `${seed % 1000}.5`,
          usageUnit: 'Hrs',
        })
      }
    }
  }
  return costs
}

import { type AllocationRuleInput, deleteRuleResponse, type StoredRule, storedRule } from '@meridian/core/api'
import { type QueryClient, useMutation, useQueryClient } from '@tanstack/react-query'
import { apiSend } from './apiSend'
import { API_PATHS } from './paths'

/*
 * Changes to the stored allocation rules (POST/PUT/DELETE /allocation/rules). Allocation is
 * computed when asked (docs/allocation.md), so a change counts at once for every cost read from
 * allocation: the rules, allocated costs, unit costs and team budgets are read again.
 */

/** Queries whose answers depend on the allocation rules. */
const DEPENDENT = ['allocationCosts', 'unitCosts', 'budgetStatus', 'financeReport']

/** The rules list is read again before the change counts as done (the page shows it at once); costs follow. */
async function refreshAfterChange(client: QueryClient): Promise<void> {
  for (const name of DEPENDENT) void client.invalidateQueries({ queryKey: [name] })
  await client.invalidateQueries({ queryKey: ['allocationRules'] })
}

/** Creates (no id) or replaces a stored rule. */
export function useSaveAllocationRule() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: ({ id, input }: { id?: string; input: AllocationRuleInput }): Promise<StoredRule> =>
      id ? apiSend('PUT', API_PATHS.allocationRule(id), input, storedRule) : apiSend('POST', API_PATHS.allocationRules, input, storedRule),
    onSuccess: () => refreshAfterChange(client),
  })
}

export function useDeleteAllocationRule() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => apiSend('DELETE', API_PATHS.allocationRule(id), undefined, deleteRuleResponse),
    onSuccess: () => refreshAfterChange(client),
  })
}

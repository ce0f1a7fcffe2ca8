import {
  allocationCostsResponse,
  awsSyncStatusResponse,
  type Budget,
  type BudgetInput,
  billingImportsResponse,
  budget,
  budgetStatusResponse,
  budgetsResponse,
  costDimensionsResponse,
  costResponse,
  financeReport,
  deletedResponse,
  llmCostsResponse,
  rulesResponse,
  unitCostsResponse,
} from '@meridian/core/api'
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { apiSend } from './apiSend'
import { apiGet, apiUrl, type Contract, type QueryParams } from './client'
import { API_PATHS } from './paths'

/*
 * The FinOps pages' queries (issue 5). Cost pages read whole UTC days: the range is passed as
 * the epoch ms of its midnights, so a relative range that moves within a day keeps its answer.
 */

export interface DayRange {
  from: number
  to: number
  /** false: wait (the page is about to set its range). */
  ready?: boolean
}

function useDaysQuery<T>(name: string, path: string, range: DayRange, params: QueryParams, schema: Contract<T>, enabled = true) {
  const all = { ...params, from: range.from, to: range.to }
  return useQuery({
    queryKey: [name, path, all],
    queryFn: ({ signal }) => apiGet(path, all, schema, signal),
    placeholderData: keepPreviousData,
    enabled: enabled && range.ready !== false,
  })
}

/** GET /costs: `params` are the explorer's (metric, groupBy, filter, granularity, top, limit, currency). */
export const useCosts = (range: DayRange, params: QueryParams, enabled = true) => useDaysQuery('costs', API_PATHS.costs, range, params, costResponse, enabled)
export const useCostDimensions = (range: DayRange) => useDaysQuery('costDimensions', API_PATHS.costDimensions, range, {}, costDimensionsResponse)
export const useAllocationCosts = (range: DayRange, by: 'service' | 'team', enabled = true) =>
  useDaysQuery('allocationCosts', API_PATHS.allocationCosts, range, { by }, allocationCostsResponse, enabled)
export const useUnitCosts = (range: DayRange, service?: string) => useDaysQuery('unitCosts', API_PATHS.unitCosts, range, { service }, unitCostsResponse)
export const useLlmCosts = (range: DayRange) => useDaysQuery('llmCosts', API_PATHS.llmCosts, range, {}, llmCostsResponse)

/** Whether any billing data is stored at all (GET /costs/dimensions without a range counts every row). */
export function useBillingRowCount() {
  return useQuery({
    queryKey: ['costDimensions', 'all'],
    queryFn: ({ signal }) => apiGet(API_PATHS.costDimensions, {}, costDimensionsResponse, signal),
    select: (d) => d.rows,
  })
}

export function useBudgets() {
  return useQuery({ queryKey: ['budgets'], queryFn: ({ signal }) => apiGet(API_PATHS.budgets, {}, budgetsResponse, signal) })
}

/** Each budget at `at` (epoch ms; default now). */
export function useBudgetStatus(at?: number) {
  return useQuery({
    queryKey: ['budgetStatus', at ?? 'now'],
    queryFn: ({ signal }) => apiGet(API_PATHS.budgetStatus, { at }, budgetStatusResponse, signal),
    placeholderData: keepPreviousData,
  })
}

/** Creates (no id) or replaces a budget; budgets and their status are read again. */
export function useSaveBudget() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: ({ id, input }: { id?: string; input: BudgetInput }): Promise<Budget> =>
      id ? apiSend('PUT', API_PATHS.budget(id), input, budget) : apiSend('POST', API_PATHS.budgets, input, budget),
    onSuccess: () => Promise.all([client.invalidateQueries({ queryKey: ['budgets'] }), client.invalidateQueries({ queryKey: ['budgetStatus'] })]),
  })
}

export function useDeleteBudget() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => apiSend('DELETE', API_PATHS.budget(id), undefined, deletedResponse),
    onSuccess: () => Promise.all([client.invalidateQueries({ queryKey: ['budgets'] }), client.invalidateQueries({ queryKey: ['budgetStatus'] })]),
  })
}

export function useBillingImports() {
  return useQuery({ queryKey: ['billingImports'], queryFn: ({ signal }) => apiGet(API_PATHS.billingImports, { limit: 50 }, billingImportsResponse, signal) })
}

export function useAwsSyncStatus() {
  return useQuery({ queryKey: ['awsSyncStatus'], queryFn: ({ signal }) => apiGet(API_PATHS.awsSyncStatus, {}, awsSyncStatusResponse, signal) })
}

/** The allocation rules and the service → team map (teams for team budgets). */
export function useAllocationRules() {
  return useQuery({ queryKey: ['allocationRules'], queryFn: ({ signal }) => apiGet(API_PATHS.allocationRules, {}, rulesResponse, signal) })
}

/** The monthly finance report (JSON); `reportDownloadUrl` gives its CSV and XLSX. */
export function useFinanceReport(month: string) {
  return useQuery({
    queryKey: ['financeReport', month],
    queryFn: ({ signal }) => apiGet(API_PATHS.financeReport, { month }, financeReport, signal),
    placeholderData: keepPreviousData,
  })
}

export const reportDownloadUrl = (month: string, format: 'csv' | 'xlsx') => apiUrl(API_PATHS.financeReport, { month, format })

export { ConfigError, MeridianError } from './errors.js'
export { type Env, envBool, envIdentifier, envInt, envOptional, envString } from './env.js'
export { createLogger, type Logger } from './logger.js'
export { INSERT_FORMAT, type InsertOptions, openStore, type Store } from './store.js'
export { parseStoreConfig, type Retention, type StoreConfig } from './storeConfig.js'
export { migrate, type MigrateOptions, type MigrateResult } from './schema/migrate.js'
export { migrations, type Migration } from './schema/migrations.js'
export { createTableSql, createMaterializedViewSql, createDatabaseSql, storageTableName, type DdlTarget } from './schema/ddl.js'
export * as tables from './schema/telemetryTables.js'
export { redMinute, redMinuteMv } from './schema/meridianTables.js'
export {
  BILLING_PARTITION_KEY,
  BILLING_SOURCES,
  type BillingSource,
  billingImports,
  billingRows,
  FOCUS_COLUMNS,
  type FocusColumn,
} from './schema/billingTables.js'
export {
  BUCKET_COUNT,
  bucketOf,
  bucketUpperBoundNs,
  bucketMidpointNs,
  histogramQuantileNs,
} from './telemetry/latencyBuckets.js'
export { type RedSummary, redSummary } from './telemetry/redSummary.js'
export { closeServer } from './http/closeServer.js'
export { stringifyJson, toJsonRowsText } from './json/stringifyJson.js'
export { ClickHouseError } from '@clickhouse/client'
export { histogramQuantileBucketSql } from './telemetry/latencyBuckets.js'
export { type OperationRed, type ServiceRed, serviceRed, servicesOverview, servicesRed } from './telemetry/queries/services.js'
export { serviceDetail, TOP_ERRORS } from './telemetry/queries/serviceDetail.js'
export { serviceMap } from './telemetry/queries/serviceMap.js'
export { type TraceSearch, traceSearch } from './telemetry/queries/traceSearch.js'
export { traceById } from './telemetry/queries/traceById.js'
export { type LogSearch, logSearch } from './telemetry/queries/logSearch.js'
export { type LogHistogram, logHistogram } from './telemetry/queries/logHistogram.js'
export { DEFAULT_LOG_TAIL, LogTail, type LogTailSettings } from './telemetry/queries/logTail.js'
export { type LogFilters, SEVERITY_CLASS_SQL } from './telemetry/queries/logRecords.js'
export { metricNames } from './telemetry/queries/metricNames.js'
export { MAX_METRIC_BUCKETS, type MetricQuery, metricQueryRun } from './telemetry/queries/metricQuery.js'
export { MAX_QUERY_SECONDS, type QueryOptions, storeError } from './telemetry/queries/storeQuery.js'
export { type TimeRange, minuteRange, previousRange } from './telemetry/queries/timeRange.js'
export {
  DEFAULT_EDGES_ROLLUP,
  EDGES_ROLLUP,
  type EdgesRollupLoop,
  type EdgesRollupSettings,
  edgesWatermark,
  rollupEdges,
  rollupEdgesOnce,
  startEdgesRollup,
} from './telemetry/edges/edgesRollup.js'
export { readEdges } from './telemetry/edges/edges.js'
export { type ReplacedPeriod, type ReplaceBillingPeriodsOptions, replaceBillingPeriods } from './billing/replaceBillingPeriods.js'
export { type BillingImportRecord, recordBillingImport } from './billing/recordBillingImport.js'
export { type AwsSyncSchedule, announceAwsSyncSchedule, awsSyncSchedule } from './billing/awsSyncSchedule.js'
export { awsSyncStatus, CE_REQUEST_USD } from './billing/awsSyncStatus.js'
export { costExplorer } from './cost/explorer/costExplorer.js'
export { costDimensions, MAX_TAG_KEYS } from './cost/explorer/costDimensions.js'
export { MAX_COST_BUCKETS } from './cost/explorer/costBuckets.js'
export { type BillingRowInput, billingRow, insertBillingRows } from './cost/explorer/billingRows.js'
export {
  type CurrencySettings,
  describeCurrencySettings,
  type ExchangeRate,
  NO_CONVERSION,
  parseCurrencySettings,
  parseExchangeRates,
} from './cost/currency/currencySettings.js'
export { type AppliedRate, type CurrencyConversion, currencyConversion } from './cost/currency/currencyConversion.js'
export { type DailyForecast, type DailyForecastInput, type ForecastModel, forecastDaily } from './cost/forecast/dailyForecast.js'
export { budgetsTable } from './schema/costTables.js'
export { allocationRules as allocationRulesTable } from './schema/allocationTables.js'
export { alertHistoryTable, alertInstancesTable, alertNotificationsTable, alertSilencesTable, alertTables } from './schema/alertTables.js'
export { ALLOCATION_RULES_ENV, parseAllocationSettings, parseAllocationText, readAllocationFile } from './cost/allocation/allocationSettings.js'
export { type AllocationSettings, loadRuleSet, NO_ALLOCATION_FILE, type RuleEntry, type RuleSet } from './cost/allocation/ruleSet.js'
export { type AllocatedCost, allocateCosts, ruleSumsQuery, type UnallocatedReason } from './cost/allocation/allocateCosts.js'
export { type AllocationCostsQuery, allocationCosts, UNALLOCATED } from './cost/allocation/allocationCosts.js'
export { listRules } from './cost/allocation/listRules.js'
export { type ApiRule, type ApiRuleInput, createApiRule, deleteApiRule, listApiRules, replaceApiRule } from './cost/allocation/ruleStore.js'
export { type FileProblem, InvalidFileError } from './cost/allocation/parseYamlFile.js'
export { NAMESPACE_TAG_KEYS, WORKLOAD_TAG_KEYS } from './cost/allocation/kubernetesTags.js'
export { type UnitCostsQuery, unitCosts } from './cost/unitCosts/unitCosts.js'
export { type LlmCostsQuery, llmCosts } from './cost/llm/llmCosts.js'
export {
  DEFAULT_LLM_PRICES,
  DEFAULT_PRICE_TABLE,
  DEFAULT_PRICES_AS_OF,
  LLM_PRICES_ENV,
  type LlmPriceTable,
  type ModelPrice,
  parseLlmPrices,
  priceOf,
} from './cost/llm/llmPrices.js'
export { createBudget, deleteBudget, getBudget, listBudgets, updateBudget } from './cost/budgets/budgetStore.js'
export { type BudgetStatusOptions, budgetStatuses } from './cost/budgets/budgetStatus.js'
export { type BudgetCondition, evaluateBudgetConditions } from './cost/budgets/evaluateBudgetConditions.js'
export { type DailyCost, type TeamDailyCost } from './cost/budgets/teamDailyCost.js'
export { budgetPeriodOf } from './cost/budgets/budgetPeriod.js'
export { FORECAST_FIT_DAYS } from './cost/budgets/budgetFigures.js'
export {
  DEFAULT_MAX_LISTED_PROBLEMS,
  type FocusImportOptions,
  type FocusImportProgress,
  importFocusFile,
} from './billing/importFocusFile.js'
export { detectFocusVersion, FOCUS_RULES, type FocusColumnRule, MANDATORY_COLUMNS } from './billing/focusSpec.js'
export { listBillingImports } from './billing/listBillingImports.js'
export { allocationTeamDailyCost } from './cost/budgets/allocationTeamDailyCost.js'
export type { DefinedSlo, MetricSelection, Slo, SloBudgeting, SloIndicator, SloWindow, SpanSelection } from './slo/slo.js'
export { compileSlo } from './slo/compileSlo.js'
export { type ParsedSlos, parseSloYaml, type SloProblem } from './slo/parseSloYaml.js'
export { DEFAULT_DEBOUNCE_MS as SLO_FILES_DEBOUNCE_MS, parseSloDirectory, SLO_DIR_ENV, SloFiles, type SloFilesOptions } from './slo/sloFiles.js'
export { createSlo, deleteSlo, getSlo, listSlos, replaceSlo } from './slo/sloStore.js'
export { byBudgetLeft, historyStepOf, sloEnd, sloFrame, sloStatuses, type SloStatusOptions } from './slo/sloStatuses.js'
export { BURN_WINDOW_MS, type BurnRatePair, burnRateAlerts, pairFires } from './slo/burnRateAlerts.js'
export { type BurnRateEvaluation, evaluateBurnRate, evaluateBurnRates, evaluateSlosBurnRates, type WindowBurn } from './slo/evaluateBurnRate.js'
export { THRESHOLD_ROUNDING, thresholdBucket } from './slo/thresholdBucket.js'
export { calendarMonth, windowAt } from './slo/sloWindow.js'
export { slosTable } from './schema/sloTables.js'
export { alertRulesTable } from './schema/alertRuleTables.js'
export { type Cell, type CellRow, type CellSource, readCells, RedSum, serviceIs } from './telemetry/queries/redCellCache.js'
export { OPERATION_LEVEL, SERVICE_LEVEL } from './telemetry/queries/redCells.js'
export { quantileMs, type RedTotals } from './telemetry/queries/redFigures.js'
export { parseYamlText } from './cost/allocation/parseYamlFile.js'

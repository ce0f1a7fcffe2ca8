import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { useState } from 'react'
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router'
import { ApiError } from './api/client'
import { I18nProvider } from './i18n/I18n'
import { AppLayout } from './layout/AppLayout'
import { AllocationRulesPage } from './pages/cost/allocation/AllocationRulesPage'
import { BillingDataPage } from './pages/cost/BillingDataPage'
import { BudgetsPage } from './pages/cost/BudgetsPage'
import { CostExplorerPage } from './pages/cost/CostExplorerPage'
import { LlmCostsPage } from './pages/cost/LlmCostsPage'
import { ReportLink, ReportsPage } from './pages/cost/ReportsPage'
import { UnitCostsPage } from './pages/cost/UnitCostsPage'
import { LogsPage } from './pages/logs/LogsPage'
import { ServiceMapPage } from './pages/map/ServiceMapPage'
import { MetricsPage } from './pages/metrics/MetricsPage'
import { NotFoundPage } from './pages/NotFoundPage'
import { AlertsPage } from './pages/reliability/AlertsPage'
import { SloListPage } from './pages/reliability/SloListPage'
import { SloPage } from './pages/reliability/SloPage'
import { ServicePage } from './pages/service/ServicePage'
import { ServicesPage } from './pages/services/ServicesPage'
import { TracePage } from './pages/trace/TracePage'
import { TracesPage } from './pages/traces/TracesPage'
import { TimeRangeProvider } from './state/TimeRangeContext'
import { ThemeProvider } from './theme/Theme'

function newQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // a 4xx will fail again: say so at once; a network error or 5xx gets one more try
        retry: (count, error) => count < 1 && !(error instanceof ApiError && error.failure.kind === 'http' && error.failure.status < 500),
        refetchOnWindowFocus: false,
        staleTime: 5_000,
      },
    },
  })
}

/** `/` opens the services, keeping the query (a shared link to `/?range=6h` keeps its range). */
function HomeRedirect() {
  const { search } = useLocation()
  return <Navigate to={`/services${search}`} replace />
}

export function App() {
  const [queryClient] = useState(newQueryClient)
  return (
    <ThemeProvider>
      <I18nProvider>
        <QueryClientProvider client={queryClient}>
          <BrowserRouter>
            <TimeRangeProvider>
              <AppLayout>
                <Routes>
                  <Route path="/" element={<HomeRedirect />} />
                  <Route path="/services" element={<ServicesPage />} />
                  <Route path="/services/:service" element={<ServicePage />} />
                  <Route path="/map" element={<ServiceMapPage />} />
                  <Route path="/traces" element={<TracesPage />} />
                  <Route path="/traces/:traceId" element={<TracePage />} />
                  <Route path="/logs" element={<LogsPage />} />
                  <Route path="/metrics" element={<MetricsPage />} />
                  <Route path="/slos" element={<SloListPage />} />
                  <Route path="/slos/:name" element={<SloPage />} />
                  <Route path="/alerts" element={<AlertsPage />} />
                  <Route path="/alerts/silences/new" element={<AlertsPage />} />
                  <Route path="/costs" element={<CostExplorerPage />} />
                  <Route path="/costs/budgets" element={<BudgetsPage />} />
                  <Route path="/costs/unit-costs" element={<UnitCostsPage />} />
                  <Route path="/costs/llm" element={<LlmCostsPage />} />
                  <Route path="/costs/reports" element={<ReportsPage />} />
                  <Route path="/costs/billing" element={<BillingDataPage />} />
                  <Route path="/costs/allocation" element={<AllocationRulesPage />} />
                  <Route path="/reports/:month" element={<ReportLink />} />
                  <Route path="*" element={<NotFoundPage />} />
                </Routes>
              </AppLayout>
            </TimeRangeProvider>
          </BrowserRouter>
        </QueryClientProvider>
      </I18nProvider>
    </ThemeProvider>
  )
}

import { fileURLToPath } from 'node:url'

/** Where the built single-page app lands; the server serves it from here once it exists. */
export const WEB_DIST_DIR = fileURLToPath(new URL('../dist', import.meta.url))

export interface PlaceholderInfo {
  otlpHttpUrl: string
  otlpGrpcUrl: string
  storeLocation: string
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

/** The page shown until the dashboard is built: what Meridian is and where to send telemetry. */
export function placeholderHtml(info: PlaceholderInfo): string {
  const http = escapeHtml(info.otlpHttpUrl)
  const grpc = escapeHtml(info.otlpGrpcUrl)
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Meridian</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:3rem auto;padding:0 1rem;color:#1b1f24}
code,pre{font:14px ui-monospace,monospace;background:#f2f4f7;border-radius:4px}
pre{padding:.75rem 1rem;overflow:auto}
h1{margin-bottom:.25rem}.sub{color:#57606a;margin-top:0}
</style></head>
<body>
<h1>Meridian</h1>
<p class="sub">Observability and FinOps, in one place. The dashboard is on its way; the collector is already taking data.</p>
<h2>Send OpenTelemetry data here</h2>
<p>Point any OpenTelemetry SDK or Collector at Meridian:</p>
<pre>export OTEL_EXPORTER_OTLP_ENDPOINT=${http}
export OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf
export OTEL_SERVICE_NAME=my-service</pre>
<p>For OTLP/gRPC, use <code>${grpc}</code> with <code>OTEL_EXPORTER_OTLP_PROTOCOL=grpc</code>.</p>
<p>Traces, metrics and logs are stored in <code>${escapeHtml(info.storeLocation)}</code>.</p>
<p>Health: <a href="/healthz">/healthz</a></p>
</body></html>
`
}

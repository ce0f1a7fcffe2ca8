/*
 * The web package's Node entry (the server imports it): where the built app lives, how to build
 * it, and the HTML the server adds around it. The app itself is src/app (browser only).
 */
export { buildWebApp, ensureWebBuild, WEB_DIST_DIR, WEB_ROOT_DIR, type WebBuildStatus, webBuildStatus } from './webBuild.js'

/** What the server knows about where to send data (shown to a new user). */
export interface PlaceholderInfo {
  otlpHttpUrl: string
  otlpGrpcUrl: string
  storeLocation: string
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

/** Where to send data, as plain HTML (no script needed): inside the app's <noscript> and on the build-missing page. */
export function otlpInstructionsHtml(info: PlaceholderInfo): string {
  const http = escapeHtml(info.otlpHttpUrl)
  const grpc = escapeHtml(info.otlpGrpcUrl)
  return `<h2>Send OpenTelemetry data here</h2>
<p>Point any OpenTelemetry SDK or Collector at Meridian:</p>
<pre>export OTEL_EXPORTER_OTLP_ENDPOINT=${http}
export OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf
export OTEL_SERVICE_NAME=my-service</pre>
<p>For OTLP/gRPC, use <code>${grpc}</code> with <code>OTEL_EXPORTER_OTLP_PROTOCOL=grpc</code>.</p>
<p>Traces, metrics and logs are stored in <code>${escapeHtml(info.storeLocation)}</code>.</p>`
}

const PAGE_STYLE = `body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:3rem auto;padding:0 1rem;color:#1b1f24}
code,pre{font:14px ui-monospace,monospace;background:#f2f4f7;border-radius:4px}
pre{padding:.75rem 1rem;overflow:auto}
h1{margin-bottom:.25rem}.sub{color:#57606a;margin-top:0}`

/** The page at `/` when web/dist has not been built: how to build it, and where to send data meanwhile. */
export function webBuildMissingHtml(info: PlaceholderInfo): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Meridian</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>${PAGE_STYLE}</style></head>
<body>
<h1>Meridian</h1>
<p class="sub">The collector is taking data, but the web app has not been built yet.</p>
<h2>Build the web app</h2>
<pre>pnpm build          # or: pnpm --filter @meridian/web build</pre>
<p><code>pnpm start</code> builds it when it is missing or out of date; after building, reload this page.</p>
${otlpInstructionsHtml(info)}
<p>Health: <a href="/healthz">/healthz</a></p>
</body></html>
`
}

/** Kept for callers of the old start page: the build-missing page. */
export const placeholderHtml = webBuildMissingHtml

/** The built index.html with the OTLP instructions in its <noscript> block (for browsers without JavaScript). */
export function withNoscriptInstructions(indexHtml: string, info: PlaceholderInfo): string {
  const block = `<noscript><style>${PAGE_STYLE}</style><h1>Meridian</h1><p class="sub">The web app needs JavaScript.</p>${otlpInstructionsHtml(info)}</noscript>`
  return indexHtml.replace('<!--meridian:noscript-->', () => block)
}

import type { InfoResponse } from '@meridian/core/api'
import { useInfo } from '../api/queries'
import { CodeBlock } from '../components/CodeBlock'
import { useI18n } from '../i18n/I18n'
import { RichText } from './RichText'

const LOOPBACK = ['localhost', '127.0.0.1', '0.0.0.0', '[::]', '[::1]']

/** The server's OTLP URL as this browser reaches it: a loopback host becomes the host the page came from. */
export function reachableUrl(url: string): string {
  try {
    const u = new URL(url)
    if (LOOPBACK.includes(u.hostname) && !LOOPBACK.includes(window.location.hostname)) u.hostname = window.location.hostname
    return u.toString().replace(/\/$/, '')
  } catch {
    return url
  }
}

function endpoints(info: InfoResponse | undefined) {
  const host = window.location.hostname || 'localhost'
  return {
    http: info ? reachableUrl(info.otlpHttpUrl) : `http://${host}:4318`,
    grpc: info ? reachableUrl(info.otlpGrpcUrl) : `http://${host}:4317`,
  }
}

/** The empty state: no telemetry yet, so how to point an OpenTelemetry SDK or collector at Meridian. */
export function GettingStarted() {
  const { t } = useI18n()
  const info = useInfo()
  const { http, grpc } = endpoints(info.data)
  const collectorYaml = `exporters:
  otlphttp/meridian:
    endpoint: ${http}

service:
  pipelines:
    traces:  { receivers: [otlp], exporters: [otlphttp/meridian] }
    metrics: { receivers: [otlp], exporters: [otlphttp/meridian] }
    logs:    { receivers: [otlp], exporters: [otlphttp/meridian] }`
  return (
    <section className="getting-started" aria-labelledby="getting-started-title">
      <div className="getting-started-head">
        <h2 id="getting-started-title">{t('empty.title')}</h2>
        <p className="muted">{t('empty.lead')}</p>
      </div>
      <div className="endpoint-list">
        <div className="endpoint">
          <span className="endpoint-label">{t('empty.otlpHttp')}</span>
          <code className="endpoint-url" data-testid="otlp-http">{http}</code>
        </div>
        <div className="endpoint">
          <span className="endpoint-label">{t('empty.otlpGrpc')}</span>
          <code className="endpoint-url" data-testid="otlp-grpc">{grpc}</code>
        </div>
      </div>
      <ol className="steps">
        <li>
          <h3>{t('empty.sdkTitle')}</h3>
          <p>{t('empty.sdkText')}</p>
          <CodeBlock
            label={t('empty.sdkTitle')}
            code={`export OTEL_EXPORTER_OTLP_ENDPOINT=${http}\nexport OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf\nexport OTEL_SERVICE_NAME=my-service`}
          />
          <p className="muted small">
            <RichText text={t('empty.grpcText')} />
          </p>
          <CodeBlock label={t('empty.otlpGrpc')} code={`export OTEL_EXPORTER_OTLP_ENDPOINT=${grpc}\nexport OTEL_EXPORTER_OTLP_PROTOCOL=grpc`} />
        </li>
        <li>
          <h3>{t('empty.collectorTitle')}</h3>
          <p>{t('empty.collectorText')}</p>
          <CodeBlock label={t('empty.collectorTitle')} code={collectorYaml} />
        </li>
        <li>
          <h3>{t('empty.demoTitle')}</h3>
          <p>
            <RichText text={t('empty.demoText')} />
          </p>
        </li>
      </ol>
      <p className="muted small waiting">
        <span className="pulse" aria-hidden="true" />
        {t('empty.waiting')}
      </p>
    </section>
  )
}

import { apiError } from '@meridian/core/api'
import { jsonSchema, objectProperties } from './jsonSchema.js'
import { API_PREFIX, type ApiRoute, openApiPath, pathParameters } from './routes.js'
import { uploadOperation } from './uploadRoute.js'
import { downloadOperation } from './downloadRoute.js'

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiError' } } } })

/** The parameters of a route: its path parameters, then its query parameters, from their zod contracts. */
export function routeParameters(route: ApiRoute): Record<string, unknown>[] {
  const parameters: Record<string, unknown>[] = []
  const params = route.params ? objectProperties(jsonSchema(route.params, 'input')).properties : {}
  for (const name of pathParameters(route.path)) {
    parameters.push({ name, in: 'path', required: true, schema: params[name] ?? { type: 'string' } })
  }
  const query = objectProperties(jsonSchema(route.query, 'input'))
  for (const [name, schema] of Object.entries(query.properties)) {
    const { description, ...rest } = schema
    const list = rest.type === 'array'
    parameters.push({
      name,
      in: 'query',
      required: query.required.has(name),
      ...(description ? { description } : {}),
      schema: rest,
      ...(list ? { style: 'form', explode: true } : {}),
    })
  }
  return parameters
}

/** The OpenAPI 3.1 document of the API, generated from the route registry and the zod contracts. */
export function openApiDocument(routes: ApiRoute[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {}
  for (const route of routes) {
    if (route.kind === 'upload') {
      const { requestBody, responses } = uploadOperation(route)
      responses[400] = errorResponse('bad input: the message names each bad field')
      for (const [status, description] of Object.entries(route.errors ?? {})) responses[status] = errorResponse(description)
      responses[503] = errorResponse('the store could not answer')
      const path = `${API_PREFIX}${openApiPath(route.path)}`
      paths[path] = {
        ...paths[path],
        post: { operationId: route.operationId, summary: route.summary, description: route.description, parameters: routeParameters(route), requestBody, responses },
      }
      continue
    }
    if (route.kind === 'download') {
      const responses = downloadOperation(route)
      responses[400] = errorResponse('bad input: the message names each bad field')
      for (const [status, description] of Object.entries(route.errors ?? {})) responses[status] = errorResponse(description)
      responses[503] ??= errorResponse('the store could not answer')
      paths[`${API_PREFIX}${openApiPath(route.path)}`] = {
        get: { operationId: route.operationId, summary: route.summary, description: route.description, parameters: routeParameters(route), responses },
      }
      continue
    }
    const ok =
      route.kind === 'json'
        ? { description: 'OK', content: { 'application/json': { schema: jsonSchema(route.response, 'output') } } }
        : {
            description: `A stream of server-sent events: ${Object.keys(route.events)
              .map((e) => `\`${e}\``)
              .join(', ')} (each event's data is JSON; see x-events)`,
            content: { 'text/event-stream': { schema: { type: 'string' } } },
          }
    const body = route.kind === 'json' ? route.body : undefined
    const responses: Record<string, unknown> = {
      [route.kind === 'json' ? (route.status ?? 200) : 200]: ok,
      400: errorResponse('bad input: the message names each bad field'),
      ...(body ? { 413: errorResponse('the body is too large'), 415: errorResponse('the body is not JSON') } : {}),
    }
    for (const [status, description] of Object.entries(route.errors ?? {})) responses[status] = errorResponse(description)
    responses[503] = errorResponse('the store could not answer')
    const path = `${API_PREFIX}${openApiPath(route.path)}`
    paths[path] = {
      ...paths[path],
      [route.method ?? 'get']: {
        operationId: route.operationId,
        summary: route.summary,
        description: route.description,
        parameters: routeParameters(route),
        ...(body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(body, 'input') } } } } : {}),
        responses,
        ...(route.kind === 'events'
          ? { 'x-events': Object.fromEntries(Object.entries(route.events).map(([name, schema]) => [name, jsonSchema(schema, 'output')])) }
          : {}),
      },
    }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Meridian API',
      version: '1',
      description: 'The explorer API: services and their RED figures, the service map, traces, logs and metrics. Times are epoch milliseconds (or ISO 8601 in queries).',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    paths,
    components: { schemas: { ApiError: jsonSchema(apiError, 'output') } },
  }
}

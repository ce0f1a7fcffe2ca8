import type { ResourceFields, ScopeFields } from '../fields.js'
import { newResourceFields, newScopeFields, readResource, readScope } from './common.js'
import { WireReader } from './wireReader.js'

/** The message names of one signal's envelope, for error messages. */
export interface EnvelopeNames {
  request: string
  resourceLevel: string
  scopeLevel: string
}

/** Reads one item (a span, a log record, a metric) at the reader's position, its message still to enter. */
export type ItemReader = (r: WireReader, resource: ResourceFields, scope: ScopeFields) => void

/*
 * Every OTLP export request has the same envelope: request { 1: Resource<Signal> }, Resource<Signal>
 * { 1: resource, 2: Scope<Signal>, 3: schema_url }, Scope<Signal> { 1: scope, 2: item, 3: schema_url }.
 * A row needs its resource and scope, which protobuf allows to come after the items, so each level
 * first walks its own fields, noting where its children start (skipping them costs nothing: they
 * are length-delimited), then reads the children with everything they need known.
 */
export function readExportRequest(buf: Uint8Array, names: EnvelopeNames, readItem: ItemReader): void {
  const r = new WireReader(buf)
  while (r.pos < r.end) {
    if (r.readTag(names.request) === 1) readResourceLevel(r, names, readItem)
    else r.skipField()
  }
}

function readResourceLevel(r: WireReader, names: EnvelopeNames, readItem: ItemReader): void {
  const outerEnd = r.enterMessage()
  const resource = newResourceFields()
  const scopeMarks: number[] = []
  while (r.pos < r.end) {
    switch (r.readTag(names.resourceLevel)) {
      case 1:
        readResource(r, resource)
        break
      case 2:
        scopeMarks.push(r.markMessage())
        break
      case 3:
        resource.schemaUrl = r.readString()
        break
      default:
        r.skipField()
    }
  }
  const end = r.pos
  for (let i = 0; i < scopeMarks.length; i++) {
    r.rewindTo(scopeMarks[i])
    readScopeLevel(r, names, resource, readItem)
  }
  r.pos = end
  r.leaveMessage(outerEnd)
}

function readScopeLevel(r: WireReader, names: EnvelopeNames, resource: ResourceFields, readItem: ItemReader): void {
  const outerEnd = r.enterMessage()
  const scope = newScopeFields()
  const itemMarks: number[] = []
  while (r.pos < r.end) {
    switch (r.readTag(names.scopeLevel)) {
      case 1:
        readScope(r, scope)
        break
      case 2:
        itemMarks.push(r.markMessage())
        break
      case 3:
        scope.schemaUrl = r.readString()
        break
      default:
        r.skipField()
    }
  }
  const end = r.pos
  for (let i = 0; i < itemMarks.length; i++) {
    r.rewindTo(itemMarks[i])
    readItem(r, resource, scope)
  }
  r.pos = end
  r.leaveMessage(outerEnd)
}

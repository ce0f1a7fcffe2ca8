import { anyValueToString, type RawMap, type RawValue, setOwn } from '../anyValue.js'
import type { ResourceFields, ScopeFields } from '../fields.js'
import type { Attributes } from '../rows.js'
import type { WireReader } from './wireReader.js'

/*
 * Messages every signal shares (opentelemetry/proto/common/v1 and resource/v1): AnyValue, KeyValue,
 * InstrumentationScope, Resource. Each reader is called with the reader positioned on the
 * message's tag, i.e. right before its length prefix.
 */

/** Deeper AnyValues are refused rather than risking the stack (Go's protobuf stops at 10,000; real payloads nest a few levels). */
export const MAX_ANY_VALUE_DEPTH = 100

export function newResourceFields(): ResourceFields {
  return { attributes: {}, schemaUrl: '' }
}

export function newScopeFields(): ScopeFields {
  return { name: '', version: '', attributes: {}, droppedAttributesCount: 0, schemaUrl: '' }
}


/** One KeyValue into `attributes`, its value as the string the tables store; a repeated key keeps the last value. */
export function readAttribute(r: WireReader, attributes: Attributes): void {
  const outerEnd = r.enterMessage()
  let key = ''
  let value: RawValue = null
  while (r.pos < r.end) {
    switch (r.readTag('KeyValue')) {
      case 1:
        key = r.readKey()
        break
      case 2:
        value = readAnyValue(r, 0)
        break
      default:
        r.skipField()
    }
  }
  r.leaveMessage(outerEnd)
  setOwn(attributes, key, anyValueToString(value))
}

/** An AnyValue as a RawValue: null when empty; of several values (a malformed oneof) the last wins. */
export function readAnyValue(r: WireReader, depth: number): RawValue {
  const outerEnd = r.enterMessage()
  let value: RawValue = null
  while (r.pos < r.end) {
    switch (r.readTag('AnyValue')) {
      case 1:
        value = r.readString()
        break
      case 2:
        value = r.readBool()
        break
      case 3:
        value = r.readInt64()
        break
      case 4:
        value = r.readDouble()
        break
      case 5:
        value = readArrayValue(r, depth + 1)
        break
      case 6:
        value = readKeyValueList(r, depth + 1)
        break
      case 7:
        value = r.readBytes()
        break
      default:
        r.skipField()
    }
  }
  r.leaveMessage(outerEnd)
  return value
}

function checkDepth(r: WireReader, depth: number): void {
  if (depth > MAX_ANY_VALUE_DEPTH) {
    r.failHere(`nests AnyValues more than ${MAX_ANY_VALUE_DEPTH} levels deep`)
  }
}

function readArrayValue(r: WireReader, depth: number): RawValue[] {
  checkDepth(r, depth)
  const outerEnd = r.enterMessage()
  const values: RawValue[] = []
  while (r.pos < r.end) {
    if (r.readTag('ArrayValue') === 1) values.push(readAnyValue(r, depth))
    else r.skipField()
  }
  r.leaveMessage(outerEnd)
  return values
}

function readKeyValueList(r: WireReader, depth: number): RawMap {
  checkDepth(r, depth)
  const outerEnd = r.enterMessage()
  const map: RawMap = {}
  while (r.pos < r.end) {
    if (r.readTag('KeyValueList') === 1) readRawKeyValue(r, map, depth)
    else r.skipField()
  }
  r.leaveMessage(outerEnd)
  return map
}

/** A KeyValue inside a kvlist, its value kept raw (anyValueToString renders the whole list). */
function readRawKeyValue(r: WireReader, map: RawMap, depth: number): void {
  const outerEnd = r.enterMessage()
  let key = ''
  let value: RawValue = null
  while (r.pos < r.end) {
    switch (r.readTag('KeyValue')) {
      case 1:
        key = r.readKey()
        break
      case 2:
        value = readAnyValue(r, depth)
        break
      default:
        r.skipField()
    }
  }
  r.leaveMessage(outerEnd)
  setOwn(map, key, value)
}

/** Resource: its attributes merge into `resource` (a repeated Resource field merges, as protobuf does). */
export function readResource(r: WireReader, resource: ResourceFields): void {
  const outerEnd = r.enterMessage()
  while (r.pos < r.end) {
    if (r.readTag('Resource') === 1) readAttribute(r, resource.attributes)
    else r.skipField()
  }
  r.leaveMessage(outerEnd)
}

/** InstrumentationScope into `scope` (whose schemaUrl comes from the enclosing Scope* message). */
export function readScope(r: WireReader, scope: ScopeFields): void {
  const outerEnd = r.enterMessage()
  while (r.pos < r.end) {
    switch (r.readTag('InstrumentationScope')) {
      case 1:
        scope.name = r.readString()
        break
      case 2:
        scope.version = r.readString()
        break
      case 3:
        readAttribute(r, scope.attributes)
        break
      case 4:
        scope.droppedAttributesCount = r.readUint32()
        break
      default:
        r.skipField()
    }
  }
  r.leaveMessage(outerEnd)
}

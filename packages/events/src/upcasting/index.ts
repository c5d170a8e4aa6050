export { EventSchemaVersionError, EventUpcastError } from './errors.js';
export {
  FIRST_SCHEMA_VERSION,
  UpcasterRegistry,
  defaultUpcasters,
  type StoredEventShape,
  type Upcaster,
} from './registry.js';

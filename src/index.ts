/** archcost as a library: the engine the CLI uses. No I/O happens here. */
export { analyze, analyzeSource } from './engine/analyze.js';
export type { AnalyzeOptions, LayerReport, NamedShape, Report, Totals } from './engine/analyze.js';
export { ArchcostError, formatDiagnostic } from './engine/errors.js';
export type { Diagnostic } from './engine/errors.js';
export { DTYPE_BYTES, DTYPES } from './engine/dtype.js';
export type { Dtype } from './engine/dtype.js';
export { parseSpecText, objectSource } from './engine/source.js';
export { specJsonSchema } from './engine/json-schema.js';
export { parseQuantity } from './engine/quantity.js';
export { describeOps } from './ops/catalogue.js';
export { OPS, findOp } from './ops/registry.js';
export type { Cost, OpDefinition, Shape } from './ops/types.js';
export { toJson } from './report/json.js';

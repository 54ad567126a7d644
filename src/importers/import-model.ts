import { ArchcostError } from '../core/errors.js';
import { assemble, type SpecObject } from './assemble.js';
import { findBlocks } from './blocks.js';
import { MAX_TEXT_BYTES, type FlatModel, type ImportOptions } from './model-graph.js';
import type { ModelFormat } from './detect.js';
import { importCaffe } from './caffe.js';
import { importDarknet } from './darknet.js';
import { importKeras } from './keras.js';
import { importOnnx } from './onnx.js';
import { importHuggingFace } from './huggingface.js';

/** The model-file formats archcost reads besides its own specs. */
export const MODEL_FORMATS = {
  onnx: { label: 'ONNX', binary: true, read: importOnnx },
  darknet: { label: 'darknet', binary: false, read: importDarknet },
  caffe: { label: 'Caffe', binary: false, read: importCaffe },
  keras: { label: 'Keras', binary: false, read: importKeras },
} as const satisfies Record<Exclude<ModelFormat, 'huggingface'>, { label: string; binary: boolean; read: (bytes: Uint8Array, options: ImportOptions) => FlatModel }>;


export interface ImportedModel {
  format: ModelFormat;
  spec: SpecObject;
  /** What the conversion left out or chose, for the user. */
  notes: string[];
}

/** Reads a model file into an archcost spec object: every number is then counted by the op table. */
export function importModel(bytes: Uint8Array, format: ModelFormat, options: ImportOptions = {}): ImportedModel {
  if (format === 'huggingface') return { format, ...importHuggingFace(bytes, options) };
  const reader = MODEL_FORMATS[format];
  if (!reader.binary && bytes.length > MAX_TEXT_BYTES) {
    throw new ArchcostError({ file: options.file, message: `${reader.label}: the file is ${bytes.length} bytes; model description files are read up to ${MAX_TEXT_BYTES / 2 ** 20} MiB` });
  }
  const flat = reader.read(bytes, options);
  const { layers, outputs, ...head } = assemble(flat);
  const blocks = findBlocks(layers);
  const spec = { ...head, ...(Object.keys(blocks).length ? { blocks } : {}), layers, ...(outputs ? { outputs } : {}) };
  return { format, spec, notes: flat.notes };
}

export type { ImportOptions, SpecObject };

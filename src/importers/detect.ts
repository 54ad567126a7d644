/**
 * Which importer reads a file: by extension first, then by content (so `-` and odd names work).
 * Kept apart from the importers so that telling a spec from a model file loads none of them.
 */

export type ModelFormat = 'onnx' | 'darknet' | 'caffe' | 'keras' | 'huggingface';

const BY_EXTENSION: Record<string, ModelFormat> = { onnx: 'onnx', cfg: 'darknet', prototxt: 'caffe', pbtxt: 'caffe' };

/** undefined: an archcost spec (YAML or JSON). */
export function detectFormat(bytes: Uint8Array, file?: string): ModelFormat | undefined {
  const extension = /\.([^./\\]+)$/.exec(file ?? '')?.[1]?.toLowerCase();
  if (extension && Object.hasOwn(BY_EXTENSION, extension)) return BY_EXTENSION[extension];
  if (extension === 'yaml' || extension === 'yml') return undefined;
  if (looksLikeOnnx(bytes)) return 'onnx';
  const text = new TextDecoder().decode(bytes.subarray(0, 4096));
  // The first line that is not a comment: darknet's [net] header.
  if (/^(?:\s*(?:[#;].*)?\n)*\s*\[(net|network)\]/.test(text)) return 'darknet';
  // A Caffe net: `layer {` (or V1 `layers {`) blocks with a type.
  if (/(^|\n)\s*layers?\s*\{/.test(text) && /\btype\s*:/.test(text)) return 'caffe';
  // Keras's to_json() and TensorFlow.js's model.json (a .json spec has neither key).
  // A Hugging Face config.json names its model_type (a .json spec has layers instead).
  if (/^\s*\{/.test(text) && /"model_type"\s*:/.test(text) && !/"layers"\s*:/.test(text)) return 'huggingface';
  if (/^\s*\{/.test(text) && (/"modelTopology"\s*:/.test(text) || /"format"\s*:\s*"(layers|graph)-model"/.test(text) || /"class_name"\s*:\s*"(Sequential|Functional|Model)"/.test(text))) return 'keras';
  return undefined;
}

/** A ModelProto starts with field 1 (ir_version, a varint) and is binary. */
function looksLikeOnnx(bytes: Uint8Array): boolean {
  if (bytes.length < 16 || bytes[0] !== 0x08) return false;
  return bytes.subarray(0, 512).some((b) => b < 0x09);
}

/** Files that hold weights or a serialised runtime, not a description archcost reads: what to give instead. */
const NOT_READ: Record<string, string> = {
  h5: 'a Keras HDF5 file: save the architecture with model.to_json() and give that JSON',
  keras: 'a Keras archive: save the architecture with model.to_json() and give that JSON',
  pb: 'a TensorFlow graph: convert it to ONNX (tf2onnx) and give the .onnx file',
  tflite: 'a TensorFlow Lite model: convert it to ONNX (tflite2onnx) and give the .onnx file',
  pt: 'a PyTorch checkpoint: export the model with torch.onnx.export(..., export_params=False) and give the .onnx file',
  pth: 'a PyTorch checkpoint: export the model with torch.onnx.export(..., export_params=False) and give the .onnx file',
  caffemodel: "Caffe weights: give the net's deploy .prototxt",
  weights: "darknet weights: give the network's .cfg",
};

/** Why a file is not read, when its extension says it holds weights; undefined otherwise. */
export function notReadable(file?: string): string | undefined {
  const extension = /\.([^./\\]+)$/.exec(file ?? '')?.[1]?.toLowerCase();
  return extension && Object.hasOwn(NOT_READ, extension) ? `this is ${NOT_READ[extension]}` : undefined;
}

import { analyze } from '../../counting/analyze.js';
import { ArchcostError } from '../../core/errors.js';
import { specYaml } from '../../importers/spec-text.js';
import { toJson } from '../../report/json.js';
import { grouped } from '../../core/numbers.js';
import { loadSpec } from '../io.js';
import { writeOutput } from '../output.js';
import { note } from '../notes.js';

export interface ImportFlags {
  format: 'yaml' | 'json';
  input?: number[];
  output?: string;
}

/** `archcost import FILE`: the model file as an editable archcost spec, checked by analyzing it before it is written. */
export async function runImport(file: string, flags: ImportFlags): Promise<number> {
  const loaded = await loadSpec(file);
  if (!loaded.format) {
    throw new ArchcostError({ file, message: 'this is already an archcost spec (YAML or JSON); import reads ONNX, darknet .cfg, Caffe .prototxt and Keras / TensorFlow.js model.json files (docs/importers/README.md)' });
  }
  const spec = loaded.at(flags.input) as Parameters<typeof specYaml>[0];
  // The spec must analyze as it is written: an import never hands over a file archcost would refuse.
  const report = analyze(spec, { file });
  const notes = loaded.notes();
  for (const text of notes) note(`${file}: ${text}`);
  const source = file === '-' ? 'standard input' : file.replace(/^.*[\\/]/, '');
  const comment = [
    `Imported by archcost import from ${source} (${loaded.format}).`,
    `${grouped(report.totals.params)} params, ${grouped(report.totals.buffers)} buffers, ${grouped(report.totals.macs)} MACs at batch ${report.batch}.`,
    ...notes.map((n) => `Note: ${n}`),
  ];
  const text = flags.format === 'json' ? toJson(spec) + '\n' : specYaml(spec, comment);
  await writeOutput(text, flags.output);
  return 0;
}

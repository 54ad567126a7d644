import type { Position } from '../language/source.js';

/**
 * GitHub Actions workflow commands (`::error file=...,line=...::message`), which the runner turns
 * into annotations on the pull request's diff. Escaping follows @actions/core's toCommandValue.
 */
export type Level = 'error' | 'warning' | 'notice';

const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

export interface Annotation {
  level: Level;
  message: string;
  title?: string;
  file?: string;
  at?: Position;
}

export function workflowCommand(a: Annotation): string {
  const props: [string, string | number | undefined][] = [
    ['file', a.file === '-' ? undefined : a.file],
    ['line', a.at?.line],
    ['col', a.at?.column],
    ['title', a.title],
  ];
  const list = props.filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${escapeProperty(String(v))}`);
  return `::${a.level}${list.length ? ' ' + list.join(',') : ''}::${escapeData(a.message)}`;
}

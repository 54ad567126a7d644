import type { Command, Option } from 'commander';
import { DTYPES } from '../core/dtype.js';
import { DEVICES } from '../counting/devices.js';
import { SCHEMA_KINDS } from './schema-kinds.js';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

/** What the value of an option, or a positional argument, completes to. */
type Values = { kind: 'words'; words: string[] } | { kind: 'file' } | { kind: 'spec' } | { kind: 'none' };

interface OptionInfo {
  short?: string;
  long: string;
  description: string;
  /** Absent for a switch (--memory). */
  value?: Values;
}

interface CommandInfo {
  name: string;
  description: string;
  options: OptionInfo[];
  positional: Values;
}

const FILE_OPTIONS = new Set(['--output', '--device-file']);
const HELP: OptionInfo = { short: '-h', long: '--help', description: 'show help' };

function optionInfo(o: Option): OptionInfo {
  const takesValue = o.required || o.optional;
  const value: Values | undefined = !takesValue
    ? undefined
    : o.argChoices
      ? { kind: 'words', words: o.argChoices }
      : FILE_OPTIONS.has(o.long ?? '')
        ? { kind: 'file' }
        : o.long === '--device'
          ? { kind: 'words', words: Object.keys(DEVICES) }
          : o.long === '--dtype'
            ? { kind: 'words', words: [...DTYPES] }
            : { kind: 'none' };
  return { short: o.short, long: o.long!, description: o.description, value };
}

/** The commands as the program defines them, so the scripts never drift from the options. */
function describe(program: Command): { global: OptionInfo[]; commands: CommandInfo[] } {
  const commands = program.commands.map((c): CommandInfo => {
    const argument = c.registeredArguments[0];
    const positional: Values = !argument
      ? { kind: 'none' }
      : argument.argChoices
        ? { kind: 'words', words: argument.argChoices }
        : c.name() === 'schema'
          ? { kind: 'words', words: SCHEMA_KINDS }
          : { kind: 'spec' };
    return { name: c.name(), description: c.description(), options: [...c.options.map(optionInfo), HELP], positional };
  });
  return { global: [...program.options.map(optionInfo), HELP], commands };
}

const flagsOf = (o: OptionInfo) => [o.short, o.long].filter((f): f is string => f !== undefined);
const quoteSingle = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

function bash(program: Command): string {
  const { global, commands } = describe(program);
  const words = (v: Values) =>
    v.kind === 'words' ? `COMPREPLY=($(compgen -W ${quoteSingle(v.words.join(' '))} -- "$cur"))` : v.kind === 'none' ? 'COMPREPLY=()' : v.kind === 'file' ? '_archcost_files' : '_archcost_files spec';
  const valueCases = commands.flatMap((c) =>
    c.options.filter((o) => o.value).map((o) => `    ${flagsOf(o).map((f) => `${c.name}:${f}`).join('|')}) ${words(o.value!)}; return ;;`),
  );
  const optionCases = commands.map((c) => `    ${c.name}) COMPREPLY=($(compgen -W ${quoteSingle(c.options.flatMap(flagsOf).join(' '))} -- "$cur")) ;;`);
  const positionalCases = commands.map((c) => `    ${c.name}) ${c.positional.kind === 'words' && c.name === 'schema' ? `${words(c.positional)}; _archcost_files spec add` : words(c.positional)} ;;`);
  const top = [...commands.map((c) => c.name), ...global.flatMap(flagsOf)].join(' ');
  return `# bash completion for archcost: \`archcost completion bash > ~/.local/share/bash-completion/completions/archcost\`
# (or \`source <(archcost completion bash)\` in ~/.bashrc)
_archcost_files() {
  # Directories, and files: spec files only (.yaml, .yml, .json) when asked for specs.
  local IFS=$'\\n' entry
  [ "$2" = add ] || COMPREPLY=()
  for entry in $(compgen -d -- "$cur"); do COMPREPLY+=("$entry/"); done
  for entry in $(compgen -f -- "$cur"); do
    [ -d "$entry" ] && continue
    if [ "$1" != spec ] || [[ "$entry" == *.yaml || "$entry" == *.yml || "$entry" == *.json ]]; then COMPREPLY+=("$entry"); fi
  done
  compopt -o nospace 2>/dev/null
}
_archcost() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}" cmd="" i
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "\${COMP_WORDS[i]}" in -*) ;; *) cmd="\${COMP_WORDS[i]}"; break ;; esac
  done
  if [ -z "$cmd" ]; then COMPREPLY=($(compgen -W ${quoteSingle(top)} -- "$cur")); return; fi
  case "$cmd:$prev" in
${valueCases.join('\n')}
  esac
  if [[ "$cur" == -* ]]; then
    case "$cmd" in
${optionCases.join('\n')}
    esac
    return
  fi
  case "$cmd" in
${positionalCases.join('\n')}
  esac
}
complete -F _archcost archcost
`;
}

/** zsh's _arguments specs: `[...]` holds the description, so brackets and colons in it are escaped. */
const zshText = (s: string) => s.replace(/[\\[\]:'`$"]/g, (c) => (c === "'" ? `'\\''` : `\\${c}`));

function zshAction(v: Values): string {
  if (v.kind === 'words') return `(${v.words.join(' ')})`;
  if (v.kind === 'file') return '_files';
  if (v.kind === 'spec') return "_files -g '*.(yaml|yml|json)'";
  return ' ';
}

function zshOption(o: OptionInfo): string {
  const flags = flagsOf(o);
  const value = o.value ? `:${o.long.slice(2)}:${zshAction(o.value)}` : '';
  const exclusive = flags.length > 1 ? `(${flags.join(' ')})` : '';
  const names = flags.length > 1 ? `{${flags.join(',')}}` : flags[0];
  return `'${exclusive}'${names}'[${zshText(o.description)}]${value.replace(/'/g, `'\\''`)}'`;
}

function zsh(program: Command): string {
  const { global, commands } = describe(program);
  const positional = (c: CommandInfo) => {
    if (c.positional.kind === 'none') return [];
    const action = c.name === 'schema' ? `{_values kind ${(c.positional as { words: string[] }).words.join(' ')}; _files -g '*.(yaml|yml|json)'}` : zshAction(c.positional);
    return [`'*:${c.name === 'completion' ? 'shell' : 'file'}:${action.replace(/'/g, `'\\''`)}'`];
  };
  const cases = commands.map((c) => `    ${c.name}) _arguments -s ${[...c.options.map(zshOption), ...positional(c)].join(' \\\n        ')} ;;`);
  return `#compdef archcost
# zsh completion for archcost: \`archcost completion zsh > ~/.zfunc/_archcost\` with
# \`fpath+=(~/.zfunc)\` before \`compinit\` in ~/.zshrc (or \`source <(archcost completion zsh)\` after it)
_archcost() {
  local curcontext="$curcontext" state line
  local -a commands
  commands=(
${commands.map((c) => `    '${zshText(c.name)}:${zshText(c.description)}'`).join('\n')}
  )
  _arguments -C ${global.map(zshOption).join(' ')} '1: :->command' '*:: :->args'
  case $state in
  command) _describe -t commands 'archcost command' commands ;;
  args)
    case $words[1] in
${cases.join('\n')}
    esac ;;
  esac
}
if [ "$funcstack[1]" = "_archcost" ]; then _archcost "$@"; else compdef _archcost archcost; fi
`;
}

function fishValue(v: Values): string {
  if (v.kind === 'words') return `-x -a ${quoteSingle(v.words.join(' '))}`;
  if (v.kind === 'file') return '-r -F';
  if (v.kind === 'spec') return `-k -a '(__fish_complete_suffix .yaml; __fish_complete_suffix .yml; __fish_complete_suffix .json)'`;
  return '-x';
}

function fish(program: Command): string {
  const { global, commands } = describe(program);
  const flags = (o: OptionInfo) => [o.short ? `-s ${o.short.slice(1)}` : '', `-l ${o.long.slice(2)}`].filter(Boolean).join(' ');
  const option = (condition: string, o: OptionInfo) =>
    `complete -c archcost -n ${quoteSingle(condition)} ${flags(o)}${o.value ? ` ${fishValue(o.value)}` : ''} -d ${quoteSingle(o.description)}`;
  const lines = [
    '# fish completion for archcost: `archcost completion fish > ~/.config/fish/completions/archcost.fish`',
    'complete -c archcost -f',
    ...global.map((o) => option('__fish_use_subcommand', o)),
    ...commands.map((c) => `complete -c archcost -n __fish_use_subcommand -a ${c.name} -d ${quoteSingle(c.description)}`),
    ...commands.flatMap((c) => {
      const when = `__fish_seen_subcommand_from ${c.name}`;
      const positional = c.positional.kind === 'none' ? [] : [`complete -c archcost -n ${quoteSingle(when)} ${c.positional.kind === 'words' ? `-a ${quoteSingle(c.positional.words.join(' '))}` : fishValue(c.positional)}`];
      return [...c.options.map((o) => option(when, o)), ...positional];
    }),
  ];
  return lines.join('\n') + '\n';
}

/** `archcost completion bash|zsh|fish`: a script completing commands, options, their choices and spec files. */
export function completionScript(shell: Shell, program: Command): string {
  return shell === 'bash' ? bash(program) : shell === 'zsh' ? zsh(program) : fish(program);
}

import chalk from 'chalk';

/**
 * Colour only on a terminal; NO_COLOR turns it off and FORCE_COLOR on (https://no-color.org).
 * `output` is the file of `--output`: text written there gets no colour, even from a terminal.
 */
export function configureColour(output?: string): void {
  const force = process.env.FORCE_COLOR;
  const toFile = output !== undefined && output !== '-';
  if (force !== undefined && force !== '0' && force !== 'false') chalk.level = Math.max(chalk.level, 1) as 1 | 2 | 3;
  else if (process.env.NO_COLOR || toFile || !process.stdout.isTTY) chalk.level = 0;
}

import chalk from 'chalk';

/** Colour only on a terminal; NO_COLOR turns it off and FORCE_COLOR on (https://no-color.org). */
export function configureColour(): void {
  const force = process.env.FORCE_COLOR;
  if (force !== undefined && force !== '0' && force !== 'false') chalk.level = Math.max(chalk.level, 1) as 1 | 2 | 3;
  else if (process.env.NO_COLOR || !process.stdout.isTTY) chalk.level = 0;
}

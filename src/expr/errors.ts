/**
 * A plain-language error of the expression language; `column` is the 0-based offset inside the text
 * given to the function that threw (the expression, or for a template the whole template text).
 * Columns written in messages are 1-based, as editors count.
 */
export class ExprError extends Error {
  constructor(
    message: string,
    readonly column?: number,
  ) {
    super(message);
    this.name = 'ExprError';
  }

  /** The same error for a text in which the expression starts `offset` characters later. */
  shifted(offset: number): ExprError {
    return new ExprError(this.message, this.column === undefined ? undefined : this.column + offset);
  }
}

/** A syntax error names its column in the message, so shifting must rebuild the message. */
class ExprSyntaxError extends ExprError {
  constructor(
    private readonly describe: (column1: number) => string,
    column: number,
  ) {
    super(describe(column + 1), column);
  }

  override shifted(offset: number): ExprError {
    return new ExprSyntaxError(this.describe, (this.column ?? 0) + offset);
  }
}

export function syntaxError(describe: (column1: number) => string, column: number): ExprError {
  return new ExprSyntaxError(describe, column);
}

export function divisionByZero(text: string): ExprError {
  return new ExprError(`division by zero in '${text}'`);
}

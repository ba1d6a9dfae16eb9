/**
 * A generated (ajv standalone) validator as the simulator's servers use it: a predicate that
 * keeps the failures of its last run. Declared here rather than taken from the client's
 * transport, so the simulator depends only on the generated code and the ground layer.
 */
export interface GeneratedValidator {
  (data: unknown): boolean;
  errors?: readonly GeneratedValidatorError[] | null;
}

export interface GeneratedValidatorError {
  readonly instancePath: string;
  readonly message?: string;
  readonly keyword: string;
  readonly params: Record<string, unknown>;
}

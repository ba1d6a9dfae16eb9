/** The do-not-edit header on every generated file: flat boilerplate, so handlebars. */
import { readFileSync } from 'node:fs';
import Handlebars from 'handlebars';

const template = Handlebars.compile(readFileSync(new URL('../templates/header.hbs', import.meta.url), 'utf8'), { noEscape: true });

export interface HeaderInput {
  readonly generator: string;
  readonly source: string;
  readonly hash: string;
  readonly comment?: string;
}

export function header(input: HeaderInput): string {
  return template({ comment: '//', ...input });
}

/**
 * Formats what codegen writes with prettier's API and the repository's prettier config, so that
 * `prettier --check` passes on generated/ and `codegen:check` compares formatted text. Files that
 * `.prettierignore` lists (ajv's standalone validator code) are left as ajv wrote them.
 *
 * Config and ignore rules are read from this repository, whatever root codegen writes to: how
 * generated code looks is the generator's decision, not the target directory's.
 */
import { join } from 'node:path';
import { format, getFileInfo, resolveConfig } from 'prettier';

const REPO = join(import.meta.dirname, '..', '..');
const IGNORE_PATH = join(REPO, '.prettierignore');

/** `files` maps paths under generated/ to their text; TypeScript files are formatted in place. */
export async function formatGenerated(files: Map<string, string>): Promise<void> {
  for (const [relative, text] of files) {
    if (!relative.endsWith('.ts')) continue;
    const filepath = join(REPO, 'generated', relative);
    const info = await getFileInfo(filepath, { ignorePath: IGNORE_PATH });
    if (info.ignored) continue;
    const config = (await resolveConfig(filepath, { editorconfig: false })) ?? {};
    files.set(relative, await format(text, { ...config, filepath }));
  }
}

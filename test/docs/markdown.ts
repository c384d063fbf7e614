import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The README as users read it on npm and GitHub. */
export const README_PATH = join(__dirname, '..', '..', 'README.md');
export const readReadme = (): string => readFileSync(README_PATH, 'utf8');

/** A `##` section: its heading text and its lines (fenced code included, headings inside fences ignored). */
export interface Section {
  readonly heading: string;
  readonly lines: string[];
}

/** Splits markdown at its `##` headings; a `## ` line inside a fenced code block is not a heading. */
export function sections(markdown: string): Section[] {
  const result: Section[] = [];
  let inFence = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*```/.test(line)) inFence = !inFence;
    const heading = !inFence && /^## (.+)$/.exec(line);
    if (heading) result.push({ heading: heading[1].trim(), lines: [] });
    else if (result.length > 0) result[result.length - 1].lines.push(line);
  }
  return result;
}

/** The fenced code blocks of some lines, with their info string (`ts`, `sh`, …). */
export function codeBlocks(lines: string[]): { info: string; code: string[] }[] {
  const blocks: { info: string; code: string[] }[] = [];
  let current: { info: string; code: string[] } | undefined;
  for (const line of lines) {
    const fence = /^\s*```(\S*)/.exec(line);
    if (fence && !current) current = { info: fence[1], code: [] };
    else if (fence && current) {
      blocks.push(current);
      current = undefined;
    } else if (current) current.code.push(line);
  }
  return blocks;
}

/** A markdown table row: the line as written (for messages) and its cells. */
export interface TableRow {
  readonly line: string;
  readonly cells: string[];
}

/** The cells of a table line (`| a | b |`), trimmed. */
const cellsOf = (line: string): string[] => line.trim().replace(/^\|/, '').replace(/\|$/, '').split('|').map((c) => c.trim());

/** The body rows of every table in `lines` whose header cells are exactly `header` (case-insensitive). */
export function tablesWithHeader(lines: string[], header: readonly string[]): TableRow[][] {
  const wanted = header.map((h) => h.toLowerCase()).join('|');
  const tables: TableRow[][] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].trim().startsWith('|') || cellsOf(lines[i]).map((c) => c.toLowerCase()).join('|') !== wanted) continue;
    const rows: TableRow[] = [];
    // Skip the header and its |---| separator; the table ends at the first line that is not a row.
    for (let j = i + 2; j < lines.length && lines[j].trim().startsWith('|'); j++) rows.push({ line: lines[j].trim(), cells: cellsOf(lines[j]) });
    tables.push(rows);
  }
  return tables;
}

/** The `code spans` of a cell, in order. */
export const codeSpans = (cell: string): string[] => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]);

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
export const githubAnchor = (heading: string): string =>
  heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
